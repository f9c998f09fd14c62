import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.browser import browser_viewport, chromium_browser, chromium_page  # noqa: F401


def pytest_collection_modifyitems(items):
    """On SQLite the throttles count in a database of their own (`counters`, config/routers.py),
    which any request posting an RSVP or a token reaches, as in production: every test that
    uses the database may use it too (rolled back or flushed with the test's own)."""
    if "counters" not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not {"db", "transactional_db"} & set(item.fixturenames):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        databases = kwargs.get("databases") or ["default"]
        if databases == "__all__" or "counters" in databases:
            continue
        kwargs["databases"] = [*databases, "counters"]
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), False)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request leaves its language active in the
    thread (LocaleMiddleware activates it, nothing deactivates it), and a row written after a
    Spanish request with `title=` would get its title in the Spanish column only."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
