# The two commands of the README: `make demo` and `make test`. Each creates .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
# The oldest boto3/botocore the package allows (pyproject.toml), in a venv of its own
# that `make test` runs the client tests in too (moto's server runs from .venv).
BOTO3_FLOOR := 1.16.32
BOTOCORE_FLOOR := 1.19.32
FLOOR_VENV := .venv-floor
FLOOR_PY := $(FLOOR_VENV)/bin/python
FLOOR_READY := $(FLOOR_VENV)/.ready

.PHONY: demo test docs models bench clean

$(READY): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[local]' --group dev
	touch $(READY)

$(FLOOR_READY): pyproject.toml
	test -x $(FLOOR_PY) || $(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_PY) -m pip install --quiet --upgrade pip
	$(FLOOR_PY) -m pip install --quiet 'boto3==$(BOTO3_FLOOR)' 'botocore==$(BOTOCORE_FLOOR)' pytest -e .
	touch $(FLOOR_READY)

demo: $(READY)
	$(PY) examples/quickstart.py

test: $(READY) $(FLOOR_READY)
	$(PY) -m pytest
	SAGEMAKER_TYPED_MOTO_PYTHON=$(abspath $(PY)) $(FLOOR_PY) -m pytest -p no:cacheprovider tests/test_botocore_floor.py
	$(PY) -m mypy
	$(PY) -m ruff check .
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

# The guide and API reference, into site/ (git-ignored); fails on any warning.
docs: $(READY)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

# Regenerate the models from the installed botocore.
models: $(READY)
	$(PY) -m tools.generate_models

# `make bench` measures and writes docs/benchmarks.md; `make bench PEERS=1` adds sagemaker-core.
bench: $(READY)
	$(PY) -m benchmarks $(if $(PEERS),--peers,)

clean:
	rm -rf $(VENV) $(FLOOR_VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis site
