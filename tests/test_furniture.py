"""Page furniture in plain text: blanked out for extraction, kept in the stored text."""
from __future__ import annotations

import pytest

from statwh.furniture import blank, furniture_spans, repeated_lines
from statwh.ingest import read_document
from statwh.pipeline import extract_batch, repeated_furniture


@pytest.mark.parametrize("sentence", [
    "Your support makes all the difference.",
    "Subscribe to Independent Premium to bookmark this article",
    "Start your Independent Premium subscription today.",
    "We choose not to lock readers out of our reporting with paywalls.",
    "Skip to main content",
    "By subscribing you are agreeing to the terms of our privacy policy.",
    "• Sign up to our newsletter for £1 a month",
])
def test_appeals_and_prompts_are_furniture(sentence):
    assert furniture_spans(sentence) == [(0, len(sentence))]


@pytest.mark.parametrize("sentence", [
    "Support for the policy rose to 60% in 2022.",
    "Subscriptions to streaming services grew by 12%.",
    "The donation of £2 million was the largest this year.",
    "Police recorded 23 offences a day, according to the Home Office.",
])
def test_reporting_is_not_furniture(sentence):
    assert furniture_spans(sentence) == []


def test_blanking_keeps_every_offset():
    text = "Your support makes all the difference.At least 80,000 people pose a threat.\nMore"
    masked = blank(text, furniture_spans(text))
    assert len(masked) == len(text) and masked.index("At least") == text.index("At least")
    assert masked.startswith(" " * 38 + "At least") and masked.endswith("\nMore")


def test_lines_repeated_by_one_publisher_are_furniture(tmp_path):
    footer = "Get the morning briefing from the Daily Record every weekday at 7am"
    docs = []
    for i, figure in enumerate(("500 burglaries", "600 thefts", "700 robberies")):
        path = tmp_path / f"story{i}.md"
        path.write_text(f"---\npublisher: Daily Record\n---\nPolice recorded {figure} in 2022.\n{footer}\n", encoding="utf-8")
        docs.append(read_document(path))
    assert repeated_lines([d.text for d in docs]) == frozenset({footer})
    assert repeated_furniture(docs) == {"Daily Record": frozenset({footer})}
    spans = furniture_spans(docs[0].text, repeated_furniture(docs)["Daily Record"])
    assert [docs[0].text[s:e] for s, e in spans] == [footer]
    assert repeated_lines([d.text for d in docs[:2]]) == frozenset()  # two documents are not a pattern


def _attributes(stats):
    return [(s.value, s.unit, s.kind, s.qualifier, s.subject, s.geography, s.period_label, s.source) for s in stats]


def test_seed_statistics_do_not_depend_on_the_appeal_glued_to_them(tmp_path, seed_document):
    seed = read_document(seed_document)
    start = seed.text.index("Your support helps us")
    end = seed.text.index("At least 80,000")
    without = tmp_path / "without-appeal.txt"
    without.write_text(seed.text[:start] + seed.text[end:], encoding="utf-8")
    with_appeal = extract_batch([seed]).extracted[0][1]
    without_appeal = extract_batch([read_document(without)]).extracted[0][1]
    assert len(with_appeal) == 5 and _attributes(with_appeal) == _attributes(without_appeal)
    first = with_appeal[0]
    assert first.value == 80000 and first.quote.startswith("At least 80,000")
    # Offsets still point into the stored, original text.
    assert seed.text[first.char_start : first.char_end] == first.number_text
    assert first.quote in seed.text


def test_a_statistic_repeated_across_every_document_is_never_furniture(tmp_path):
    """Repetition is how a figure travels: 500 documents of one folder, each repeating one sentence
    that states a statistic beside its own story, lose none of it (issue 16 measured 251 lost)."""
    travelling = "The NCA estimates that at least 80,000 people in the UK present a sexual threat to children online."
    footer = "Read more stories like this one in our weekly newsletter, sent every Friday"
    docs = []
    for i in range(500):
        path = tmp_path / f"story{i:03d}.txt"
        path.write_text(f"Story {i}\n{travelling}\nPolice recorded {100 + i} thefts in the town.\n{footer}\n",
                        encoding="utf-8")
        docs.append(read_document(path))
    repeated = repeated_furniture(docs)
    assert list(repeated.values()) == [frozenset({footer})]  # the footer goes, the statistic stays
    extracted = extract_batch(docs, repeated).extracted
    assert sum(any(s.value == 80000 for s in stats) for _, stats in extracted) == 500
    assert all(not any(footer in s.quote for s in stats) for _, stats in extracted)


def test_what_was_blanked_is_in_the_warehouse_with_why(tmp_path, seed_document):
    import duckdb
    from conftest import load_without_prefect

    folder = tmp_path / "site"
    folder.mkdir()
    footer = "Local reporting from the Riverside Gazette desk, edited in Springfield"
    for i in range(3):
        (folder / f"story{i}.txt").write_text(f"Police recorded {100 + i} thefts in the town.\n{footer}\n",
                                              encoding="utf-8")
    (folder / "seed.txt").write_text(seed_document.read_text(encoding="utf-8"), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    load_without_prefect([folder], warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select file_name, reason, held_numbers, blanked_text, char_start, char_end "
                           "from v_blanked_text order by file_name, char_start").fetchall()
        bodies = dict(con.execute("select file_name, body_text from dim_document").fetchall())
    finally:
        con.close()
    repeated = [r for r in rows if r[1] == "repeated line"]
    assert [(r[0], r[3]) for r in repeated] == [(f"story{i}.txt", footer) for i in range(3)]
    appeals = [r for r in rows if r[0] == "seed.txt"]
    assert appeals and all(r[1] == "furniture phrase" for r in appeals)
    assert any(r[3].startswith("Your support helps us") for r in appeals)
    for name, _, held, text, start, end in rows:  # offsets point into the stored text
        assert bodies[name][start:end].startswith(text) and held == any(c.isdigit() for c in bodies[name][start:end])


def test_the_run_summary_warns_when_passages_not_read_held_numbers():
    from statwh.pipeline import RunSummary

    summary = RunSummary("r1", "w.duckdb", "completed", 3, 0, 5, 5, 0, 1.0, blanked_with_numbers=2)
    assert "warning: 2 passage(s) not read as page furniture held numbers: see v_blanked_text" in summary.describe()
    assert "warning" not in RunSummary("r1", "w.duckdb", "completed", 3, 0, 5, 5, 0, 1.0).describe()
