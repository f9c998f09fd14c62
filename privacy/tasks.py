"""django-q2 tasks for privacy: the daily retention purge and the data-link e-mail.

The paths below are stored in Schedule rows and queued tasks of running sites: keep them.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from privacy.models import DataAccessLink
from privacy.services import data_access_link_create, retention_purge
from scheduler.feeds.languages import supported_language

logger = logging.getLogger(__name__)

SCHEDULES: dict[str, tuple[str, str, int | None]] = {
    "porchlight: erase residents' data past its retention period": (
        "privacy.tasks.retention_purge_daily",
        "D",
        None,
    ),
}


def retention_purge_daily() -> int:
    result = retention_purge(trigger="schedule")
    return result.run.events


def data_link_send(email: str, language: str) -> bool:
    """E-mail a data link to this address if we hold anything for it; True if one was sent.

    In `language`, the one the request page was read in, whatever the worker's own.

    Run on the worker, not in the request: the page answers at once and the same way
    whether or not the address is known, and the time it takes says nothing either.
    """
    made = data_access_link_create(email)
    if made is None:
        return False
    attendee, token = made
    url = settings.SITE_URL.rstrip("/") + reverse("privacy:data", args=[token])
    # The language of the page the request came from; one the site does not offer (a task
    # queued before a language was dropped) gets the default, never an error.
    with translation.override(supported_language(language) or settings.LANGUAGE_CODE):
        hours = int(DataAccessLink.LIFETIME.total_seconds() // 3600)
        context = {"url": url, "hours": hours}
        subject = render_to_string("privacy/email/data_link_subject.txt", context).strip()
        body = render_to_string("privacy/email/data_link.txt", context)
    EmailMessage(subject, body, to=[attendee.email]).send()
    logger.info("Data link sent (link for resident #%s)", attendee.pk)
    return True
