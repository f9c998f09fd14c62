"""Text messages for notices: a small backend interface chosen by the SMS_BACKEND setting.

A backend is a class with `send(*, to: str, body: str, message_id: str) -> None` that
raises on failure (the outbox then retries). Console and file backends ship here; a
carrier's HTTP API fits the same interface in a few lines, with no vendor SDK.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from notifications.email import notice_language
from notifications.links import link_urls, message_version
from notifications.models import Notification
from scheduler.when import when_text


class BaseSmsBackend:
    def send(self, *, to: str, body: str, message_id: str) -> None:
        raise NotImplementedError


def phone_masked(phone: str) -> str:
    return phone[:3] + "•" * max(len(phone) - 5, 0) + phone[-2:]


class ConsoleBackend(BaseSmsBackend):
    """Prints texts (development). The number is masked: consoles end up in logs."""

    def send(self, *, to: str, body: str, message_id: str) -> None:
        sys.stdout.write(f"SMS {message_id} to {phone_masked(to)}:\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


class FileBackend(BaseSmsBackend):
    """One file per message in SMS_FILE_PATH, named by the notice's message id.

    Written to a temporary name and renamed, so a reader never sees half a message and
    a re-send of the same notice replaces its file instead of adding a second one.
    """

    def send(self, *, to: str, body: str, message_id: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        name = message_id.strip("<>").replace("/", "_")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"To: {to}\nMessage-ID: {message_id}\n\n{body}\n")
        os.replace(tmp, folder / f"{name}.sms")


def backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def notice_sms_body(notice: Notification) -> str:
    """The text of a reminder (or "still coming?", or an officer's message), in the
    resident's language: short, with a link to the rest."""
    event = notice.event
    language = notice_language(notice)
    with translation.override(language):
        if notice.kind == Notification.Kind.STILL_COMING:
            # Translators: a text message; keep it short (one SMS is 160 plain characters).
            return gettext("Still coming to %(title)s, %(when)s? Tap to answer: %(url)s") % {
                "title": event.title,
                "when": when_text(event.start, event.end, event.timezone),
                "url": link_urls(notice)["answer_url"],
            }
        if notice.kind == Notification.Kind.ATTENDEE_MESSAGE:
            # Translators: a text message; the whole message is in the resident's e-mail.
            return gettext("%(title)s: %(subject)s (full message in your e-mail). %(url)s") % {
                "title": event.title,
                "subject": message_version(notice.payload, language).get("subject", ""),
                "url": link_urls(notice)["manage_url"],
            }
        # Translators: a text message; keep it short (one SMS is 160 plain characters).
        return gettext("Reminder: %(title)s, %(when)s, %(place)s. Your RSVP: %(url)s") % {
            "title": event.title,
            "when": when_text(event.start, event.end, event.timezone),
            "place": event.venue.name,
            "url": link_urls(notice)["manage_url"],
        }


def notice_sms_send(notice: Notification) -> None:
    backend().send(to=notice.rsvp.phone, body=notice_sms_body(notice), message_id=notice.message_id)
