import pytest

from tests.browser import _browser, chromium_page  # noqa: F401 - browser fixtures for every test


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"
