"""How models show in notebooks: IPython's ``_repr_pretty_`` and Jupyter's ``_repr_html_``."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sagemaker_typed import models
from sagemaker_typed._model_support import (
    ResponseMetadata,
    _hidden,
    _redactions,
    _redactions_cache,
)
from tests.requests import training_job_request


class FakePrinter:
    """The part of IPython's ``PrettyPrinter`` that ``_repr_pretty_`` uses.

    It breaks at every ``breakable()``, as IPython does once a group is too long for
    one line, so the test sees the layout of a long model.
    """

    def __init__(self) -> None:
        self.output: list[str] = []
        self.indent = 0
        self.groups: list[int] = []

    def text(self, text: str) -> None:
        self.output.append(text)

    def breakable(self, sep: str = " ") -> None:
        self.output.append("\n" + " " * self.indent)

    def begin_group(self, indent: int = 0, open: str = "") -> None:
        self.groups.append(indent)
        self.indent += indent
        self.output.append(open)

    def end_group(self, dedent: int = 0, close: str = "") -> None:
        assert self.groups.pop() == dedent
        self.indent -= dedent
        self.output.append(close)

    def pretty(self, obj: object) -> None:
        method = getattr(type(obj), "_repr_pretty_", None)
        if method is not None:
            method(obj, self, False)
        else:
            self.output.append(repr(obj))

    def value(self) -> str:
        assert not self.groups, "unbalanced groups"
        return "".join(self.output)


def pretty(obj: object) -> str:
    printer = FakePrinter()
    printer.pretty(obj)
    return printer.value()


@pytest.fixture
def role_arn_hidden() -> Iterator[None]:
    """Mark ``role_arn`` of CreateTrainingJobRequest sensitive (no shape of ours is)."""
    cls = models.CreateTrainingJobRequest
    saved = _redactions_cache.get(cls)
    _redactions_cache[cls] = {**_redactions(cls), "role_arn": _hidden}
    yield
    if saved is None:
        del _redactions_cache[cls]
    else:
        _redactions_cache[cls] = saved


# -- _repr_pretty_ -----------------------------------------------------------------------


def test_pretty_shows_one_set_field_per_line_and_nests_models() -> None:
    request = models.ResourceConfig(
        instance_type="ml.m5.xlarge", instance_count=2, volume_size_in_gb=30
    )
    job = models.StoppingCondition(max_runtime_in_seconds=60)
    assert pretty(request) == (
        "ResourceConfig(\n"
        "    instance_type='ml.m5.xlarge',\n"
        "    instance_count=2,\n"
        "    volume_size_in_gb=30)"
    )
    outer = models.CreateTrainingJobRequest(
        training_job_name="job",
        role_arn="arn:aws:iam::123456789012:role/R",
        algorithm_specification=models.AlgorithmSpecification(training_input_mode="File"),
        output_data_config=models.OutputDataConfig(s3_output_path="s3://b/o"),
        resource_config=request,
        stopping_condition=job,
    )
    text = pretty(outer)
    assert text.startswith("CreateTrainingJobRequest(\n    training_job_name='job',\n")
    assert "\n    resource_config=ResourceConfig(\n        instance_type='ml.m5.xlarge'," in text
    assert "stopping_condition=StoppingCondition(\n        max_runtime_in_seconds=60))" in text


def test_pretty_leaves_out_unset_fields_and_response_metadata() -> None:
    response = models.CreateTrainingJobResponse(training_job_arn="arn:job")
    object.__setattr__(
        response,
        "response_metadata",
        ResponseMetadata(request_id="req-1", http_status_code=200, retry_attempts=0),
    )
    assert pretty(response) == "CreateTrainingJobResponse(\n    training_job_arn='arn:job')"
    assert pretty(models.StoppingCondition()) == "StoppingCondition()"


def test_pretty_of_a_cycle_is_short() -> None:
    printer = FakePrinter()
    models.StoppingCondition(max_runtime_in_seconds=1)._repr_pretty_(printer, True)
    assert printer.value() == "StoppingCondition(...)"


def test_pretty_hides_sensitive_fields_as_repr_does(role_arn_hidden: None) -> None:
    request = training_job_request("job")
    assert "role_arn=<sensitive>" in repr(request)
    text = pretty(request)
    assert "role_arn=<sensitive>," in text
    assert "arn:aws:iam" not in text


def test_real_ipython_pretty_if_installed() -> None:
    lib_pretty = pytest.importorskip("IPython.lib.pretty")
    request = training_job_request("job")
    text = lib_pretty.pretty(request)
    assert text.startswith("CreateTrainingJobRequest(\n    training_job_name='job',")
    assert "resource_config=ResourceConfig(" in text
    short = models.StoppingCondition(max_runtime_in_seconds=60)
    assert lib_pretty.pretty(short) == "StoppingCondition(max_runtime_in_seconds=60)"


# -- _repr_html_ -------------------------------------------------------------------------


def cells(html: str) -> list[tuple[str, str]]:
    """(header, cell) of every row, tags stripped, in document order."""
    rows = re.findall(r"<tr><th[^>]*>(.*?)</th><td[^>]*>", html)
    return [(re.sub(r"<[^>]+>", "", header), header) for header in rows]


def test_html_is_a_table_of_the_set_fields_with_a_caption() -> None:
    html = models.ResourceConfig(instance_type="ml.m5.xlarge", instance_count=1)._repr_html_()
    assert html.startswith("<table")
    assert "<caption" in html
    assert "<b>ResourceConfig</b>" in html
    assert [name for name, _ in cells(html)] == ["instance_type", "instance_count"]
    assert ">ml.m5.xlarge</td>" in html
    assert ">1</td>" in html
    assert "volume_size_in_gb" not in html  # unset
    assert html.count("<table") == html.count("</table>") == 1


def test_html_escapes_every_value_and_key() -> None:
    request = models.CreateTrainingJobRequest(
        training_job_name="<script>alert(1)</script>",
        role_arn="a&b",
        algorithm_specification=models.AlgorithmSpecification(
            training_input_mode="File", training_image='"quoted"'
        ),
        hyper_parameters={"<k>": "<v>"},
        output_data_config=models.OutputDataConfig(s3_output_path="s3://b/o"),
        resource_config=models.ResourceConfig(instance_count=1),
        stopping_condition=models.StoppingCondition(),
        vpc_config=models.VpcConfig(security_group_ids=["<sg>"], subnets=["s&1", "s2"]),
    )
    html = request._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a&amp;b" in html
    assert "&quot;quoted&quot;" in html
    assert "&lt;k&gt;" in html
    assert "&lt;v&gt;" in html
    assert "&lt;sg&gt;" in html
    assert "s&amp;1, s2" in html


def test_html_nests_models_maps_and_lists_of_models() -> None:
    request = training_job_request("job")
    html = request._repr_html_()
    # One caption (the outer class); nested models are plain tables inside cells.
    assert html.count("<caption") == 1
    assert "<code>resource_config</code></th><td" in html
    assert "<code>instance_type</code>" in html
    # hyper_parameters is a map: its keys are rows of a nested table.
    assert ">eta</th>" in html
    assert ">0.2</td>" in html
    # input_data_config is a list of models: numbered from 0, as its paths are.
    assert '<ol start="0"' in html
    assert html.count("<li>") == 1
    assert "<code>s3_uri</code>" in html
    assert html.count("<table") == html.count("</table>")


def test_html_shows_timestamps_in_iso_format_and_hides_metadata() -> None:
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    response = models.DescribeNotebookInstanceResponse(
        notebook_instance_name="nb",
        notebook_instance_status="InService",
        creation_time=when,
        volume_size_in_gb=5,
    )
    object.__setattr__(
        response,
        "response_metadata",
        ResponseMetadata(request_id="req-1", http_status_code=200, retry_attempts=0),
    )
    html = response._repr_html_()
    assert "2024-05-01 12:30:00+00:00" in html
    assert "req-1" not in html
    assert "response_metadata" not in html
    assert {name for name, _ in cells(html)} == {
        "notebook_instance_name",
        "notebook_instance_status",
        "volume_size_in_gb",
        "creation_time",
    }


def test_html_shows_empty_containers_and_falsy_values() -> None:
    config = models.HyperParameterTuningJobConfig(
        strategy="Random",
        resource_limits=models.ResourceLimits(max_parallel_training_jobs=0),
        parameter_ranges=models.ParameterRanges(integer_parameter_ranges=[]),
    )
    html = config._repr_html_()
    assert ">0</td>" in html
    assert ">[]</td>" in html


def test_html_hides_sensitive_fields(role_arn_hidden: None) -> None:
    html = training_job_request("job")._repr_html_()
    assert "&lt;sensitive&gt;" in html
    assert "arn:aws:iam" not in html


def test_every_model_renders() -> None:
    """Every generated class, built empty where it can be, renders in both forms."""
    rendered: list[Any] = []
    for name in models.__all__:
        cls = getattr(models, name)
        if not isinstance(cls, type) or not hasattr(cls, "__attrs_attrs__"):
            continue
        if any(field.default is not None for field in cls.__attrs_attrs__):
            continue  # has required members: covered by the tests above
        obj = cls()
        assert obj._repr_html_().startswith("<table")
        assert pretty(obj) == f"{name}()"
        rendered.append(obj)
    assert rendered
