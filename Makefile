# The two commands of the README: `make demo` and `make test`. Each creates .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: demo test docs models bench clean

$(READY): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[local]' --group dev
	touch $(READY)

demo: $(READY)
	$(PY) examples/quickstart.py

test: $(READY)
	$(PY) -m pytest
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
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis site
