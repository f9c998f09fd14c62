import pytest

from tests.browser import browser_viewport, chromium_browser, chromium_page  # noqa: F401


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories make users with passwords; the production hasher takes ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
