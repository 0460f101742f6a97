"""Shared fixtures: one Prefect server for the whole session (for flows run here and for `statwh`
subprocesses), development-set warehouses built once, and the seed paths.

Tests that start a Prefect server, a `statwh run` in a subprocess or a Dask cluster are marked
``slow``: ``make test-fast`` (``pytest -m "not slow"``) leaves them out, ``make test`` runs them.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.settings import apply_offline_defaults

apply_offline_defaults()

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCUMENT = ROOT / "seeds" / "documents" / "000_b6fdf38d894146f8.txt"
# Resolved: stored document paths are, and the score of the development set selects by them.
# Runs in tests write no HTML report in the background (dozens of runs would start dozens of
# report processes); tests/test_report.py turns it on for the test of exactly that.
os.environ.setdefault("STATWH_REPORT", "off")
EVAL_DIR = Path(os.environ.get("STATWH_EVAL_DIR", ROOT.parent / "shared" / "eval")).resolve()
DEV_DOCS = EVAL_DIR / "dev" / "docs"


# What the fast tier promises to cover: every extraction, parsing, reading, schema and view test.
FAST_TIER_MODULES = {"test_extract.py", "test_attribution.py", "test_numbers.py", "test_peers.py", "test_dev_set.py",
                     "test_native.py", "test_readers.py", "test_ingest.py", "test_furniture.py", "test_schemas.py",
                     "test_views.py", "test_progress.py", "test_news_rules.py", "test_explain.py"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(config, items):
    """Keep the tiers honest: a test that starts the Prefect server must be marked slow (it would put
    10-25 s into the fast tier), and no test of the fast tier's modules may be."""
    unmarked = [item.nodeid for item in items
                if "prefect_server" in getattr(item, "fixturenames", ()) and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError("these tests start a Prefect server; mark them @pytest.mark.slow: " + ", ".join(unmarked))
    misplaced = [item.nodeid for item in items
                 if item.path.name in FAST_TIER_MODULES and item.get_closest_marker("slow") is not None]
    if misplaced:
        raise pytest.UsageError("make test-fast must run these (extraction, parsing, schema and view tests); "
                                "make them fast instead of marking them slow: " + ", ".join(misplaced))


@pytest.fixture(scope="session")
def prefect_server() -> str:
    """A temporary Prefect API for the session, and its address (it takes 10-25 s to start, so once).
    Flows run in this process report to it, and so do `statwh` subprocesses given :func:`statwh_env`."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield PREFECT_API_URL.value()


@pytest.fixture
def statwh_env(prefect_server: str) -> dict[str, str]:
    """The environment for a `statwh` subprocess: offline defaults applied, and the session's Prefect
    server to report to, so that the subprocess does not start a temporary one of its own."""
    return dict(os.environ) | {"PREFECT_API_URL": prefect_server}


@pytest.fixture
def seed_document() -> Path:
    return SEED_DOCUMENT


def load_without_prefect(paths: list[Path], warehouse_path: Path) -> None:
    """Load documents into a new warehouse by calling the refresh flow's steps directly: read,
    extract, validate, load. No Prefect and no quality checkpoint, so it takes about a second:
    for the tests of what is extracted and what the views show, not of how runs are orchestrated."""
    from statwh import pipeline, warehouse

    run_id = warehouse.new_run_id()
    con = warehouse.connect(warehouse_path)
    try:
        warehouse.migrate(con)
        warehouse.start_run(con, run_id, None)
    finally:
        con.close()
    read = pipeline.read_documents(paths)
    extracted = pipeline.extract_batch(read.documents, pipeline.repeated_furniture(read.documents))
    validated = pipeline.validate_batch(extracted.extracted)
    pipeline.load_batch(warehouse_path, run_id, validated, read.errors + extracted.errors)


@pytest.fixture(scope="session")
def news_warehouse(tmp_path_factory) -> Path:
    """The news gold set's 32 articles, loaded once."""
    docs = EVAL_DIR / "news" / "docs"
    if not docs.is_dir():
        pytest.skip(f"no news set at {docs}")
    path = tmp_path_factory.mktemp("news") / "news.duckdb"
    load_without_prefect([docs], path)
    return path


@pytest.fixture(scope="session")
def dev_warehouse(tmp_path_factory) -> Path:
    """The development set and the seed article (a second copy of one of its documents), loaded once."""
    if not DEV_DOCS.is_dir():
        pytest.skip(f"no development set at {DEV_DOCS}")
    path = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    load_without_prefect([DEV_DOCS, SEED_DOCUMENT], path)
    return path
