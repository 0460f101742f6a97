"""Shared fixtures: one Prefect test server for the whole session, and the seed paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.settings import apply_offline_defaults

apply_offline_defaults()

SEED_DOCUMENT = Path(__file__).resolve().parent.parent / "seeds" / "documents" / "000_b6fdf38d894146f8.txt"


@pytest.fixture(scope="session")
def prefect_server():
    """A temporary Prefect API for flow tests (it takes 10-25 s to start, so once per session)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield


@pytest.fixture
def seed_document() -> Path:
    return SEED_DOCUMENT


@pytest.fixture
def clean_env() -> dict[str, str]:
    """The environment for a `statwh` subprocess, offline defaults applied."""
    return dict(os.environ)
