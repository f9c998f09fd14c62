"""The coordinators' and officers' side: roles inline on the event in the admin, the
roster's volunteer section, and volunteer notices in the volunteer's language."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from notifications.delivery import notice_deliver
from notifications.models import VOLUNTEER_KINDS, Notification
from tests import factories
from tests.notifications.catalog import notice_opening, notice_subject, translated
from tests.volunteers.helpers import role, served, signup

pytestmark = pytest.mark.django_db


def test_coordinators_set_up_roles_inline_on_the_event_in_every_language(client):
    coordinator = factories.user("coordinator", is_staff=True)
    event = factories.event()
    role(event, name="Greeter")
    client.force_login(coordinator)
    page = client.get(f"/admin/scheduler/event/{event.pk}/change/").content.decode()
    assert 'name="volunteer_roles-TOTAL_FORMS" value="1"' in page
    assert 'name="volunteer_roles-0-name_es"' in page
    assert 'name="volunteer_roles-0-hours"' in page
    assert client.get("/admin/volunteers/volunteersignup/").status_code == 200


def test_the_roster_shows_each_roles_volunteers_to_the_events_officers_only(client):
    officer, other = factories.user("officer"), factories.user("officer")
    start = timezone.now() - dt.timedelta(hours=1)
    event = factories.event(officers=[officer], start=start)
    captain = role(event, name="Block captain", capacity=2)
    signup(captain, name="Ana Ruiz", email="ana@example.org", phone="+15035550100")
    served(captain, "1.00", name="Ben Okafor")
    signup(captain, name="Gone Away", withdrawn_at=timezone.now())
    client.force_login(officer)
    page = client.get(f"/officers/events/{event.pk}/attendance/").content.decode()
    section = page[page.index('id="volunteers"') :]
    assert "Block captain" in section
    assert "2 of 2 places taken · 1 h a shift" in section
    assert ("Ana Ruiz" in section, "ana@example.org" in section, "Gone Away" in section) == (
        True,
        True,
        False,
    )
    assert section.count("Mark served</button>") == 1
    assert section.count("Undo served</button>") == 1
    client.force_login(other)
    assert client.get(f"/officers/events/{event.pk}/attendance/").status_code == 403


@pytest.mark.parametrize("kind", sorted(VOLUNTEER_KINDS))
def test_every_volunteer_notice_reaches_a_vietnamese_volunteer_in_vietnamese(kind):
    """Needs the Vietnamese catalog (filled from /work/helpers/tr/volunteers.json at merge)."""
    event = factories.event(title="Night Walk")
    placed = signup(role(event, name="Greeter"), name="Lan", language="vi")
    notice = Notification.objects.create(
        kind=kind, volunteer=placed, due_at=timezone.now(), dedupe_key=f"t:vi:{kind}"
    )
    if kind == "volunteer_withdrawn":
        placed.withdrawn_at = timezone.now()
        placed.save()
    with translation.override("ru"):
        assert notice_deliver(notice.pk) == "sent"
    [message] = mail.outbox
    assert message.subject == notice_subject("vi", kind, title="Night Walk")
    assert message.body.startswith(notice_opening("vi", kind, name="Lan", role="Greeter"))
    assert f"\n{translated('vi', 'Your role:')} Greeter" in message.body
