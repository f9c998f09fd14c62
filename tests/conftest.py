import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.browser import browser_viewport, chromium_browser, chromium_page  # noqa: F401


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories make users with passwords; the production hasher takes ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def get_queries():
    """`get_queries(client, url)`: how many queries a GET of `url` costs (it must answer 200).

    For the query-count tests every list, feed and attendance view has.
    """

    def count(client, url: str, *, status: int = 200) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == status
        return len(ctx.captured_queries)

    return count
