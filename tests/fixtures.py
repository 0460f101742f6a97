"""Documents in the formats people collect, built here so that no binary file is committed."""
from __future__ import annotations

import io
from pathlib import Path

# A saved news page with the furniture real pages carry: navigation, a cookie notice, share
# buttons, a newsletter prompt and a donation appeal around the article.
NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Online child abuse offences rise by a fifth | The Daily Record</title>
<meta property="og:site_name" content="The Daily Record">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2023-05-04T10:00:00Z">
<link rel="canonical" href="https://example.com/news/online-offences">
</head>
<body>
<a href="#main">Skip to main content</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<main id="main">
<article>
<h1>Online child abuse offences rise by a fifth</h1>
<p class="byline">By Jane Smith</p>
<p>Police in England and Wales recorded 34,000 online child sexual abuse offences in 2022, according to the National Crime Agency.</p>
<p>That is up 21% on the previous year, and around a third of the offences involved children under 13.</p>
<p>The agency said it had arrested more than 800 people in the twelve months to March.</p>
</article>
</main>
<aside class="share">Share this article: Facebook Twitter Email</aside>
<aside class="newsletter">Sign up to our newsletter for the latest news, £1 for your first month</aside>
<div class="donate">Support our journalism: a gift of £5 makes all the difference.</div>
<footer>© 2023 The Daily Record. All rights reserved.</footer>
</body>
</html>
"""


def pdf_bytes(pages: list[list[str]], title: str = "Annual report") -> bytes:
    """A small PDF with a text layer: one list of lines per page, in Helvetica."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for page_id, lines in zip(page_ids, pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>".encode())
        shown = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
        stream = f"BT /F1 11 Tf 72 720 Td {shown} ET".encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(f"<< /Title ({title}) /Author (Office for Statistics) >>".encode())
    info_id = len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, info_id, xref))
    return out.getvalue()


REPORT_PAGES = [
    ["Annual report on recorded crime", "Police recorded 6.5 million offences in the year ending",
     "March 2023, a fall of 2% on the year before."],
    ["Fraud", "Fraud offences rose by 12% to 3.2 million, the highest figure since", "records began in 2017."],
]


def docx_bytes(paragraphs: list[str], title: str = "Briefing") -> bytes:
    """A Word document with the given paragraphs and a title and author."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    document.core_properties.author = "Home Office"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_all_formats(folder: Path) -> Path:
    """A folder holding one document in each format, and a JSON Lines feed of two."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "news.html").write_text(NEWS_PAGE, encoding="utf-8")
    (folder / "report.pdf").write_bytes(pdf_bytes(REPORT_PAGES))
    (folder / "briefing.docx").write_bytes(docx_bytes(
        ["Police funding", "Total police funding will rise by £1.1 billion in 2023-24, an increase of 6%."]))
    (folder / "feed.jsonl").write_text(
        '{"id": "a1", "title": "Drug seizures", "publisher": "National Crime Agency", "published": "2020-05-12", '
        '"text": "Officers seized 25 tonnes of drugs and £15 million in cash."}\n'
        '{"id": "a2", "title": "Arrests", "text": "More than 1,000 people were arrested in 2021."}\n', encoding="utf-8")
    return folder
