"""Playwright fixtures for tests marked `browser`: headless Chromium against live_server.

Chromium comes from the system (/usr/bin/chromium on Debian), not from Playwright's
download. Without it the tests skip, unless OPSASSESS_REQUIRE_BROWSER=1 (CI) makes a
missing browser a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

CHROMIUM = Path(os.environ.get("OPSASSESS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", "OPSASSESS_REQUIRE_BROWSER")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("Playwright for Python is not installed (pip install playwright)", "OPSASSESS_REQUIRE_BROWSER")
    return CHROMIUM


@pytest.fixture
def browser(chromium_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # the ORM calls the test makes between page actions.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        # While Playwright runs, the test sees another contextvars context, so Django
        # (whose connections are context-local) opened a second connection for it.
        # Close it here, or it outlives the test and blocks dropping the test database.
        connections.close_all()
        playwright.stop()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (its own context: no cookies shared with other tests), 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
