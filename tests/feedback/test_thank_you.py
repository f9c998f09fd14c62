"""The thank-you after an event: planned for checked-in residents only, some hours after
the end, with the program's next events nearby and the survey link, in their language."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from feedback.models import SurveyInvite
from feedback.services import thank_yous_plan
from notifications.delivery import notice_deliver
from notifications.models import Notification
from rsvp.models import Rsvp
from scheduler.models import Event
from scheduler.tokens import token_hash
from scheduler.when import when_text
from tests import factories
from tests.feedback.helpers import came, held, survey_for, survey_tokens
from tests.i18n import translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def coffee():
    program = factories.program(name="Coffee with a Cop")
    survey_for(program)
    return program


def test_only_residents_checked_in_are_thanked_after_the_delay(coffee):
    event = held(program=coffee)
    lan = came(event, name="Lan", language="vi")
    factories.rsvp(event, name="Stayed home")  # confirmed, never checked in
    gone = came(event, name="Cancelled later")
    Rsvp.objects.filter(pk=gone.pk).update(status=Rsvp.Status.CANCELLED)
    came(event, headcount=True)  # a head count: no mailbox to thank
    factories.walkin(event, name="Walk-in", email="w@example.org")
    too_soon = held(program=coffee, ended_ago=dt.timedelta(hours=2))
    came(too_soon)

    ids = thank_yous_plan()

    [notice] = Notification.objects.filter(kind="thank_you")
    assert ids == [notice.pk]
    assert (notice.rsvp_id, notice.event_id, notice.payload) == (lan.pk, event.pk, {"survey": True})
    assert notice.due_at == event.end + dt.timedelta(hours=3)
    # One link, for that resident's thank-you only, and nothing that names the resident.
    [invite] = SurveyInvite.objects.all()
    assert (invite.event_id, invite.token_hash) == (event.pk, token_hash(survey_tokens(event)[0]))
    # Planned once: the next runs of the task find nothing new.
    assert thank_yous_plan() == []
    assert (
        Notification.objects.filter(kind="thank_you").count(),
        SurveyInvite.objects.count(),
    ) == (
        1,
        1,
    )


def test_no_survey_link_for_a_program_without_a_survey():
    event = held(program=factories.program())
    came(event)
    thank_yous_plan()
    assert list(Notification.objects.values_list("kind", "payload")) == [
        ("thank_you", {"survey": False})
    ]
    assert SurveyInvite.objects.count() == 0


def test_the_thank_you_is_in_the_residents_language_with_the_next_events_nearby(coffee):
    hood = factories.neighborhood(name="Riverside")
    event = held(program=coffee, venue=factories.venue(neighborhood=hood), title="Coffee at Mo's")
    soon = timezone.now() + dt.timedelta(days=5)
    nearby = factories.event(
        program=coffee, venue=factories.venue(neighborhood=hood), start=soon, title="Next coffee"
    )
    factories.event(program=coffee, start=soon, title="Coffee elsewhere")  # other neighborhood
    factories.event(venue=factories.venue(neighborhood=hood), start=soon, title="Other program")
    came(event, name="Ana", language="es", attendee=factories.attendee(email="ana@example.org"))
    [notice_id] = thank_yous_plan()

    assert notice_deliver(notice_id) == "sent"

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == translated(
        "es", "Thank you for coming: %(title)s", title="Coffee at Mo's"
    )
    html = message.alternatives[0][0]
    assert '<html lang="es" dir="ltr">' in html
    [token] = survey_tokens(event)
    assert f"http://testserver/feedback/{token}/?lang=es" in message.body
    with translation.override("es"):
        when = when_text(nearby.start, nearby.end, nearby.timezone)
    assert f"- Next coffee · {when} · {nearby.venue.name}\n" in message.body
    assert "Coffee elsewhere" not in message.body
    assert "Other program" not in message.body
    assert (
        translated(
            "es", "Hello %(name)s, thank you for coming. We hope to see you again.", name="Ana"
        )
        in message.body
    )


def test_a_check_in_taken_back_before_the_send_gets_no_thank_you(coffee):
    event = held(program=coffee)
    rsvp = came(event)
    [notice_id] = thank_yous_plan()
    Rsvp.objects.filter(pk=rsvp.pk).update(checked_in_at=None, arrived=None)
    assert notice_deliver(notice_id) == "skipped"
    assert mail.outbox == []
    assert Notification.objects.get().last_error == "The resident is not checked in."


def test_a_cancelled_event_thanks_nobody(coffee):
    event = held(program=coffee)
    came(event)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    assert thank_yous_plan() == []
