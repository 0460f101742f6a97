"""Where the project's data files live, relative to the checkout."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
LEXICON_DIR = SEEDS_DIR / "lexicon"
SEED_DOCUMENTS_DIR = SEEDS_DIR / "documents"
PROJECT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "statistics.duckdb"
WAREHOUSE_VARIABLE = "STATWH_WAREHOUSE"


def default_warehouse() -> Path:
    """The warehouse a command uses when given no --warehouse: ``$STATWH_WAREHOUSE`` if set, else
    warehouse/statistics.duckdb in the project's folder, whatever the current folder (`make run`
    loads the seed documents there).

    >>> default_warehouse() == PROJECT_WAREHOUSE or "STATWH_WAREHOUSE" in os.environ
    True
    """
    return Path(os.environ.get(WAREHOUSE_VARIABLE) or PROJECT_WAREHOUSE)

# Defaults the command line shows, kept here so that `statwh --help` imports nothing heavy.
MAX_FILE_BYTES = 50_000_000  # larger files are refused (statwh run --max-file-mb, in MB of 10^6 bytes)
DEFAULT_WAIT_SECONDS = 300.0  # how long a run waits for another to finish writing
