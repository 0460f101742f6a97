"""docs/claims.md, the table of what README.md and docs/ promise and what checks each promise, is
kept honest: every test it names exists, every benchmark it names exists, no row is left without
a check, and every section of the README and docs/ appears in it."""
from __future__ import annotations

import re
from pathlib import Path

from statwh.paths import PROJECT_ROOT

CLAIMS = PROJECT_ROOT / "docs" / "claims.md"
DOCUMENTS = {"README": PROJECT_ROOT / "README.md", "docs/connecting.md": PROJECT_ROOT / "docs" / "connecting.md",
             "docs/scheduling.md": PROJECT_ROOT / "docs" / "scheduling.md"}
TEST_REFERENCE = re.compile(r"((?:tests|statwh|flows|schemas)/[\w/]+\.py)::([\w.]+)")
BENCH_REFERENCE = re.compile(r"\b(bench/\w+\.py)")
OTHER_CHECKS = ("measured:", "not runnable here", "record:")


def rows() -> list[tuple[str, str, str, str]]:
    """The table's rows: number, where, claim, checked by."""
    found = []
    for line in CLAIMS.read_text(encoding="utf-8").splitlines():
        if re.match(r"\| \d+ \|", line):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            assert len(cells) == 4, line
            found.append(tuple(cells))
    return found


def test_every_row_is_checked_and_every_check_it_names_exists():
    table = rows()
    assert len(table) > 200
    for number, where, claim, checked in table:
        assert "NONE" not in checked, f"row {number} ({claim}) has no check"
        tests = TEST_REFERENCE.findall(checked)
        benches = BENCH_REFERENCE.findall(checked)
        assert tests or benches or checked.startswith(OTHER_CHECKS) or "score.py" in checked, \
            f"row {number}: '{checked}' is neither a test, a benchmark, a measurement nor a record"
        for path, name in tests:
            source = (PROJECT_ROOT / path).read_text(encoding="utf-8")
            defined = name.split(".")[-1]
            assert re.search(rf"^\s*(?:def|class) {re.escape(defined)}\b", source, re.MULTILINE), \
                f"row {number} names {path}::{name}, which does not exist"
        for bench in benches:
            assert (PROJECT_ROOT / bench).is_file(), f"row {number} names {bench}, which does not exist"


def test_every_section_of_the_readme_and_docs_has_its_rows():
    """A section added to the README or docs/ with no row here shows up as a failure."""
    places = {where for _, where, _, _ in rows()}
    for name, document in DOCUMENTS.items():
        sections = re.findall(r"^##+ (.+)$", document.read_text(encoding="utf-8"), re.MULTILINE)
        covered = {where.split(":", 1)[1].strip() for where in places if where.split(":", 1)[0].strip() == name}
        missing = [s for s in sections if not any(s.startswith(c) or c.startswith(s) for c in covered)]
        assert not missing or set(missing) <= WITHOUT_PROMISES.get(name, set()), (name, missing)


# Sections that explain or list rather than promise (each was read for promises: none to check).
WITHOUT_PROMISES: dict[str, set[str]] = {}
