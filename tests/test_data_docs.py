"""The Data Docs pages, without running a check: where they go, how many checks they keep, and
how each page is made whole offline. The browser test is in test_quality.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from statwh.quality import (ASSETS_DIR, RETAINED_CHECKS, _LOCAL_ASSETS, _finished_page, docs_dir, finish_docs,
                            forget_old_checks, warehouse_of)

# What GX's pages ask the network for and statwh leaves out, each with why.
LEFT_OUT = {
    "https://cdn.jsdelivr.net/npm/vega@5": "charts: no statwh expectation draws one",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "charts",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "charts",
    "https://greatexpectations.io": "a link, not an asset",
    "https://greatexpectations.io/newsletter": "the newsletter footer, removed",
}


def test_each_warehouse_has_its_own_folder():
    assert docs_dir(Path("w/a.duckdb")) == Path("w/a.duckdb.quality") != docs_dir(Path("w/b.duckdb"))
    assert warehouse_of(docs_dir(Path("/srv/w/statistics.duckdb"))) == Path("/srv/w/statistics.duckdb")


def test_every_asset_gx_pages_load_is_kept_here_or_knowingly_left_out():
    """Read from the installed GX's own templates, so an upgrade that adds a CDN asset fails here."""
    import great_expectations

    templates = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
    remote = {m for t in templates.glob("*.j2") for m in re.findall(r'(?:src|href)="(https?://[^"]+)"', t.read_text())}
    assert remote, templates
    for url in remote:
        local = next((name for suffix, name in _LOCAL_ASSETS.items() if url.endswith(suffix)), None)
        if local is None:
            assert any(url.startswith(left) for left in LEFT_OUT), f"{url} is neither kept in statwh/docs_assets nor left out"
        else:
            assert (ASSETS_DIR / local).is_file(), local
    fonts = re.findall(r"url\(\.\./webfonts/([^)]+\.woff2)\)", (ASSETS_DIR / "fontawesome/css/all.min.css").read_text())
    assert fonts and all((ASSETS_DIR / "fontawesome/webfonts" / font).is_file() for font in fonts)


GX_PAGE = """<html><head>
<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css">
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js"></script>
</head><body>
<nav class="navbar navbar-expand-md sticky-top border-bottom" style="height: 70px">
  <div class="mr-auto">
    <nav class="d-flex align-items-center"><img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png"></nav>
  </div>
</nav>
Data asset: None<br>
<footer>
  <p>Stay current on everything GX with our newsletter <a href="https://greatexpectations.io/newsletter">Subscribe</a></p>
</footer>
</body></html>"""


def test_a_validation_page_is_made_whole_and_says_whose_it_is():
    where = Path("validations/fact_statistic/run-0c034775/20261203T174540.005968Z/warehouse-fact_statistic.html")
    html = _finished_page(GX_PAGE, where, Path("/srv/w/statistics.duckdb"), "../../../../static/vendor")
    assert '<link rel="stylesheet" href="../../../../static/vendor/fontawesome/css/all.min.css">' in html
    assert '<script src="../../../../static/vendor/bootstrap-datepicker.min.js"></script>' in html
    assert "https://" not in html and "vega" not in html and "newsletter" not in html
    assert "Data asset: table fact_statistic" in html
    banner = re.search(r'<div class="statwh-banner[^>]*>(.*?)</div>', html).group(1)
    assert "/srv/w/statistics.duckdb" in banner and "run-0c034775" in banner and "2026-12-03 17:45:40 UTC" in banner
    assert html.index("statwh-banner") > html.index("</nav>")  # under the page's title bar


def test_finishing_is_done_once_and_only_for_new_pages(tmp_path):
    docs = tmp_path / "w.duckdb.quality"
    page = docs / "expectations" / "dim_unit.html"
    page.parent.mkdir(parents=True)
    page.write_text(GX_PAGE, encoding="utf-8")
    assert finish_docs(docs) == 1 and finish_docs(docs) == 0  # a finished page is left as it is
    assert page.read_text(encoding="utf-8").count("statwh-banner") == 1
    assert (docs / "static/vendor/fontawesome/webfonts/fa-solid-900.woff2").is_file()
    older = docs / "index.html"
    older.write_text(GX_PAGE, encoding="utf-8")
    assert finish_docs(docs, since_ns=older.stat().st_mtime_ns + 1) == 0


def _store_check(docs: Path, run_name: str, run_time: str, tables=("dim_unit", "fact_statistic")) -> None:
    for table in tables:
        for kind, suffix in (("results", "json"), ("validations", "html")):
            folder = docs / kind / table / run_name / run_time
            folder.mkdir(parents=True)
            (folder / f"warehouse-{table}.{suffix}").write_text("{}")


def test_the_latest_checks_are_kept_and_older_ones_forgotten(tmp_path):
    docs = tmp_path / "w.duckdb.quality"
    for n in range(5):
        _store_check(docs, f"run-{n:08d}", f"20261203T17{n:02d}00.000000Z")
    assert forget_old_checks(docs, keep=3) == ["run-00000001", "run-00000000"]
    kept = {p.name for p in docs.glob("*/*/*")}
    assert kept == {"run-00000002", "run-00000003", "run-00000004"}
    assert forget_old_checks(docs, keep=3) == []
    assert RETAINED_CHECKS >= 50
