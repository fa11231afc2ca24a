# The two commands of the README: `make demo` and `make test`. Each creates .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: demo test models bench clean

$(READY): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,local]'
	touch $(READY)

demo: $(READY)
	$(PY) examples/quickstart.py

test: $(READY)
	$(PY) -m pytest
	$(PY) -m mypy
	$(PY) -m ruff check .

# Regenerate the models from the installed botocore.
models: $(READY)
	$(PY) -m tools.generate_models

# `make bench` measures and writes docs/benchmarks.md; `make bench PEERS=1` adds sagemaker-core.
bench: $(READY)
	$(PY) -m benchmarks $(if $(PEERS),--peers,)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
