"""Ingestion throughput: files read into documents per second, for text, HTML and PDF.

    .venv/bin/python bench/ingest_speed.py [--documents N] [--rounds R]

Builds one corpus per format from the development documents (or the seed when they are not
beside the checkout): the text files as they are, the same texts as news pages with page
furniture, and as PDFs with wrapped lines. Then times :func:`statwh.ingest.read_documents`
over each, best of R rounds. Not a test: the figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import html
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fixtures import pdf_bytes  # noqa: E402  (the PDF writer the tests use)

from statwh.ingest import ingest, read_documents  # noqa: E402
from statwh.paths import PROJECT_ROOT, SEED_DOCUMENTS_DIR  # noqa: E402

DEV_DOCUMENTS = PROJECT_ROOT.parent / "shared" / "eval" / "dev" / "docs"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="The Daily Record"></head><body>
<a href="#main">Skip to main content</a><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all cookies</button></div>
<main id="main"><article><h1>{title}</h1>{paragraphs}</article></main>
<aside>Share this article</aside><aside>Sign up to our newsletter</aside><footer>© The Daily Record</footer>
</body></html>"""


def _texts() -> list[tuple[str, str]]:
    folder = DEV_DOCUMENTS if DEV_DOCUMENTS.is_dir() else SEED_DOCUMENTS_DIR
    return [(d.title or d.file_name, d.text) for d in ingest([folder]).documents]


def _write_corpora(root: Path, documents: int) -> dict[str, list[Path]]:
    texts = _texts()
    corpora: dict[str, list[Path]] = {"text": [], "html": [], "pdf": []}
    for i in range(documents):
        title, text = texts[i % len(texts)]
        paragraphs = [p for p in text.splitlines() if p.strip()]
        (root / f"{i}.txt").write_text(text, encoding="utf-8")
        corpora["text"].append(root / f"{i}.txt")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        (root / f"{i}.html").write_text(PAGE.format(title=html.escape(title), paragraphs=body), encoding="utf-8")
        corpora["html"].append(root / f"{i}.html")
        # Latin-1 only (the PDF writer's Helvetica), about 50 lines a page.
        lines = [line.encode("latin-1", "replace").decode("latin-1").replace("\\", "/").replace("(", "[").replace(")", "]")
                 for p in paragraphs for line in textwrap.wrap(p, 90)]
        pages = [lines[j : j + 50] for j in range(0, len(lines), 50)] or [["(empty)"]]
        (root / f"{i}.pdf").write_bytes(pdf_bytes(pages, title=title.encode("latin-1", "replace").decode("latin-1")))
        corpora["pdf"].append(root / f"{i}.pdf")
    return corpora


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200, help="files per format (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is shown (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statwh-ingest-bench-") as scratch:
        corpora = _write_corpora(Path(scratch), args.documents)
        print(f"{'format':8s} {'files':>6s} {'MB in':>7s} {'MB text':>8s} {'best s':>7s} {'files/s':>8s} {'MB/s in':>8s}")
        for kind, files in corpora.items():
            read_documents(files[0])  # imports and warms up the reader
            best, text_chars = float("inf"), 0
            for _ in range(args.rounds):
                started = time.perf_counter()
                text_chars = sum(len(d.text) for f in files for d in read_documents(f))
                best = min(best, time.perf_counter() - started)
            size = sum(f.stat().st_size for f in files) / 1e6
            print(f"{kind:8s} {len(files):6d} {size:7.2f} {text_chars / 1e6:8.2f} {best:7.2f} "
                  f"{len(files) / best:8.0f} {size / best:8.2f}")


if __name__ == "__main__":
    main()
