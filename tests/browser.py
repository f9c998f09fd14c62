"""Headless Chromium for end-to-end tests: Debian's chromium driven by Playwright.

The browser is never downloaded: we launch the system executable. Without it the
tests skip with a reason, except under CI, where they must run.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def _browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required under CI but {CHROMIUM} is missing.")
        pytest.skip(f"No Chromium at {CHROMIUM}: install Debian's chromium to run browser tests.")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made
    # by the test itself in between are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def chromium_page(_browser, request):
    """A fresh page, phone-sized unless `@pytest.mark.viewport(width, height)` says otherwise."""
    marker = request.node.get_closest_marker("viewport")
    width, height = marker.args if marker else (390, 844)
    context = _browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
