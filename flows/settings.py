"""Prefect settings for running offline with no server configured.

Applied through environment variables before Prefect is imported; a value the user
has already set wins.
"""
from __future__ import annotations

import os

OFFLINE_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The ephemeral API server takes 10-25 s to start on a 2-core machine; 20 s can fail.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "60",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def apply_offline_defaults() -> None:
    """Set the offline defaults unless the environment already says otherwise."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
