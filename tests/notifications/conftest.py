import pytest


@pytest.fixture(autouse=True)
def _notice_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "notifications.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.DEFAULT_FROM_EMAIL = "Porchlight <events@testserver>"
