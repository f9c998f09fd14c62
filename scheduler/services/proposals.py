"""Partners propose events, coordinators approve them (one function per step, transactional).

A proposal is an Event whose `review` is not "published": no public page, feed or API
answer shows it (EventQuerySet.published). Partner staff create and edit drafts for the
organizations they work for and submit them; a coordinator approves (publishes), asks
for changes or declines, with a comment. Each step is a ReviewComment, and the outbox
tells the other side (scheduler.signals.proposal_reviewed -> notifications/staff.py).
Once published, partners change only what their organization's `partner_may_edit` lets
them, through event_save, which tells residents about a new time.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from scheduler import signals
from scheduler.errors import EventError
from scheduler.locking import event_locked
from scheduler.models import (
    Event,
    Organization,
    PartnerEdits,
    Program,
    Review,
    ReviewComment,
    StaffProfile,
    Venue,
    default_column,
)
from scheduler.models.validators import validate_text_block
from scheduler.permissions import may_edit_proposal, may_propose_for, may_review
from scheduler.services.events import event_create, event_save

Action = ReviewComment.Action

# What a partner may write on a proposal before it is published.
DRAFT_FIELDS = ("title", "description", "program", "venue", "start", "end", "capacity")
TEXT_FIELDS = ("title", "description")
TIME_FIELDS = ("start", "end")
# Proposals a partner may still change as a whole (a declined one is closed).
OPEN_REVIEWS = (Review.DRAFT, Review.CHANGES_REQUESTED)

# A coordinator's decision on a submitted proposal: the review it leads to, its action.
DECISIONS = {
    "approve": (Review.PUBLISHED, Action.APPROVED),
    "changes": (Review.CHANGES_REQUESTED, Action.CHANGES_REQUESTED),
    "decline": (Review.DECLINED, Action.DECLINED),
}


class ProposalError(EventError):
    """A step of a proposal that its rules refuse."""

    code = "proposal_rule"


class ProposalForbidden(ProposalError):
    code = "forbidden"
    status = 403


# A comment is kept on the review trail and quoted in e-mails.
COMMENT_MAX_LENGTH = 2000


def _comment_clean(text: str) -> str:
    text = text.strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise ProposalError(gettext("Keep the comment shorter."), field="text")
    try:
        validate_text_block(text)
    except ValidationError as exc:
        raise ProposalError(" ".join(exc.messages), field="text") from None
    return text


def staff_language_remember(*, user, language: str) -> None:
    """Keep the language a staff member uses the officer pages in: e-mails about their
    proposals and reviews are written in it."""
    if not user.is_authenticated or not language:
        return
    StaffProfile.objects.update_or_create(user=user, defaults={"language": language})


def proposal_create(
    *,
    author,
    host: Organization,
    program: Program,
    venue: Venue,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    description: str = "",
    capacity: int | None = None,
) -> Event:
    """A draft event for the author's organization: seen by its staff and coordinators only."""
    if not may_propose_for(author, host):
        raise ProposalForbidden(gettext("You may only propose events for your organization."))
    event = event_create(
        title=title,
        description=description,
        program=program,
        venue=venue,
        host=host,
        start=start,
        end=end,
        capacity=capacity,
        review=Review.DRAFT,
    )
    ReviewComment.objects.create(event=event, author=author, action=Action.CREATED)
    return event


def partner_editable_fields(event: Event) -> tuple[str, ...]:
    """The fields a partner may change on this event now."""
    if event.review in OPEN_REVIEWS:
        return DRAFT_FIELDS
    if event.review != Review.PUBLISHED or event.is_cancelled:
        return ()
    allowed = event.host.partner_may_edit
    if allowed == PartnerEdits.TEXT_CAPACITY:
        return (*TEXT_FIELDS, "capacity")
    if allowed == PartnerEdits.TEXT_CAPACITY_TIME:
        return (*TEXT_FIELDS, "capacity", *TIME_FIELDS)
    return ()


def proposal_save(*, event: Event, author, values: dict[str, Any]) -> Event:
    """A partner's edit: only the fields their organization allows now, all or nothing.

    `values` holds the changed fields' new values. A published event is changed through
    event_save (its lock, capacity rules and the residents' "changed" notices for a new
    time), and the edit is recorded on its review trail.
    """
    if not may_edit_proposal(author, event):
        raise ProposalForbidden(gettext("You may only change your organization's events."))
    allowed = partner_editable_fields(event)
    refused = sorted(set(values) - set(allowed))
    if refused:
        raise ProposalError(
            gettext("Your organization may not change this on an approved event."),
            field=refused[0],
        )
    if not values:
        return event
    values = dict(values)
    capacity = values.pop("capacity", ...)
    # Partners write the texts in the default language, whatever language their page is
    # in (as the API does): coordinators add the other languages in the admin.
    columns = {default_column(k) if k in TEXT_FIELDS else k: v for k, v in values.items()}
    for name, value in columns.items():
        setattr(event, name, value)
    was_published = event.is_published
    event = event_save(event=event, changed_fields=list(columns), capacity=capacity)
    if was_published:
        ReviewComment.objects.create(event=event, author=author, action=Action.EDITED)
    return event


def proposal_submit(*, event: Event, author, text: str = "") -> ReviewComment:
    """Send a draft (or one sent back for changes) to the coordinators."""
    if not may_edit_proposal(author, event):
        raise ProposalForbidden(gettext("You may only submit your organization's events."))
    with event_locked(event.pk) as current:
        if current.review not in OPEN_REVIEWS:
            raise ProposalError(
                gettext("Only a draft, or one sent back for changes, is submitted.")
            )
        text = _comment_clean(text)
        current.review = Review.SUBMITTED
        current.save(update_fields=["review", "updated_at"])
        comment = ReviewComment.objects.create(
            event=current, author=author, action=Action.SUBMITTED, text=text
        )
        signals.proposal_reviewed.send(sender=Event, comment=comment)
    event.refresh_from_db()
    return comment


def proposal_review(*, event: Event, reviewer, decision: str, text: str = "") -> ReviewComment:
    """A coordinator's decision on a submitted proposal: approve (publish), ask for
    changes, or decline. Asking for changes and declining say why."""
    if not may_review(reviewer):
        raise ProposalForbidden(gettext("Only coordinators review proposals."))
    if decision not in DECISIONS:
        raise ProposalError(
            gettext("Choose approve, ask for changes or decline."), field="decision"
        )
    text = _comment_clean(text)
    review, action = DECISIONS[decision]
    if review != Review.PUBLISHED and not text:
        raise ProposalError(gettext("Say what to change, or why it is declined."), field="text")
    with event_locked(event.pk) as current:
        if current.review != Review.SUBMITTED:
            raise ProposalError(gettext("This proposal is not waiting for a review."))
        current.review = review
        current.save(update_fields=["review", "updated_at"])
        comment = ReviewComment.objects.create(
            event=current, author=reviewer, action=action, text=text
        )
        signals.proposal_reviewed.send(sender=Event, comment=comment)
    event.refresh_from_db()
    return comment
