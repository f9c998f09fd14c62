"""Headless Chromium for end-to-end tests (Debian's /usr/bin/chromium driven by Playwright).

Use the `chromium_page` fixture in a test marked `@pytest.mark.browser`; it yields a
Playwright page with a phone-sized viewport (390x844). Override the `browser_viewport`
fixture in a test module (or parametrize it indirectly) for another size.

Without /usr/bin/chromium the test is skipped with the reason, except under CI (env CI
set), where a missing browser is a failure: CI must run these tests.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("PORCHLIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps calling hosts this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def _chromium_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def chromium_browser():
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run under CI: {reason}")
        print(f"\nskipping browser test: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM, called by
    # the test between browser steps, would otherwise refuse to run "in async context".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_viewport() -> dict:
    return dict(PHONE)


@pytest.fixture
def chromium_page(chromium_browser, browser_viewport):
    context = chromium_browser.new_context(viewport=browser_viewport, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()
