"""The thank-you through a real worker (`manage.py qcluster`): only residents checked in
get it, each in their own language, whatever the worker's; its survey link works once."""

import pytest
from django.test import Client

from feedback.models import SurveyResponse
from feedback.services import thank_yous_plan
from notifications.models import Notification
from tests import factories
from tests.feedback.helpers import came, held, survey_for
from tests.i18n import translated
from tests.notifications.cluster import Cluster, file_backend_messages, wait_for

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True, databases="__all__")]

WORKER_LOCALE = {"LANG": "ru_RU.UTF-8", "LANGUAGE": "ru", "LC_MESSAGES": "ru_RU.UTF-8"}


def test_checked_in_residents_get_their_thank_you_in_their_language(tmp_path):
    """Needs the Spanish and Vietnamese catalogs."""
    mail_dir = tmp_path / "mail"
    program = factories.program(name="Coffee with a Cop")
    survey_for(program)
    event = held(program=program, title="Coffee at Mo's")
    came(event, name="Ana", language="es", attendee=factories.attendee(email="ana@example.org"))
    came(event, name="Lan", language="vi", attendee=factories.attendee(email="lan@example.org"))
    factories.rsvp(event, name="Stayed", attendee=factories.attendee(email="no@example.org"))
    expected = {
        "ana@example.org": (
            "es",
            translated("es", "Thank you for coming: %(title)s", title="Coffee at Mo's"),
        ),
        "lan@example.org": (
            "vi",
            translated("vi", "Thank you for coming: %(title)s", title="Coffee at Mo's"),
        ),
    }
    with Cluster(
        log=tmp_path / "qcluster.log",
        redis_url=None,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
        Q_WORKERS=1,
        **WORKER_LOCALE,
    ):
        assert len(thank_yous_plan()) == 2
        messages = wait_for(
            lambda: (m := file_backend_messages(mail_dir)) and len(m) == 2 and m,
            timeout=60,
            message="two thank-yous",
        )
        wait_for(
            lambda: Notification.objects.filter(state="sent").count() == 2,
            timeout=20,
            message="recorded as sent",
        )
    got = {
        str(m["To"]): (m.get_body(("html",)).get_content(), " ".join(str(m["Subject"]).split()))
        for m in messages
    }
    assert sorted(got) == sorted(expected)
    for to, (language, subject) in expected.items():
        html, got_subject = got[to]
        assert got_subject == subject
        assert f'<html lang="{language}" dir="ltr">' in html
    # The survey link in Ana's message, opened and answered once.
    [ana] = [m for m in messages if str(m["To"]) == "ana@example.org"]
    text = ana.get_body(("plain",)).get_content()
    [link] = [line for line in text.splitlines() if "/feedback/" in line]
    path = link.strip().removeprefix("http://testserver")
    client = Client()
    comfort = program.survey.questions.get(position=1)
    assert client.post(path, {f"q{comfort.pk}": "5"}).status_code == 200
    assert client.post(path, {f"q{comfort.pk}": "1"}).status_code == 404
    assert list(SurveyResponse.objects.values_list("answers__rating", flat=True)) == [5]
