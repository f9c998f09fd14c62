import pytest


@pytest.fixture(autouse=True)
def _notice_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Porchlight <events@testserver>"
