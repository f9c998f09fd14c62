"""Notices to staff about partners' proposals: planned in the review step's transaction,
sent by the same outbox as residents' notices, each in its recipient's language.

A partner's submission tells every coordinator; a coordinator's decision tells the
partner staff who submitted it. Each notice's dedupe key names the review step and the
recipient, so planning a step twice makes no second e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification
from notifications.planning import _rows_create
from scheduler.feeds.languages import supported_language
from scheduler.models import ReviewComment, StaffProfile
from scheduler.permissions import COORDINATORS

Kind = Notification.Kind
Action = ReviewComment.Action

# The notice each review step sends, to whom ("coordinators" or "submitter").
STEP_NOTICES = {
    Action.SUBMITTED: (Kind.PROPOSAL_SUBMITTED, "coordinators"),
    Action.APPROVED: (Kind.PROPOSAL_APPROVED, "submitter"),
    Action.CHANGES_REQUESTED: (Kind.PROPOSAL_CHANGES, "submitter"),
    Action.DECLINED: (Kind.PROPOSAL_DECLINED, "submitter"),
}


def _coordinators():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    # As scheduler.permissions.is_coordinator: the group's members and superusers.
    return users.filter(Q(groups__name=COORDINATORS) | Q(is_superuser=True)).distinct()


def _submitter(comment: ReviewComment):
    latest = (
        ReviewComment.objects.filter(event_id=comment.event_id, action=Action.SUBMITTED)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
    )
    author = latest.author if latest else None
    if author is None or not author.is_active or not author.email:
        return []
    return [author]


def notices_for_review_step(*, comment: ReviewComment) -> list[int]:
    """The e-mails one review step sends (the other side), queued after commit."""
    step = STEP_NOTICES.get(comment.action)
    if step is None:
        return []
    kind, side = step
    recipients = _coordinators() if side == "coordinators" else _submitter(comment)
    now = timezone.now()
    event = comment.event
    rows = [
        Notification(
            kind=kind,
            user=user,
            event=event,
            event_sequence=event.sequence,
            payload={"comment": comment.text, "comment_id": comment.pk},
            due_at=now,
            dedupe_key=f"{kind}:step{comment.pk}:user{user.pk}",
        )
        for user in recipients
        if user.pk != comment.author_id
    ]
    return _rows_create(rows, now)


def staff_language(user) -> str:
    """The language the staff member last used the officer pages in, else the site's."""
    chosen = StaffProfile.objects.filter(user=user).values_list("language", flat=True).first()
    return supported_language(chosen or "") or settings.LANGUAGE_CODE


def staff_context(notice: Notification) -> dict:
    """What a staff notice's templates show beyond the event: the comment and the link."""
    page = "review" if notice.kind == Kind.PROPOSAL_SUBMITTED else "detail"
    path = f"/officers/proposals/{notice.event_id}/"
    return {
        "comment": notice.payload.get("comment", ""),
        "proposal_url": settings.SITE_URL + path,
        "page": page,
        "recipient": notice.user,
    }
