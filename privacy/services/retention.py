"""The retention schedule: an event's residents' data is erased a set time after it ended
(and a National Night Out's block party registrations the site's period after the night).

Each program sets its period (Program.retention_days); programs that leave it empty use
the site's (PORCHLIGHT["RETENTION_DAYS"], from the environment). An active legal hold
keeps the event's data until it is lifted. Each event is erased in a transaction of its
own, so a purge over years of events never holds the database for long and an interrupted
run leaves every event either untouched or erased; a dry run does the same work and
rolls each event back, so what it prints is exactly what a real run would do.
"""

import dataclasses
import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from courses.services import applications_erase, courses_due
from feedback.services import feedback_event_erase
from nightout.services import parties_due, parties_erase
from privacy.models import LegalHold, RetentionRun
from privacy.services.erasure import Erased, rsvps_erase
from rsvp.models import Rsvp, WalkIn
from scheduler.models import Event, Program
from volunteers.services import volunteers_erase

logger = logging.getLogger(__name__)


def _held_event_ids() -> QuerySet:
    return LegalHold.objects.filter(lifted_at__isnull=True).values("event_id")


def _past_retention(now: dt.datetime) -> Q:
    by_program = Q(pk__in=[])
    for program in Program.objects.only("pk", "retention_days"):
        cutoff = now - dt.timedelta(days=program.retention_days_in_force)
        by_program |= Q(program_id=program.pk, end__lte=cutoff)
    return by_program


def events_due(now: dt.datetime | None = None) -> QuerySet[Event]:
    """Events past their retention period, not yet erased and not on hold."""
    now = now or timezone.now()
    return (
        Event.objects.filter(_past_retention(now), personal_data_erased_at__isnull=True)
        .exclude(pk__in=_held_event_ids())
        .order_by("end", "id")
    )


@dataclasses.dataclass
class RetentionResult:
    run: RetentionRun
    erased: Erased
    event_ids: list[int]
    held_ids: list[int]


def event_erase(event: Event, *, now: dt.datetime) -> Erased:
    """Erase one event's residents' data (inside the caller's transaction)."""
    erased = rsvps_erase(
        list(Rsvp.objects.filter(event=event).values_list("pk", flat=True)), now=now
    )
    # A walk-in's name, and the e-mail or phone kept with their consent, go with the rest;
    # the head count stays (reports count it).
    erased.walkins = (
        WalkIn.objects.filter(event=event)
        .exclude(name="", email="", phone="")
        .update(name="", email="", phone="", contact_consent_at=None)
    )
    # What residents typed into the feedback survey may name them; the ratings stay.
    feedback_event_erase(event.pk)
    # Volunteers' names and contacts too; their served hours stay for the reports.
    _signups, erased_notices = volunteers_erase(event_id=event.pk, now=now)
    erased.notices += erased_notices
    Event.objects.filter(pk=event.pk).update(personal_data_erased_at=now)
    return erased


def retention_purge(
    *, now: dt.datetime | None = None, dry_run: bool = False, trigger: str = "command"
) -> RetentionResult:
    """Erase every event that is due; record the run (a dry run too) and return it."""
    now = now or timezone.now()
    started = timezone.now()
    total = Erased()
    event_ids: list[int] = []
    for event in events_due(now).only("pk", "end"):
        with transaction.atomic():
            # Read again under the transaction: a hold set since the list was made wins.
            if LegalHold.objects.filter(event=event, lifted_at__isnull=True).exists():
                continue
            total += event_erase(event, now=now)
            if dry_run:
                transaction.set_rollback(True)
        event_ids.append(event.pk)
    # National Night Out registrations: the site's period after their night (they belong
    # to no program), in one transaction of their own.
    parties = 0
    with transaction.atomic():
        party_ids = list(parties_due(now).values_list("pk", flat=True))
        if party_ids:
            erased_parties = parties_erase(party_ids, now=now)
            parties = erased_parties.parties
            total.notices += erased_parties.notices
        if dry_run:
            transaction.set_rollback(True)
    # Course applicants: their program's period after the course's last session; the
    # certificates' verification (initial, course, date) stays (courses/services/retention.py).
    with transaction.atomic():
        course_ids = courses_due(now)
        applications, course_notices = applications_erase(course_ids, now=now)
        total.notices += course_notices
        if dry_run:
            transaction.set_rollback(True)
    if applications:
        logger.info("Retention purge: %s course applications erased", applications)
    held_ids = list(
        Event.objects.filter(_past_retention(now), personal_data_erased_at__isnull=True)
        .filter(pk__in=_held_event_ids())
        .values_list("pk", flat=True)
    )
    run = RetentionRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        trigger=trigger,
        dry_run=dry_run,
        events=len(event_ids),
        rsvps=total.rsvps,
        attendees=total.attendees,
        walkins=total.walkins,
        notices=total.notices,
        block_parties=parties,
        held=len(held_ids),
    )
    logger.info(
        "Retention purge%s: %s events, %s RSVPs, %s residents, %s walk-ins, %s notices, "
        "%s block parties; %s events on legal hold",
        " (dry run)" if dry_run else "",
        run.events,
        run.rsvps,
        run.attendees,
        run.walkins,
        run.notices,
        run.block_parties,
        run.held,
    )
    return RetentionResult(run=run, erased=total, event_ids=event_ids, held_ids=held_ids)


def legal_hold_set(*, event: Event, by, reason: str) -> LegalHold:
    return LegalHold.objects.create(event=event, set_by=by, reason=reason)


def legal_hold_lift(*, hold: LegalHold, by, now: dt.datetime | None = None) -> bool:
    """Lift a hold; False if it was lifted already."""
    return bool(
        LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
            lifted_at=now or timezone.now(), lifted_by=by
        )
    )
