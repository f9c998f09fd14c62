"""The links a notice carries (manage the RSVP, stop reminders, a new personal feed).

Each token is derived from the notice (Notification.link_token), so a re-send renders
the very same links. Only hashes are stored: the stop-reminders hash on the notice, the
manage hash with the RSVP (rsvp.models.ManageLink), both written when the notice is
claimed for sending.
"""

from django.conf import settings

from notifications.models import Notification
from scheduler.feeds.languages import LANG_PARAM
from scheduler.tokens import token_hash

MAX_TOKEN_LENGTH = 128


def link_urls(notice: Notification) -> dict[str, str]:
    site = settings.SITE_URL
    urls = {
        "manage_url": f"{site}/rsvp/{notice.link_token('manage')}/",
        "stop_url": f"{site}/notices/{notice.link_token('unsubscribe')}/stop-reminders/",
    }
    if notice.party_id:
        # A block party's manage page (nightout/); its hash was stored when it was planned.
        urls["manage_url"] = f"{site}/night-out/manage/{notice.link_token('manage')}/"
    if notice.kind == Notification.Kind.STILL_COMING:
        urls["yes_url"] = still_coming_url(notice, "yes")
        urls["no_url"] = still_coming_url(notice, "no")
        urls["answer_url"] = still_coming_url(notice)
    if notice.volunteer_id:
        # A volunteer's manage page (volunteers/); its hash was stored when it was planned.
        urls["manage_url"] = f"{site}/volunteer/{notice.link_token('manage')}/"
    if notice.kind == Notification.Kind.FEED_LINK:
        # It starts working only once the e-mail went out (delivery.notice_deliver). It
        # names the language of the RSVP it was asked from, so the calendar keeps it
        # whatever RSVPs the address makes later.
        language = (notice.rsvp.language if notice.rsvp_id else "") or settings.LANGUAGE_CODE
        urls["feed_url"] = (
            f"{site}/calendar/me/{notice.link_token('feed')}.ics?{LANG_PARAM}={language}"
        )
    return urls


# The answers a "still coming?" notice's links give (followup/urls.py): one page each.
STILL_COMING_ANSWERS = ("yes", "no")


def still_coming_url(notice: Notification, answer: str = "") -> str:
    """A "still coming?" link: the page with both buttons, or (answer "yes"/"no") the page
    with that one button. Either asks for a tap that POSTs: mail scanners that fetch links
    change nothing. The token's hash is stored when the notice is planned (followup)."""
    url = f"{settings.SITE_URL}/still-coming/{notice.link_token('still-coming')}/"
    return url + (f"{answer}/" if answer in STILL_COMING_ANSWERS else "")


def message_version(payload: dict, language: str) -> dict[str, str]:
    """The version of an officer's message (followup) a resident reads: the one in their
    language, else the message's default one."""
    versions = payload.get("versions") or {}
    return versions.get(language) or versions.get(payload.get("language"), {})


def notice_by_stop_token(token: str) -> Notification | None:
    """The notice whose "stop reminders" link this is, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Notification.objects.filter(unsubscribe_token_hash=token_hash(token)).first()
