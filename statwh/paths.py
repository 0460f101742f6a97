"""Where the project's data files live, relative to the checkout."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
LEXICON_DIR = SEEDS_DIR / "lexicon"
SEED_DOCUMENTS_DIR = SEEDS_DIR / "documents"
DEFAULT_WAREHOUSE = Path("warehouse") / "statistics.duckdb"

# Defaults the command line shows, kept here so that `statwh --help` imports nothing heavy.
MAX_FILE_BYTES = 50_000_000  # larger files are refused (statwh run --max-file-mb, in MB of 10^6 bytes)
DEFAULT_WAIT_SECONDS = 300.0  # how long a run waits for another to finish writing
