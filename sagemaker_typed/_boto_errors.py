"""What botocore (and the code it runs) raises, as the typed errors of ``_errors``.

One mapping for every place that talks to botocore: building a client and each call.
Configuration and credential errors get messages a newcomer can act on (what to set,
where); botocore's own exception stays the cause.
"""

from __future__ import annotations

import botocore.exceptions as boto_exceptions
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
)
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from sagemaker_typed._errors import (
    ConfigurationError,
    CredentialsError,
    RequestValidationError,
    ResponseParseError,
    SageMakerTypedError,
    TransportError,
    service_error,
)

__all__ = ["typed_boto_error"]


def _classes(*names: str) -> tuple[type[BaseException], ...]:
    """The botocore exception classes of those names that this botocore has (older ones
    lack the newer login and token errors)."""
    return tuple(getattr(boto_exceptions, name) for name in names if hasattr(boto_exceptions, name))


# Errors of loading credentials or tokens; every other BotoCoreError that is not about
# the transport, a parameter or a response is about configuration.
_CREDENTIAL_ERRORS = _classes(
    "NoCredentialsError",
    "PartialCredentialsError",
    "CredentialRetrievalError",
    "UnknownCredentialError",
    "RefreshWithMFAUnsupportedError",
    "MetadataRetrievalError",
    "SSOError",  # SSOTokenLoadError, UnauthorizedSSOTokenError
    "TokenRetrievalError",
    "NoAuthTokenError",
    "UnknownTokenProviderError",
    "LoginError",
)
_SSO_ERRORS = _classes("SSOError", "TokenRetrievalError", "LoginError")
# Modules whose exceptions mean: the request was refused before it was sent.
_REQUEST_MODULES = ("botocore.validate", "botocore.serialize")
_PARSER_MODULES = ("botocore.parsers",)
# Modules that load credentials (a web identity token file, an SSO cache entry).
_CREDENTIAL_MODULES = ("botocore.credentials", "botocore.tokens", "botocore.utils")


def typed_boto_error(error: Exception, operation: str | None) -> SageMakerTypedError | None:
    """The typed error for ``error``, raised by botocore while building a client
    (``operation`` ``None``) or calling ``operation``; ``None`` if it is none of botocore's
    (raise it ``from error``)."""
    where = f"{operation}: " if operation else "cannot build the SageMaker client: "
    if isinstance(error, ClientError):
        return service_error(error, operation or "?")
    if isinstance(error, BotocoreConnectionError | HTTPClientError):
        return TransportError(f"{where}{error}")
    if isinstance(error, ParamValidationError) or _raised_in(error, _REQUEST_MODULES):
        # Only reachable with validate=False: botocore's own check or serializer caught
        # it. Its report quotes the offending values, so it stays in the cause.
        what = "nests too deeply for" if isinstance(error, RecursionError) else "was rejected by"
        return RequestValidationError(
            [("", f"the request {what} botocore's parameter check (its report is the cause)")]
        )
    if _raised_in(error, _PARSER_MODULES):
        # The body was not JSON of the expected shape (a proxy's error page, a truncated
        # answer, a timestamp botocore cannot read). The message names the failure, not
        # the content; the cause keeps botocore's words.
        return ResponseParseError(
            [("", f"botocore could not parse the response body ({type(error).__name__})")],
            operation=operation,
        )
    if isinstance(error, _CREDENTIAL_ERRORS) or (
        isinstance(error, OSError) and _raised_in(error, _CREDENTIAL_MODULES)
    ):
        return CredentialsError(where + _credentials_advice(error))
    if isinstance(error, BotoCoreError) or (operation is None and _is_endpoint_error(error)):
        return ConfigurationError(where + _configuration_advice(error))
    return None


# Where a newcomer without an account (or not yet configured) can start.
_WITHOUT_AN_ACCOUNT = (
    'To try the SDK without an AWS account: pip install "sagemaker-typed[local]" and '
    "use sagemaker_typed.testing.LocalSageMaker, as the README's quickstart does."
)


def _credentials_advice(error: Exception) -> str:
    if isinstance(error, NoCredentialsError):
        return (
            "no AWS credentials were found. Run `aws configure` to store an access key, or "
            "`aws sso login --profile NAME` for SSO, or set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY. " + _WITHOUT_AN_ACCOUNT
        )
    if isinstance(error, PartialCredentialsError):
        return (
            f"the AWS credentials are incomplete ({error}). Set both the access key id "
            "and the secret access key (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
            "both lines in ~/.aws/credentials)."
        )
    if isinstance(error, _SSO_ERRORS):
        return (
            f"the AWS SSO session has expired or its token cannot be loaded ({error}). "
            "Run `aws sso login` (with --profile NAME for a named profile), then call again."
        )
    if isinstance(error, OSError):
        return (
            f"a credentials file cannot be read ({type(error).__name__}: {error.strerror}). "
            "Check the file that AWS_WEB_IDENTITY_TOKEN_FILE, AWS_SHARED_CREDENTIALS_FILE "
            "or your profile's web_identity_token_file names."
        )
    return f"the AWS credentials cannot be loaded ({error})."


def _configuration_advice(error: Exception) -> str:
    if isinstance(error, NoRegionError):
        return (
            "no AWS region is set. Pass SageMakerClient(region_name='us-east-1') (or your "
            "region), set the AWS_DEFAULT_REGION environment variable, or run "
            "`aws configure` to store a default region in ~/.aws/config. "
            + _WITHOUT_AN_ACCOUNT
        )
    if isinstance(error, ProfileNotFound):
        profile = error.kwargs.get("profile", "")
        known, files = _profiles()
        listed = f" (profiles found: {', '.join(known)})" if known else " (none found)"
        return (
            f"the AWS profile {profile!r} is in neither {files[0]} nor {files[1]}{listed}. "
            "Fix AWS_PROFILE or the profile_name of your boto3.Session, or create the "
            f"profile with `aws configure --profile {profile}`."
        )
    if _is_endpoint_error(error):
        return (
            "endpoint_url is not a URL botocore can use: give a scheme and a host, such as "
            "https://api.sagemaker.us-east-1.amazonaws.com, or http://127.0.0.1:5000 for a "
            "local server."
        )
    if isinstance(error, boto_exceptions.InvalidRegionError | boto_exceptions.UnknownEndpointError):
        return (
            f"{error}. A region is written like us-east-1: check region_name, "
            "AWS_DEFAULT_REGION and the region of your profile in ~/.aws/config."
        )
    return f"{error} (botocore's {type(error).__name__})."


def _is_endpoint_error(error: Exception) -> bool:
    """botocore's "Invalid endpoint: ..." for an endpoint_url it cannot parse."""
    return type(error) is ValueError and str(error).startswith("Invalid endpoint")


def _profiles() -> tuple[list[str], tuple[str, str]]:
    """The profiles of the user's AWS config files, as boto3 reads them, and the two
    files it reads (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them)."""
    import botocore.session

    session = botocore.session.Session()
    files = (
        str(session.get_config_variable("config_file")),
        str(session.get_config_variable("credentials_file")),
    )
    try:
        return sorted(session.full_config.get("profiles", {})), files
    except BotoCoreError:
        return [], files


def _raised_in(error: BaseException, modules: tuple[str, ...]) -> bool:
    """Whether ``error``'s traceback passes through one of ``modules``."""
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__name__") in modules:
            return True
        traceback = traceback.tb_next
    return False
