"""The .ics invitation carried by notice e-mails (RFC 5545 / RFC 5546 iTIP).

The VEVENT and VTIMEZONE are the feeds' (scheduler.feeds.builder): same UID
(Event.uid), SEQUENCE, words and onsets, so a calendar that got the invitation updates
the same entry when a change or a cancellation arrives. Only the invitation carries
METHOD, ORGANIZER and ATTENDEE: feeds never name anyone. Its words are the builder's, in
the active language: the e-mail renders it under the resident's (email.notice_email).
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import vCalAddress

from scheduler.feeds.builder import STATUS_CANCELLED, event_calendar, event_vevent

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation(*, event, attendee, name: str, method: str) -> bytes:
    """`event` needs `program`, `venue` and `host` loaded (partners are read here)."""
    vevent = event_vevent(event, site_url=settings.SITE_URL)
    # With a METHOD, DTSTAMP is when this message was made (RFC 5545 3.8.7.2), not the
    # last change of the event as in the feeds.
    del vevent["DTSTAMP"]
    vevent.add("dtstamp", timezone.now())
    cancelled = method == CANCEL or event.status == event.Status.CANCELLED
    if cancelled:
        # A CANCEL also for a resident's own cancelled RSVP: the event itself goes on, so
        # its words stay; only the status tells the calendar to drop the entry.
        del vevent["STATUS"]
        vevent.add("status", STATUS_CANCELLED)
    # iTIP needs an organizer; replies go to the department's notices address.
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = event.host.name
    vevent.add("organizer", organizer)
    guest = vCalAddress(f"mailto:{attendee.email}")
    if name:  # the name typed with this RSVP (a head-count one has none)
        guest.params["cn"] = name
    guest.params["role"] = "REQ-PARTICIPANT"
    guest.params["partstat"] = "DECLINED" if cancelled else "ACCEPTED"
    guest.params["rsvp"] = "FALSE"
    vevent.add("attendee", guest)
    return event_calendar(event, vevent, method=method)
