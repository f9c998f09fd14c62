"""Coordinators read the roster access log and walk-ins in admin; nobody edits them."""

import pytest

from rsvp.models import RosterAccess
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = factories.user("coordinator", is_staff=True)
    client.force_login(user)
    return user


def test_coordinator_reads_roster_access_log_and_walkins(client, coordinator):
    event = factories.event(title="Watch meeting")
    officer = factories.user("officer", username="officer.chen")
    RosterAccess.objects.create(user=officer, event=event, what=RosterAccess.What.CSV)
    factories.walkin(event, name="Pat", head_count=2, recorded_by=officer)

    log = client.get("/admin/rsvp/rosteraccess/")
    walkins = client.get("/admin/rsvp/walkin/")

    assert log.status_code == 200
    assert [str(a) for a in log.context["cl"].result_list] == [str(RosterAccess.objects.get())]
    assert "officer.chen" in log.content.decode() and "CSV export" in log.content.decode()
    assert walkins.status_code == 200
    assert [(w.name, w.head_count) for w in walkins.context["cl"].result_list] == [("Pat", 2)]


def test_roster_access_log_and_walkins_are_read_only_in_admin(client, coordinator):
    event = factories.event()
    RosterAccess.objects.create(user=coordinator, event=event, what=RosterAccess.What.PAGE)
    walkin = factories.walkin(event)
    access = RosterAccess.objects.get()
    assert client.get("/admin/rsvp/rosteraccess/add/").status_code == 403
    assert client.get("/admin/rsvp/walkin/add/").status_code == 403
    assert client.post(f"/admin/rsvp/rosteraccess/{access.pk}/delete/").status_code == 403
    assert client.post(f"/admin/rsvp/walkin/{walkin.pk}/delete/").status_code == 403
    change = client.get(f"/admin/rsvp/rosteraccess/{access.pk}/change/")
    assert change.status_code == 200  # a read-only view
    assert b'name="_save"' not in change.content


def test_officers_cannot_read_the_access_log(client):
    client.force_login(factories.user("officer", is_staff=True))
    assert client.get("/admin/rsvp/rosteraccess/").status_code == 403
