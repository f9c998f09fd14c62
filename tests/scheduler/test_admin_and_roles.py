import pytest
from django.contrib.auth.models import Group

from rsvp.models import Rsvp
from scheduler.permissions import can_view_roster, roster_events
from scheduler.services import event_capacity_set
from tests import factories
from tests.scheduler.admin_support import form_values

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    "scheduler/program",
    "scheduler/organization",
    "scheduler/neighborhood",
    "scheduler/venue",
    "scheduler/eventseries",
    "scheduler/event",
    "rsvp/attendee",
    "rsvp/rsvp",
]


def test_role_groups_exist_from_the_data_migration():
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Coordinators",
        "Officers",
        "Partner staff",
    ]


@pytest.fixture
def coordinator():
    return factories.user("coordinator", is_staff=True)


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_admin_changelist_and_add_page_loads_for_coordinators(client, coordinator, model):
    event = factories.event()
    factories.rsvp(event)
    client.force_login(coordinator)
    assert client.get(f"/admin/{model}/").status_code == 200
    change = client.get(f"/admin/{model}/?q=example")
    assert change.status_code == 200


def test_event_admin_filters_and_change_page(client, coordinator):
    hood = factories.neighborhood(slug="eastside")
    org = factories.organization(slug="library")
    event = factories.event(venue=factories.venue(neighborhood=hood), partners=[org])
    factories.rsvp(event)
    client.force_login(coordinator)
    for query in [
        "status=cancelled",
        "neighborhood=eastside",
        "organization=library",
        f"program__id__exact={event.program_id}",
    ]:
        assert client.get(f"/admin/scheduler/event/?{query}").status_code == 200
    response = client.get("/admin/scheduler/event/?organization=library")
    assert [e.pk for e in response.context["cl"].result_list] == [event.pk]
    assert client.get(f"/admin/scheduler/event/{event.pk}/change/").status_code == 200


def test_admin_cancel_action_goes_through_the_service(client, coordinator):
    event = factories.event()
    client.force_login(coordinator)
    response = client.post(
        "/admin/scheduler/event/",
        {
            "action": "cancel_events",
            "_selected_action": [event.pk],
            "post": "yes",
            "reason": "The hall is flooded.",
        },
        follow=True,
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.status, event.sequence, event.cancelled_at is not None) == ("cancelled", 1, True)


def test_admin_refuses_capacity_below_confirmed_seats_without_dropping_anyone(client, coordinator):
    event = factories.event(capacity=10)
    factories.rsvp(event, party_size=4)
    client.force_login(coordinator)
    data = {
        field: getattr(event, field) or ""
        for field in [
            "title_en",
            "description_en",
            "timezone",
            "max_party_size",
            "visibility",
            "promotion_cutoff_minutes",
            "status",
            "cancellation_reason",
        ]
    }
    data.update(
        program=event.program_id,
        venue=event.venue_id,
        host=event.host_id,
        capacity=2,
        start_0=event.local_start.date(),
        start_1=event.local_start.time(),
        end_0=event.local_end.date(),
        end_1=event.local_end.time(),
        **{
            "rsvps-TOTAL_FORMS": 1,
            "rsvps-INITIAL_FORMS": 1,
            "rsvps-MIN_NUM_FORMS": 0,
            "rsvps-MAX_NUM_FORMS": 1000,
            "rsvps-0-id": event.rsvps.get().pk,
            "rsvps-0-event": event.pk,
        },
    )
    response = client.post(f"/admin/scheduler/event/{event.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error next to the field
    assert response.context["adminform"].form.errors["capacity"] == [
        "4 seats are already confirmed, so capacity cannot go below 4. Nobody is dropped "
        "silently: cancel RSVPs first if you must."
    ]
    event.refresh_from_db()
    assert (event.capacity, Rsvp.objects.filter(event=event, status="confirmed").count()) == (10, 1)


def test_officers_and_partner_staff_cannot_use_the_admin(client):
    for role in ["officer", "partner"]:
        client.force_login(factories.user(role))
        response = client.get("/admin/scheduler/event/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_roster_access_helper_by_role():
    library = factories.organization()
    other_org = factories.organization()
    officer = factories.user("officer")
    staff = factories.user("partner", organization_=library, roster_access=True)
    colleague = factories.user("partner", organization_=library)  # not granted
    stranger = factories.user()
    coordinator = factories.user("coordinator")
    assigned = factories.event(officers=[officer])
    hosted = factories.event(host=library)
    partnered = factories.event(partners=[library, other_org])
    unrelated = factories.event()

    def visible(user):
        return [e for e in (assigned, hosted, partnered, unrelated) if can_view_roster(user, e)]

    assert visible(officer) == [assigned]
    assert visible(staff) == [hosted, partnered]
    assert visible(colleague) == []
    assert visible(stranger) == []
    assert visible(coordinator) == [assigned, hosted, partnered, unrelated]
    assert sorted(roster_events(staff).values_list("pk", flat=True)) == [hosted.pk, partnered.pk]


def test_admin_change_form_cannot_set_status(client, coordinator):
    event = factories.event()
    client.force_login(coordinator)
    form = client.get(f"/admin/scheduler/event/{event.pk}/change/").context["adminform"].form
    assert "status" not in form.fields


def test_admin_save_from_a_page_opened_earlier_keeps_changes_made_since(client, coordinator):
    event = factories.event(capacity=40, title="Old title")
    client.force_login(coordinator)
    url = f"/admin/scheduler/event/{event.pk}/change/"
    values = form_values(client.get(url).content.decode())
    event_capacity_set(event=event, capacity=60)  # someone else, meanwhile
    values["title_en"] = ["New title"]
    response = client.post(url, values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("New title", 60)
