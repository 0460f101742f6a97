"""Reading HTML pages, PDF reports, Word documents and JSON records (fixtures built in tests/fixtures.py)."""
from __future__ import annotations

import io
import json
from datetime import date

import pypdf
import pytest

from fixtures import NEWS_PAGE, REPORT_PAGES, docx_bytes, pdf_bytes, write_all_formats
from statwh.ingest import ingest, read_document, read_documents
from statwh.readers import PAGE_BREAK, sniff_format


def test_news_page_gives_its_article_without_the_page_furniture(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.source_format == "html" and doc.encoding == "utf-8"
    assert "34,000 online child sexual abuse offences in 2022" in doc.text
    for furniture in ("Skip to main content", "cookies", "Share this article", "newsletter", "gift of £5", "Sport"):
        assert furniture not in doc.text
    assert (doc.title, doc.author, doc.publisher, doc.published_on, doc.url) == (
        "Online child abuse offences rise by a fifth", "Jane Smith", "The Daily Record", date(2023, 5, 4),
        "https://example.com/news/online-offences")


def test_html_saved_as_text_is_read_as_html(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.source_format == "html"
    assert "<p>" not in doc.text and "34,000" in doc.text


def test_html_without_body_text_is_an_error(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>",
                                         encoding="utf-8")
    result = ingest([tmp_path])
    assert result.documents == []
    assert "no main text" in result.errors[0].message


def test_pdf_pages_are_kept_and_wrapped_lines_joined(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(REPORT_PAGES + [["On page three: 40% of adults were victims of crime."]]))
    doc = read_document(path)
    assert (doc.source_format, doc.page_count, doc.title, doc.author) == ("pdf", 3, "Annual report", "Office for Statistics")
    pages = doc.text.split(PAGE_BREAK)
    assert len(pages) == 3 and "Fraud offences rose by 12%" in pages[1]
    # "in the year ending" / "March 2023" were two lines of one sentence on the page.
    assert "6.5 million offences in the year ending March 2023, a fall of 2%" in pages[0]


def test_pdf_hyphen_at_a_line_break_is_joined(tmp_path):
    path = tmp_path / "hyphen.pdf"
    path.write_bytes(pdf_bytes([["Recorded crime fell by 3% after the introduc-", "tion of the new scheme."]]))
    assert "introduction of the new scheme" in read_document(path).text


def test_encrypted_scanned_and_truncated_pdfs_are_errors(tmp_path):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(REPORT_PAGES)))
    writer.encrypt("secret")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    (tmp_path / "encrypted.pdf").write_bytes(encrypted.getvalue())
    blank = pypdf.PdfWriter()
    blank.add_blank_page(612, 792)
    scan = io.BytesIO()
    blank.write(scan)
    (tmp_path / "scan.pdf").write_bytes(scan.getvalue())
    (tmp_path / "truncated.pdf").write_bytes(pdf_bytes(REPORT_PAGES)[:200])
    result = ingest([tmp_path])
    assert result.documents == []
    reasons = {e.path.rsplit("/", 1)[-1]: e.message for e in result.errors}
    assert "encrypted" in reasons["encrypted.pdf"]
    assert "no text layer" in reasons["scan.pdf"]
    assert "PDF" in reasons["truncated.pdf"]


def test_word_document_paragraphs_and_properties(tmp_path):
    path = tmp_path / "briefing.docx"
    path.write_bytes(docx_bytes(["Police funding", "Funding will rise by £1.1 billion in 2023-24, up 6%."]))
    doc = read_document(path)
    assert doc.source_format == "docx"
    assert doc.text == "Police funding\nFunding will rise by £1.1 billion in 2023-24, up 6%."
    assert (doc.title, doc.author, doc.published_on) == ("Briefing", "Home Office", None)


def test_a_zip_that_is_not_a_word_document_is_an_error(tmp_path):
    (tmp_path / "archive.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    result = ingest([tmp_path])
    assert result.documents == [] and "not a Word document" in result.errors[0].message


def test_json_lines_feed_gives_one_document_per_record(tmp_path):
    write_all_formats(tmp_path)
    docs = read_documents(tmp_path / "feed.jsonl")
    assert [d.title for d in docs] == ["Drug seizures", "Arrests"]
    assert docs[0].document_id != docs[1].document_id and docs[0].content_hash != docs[1].content_hash
    assert docs[0].path.endswith("feed.jsonl#a1")
    assert (docs[0].publisher, docs[0].published_on, docs[0].source_format) == (
        "National Crime Agency", date(2020, 5, 12), "jsonl")


def test_json_file_with_a_list_of_records(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([{"text": "Some 5% of pupils were absent.", "title": "Absence"},
                                {"text": "There were 120 schools.", "url": "https://example.org/b"}]), encoding="utf-8")
    assert [d.title for d in read_documents(path)] == ["Absence", "There were 120 schools."]


@pytest.mark.parametrize(("content", "reason"), [
    ('{"text": "ok 5%"}\nnot json\n', "line 2 is not JSON"),
    ('{"text": "ok 5%"}\n{"body": "no text field"}\n', "line 2 has no 'text' field"),
    ('{"text": "ok 5%"}\n' + "[" * 100_000 + "\n", "line 2 is JSON nested too deeply"),
])
def test_a_feeds_bad_line_is_its_own_error_and_the_rest_load(tmp_path, content, reason):
    (tmp_path / "feed.jsonl").write_text(content, encoding="utf-8")
    result = ingest([tmp_path])
    assert [d.text for d in result.documents] == ["ok 5%"]
    assert len(result.errors) == 1 and reason in result.errors[0].message
    assert result.errors[0].path.endswith("feed.jsonl#line-2")


def test_a_json_file_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Police recorded 5 thefts.", encoding="utf-8")
    result = ingest([tmp_path])
    assert [d.file_name for d in result.documents] == ["ok.txt"]
    assert [e.message for e in result.errors] == ["deep.json: the file is JSON nested too deeply to read"]


def test_format_is_sniffed_from_the_bytes():
    assert sniff_format("report", pdf_bytes(REPORT_PAGES)) == "pdf"
    assert sniff_format("briefing.bin", docx_bytes(["x"])) == "docx"
    assert sniff_format("page.md", NEWS_PAGE.encode()) == "html"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Police recorded 500 burglaries. " * 100, encoding="utf-8")
    with pytest.raises(ValueError, match="over the 0.0001 MB limit"):
        read_documents(path, max_bytes=100)


def test_one_folder_of_every_format(tmp_path):
    result = ingest([write_all_formats(tmp_path)])
    assert result.errors == []
    assert sorted(d.source_format for d in result.documents) == ["docx", "html", "jsonl", "jsonl", "pdf"]


def test_a_bad_record_costs_that_record_not_the_feed(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "ok", "text": "Police recorded 500 burglaries."}\n'
        '{"id": "bad-date", "published": "not a date", "text": "Arrests rose 5%."}\n', encoding="utf-8")
    result = ingest([tmp_path])
    assert [d.path.rsplit("#", 1)[-1] for d in result.documents] == ["ok"]
    assert len(result.errors) == 1 and result.errors[0].path.endswith("feed.jsonl#bad-date")
    assert "record bad-date" in result.errors[0].message and "not a date" in result.errors[0].message
