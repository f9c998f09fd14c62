"""The .ics invitation carried by notice e-mails (RFC 5545 / RFC 5546 iTIP).

Same UID as the feeds (Event.uid) and the event's current SEQUENCE, so a calendar that
got the invitation updates the same entry when a change or a cancellation arrives.
"""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress
from icalendar import Event as VEvent

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation(*, event, attendee, method: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Porchlight//Notices//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    vevent.add("location", f"{event.venue.name}, {event.venue.address}")
    vevent.add("url", event.absolute_url)
    if event.description:
        vevent.add("description", event.description)
    cancelled = method == CANCEL or event.status == event.Status.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # iTIP needs an organizer; replies go to the department's notices address.
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = event.host.name
    vevent.add("organizer", organizer)
    guest = vCalAddress(f"mailto:{attendee.email}")
    guest.params["cn"] = attendee.name
    guest.params["role"] = "REQ-PARTICIPANT"
    guest.params["partstat"] = "DECLINED" if cancelled else "ACCEPTED"
    guest.params["rsvp"] = "FALSE"
    vevent.add("attendee", guest)
    cal.add_component(vevent)
    # Only the years around the event: the full 1970–2038 history makes every
    # invitation many times larger (and slower to build) for nothing.
    cal.add_missing_timezones(
        first_date=dt.date(event.start.year - 1, 1, 1), last_date=dt.date(event.end.year + 2, 1, 1)
    )
    return cal.to_ical()
