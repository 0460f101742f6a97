"""Commands that need no Prefect, Great Expectations, pandera or pandas do not import them (issue 17):
`statwh --help` took 1.1-1.4 s, most of it pandas imported through the warehouse module. The time
itself is measured by bench/cli_startup.py, not asserted here."""
from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "prefect", "great_expectations", "pandera", "trafilatura", "pypdf", "docx")

PROBE = """
import sys
from statwh.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("HEAVY=" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["runs", "--help"], ["export", "--help"],
                                  ["run", "--help"], ["check", "--help"]])
def test_help_imports_nothing_heavy(args):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True,
                          timeout=120)
    assert "HEAVY=\n" in done.stderr or done.stderr.rstrip().endswith("HEAVY="), done.stderr


def test_a_query_imports_nothing_heavy(tmp_path, seed_document):
    from conftest import load_without_prefect

    warehouse = tmp_path / "w.duckdb"
    load_without_prefect([seed_document], warehouse)
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), "query", "select count(*) from v_statistics",
                           "--warehouse", str(warehouse)], capture_output=True, text=True, timeout=120)
    assert "5" in done.stdout and done.stderr.rstrip().endswith("HEAVY="), done.stdout + done.stderr
