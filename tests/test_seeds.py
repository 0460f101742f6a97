"""The seed documents `make run` loads: each openly licensed and attributed, and the README's
analysis queries print on them exactly what the README shows."""
from __future__ import annotations

import re

import duckdb
import pytest

from statwh.cli import format_rows
from statwh.paths import PROJECT_ROOT, SEED_DOCUMENTS_DIR
from statwh.readers import split_front_matter

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
SOURCES = (PROJECT_ROOT / "seeds" / "SOURCES.md").read_text(encoding="utf-8")
FIRST_DOCUMENT = "000_b6fdf38d894146f8.txt"  # the project's first document, kept as given


def test_every_seed_document_carries_its_licence_and_attribution_and_is_listed():
    documents = sorted(p for p in SEED_DOCUMENTS_DIR.iterdir() if p.is_file())
    assert len(documents) >= 6
    for document in documents:
        assert document.name in SOURCES, f"{document.name} is not in seeds/SOURCES.md"
        if document.name == FIRST_DOCUMENT:
            continue
        meta, _ = split_front_matter(document.read_text(encoding="utf-8"))
        assert meta.get("licence") and meta.get("attribution") and meta.get("publisher"), document.name


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from conftest import load_without_prefect

    path = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    load_without_prefect([SEED_DOCUMENTS_DIR], path)
    return path


def test_the_readmes_analysis_queries_print_what_the_readme_shows(seeds):
    queries = re.findall(r'^\.venv/bin/statwh query "(select [^"]+ from v_(?:figure_mentions|measure_series|'
                         r'disagreements)[^"]*)"$', README, re.MULTILINE)
    shown = README.split("What they print after `make run` (the seed documents):", 1)[1].split("```")[1]
    expected = [block.strip("\n") for block in shown.strip("\n").split("\n\n")]
    assert len(queries) == len(expected) == 3
    con = duckdb.connect(str(seeds), read_only=True)
    try:
        for sql, printed in zip(queries, expected):
            cursor = con.execute(sql)
            rows = cursor.fetchall()
            assert rows, sql  # each query returns rows on the seed documents
            table = format_rows([d[0] for d in cursor.description], rows, "table").strip("\n").splitlines()
            shown_lines = printed.splitlines()
            # The header and rule as shown; the rows too, in any order (not every view orders its rows).
            assert table[:2] == shown_lines[:2] and sorted(table[2:]) == sorted(shown_lines[2:]), sql
    finally:
        con.close()
