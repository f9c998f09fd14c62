"""Repeat attendance for the officer reports: first-time and returning residents over a
period, per program and per neighborhood, and retention from one program to another.

A resident is an RSVP's mailbox (Attendee) checked in at an event, or a walk-in who
consented to be contacted, matched to a mailbox by e-mail address (or, with none, counted
by their address alone). Head counts and walk-ins without consent are counted in the
attendance reports, never followed from one event to the next.

- first-time in the period: their first attended event ever is in the period;
  returning: they attended in the period and had attended before it began. A mailbox's
  first_attended_at keeps the first visit among RSVPs erased by the retention purge.
- retention A → B: of the residents who attended a program A event in the period, how
  many attended a program B event after their first A event there, up to the period's end.

Three queries, whatever the numbers: every attendance up to the period's end (RSVPs and
consenting walk-ins), the mailboxes of the walk-ins' addresses, and the programs' names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from rsvp.models import Attendee, Rsvp, WalkIn, email_normalize
from scheduler.models import Event, Program
from scheduler.permissions import is_coordinator, roster_events


@dataclasses.dataclass
class Visit:
    resident: str
    start: dt.datetime
    program_id: int
    neighborhood: str
    in_scope: bool  # an event this report covers (the period, and the user's events)


@dataclasses.dataclass
class Split:
    label: str
    residents: int = 0
    first_time: int = 0
    returning: int = 0

    @property
    def returning_percent(self) -> str:
        return f"{self.returning * 100 / self.residents:.0f}%" if self.residents else "–"


@dataclasses.dataclass
class Retention:
    source: str
    target: str
    cohort: int
    came: int

    @property
    def percent(self) -> str:
        return f"{self.came * 100 / self.cohort:.0f}%" if self.cohort else "–"


@dataclasses.dataclass
class RepeatReport:
    start: dt.date
    end: dt.date
    total: Split
    programs: list[Split]
    neighborhoods: list[Split]
    retention: list[Retention]
    program_names: list[str]

    def matrix(self) -> list[dict]:
        """Retention as rows (from) and cells (to), in program-name order."""
        cells = {(r.source, r.target): r for r in self.retention}
        return [
            {"source": a, "cells": [cells[(a, b)] for b in self.program_names]}
            for a in self.program_names
            if cells[(a, a)].cohort
        ]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _visits(user, *, since: dt.datetime, until: dt.datetime, now: dt.datetime) -> list[Visit]:
    held = Event.objects.filter(status=Event.Status.SCHEDULED, end__lte=now, start__lt=until)
    scope = set(
        held.filter(start__gte=since).values_list("pk", flat=True)
        if is_coordinator(user)
        else held.filter(start__gte=since, pk__in=roster_events(user).values("pk")).values_list(
            "pk", flat=True
        )
    )
    fields = ("event_id", "event__start", "event__program_id", "event__venue__neighborhood__name")
    rsvps = Rsvp.objects.filter(
        event__in=held,
        status=Rsvp.Status.CONFIRMED,
        checked_in_at__isnull=False,
        attendee__isnull=False,
        reference="",
    ).values_list("attendee_id", "attendee__first_attended_at", *fields)
    walkins = (
        WalkIn.objects.filter(event__in=held, contact_consent_at__isnull=False)
        .exclude(email="")
        .values_list("email", *fields)
    )
    visits: list[Visit] = []
    for attendee_id, first_attended, event_id, start, program_id, hood in rsvps:
        visits.append(Visit(f"a{attendee_id}", start, program_id, hood or "", event_id in scope))
        if first_attended and first_attended < start:
            # The first visit among RSVPs since erased: before any in scope, no program.
            visits.append(Visit(f"a{attendee_id}", first_attended, 0, "", False))
    walkins = list(walkins)
    emails = {email_normalize(row[0]) for row in walkins}
    mailbox = dict(Attendee.objects.filter(email__in=emails).values_list("email", "pk"))
    for email, event_id, start, program_id, hood in walkins:
        email = email_normalize(email)
        resident = f"a{mailbox[email]}" if email in mailbox else f"w{email}"
        visits.append(Visit(resident, start, program_id, hood or "", event_id in scope))
    return visits


def repeat_report(
    user, *, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> RepeatReport:
    now = now or timezone.now()
    since, until = _bounds(start, end)
    visits = sorted(_visits(user, since=since, until=until, now=now), key=lambda v: v.start)
    first_ever: dict[str, dt.datetime] = {}
    for visit in visits:
        first_ever.setdefault(visit.resident, visit.start)
    names = {
        p.pk: p.name
        for p in Program.objects.filter(pk__in={v.program_id for v in visits if v.in_scope})
    }
    no_hood = _("No neighborhood set")

    def split(label: str, residents: set[str]) -> Split:
        first = sum(1 for r in residents if first_ever[r] >= since)
        return Split(label, len(residents), first, len(residents) - first)

    scoped = [v for v in visits if v.in_scope]
    by_program: dict[int, set[str]] = {}
    by_hood: dict[str, set[str]] = {}
    for v in scoped:
        by_program.setdefault(v.program_id, set()).add(v.resident)
        by_hood.setdefault(v.neighborhood or no_hood, set()).add(v.resident)
    # Retention: each resident's first visit to each program in the period, then whether
    # a visit to another (or the same) program came after it, before the period's end.
    ordered = sorted(names, key=lambda pk: names[pk].casefold())
    # Each resident's visits to each program, in time order (scoped is sorted).
    starts: dict[int, dict[str, list[dt.datetime]]] = {}
    for v in scoped:
        starts.setdefault(v.program_id, {}).setdefault(v.resident, []).append(v.start)
    retention = []
    for a in ordered:
        cohort = {r: times[0] for r, times in starts[a].items()}
        for b in ordered:
            later = starts.get(b, {})
            came = sum(1 for r, first in cohort.items() if later.get(r, [first])[-1] > first)
            retention.append(Retention(names[a], names[b], len(cohort), came))
    return RepeatReport(
        start=start,
        end=end,
        total=split(_("All events"), {v.resident for v in scoped}),
        programs=[split(names[pk], by_program[pk]) for pk in ordered],
        neighborhoods=[
            split(h, by_hood[h])
            for h in sorted(by_hood, key=lambda h: (h == no_hood, h.casefold()))
        ],
        retention=retention,
        program_names=[names[pk] for pk in ordered],
    )
