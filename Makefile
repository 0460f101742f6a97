# Two commands on a fresh machine with python3, pip and make:
#   make run    create the environment and load the seed documents into the warehouse
#   make test   create the environment and run the tests
PYTHON ?= python3
# The interpreter of the project's environment: Debian's python3.11 where it is installed, because
# it is built with profile-guided and link-time optimisation and runs the extractor about 15% faster
# than a plain source build (bench/extract_speed.py prints which one it ran on). Any Python 3.11 or
# newer works: make PROJECT_PYTHON=python3.12 test
PROJECT_PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) $(PYTHON))
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
STAMP := $(VENV)/.synced
WAREHOUSE ?= warehouse/statistics.duckdb
# pytest-xdist workers for make test: one per core of the 2-core machines it runs on (measured there:
# the slow tier waits on subprocesses and servers, so two workers take about 60% of one's time).
TEST_WORKERS ?= 2

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 60
export UV_PROJECT_ENVIRONMENT := $(VENV)

NATIVE := build/native/sources.json
BYTECODE := build/bytecode.stamp
# Clients docs/connecting.md names, for the tests that check what it says of them: the oldest
# DuckDB Python client that reads the warehouse (1.1), one that cannot (1.0), and the SQLAlchemy
# that cannot list a view's columns through duckdb-engine (2.1). Each in a folder of its own,
# outside the project environment (which has DuckDB 2 and SQLAlchemy 2.0), hash-pinned from PyPI.
CLIENTS := $(addprefix $(TOOLS)/clients/,duckdb-1.0 duckdb-1.1 sqlalchemy-2.1)

.PHONY: run test test-fast install native browser clean

run: $(STAMP) native $(BYTECODE)
	$(VENV)/bin/statwh run --warehouse $(WAREHOUSE)

# Every test (what CI runs). Tests that start a Prefect server, a statwh run in a subprocess or a
# Dask cluster are marked slow; test-fast leaves them out, for the inner loop while changing the
# extractor, parsers, readers, schemas or views.
test: $(STAMP) native $(BYTECODE) browser $(CLIENTS)
	$(VENV)/bin/python -m pytest -n $(TEST_WORKERS)

test-fast: $(STAMP) native $(BYTECODE) $(CLIENTS)
	$(VENV)/bin/python -m pytest -m "not slow"

# Debian's chromium, for the test that renders the Data Docs offline in a real browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the Data Docs test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

install: $(STAMP) native $(BYTECODE)

# The extractor compiled with mypyc (statwh/native.py), about a quarter faster. If it cannot be
# built (no C compiler or Python headers), the plain Python modules run instead: say so, go on.
native: $(NATIVE)

$(NATIVE): $(STAMP) $(addprefix statwh/,regex.py number_parser.py periods.py patterns.py sentences.py candidates.py decide.py \
	statistic.py attributes.py sources.py discourse.py merge.py subjects.py extract.py native.py)
	$(VENV)/bin/python -c 'import sys, statwh.native as n; sys.exit(n.main(["build"]))' || true

# The project's own modules compiled to bytecode too, again whenever one changes.
$(BYTECODE): $(STAMP) $(wildcard statwh/*.py flows/*.py schemas/*.py)
	$(VENV)/bin/python -m compileall -q statwh flows schemas
	@mkdir -p $(dir $@) && touch $@

$(TOOLS)/clients/%: tests/clients/%.txt $(UV)
	rm -rf $@
	$(UV) pip install --quiet --require-hashes --python $(PROJECT_PYTHON) --target $@ -r $<

# uv itself comes from PyPI into a private virtual environment, pinned.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The project environment, exactly as locked in uv.lock (dev group included, for pytest), compiled
# to bytecode once: where PYTHONDONTWRITEBYTECODE is set (as on this machine) Python never writes
# .pyc files itself, and every command would compile Prefect, Great Expectations and pandera from
# source again (measured here: `import great_expectations` 7.0 s -> 4.1 s, a Prefect server ready
# 7.4-9.1 s -> 3.8-4.6 s).
$(STAMP): $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --compile-bytecode --python $(PROJECT_PYTHON)
	touch $(STAMP)

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache build
