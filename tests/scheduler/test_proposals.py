"""Partners propose events, coordinators approve: the permission matrix, the services, the
outbox's e-mails to both sides, and the pages end to end."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from notifications.delivery import notice_deliver
from notifications.models import Notification
from notifications.staff import notices_for_review_step
from rsvp.services import rsvp_create
from scheduler.errors import CapacityError
from scheduler.models import Event, PartnerEdits, Review, ReviewComment, StaffProfile
from scheduler.permissions import (
    may_edit_proposal,
    may_propose_for,
    may_review,
    may_see_proposal,
    proposal_events,
)
from scheduler.services import (
    ProposalError,
    ProposalForbidden,
    proposal_create,
    proposal_review,
    proposal_save,
    proposal_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "plain_user",
    "officer",
    "officer_of_org",
    "partner_own_org",
    "partner_other_org",
    "coordinator",
]


class Anonymous:
    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None


@pytest.fixture
def world():
    org, other = factories.organization(), factories.organization()
    users = {
        "anonymous": Anonymous(),
        "plain_user": factories.user(organization_=org),
        "officer": factories.user("officer"),
        "officer_of_org": factories.user("officer", organization_=org),
        "partner_own_org": factories.user("partner", organization_=org, email="p@example.org"),
        "partner_other_org": factories.user("partner", organization_=other, email="q@example.org"),
        "coordinator": factories.user("coordinator", email="c@example.org"),
    }
    return {"org": org, "other": other, "users": users}


def _draft(world, **kw):
    start = timezone.now() + dt.timedelta(days=10)
    return proposal_create(
        author=world["users"]["partner_own_org"],
        host=world["org"],
        program=kw.pop("program", None) or factories.program(),
        venue=kw.pop("venue", None) or factories.venue(),
        title=kw.pop("title", "Bike safety day"),
        start=start,
        end=start + dt.timedelta(hours=2),
        capacity=kw.pop("capacity", 30),
        **kw,
    )


# Who may do what: their own organization yes, others no, publishing only by coordinators.
MATRIX = {
    # role: (propose for org, propose for other, edit org's, see org's, review)
    "anonymous": (False, False, False, False, False),
    "plain_user": (False, False, False, False, False),
    "officer": (False, False, False, False, False),
    "officer_of_org": (False, False, False, False, False),
    "partner_own_org": (True, False, True, True, False),
    "partner_other_org": (False, True, False, False, False),
    "coordinator": (False, False, False, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_partner_workflow_permission_matrix(world, role):
    user = world["users"][role]
    event = _draft(world)
    assert (
        may_propose_for(user, world["org"]),
        may_propose_for(user, world["other"]),
        may_edit_proposal(user, event),
        may_see_proposal(user, event),
        may_review(user),
    ) == MATRIX[role]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "coordinator"])
def test_only_coordinators_publish(world, role):
    event = _draft(world)
    proposal_submit(event=event, author=world["users"]["partner_own_org"])
    with pytest.raises(ProposalForbidden):
        proposal_review(event=event, reviewer=world["users"][role], decision="approve")
    event.refresh_from_db()
    assert event.review == Review.SUBMITTED


def test_a_partner_proposes_only_for_their_own_organization(world):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ProposalForbidden):
        proposal_create(
            author=world["users"]["partner_own_org"],
            host=world["other"],
            program=factories.program(),
            venue=factories.venue(),
            title="Not ours",
            start=start,
            end=start + dt.timedelta(hours=1),
        )
    assert Event.objects.count() == 0


def test_another_organizations_partner_cannot_edit_or_submit(world):
    event = _draft(world)
    stranger = world["users"]["partner_other_org"]
    with pytest.raises(ProposalForbidden):
        proposal_save(event=event, author=stranger, values={"title": "Mine now"})
    with pytest.raises(ProposalForbidden):
        proposal_submit(event=event, author=stranger)
    event.refresh_from_db()
    assert (event.title, event.review) == ("Bike safety day", Review.DRAFT)


def test_the_whole_review_is_recorded_step_by_step(world):
    partner, coordinator = world["users"]["partner_own_org"], world["users"]["coordinator"]
    event = _draft(world)
    assert event.review == Review.DRAFT
    proposal_submit(event=event, author=partner, text="Ready")
    proposal_review(event=event, reviewer=coordinator, decision="changes", text="Say where.")
    assert event.review == Review.CHANGES_REQUESTED
    proposal_save(event=event, author=partner, values={"description": "In the gym."})
    proposal_submit(event=event, author=partner)
    proposal_review(event=event, reviewer=coordinator, decision="approve")
    assert event.review == Review.PUBLISHED
    steps = list(ReviewComment.objects.filter(event=event).values_list("action", "text"))
    assert steps == [
        ("created", ""),
        ("submitted", "Ready"),
        ("changes_requested", "Say where."),
        ("submitted", ""),
        ("approved", ""),
    ]


def test_asking_for_changes_or_declining_needs_a_comment(world):
    event = _draft(world)
    proposal_submit(event=event, author=world["users"]["partner_own_org"])
    for decision in ("changes", "decline"):
        with pytest.raises(ProposalError) as refused:
            proposal_review(event=event, reviewer=world["users"]["coordinator"], decision=decision)
        assert refused.value.field == "text"
    event.refresh_from_db()
    assert event.review == Review.SUBMITTED


def test_a_submitted_proposal_is_not_edited_and_a_declined_one_is_closed(world):
    partner, coordinator = world["users"]["partner_own_org"], world["users"]["coordinator"]
    event = _draft(world)
    proposal_submit(event=event, author=partner)
    with pytest.raises(ProposalError):
        proposal_save(event=event, author=partner, values={"title": "Changed"})
    proposal_review(event=event, reviewer=coordinator, decision="decline", text="Not ours.")
    with pytest.raises(ProposalError):
        proposal_save(event=event, author=partner, values={"title": "Changed"})
    with pytest.raises(ProposalError):
        proposal_submit(event=event, author=partner)
    event.refresh_from_db()
    assert (event.title, event.review) == ("Bike safety day", Review.DECLINED)


def _published(world):
    event = _draft(world)
    proposal_submit(event=event, author=world["users"]["partner_own_org"])
    proposal_review(event=event, reviewer=world["users"]["coordinator"], decision="approve")
    return event


def test_after_approval_a_partner_changes_text_and_capacity_by_default(world):
    partner = world["users"]["partner_own_org"]
    event = _published(world)
    proposal_save(event=event, author=partner, values={"title": "Bike day", "capacity": 40})
    event.refresh_from_db()
    assert (event.title, event.capacity, event.review) == ("Bike day", 40, Review.PUBLISHED)
    later = event.start + dt.timedelta(days=1)
    with pytest.raises(ProposalError) as refused:
        proposal_save(event=event, author=partner, values={"start": later})
    assert refused.value.field == "start"
    with pytest.raises(ProposalError):
        proposal_save(event=event, author=partner, values={"venue": factories.venue()})
    assert ReviewComment.objects.filter(event=event, action="edited").count() == 1


def test_an_organization_without_edits_after_approval_changes_nothing(world):
    world["org"].partner_may_edit = PartnerEdits.NOTHING
    world["org"].save()
    event = _published(world)
    with pytest.raises(ProposalError):
        proposal_save(event=event, author=world["users"]["partner_own_org"], values={"title": "X"})


def test_a_time_change_after_rsvps_tells_each_resident(world):
    world["org"].partner_may_edit = PartnerEdits.TEXT_CAPACITY_TIME
    world["org"].save()
    event = _published(world)
    rsvp_create(event=event, name="Ana", email="ana@example.org", party_size=1)
    start = event.start + dt.timedelta(hours=1)
    proposal_save(
        event=event,
        author=world["users"]["partner_own_org"],
        values={"start": start, "end": start + dt.timedelta(hours=2)},
    )
    changed = Notification.objects.filter(kind="event_changed", event=event)
    assert list(changed.values_list("attendee__email", flat=True)) == ["ana@example.org"]


def test_capacity_never_drops_below_confirmed_seats_for_a_partner(world):
    event = _published(world)
    rsvp_create(event=event, name="Ana", email="ana@example.org", party_size=3)
    with pytest.raises(CapacityError):
        proposal_save(event=event, author=world["users"]["partner_own_org"], values={"capacity": 2})
    event.refresh_from_db()
    assert event.capacity == 30


def test_a_submission_tells_every_coordinator_in_their_language(world):
    second = factories.user("coordinator", email="c2@example.org")
    StaffProfile.objects.create(user=second, language="es")
    event = _draft(world, title="Día de bicis")
    proposal_submit(event=event, author=world["users"]["partner_own_org"], text="Listo")
    rows = Notification.objects.filter(kind="proposal_submitted").order_by("user__email")
    assert [(r.user.email, r.attendee_id, r.state) for r in rows] == [
        ("c2@example.org", None, "pending"),
        ("c@example.org", None, "pending"),
    ]
    for row in rows:
        assert notice_deliver(row.pk) == "sent"
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["c@example.org"].subject == "Event proposal to review: Día de bicis"
    assert "Listo" in by_address["c@example.org"].body
    assert f"/officers/proposals/{event.pk}/" in by_address["c@example.org"].body
    html = by_address["c2@example.org"].alternatives[0][0]
    assert '<html lang="es" dir="ltr">' in html
    assert "List-Unsubscribe" not in by_address["c@example.org"].extra_headers


@pytest.mark.parametrize(
    "decision, kind",
    [
        ("approve", "proposal_approved"),
        ("changes", "proposal_changes"),
        ("decline", "proposal_declined"),
    ],
)
def test_a_decision_tells_the_partner_who_submitted_it(world, decision, kind):
    partner = world["users"]["partner_own_org"]
    StaffProfile.objects.create(user=partner, language="vi")
    event = _draft(world)
    proposal_submit(event=event, author=partner)
    proposal_review(
        event=event, reviewer=world["users"]["coordinator"], decision=decision, text="Why"
    )
    [row] = Notification.objects.filter(kind=kind)
    assert (row.user, row.event, row.payload["comment"]) == (partner, event, "Why")
    assert notice_deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["p@example.org"]
    assert '<html lang="vi" dir="ltr">' in message.alternatives[0][0]


def test_planning_a_review_step_twice_makes_one_notice(world):
    event = _draft(world)
    comment = proposal_submit(event=event, author=world["users"]["partner_own_org"])
    notices_for_review_step(comment=comment)
    assert Notification.objects.filter(kind="proposal_submitted").count() == 1


def test_an_event_a_coordinator_made_for_the_organization_stays_the_coordinators(world):
    made = factories.event(host=world["org"], title="Made by a coordinator")
    partner = world["users"]["partner_own_org"]
    assert (may_edit_proposal(partner, made), may_see_proposal(partner, made)) == (False, False)
    with pytest.raises(ProposalForbidden):
        proposal_save(event=made, author=partner, values={"title": "Changed"})
    assert list(proposal_events(partner)) == []
