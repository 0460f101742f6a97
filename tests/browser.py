"""A real browser with no network, for the pages statwh writes (Data Docs): Debian's Chromium
driven by Playwright (its own browser downloads are never used: they need the network)."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

CHROMIUM = shutil.which("chromium")
MISSING = "Debian's chromium is needed for this test: make test installs it (apt-get install chromium)"


@dataclass
class OfflinePage:
    """A browser tab in which every request that is not for a local file is refused and recorded."""

    page: object
    refused: list[str] = field(default_factory=list)  # the addresses a page asked for off this machine
    errors: list[str] = field(default_factory=list)  # the pages' uncaught script errors


@contextmanager
def offline_page(width: int = 1400, height: int = 1000) -> Iterator[OfflinePage]:
    """A headless Chromium tab that reaches nothing but local files."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, MISSING
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--proxy-server=127.0.0.1:9"])
        try:
            tab = OfflinePage(browser.new_page(viewport={"width": width, "height": height}))

            def only_local(route) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    tab.refused.append(route.request.url)
                    route.abort()

            tab.page.route("**/*", only_local)
            tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
            yield tab
        finally:
            browser.close()
