"""An officer's National Night Out visits in their private calendar feed
(/calendar/officers/<token>.ics). The feed is the officer's own, behind a secret token, so
it may carry the party's address and host name, as rosters do; never an e-mail or phone.
Registered with the scheduler's officer feed in apps.py."""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils.translation import gettext

from nightout.models import Visit
from scheduler.feeds.extras import Extra

CANCELLED = "CANCELLED"


def _uid(visit: Visit) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"nightout-visit-{visit.uid}@{domain}"


class OfficerVisits:
    def _visits(self, user_id: int, window=None):
        visits = Visit.objects.filter(officer_id=user_id)
        if window is not None:
            visits = visits.filter(end__gte=window.start, start__lt=window.end).filter(
                Q(cancelled_at=None, party__withdrawn_at=None)
                | Q(updated_at__gte=window.cancelled_since)
            )
        return visits

    def fingerprint(self, user_id: int) -> tuple:
        found = self._visits(user_id).aggregate(n=Count("pk"), last=Max("updated_at"))
        return ("nightout", found["n"], found["last"] and found["last"].isoformat())

    def components(self, user_id: int, window) -> list[Extra]:
        visits = self._visits(user_id, window).select_related("party__night_out")
        return [self._extra(visit) for visit in visits.order_by("start", "id")]

    def _extra(self, visit: Visit) -> Extra:
        party = visit.party
        tz = party.night_out.tzinfo
        cancelled = visit.cancelled_at is not None or party.withdrawn_at is not None
        component = icalendar.Event()
        stamp = visit.updated_at.astimezone(dt.UTC).replace(microsecond=0)
        uid = _uid(visit)
        component.add("uid", uid)
        component.add("dtstamp", stamp)
        component.add("last-modified", stamp)
        component.add("sequence", visit.sequence)
        component.add("dtstart", visit.start.astimezone(tz))
        component.add("dtend", visit.end.astimezone(tz))
        component.add(
            "summary",
            gettext("National Night Out visit: %(address)s") % {"address": party.address}
            if party.address
            else gettext("National Night Out visit"),
        )
        if party.address:
            component.add("location", party.address)
        lines = []
        if party.host_name:
            lines.append(gettext("Host: %(name)s") % {"name": party.host_name})
        lines.append(gettext("Expected guests: %(count)s") % {"count": party.expected_size})
        if party.needs:
            lines.append(gettext("Needs: %(needs)s") % {"needs": party.needs})
        component.add("description", "\n".join(lines))
        component.add("status", CANCELLED if cancelled else "CONFIRMED")
        if cancelled:
            component.add("transp", "TRANSPARENT")
        return Extra(
            sort_key=(visit.start, uid),
            component=component,
            timezone=party.night_out.timezone,
            start=visit.start,
            end=visit.end,
        )


officer_visits = OfficerVisits()
