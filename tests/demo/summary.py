"""What the demo command built, as plain JSON-able data: counts, natural keys and field values.

Days are offsets from the local date the city was built on, so two builds compare equal
whatever day they ran on, as long as both were built for the same `now`.
"""

import datetime as dt
from collections import Counter

from django.apps import apps
from django.contrib.auth.models import User
from django.utils import timezone

from accommodations.models import AccommodationRequest
from notifications.models import Notification
from rsvp.models import Rsvp, WalkIn
from scheduler.models import Event, EventSeries, Neighborhood, Organization, Program, Venue


def city_summary(*, today: dt.date) -> dict:
    def when(value: dt.datetime) -> list:
        local = timezone.localtime(value)
        return [(local.date() - today).days, local.strftime("%H:%M")]

    def event_key(event: Event) -> str:
        day, time = when(event.start)
        return f"{event.title} | day {day} {time}"

    def slugs(manager) -> list[str]:
        return sorted(manager.values_list("slug", flat=True))

    def usernames(manager) -> list[str]:
        return sorted(manager.values_list("username", flat=True))

    counts = {
        model._meta.label: model.objects.count()
        for label in (
            "scheduler",
            "rsvp",
            "notifications",
            "nightout",
            "followup",
            "feedback",
            "volunteers",
            "accommodations",
        )
        for model in apps.get_app_config(label).get_models()
    }
    counts["auth.User"] = User.objects.count()
    events = Event.objects.select_related("program", "venue", "host", "series")
    return {
        "counts": counts,
        "accommodation_requests": [
            [event_key(r.rsvp.event), r.kind, r.detail, r.state, r.note]
            for r in AccommodationRequest.objects.select_related("rsvp__event").order_by("pk")
        ],
        "programs": [
            {
                "slug": p.slug,
                "name": p.name,
                "description": p.description,
                "default_capacity": p.default_capacity,
                "default_max_party_size": p.default_max_party_size,
                "reminder_offsets_minutes": p.reminder_offsets_minutes,
                "default_rsvp_mode": p.default_rsvp_mode,
            }
            for p in Program.objects.order_by("slug")
        ],
        "organizations": [
            {
                "slug": o.slug,
                "name": o.name,
                "kind": o.kind,
                "parent": o.parent.slug if o.parent else None,
                "email": o.email,
                "phone": o.phone,
                "website": o.website,
                "staff": usernames(o.staff),
            }
            for o in Organization.objects.select_related("parent").order_by("slug")
        ],
        "neighborhoods": [
            {"slug": n.slug, "name": n.name, "district": n.district}
            for n in Neighborhood.objects.order_by("slug")
        ],
        "venues": [
            {
                "name": v.name,
                "neighborhood": v.neighborhood.slug if v.neighborhood else None,
                "address": v.address,
                "latitude": None if v.latitude is None else str(v.latitude),
                "longitude": None if v.longitude is None else str(v.longitude),
                "accessibility_notes": v.accessibility_notes,
            }
            for v in Venue.objects.select_related("neighborhood").order_by("name")
        ],
        "users": [
            {
                "username": u.username,
                "name": [u.first_name, u.last_name],
                "email": u.email,
                "is_staff": u.is_staff,
                "is_superuser": u.is_superuser,
                "password_is_porchlight": u.check_password("porchlight"),
                "groups": sorted(u.groups.values_list("name", flat=True)),
                "organizations": slugs(u.organizations),
            }
            for u in User.objects.order_by("username")
        ],
        "series": [
            {
                "title": s.title,
                "description": s.description,
                "program": s.program.slug,
                "venue": s.venue.name,
                "host": s.host.slug,
                "partners": slugs(s.partners),
                "officers": usernames(s.officers),
                "rrule": s.rrule,
                "start_date": (s.start_date - today).days,
                "start_time": s.start_time.strftime("%H:%M"),
                "duration_minutes": s.duration // dt.timedelta(minutes=1),
                "timezone": s.timezone,
                "capacity": s.capacity,
                "max_party_size": s.max_party_size,
                "occurrences": s.occurrences.count(),
            }
            for s in EventSeries.objects.select_related("program", "venue", "host").order_by(
                "title"
            )
        ],
        "events": sorted(
            (
                {
                    "event": event_key(e),
                    "description": e.description,
                    "program": e.program.slug,
                    "venue": e.venue.name,
                    "host": e.host.slug,
                    "partners": slugs(e.partners),
                    "officers": usernames(e.officers),
                    "series": e.series.title if e.series else None,
                    "minutes": (e.end - e.start) // dt.timedelta(minutes=1),
                    "timezone": e.timezone,
                    "capacity": e.capacity,
                    "max_party_size": e.max_party_size,
                    "status": e.status,
                    "cancellation_reason": e.cancellation_reason,
                    "uid": None if e.series else e.uid,
                    "rsvp_mode": e.rsvp_mode,
                }
                for e in events
            ),
            key=lambda row: row["event"],
        ),
        "rsvps": sorted(
            [
                event_key(r.event),
                # A head count has no mailbox and a random code: recorded as what it is.
                r.attendee.email if r.attendee else "(head count)",
                r.name,
                r.status,
                r.party_size,
                None if r.checked_in_at is None else when(r.checked_in_at),
                r.checked_in_by.username if r.checked_in_by else None,
            ]
            for r in Rsvp.objects.select_related("event", "attendee", "checked_in_by")
        ),
        "rsvp_counts": sorted(
            [title, status, party_size, count]
            for (title, status, party_size), count in Counter(
                Rsvp.objects.values_list("event__title", "status", "party_size")
            ).items()
        ),
        "waitlists": sorted(
            [
                event_key(e),
                list(
                    e.rsvps.filter(status=Rsvp.Status.WAITLISTED)
                    .order_by("waitlist_joined_at", "id")
                    .values_list("attendee__email", flat=True)
                ),
            ]
            for e in events.filter(rsvps__status=Rsvp.Status.WAITLISTED).distinct()
        ),
        "walk_ins": sorted(
            [event_key(w.event), w.head_count, w.recorded_by.username]
            for w in WalkIn.objects.select_related("event", "recorded_by")
        ),
        "notifications": sorted(
            [kind, state, count]
            for (kind, state), count in Counter(
                Notification.objects.values_list("kind", "state")
            ).items()
        ),
    }
