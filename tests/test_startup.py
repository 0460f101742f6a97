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


@pytest.mark.parametrize("module", ["prefect", "great_expectations", "pandera", "statwh.cli", "flows.refresh"])
def test_the_environment_is_compiled_to_bytecode(module):
    """`make install` compiles the environment and the project to bytecode: with PYTHONDONTWRITEBYTECODE
    set, as on this machine, Python would otherwise compile every module from source in every command
    (Great Expectations' import 7.0 s instead of 4.1 s, a temporary Prefect server ready in 7.4-9.1 s
    instead of 3.8-4.6 s)."""
    import importlib.util
    from pathlib import Path

    source = importlib.util.find_spec(module).origin
    if not source.endswith(".py"):  # compiled by mypyc: nothing to import from source
        return
    cached = Path(importlib.util.cache_from_source(source))
    assert cached.exists(), f"{module} has no bytecode at {cached}: run `make install`"
    header = cached.read_bytes()[:16]
    if int.from_bytes(header[4:8], "little") == 0:  # checked by timestamp, as compileall writes it by default
        stated = int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little")
        actual = Path(source).stat()
        assert stated == (int(actual.st_mtime) & 0xFFFFFFFF, actual.st_size & 0xFFFFFFFF), \
            f"{cached} is stale: Python compiles {source} again in every command"
