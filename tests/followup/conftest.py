import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _followup_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "notifications.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PORCHLIGHT = {
        **settings.PORCHLIGHT,
        "STILL_COMING_MINUTES": 48 * 60,
        "MESSAGES_PER_EVENT_PER_HOUR": 3,
    }


@pytest.fixture
def token_client():
    def make(user) -> APIClient:
        client = APIClient()
        _, token = AuthToken.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
