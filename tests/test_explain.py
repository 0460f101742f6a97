"""`statwh explain`: each candidate number, the decision and the rule behind it, on a sentence and on a file."""
from __future__ import annotations

import json

from statwh.explain import explain, format_explanation
from test_cli import run_main


def test_each_candidate_has_a_decision_and_a_rule():
    explained = explain("Police arrested 42 people at 0300 GMT. Smith, 54, was among them.", publisher="Wikinews")
    decisions = {d.text: d.decision for e in explained for d in e.decisions}
    assert decisions == {"42": "kept", "0300": "rejected: time of day", "54": "rejected: age"}


def test_a_kept_figure_says_where_its_attributes_came_from():
    text = "Floods in Kenya\n\nThe Red Cross said 40 people died in 2023.\n\nAnother 12 were missing."
    explained = explain(text, title="Floods in Kenya")
    kept = {d.text: d for e in explained for d in e.decisions if d.decision == "kept"}
    assert kept["40"].statistic["source"] == "Red Cross"
    assert kept["40"].origins == {"source": "named in the sentence", "geography": "carried from the title or an earlier sentence",
                                  "period": "named in the sentence"}
    assert kept["12"].origins["period"] == "carried from an earlier sentence"
    assert kept["12"].origins["source"] == "none stated"


def test_a_repeat_is_shown_as_merged():
    explained = explain("Sales rose 5% in 2023.\n\nSales rose 5% in 2023.")
    assert [d.decision for e in explained for d in e.decisions if d.text == "5%"] == [
        "kept", "merged: a repeat of an earlier figure"]


def test_text_output_names_the_rule():
    out = format_explanation(explain("He was 88. Some 3,000 homes lost power.", publisher="Wikinews"))
    assert "88  rejected: age" in out and "3,000  kept: 3000 count, level, approx" in out


def test_explain_a_sentence_from_the_command_line(capsys):
    code, out, err = run_main(capsys, "explain", "Nine people were hurt, according to officials.")
    assert code == 0, err
    assert "Nine  kept: 9 count" in out and "source: officials (named in the sentence)" in out


def test_explain_a_file_as_json(capsys, tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Storm report\npublisher: Wikinews\n---\nThe storm killed three people on 4 May 2021.\n",
                    encoding="utf-8")
    code, out, err = run_main(capsys, "explain", str(path), "--format", "json")
    assert code == 0, err
    sentences = json.loads(out)
    kept = [d for s in sentences for d in s["decisions"] if d["decision"] == "kept"]
    assert [(d["value"], d["unit"]) for d in kept] == [(3.0, "count")]
    assert kept[0]["statistic"]["source"] is None  # a news outlet is not the source of what it reports


def test_a_missing_file_is_a_usage_error(capsys, tmp_path):
    code, out, err = run_main(capsys, "explain", str(tmp_path / "absent.md"))
    assert code == 2 and "no such file" in err


def test_the_readmes_example_prints_what_the_readme_shows(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Why a number was or was not kept"):]
    shown = section[section.index("```\n[0]") + 4 :].split("```")[0]  # the fenced block of output
    code, out, err = run_main(capsys, "explain", "Nine people were hurt, according to officials. Smith, 49, was among them.",
                              "--publisher", "Wikinews")
    assert code == 0, err
    assert out == shown


def test_a_publisher_given_for_a_text_is_the_source_of_its_own_release(capsys):
    code, out, err = run_main(capsys, "explain", "Unemployment rose to 4.2% in 2023.", "--publisher",
                              "Office for National Statistics")
    assert code == 0, err
    assert "source: Office for National Statistics (the publisher, for its own release)" in out
    code, out, err = run_main(capsys, "explain", "Unemployment rose to 4.2% in 2023.", "--publisher", "Wikinews")
    assert "source:" not in out  # a news outlet is no source of what it reports
