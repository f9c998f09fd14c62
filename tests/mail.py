"""What reaches a resident's mailbox, for tests: send the due notices, find their links."""

import re

from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import notice_send


def deliver_due() -> list[str]:
    """Send every notice due now, as the worker would; returns what each send did."""
    due = Notification.objects.filter(
        state=Notification.State.PENDING, due_at__lte=timezone.now()
    ).order_by("id")
    return [notice_send(pk) for pk in due.values_list("pk", flat=True)]


def messages_to(mailoutbox, address: str) -> list:
    return [m for m in mailoutbox if m.to == [address]]


def manage_path(message) -> str:
    """The /rsvp/<token>/ path of the manage link in an e-mail."""
    match = re.search(r"https?://[^/\s]+(/rsvp/[A-Za-z0-9_-]+/)", message.body)
    assert match, "no manage link in the e-mail"
    return match.group(1)
