"""Where the project's data files live, relative to the checkout."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
LEXICON_DIR = SEEDS_DIR / "lexicon"
SEED_DOCUMENTS_DIR = SEEDS_DIR / "documents"
DEFAULT_WAREHOUSE = Path("warehouse") / "statistics.duckdb"
