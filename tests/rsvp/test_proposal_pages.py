"""The proposal pages of the officer area, end to end: a partner proposes and submits, a
coordinator reviews, both are e-mailed through the outbox, and nobody else gets in."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.models import Notification
from scheduler.models import Event, Review, ReviewComment, StaffProfile
from scheduler.services import proposal_create, proposal_submit
from tests import factories

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def org():
    return factories.organization(name="Riverside YMCA")


@pytest.fixture
def partner(org):
    return factories.user("partner", organization_=org, email="partner@example.org")


@pytest.fixture
def coordinator():
    return factories.user("coordinator", email="coord@example.org")


def _form(program, venue, **kw):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=9)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    return {
        "title": "Teen basketball night",
        "description": "Pickup games with officers.",
        "program": program.pk,
        "venue": venue.pk,
        "start": start.strftime(FORMAT),
        "end": (start + dt.timedelta(hours=2)).strftime(FORMAT),
        "capacity": "40",
        **kw,
    }


def _deliver_all() -> None:
    for pk in Notification.objects.filter(state="pending").values_list("pk", flat=True):
        assert notice_deliver(pk) == "sent"


def test_a_partner_proposes_and_a_coordinator_approves_end_to_end(
    client, org, partner, coordinator
):
    program, venue = factories.program(), factories.venue()
    client.force_login(partner)
    answer = client.post(
        "/officers/proposals/new/",
        {**_form(program, venue), "host": org.pk},
        headers={"accept-language": "es"},
    )
    event = Event.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/officers/proposals/{event.pk}/"
    assert (event.review, event.host, event.capacity) == (Review.DRAFT, org, 40)
    assert StaffProfile.objects.get(user=partner).language == "es"
    assert client.get(f"/events/{event.pk}/").status_code == 404

    page = client.get(f"/officers/proposals/{event.pk}/")
    assert page.status_code == 200
    assert page.context["submit_form"] is not None
    answer = client.post(
        f"/officers/proposals/{event.pk}/submit/",
        {"text": "Gym is booked."},
        headers={"accept-language": "es"},
    )
    assert answer.status_code == 302
    event.refresh_from_db()
    assert event.review == Review.SUBMITTED

    client.force_login(coordinator)
    queue = client.get("/officers/proposals/")
    assert [e.title for e in queue.context["queue"]] == ["Teen basketball night"]
    answer = client.post(
        f"/officers/proposals/{event.pk}/review/", {"decision": "approve", "text": ""}
    )
    assert (answer.status_code, answer["Location"]) == (302, "/officers/proposals/")
    event.refresh_from_db()
    assert event.review == Review.PUBLISHED
    assert client.get(f"/events/{event.pk}/").status_code == 200

    _deliver_all()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("coord@example.org", "Event proposal to review: Teen basketball night"),
        # The partner wrote in Spanish (their profile's language), the coordinator did not.
        ("partner@example.org", "Su evento está aprobado: Teen basketball night"),
    ]
    partner_mail = next(m for m in mail.outbox if m.to == ["partner@example.org"])
    assert '<html lang="es" dir="ltr">' in partner_mail.alternatives[0][0]
    assert list(ReviewComment.objects.filter(event=event).values_list("action", flat=True)) == [
        "created",
        "submitted",
        "approved",
    ]


def test_asking_for_changes_sends_it_back_with_the_comment(client, org, partner, coordinator):
    event = _proposal(org, partner)
    proposal_submit(event=event, author=partner)
    client.force_login(coordinator)
    refused = client.post(f"/officers/proposals/{event.pk}/review/", {"decision": "changes"})
    assert refused.status_code == 400
    assert refused.context["review_form"].errors == {
        "text": ["Say what to change, or why it is declined."]
    }
    client.post(
        f"/officers/proposals/{event.pk}/review/",
        {"decision": "changes", "text": "Add the room number."},
    )
    event.refresh_from_db()
    assert event.review == Review.CHANGES_REQUESTED
    [row] = Notification.objects.filter(kind="proposal_changes")
    assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["partner@example.org"]
    assert "Add the room number." in message.body

    client.force_login(partner)
    page = client.get(f"/officers/proposals/{event.pk}/")
    assert [step.text for step in page.context["trail"]] == ["", "", "Add the room number."]
    answer = client.post(
        f"/officers/proposals/{event.pk}/",
        {**_form(event.program, event.venue), "title": "Teen night, gym B"},
    )
    assert answer.status_code == 302
    event.refresh_from_db()
    assert event.title == "Teen night, gym B"


def _proposal(org, partner, **kw) -> Event:
    start = timezone.now() + dt.timedelta(days=9)
    return proposal_create(
        author=partner,
        host=org,
        program=factories.program(),
        venue=factories.venue(),
        title=kw.pop("title", "Teen basketball night"),
        start=start,
        end=start + dt.timedelta(hours=2),
        capacity=40,
    )


def test_bad_input_is_a_form_error_not_a_500(client, org, partner):
    client.force_login(partner)
    program, venue = factories.program(), factories.venue()
    form = _form(program, venue, host=org.pk)
    answer = client.post("/officers/proposals/new/", {**form, "end": form["start"]})
    assert answer.status_code == 400
    assert answer.context["form"].errors == {"end": ["The event must end after it starts."]}
    answer = client.post("/officers/proposals/new/", {**form, "start": "soon", "capacity": "x"})
    assert answer.status_code == 400
    assert sorted(answer.context["form"].errors) == ["capacity", "start"]
    assert Event.objects.count() == 0


def test_a_partner_cannot_propose_for_another_organization(client, org, partner):
    client.force_login(partner)
    other = factories.organization()
    form = _form(factories.program(), factories.venue(), host=other.pk)
    answer = client.post("/officers/proposals/new/", form)
    assert answer.status_code == 400
    assert list(answer.context["form"].errors) == ["host"]
    assert Event.objects.count() == 0


def test_who_gets_which_answer(client, org, partner, coordinator):
    event = _proposal(org, partner)
    other_partner = factories.user("partner", organization_=factories.organization())
    officer = factories.user("officer")
    urls = {
        "list": ("get", "/officers/proposals/"),
        "new": ("get", "/officers/proposals/new/"),
        "detail": ("get", f"/officers/proposals/{event.pk}/"),
        "edit": ("post", f"/officers/proposals/{event.pk}/"),
        "submit": ("post", f"/officers/proposals/{event.pk}/submit/"),
        "review": ("post", f"/officers/proposals/{event.pk}/review/"),
    }

    def answers(user):
        client.logout()
        if user:
            client.force_login(user)
        return {
            name: getattr(client, method)(url, {"decision": "decline"}).status_code
            if method == "post"
            else client.get(url).status_code
            for name, (method, url) in urls.items()
        }

    assert answers(None) == dict.fromkeys(urls, 302)  # to the login page
    assert answers(officer) == {
        "list": 403,
        "new": 403,
        "detail": 404,
        "edit": 404,
        "submit": 404,
        "review": 404,
    }
    # Another organization's proposal does not exist for them.
    assert answers(other_partner) == {
        "list": 200,
        "new": 200,
        "detail": 404,
        "edit": 404,
        "submit": 404,
        "review": 404,
    }
    # Coordinators review; they do not propose or edit as a partner.
    assert answers(coordinator) == {
        "list": 200,
        "new": 403,
        "detail": 200,
        "edit": 403,
        "submit": 403,
        "review": 400,  # a decline without a comment: refused on the form
    }
    event.refresh_from_db()
    assert event.review == Review.DRAFT
    assert answers(partner)["review"] == 403
    event.refresh_from_db()
    assert event.review == Review.SUBMITTED  # the partner's own submit went through


def test_the_lists_cost_the_same_queries_at_2_and_at_20_rows(
    client, org, partner, coordinator, get_queries
):
    def make(count):
        for _ in range(count):
            proposal_submit(event=_proposal(org, partner), author=partner)

    make(2)
    for user in (partner, coordinator):
        client.force_login(user)
        get_queries(client, "/officers/proposals/")  # warm the session
    few = {}
    for user in (partner, coordinator):
        client.force_login(user)
        few[user.pk] = get_queries(client, "/officers/proposals/")
    make(18)
    for user in (partner, coordinator):
        client.force_login(user)
        assert get_queries(client, "/officers/proposals/") == few[user.pk]
    client.force_login(coordinator)
    assert len(client.get("/officers/proposals/").context["queue"]) == 20
