"""Reads of volunteer roles: the public list (places left, never a name), the roster's
section (who signed up, per role), and the report's hours per person. Each is a fixed
number of queries, however many roles and volunteers."""

from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from rsvp.officers.reports import ReportSection
from volunteers.models import VolunteerRole, VolunteerSignup


def roles_with_places(event) -> QuerySet[VolunteerRole]:
    """The event's roles, each with `taken` (places given, not withdrawn)."""
    return VolunteerRole.objects.filter(event=event).annotate(
        taken=Count("signups", filter=Q(signups__withdrawn_at__isnull=True))
    )


def roles_public(event) -> list[dict]:
    """What anyone may read of the roles: no volunteer's name, address or count by person."""
    return [
        {
            "id": role.pk,
            "name": role.name,
            "description": role.description,
            "capacity": role.capacity,
            "places_left": max(role.capacity - role.taken, 0),
            "hours": role.shift_hours(event),
            "shift_start": role.shift_start,
            "shift_end": role.shift_end,
        }
        for role in roles_with_places(event)
    ]


def roles_roster(event) -> list[VolunteerRole]:
    """The roles with their standing volunteers (`volunteers`), in sign-up order."""
    standing = VolunteerSignup.objects.filter(withdrawn_at=None).order_by("created_at", "id")
    return list(
        roles_with_places(event).prefetch_related(
            Prefetch("signups", queryset=standing, to_attr="volunteers")
        )
    )


HOURS_CSV_HEADER = [_("volunteer e-mail"), _("volunteer name"), _("shifts served"), _("hours")]


def hours_by_person(event_ids: list[int]) -> tuple[list[dict], dict]:
    """Served shifts and hours per volunteer, identified by e-mail (erased ones count in the
    total only), most hours first; and the totals."""
    served = VolunteerSignup.objects.filter(role__event_id__in=event_ids, served_at__isnull=False)
    people = list(
        served.exclude(email="")
        .values("email")
        .annotate(name=Max("name"), shifts=Count("pk"), hours=Sum("hours"))
        .order_by("-hours", "email")
    )
    total = served.aggregate(shifts=Count("pk"), hours=Sum("hours"))
    total["hours"] = total["hours"] or Decimal("0")
    return people, total


def hours_section(*, user, events) -> ReportSection:
    """The report's volunteer hours, for the events the report covers (those this user may
    see, so a person's hours show only to staff who may see those rosters)."""
    people, total = hours_by_person([event.pk for event in events])
    return ReportSection(
        template="volunteers/_report.html",
        csv_header=HOURS_CSV_HEADER,
        csv_rows=[[p["email"], p["name"], p["shifts"], f"{p['hours']:.2f}"] for p in people],
        context={"people": people, "total": total},
    )
