"""Build a demo city from its records (demo/records.py), through the services where rules apply.

Idempotent: every row is found by its natural key (slug, venue name, username, series title,
event UID) before it is made, so a second build adds nothing. `now` is a parameter so a test
can build the same city on any day.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from demo.accommodations import DEMO_ASKS, accommodation_answered
from demo.courses import cit_course_build
from demo.feedback import feedback_build
from demo.records import CitySpec
from demo.volunteers import volunteers_build
from followup.errors import FollowupError
from followup.models import AttendeeMessage, ProgramFollowup, StillComing
from followup.services import (
    message_send,
    question_moment,
    still_coming_answer,
    still_coming_plan,
)
from nightout.models import BlockParty, NightOut, first_tuesday_of_august
from nightout.services import party_register, visit_assign
from notifications.models import Notification
from questions.models import Kind, Question
from questions.queries import questions_for_event
from questions.services import AnswerInput, question_create
from rsvp.errors import RsvpError
from rsvp.models import Attendee, Rsvp, WalkIn
from rsvp.services import rsvp_create, rsvp_create_headcount
from scheduler.models import (
    Event,
    EventLanguage,
    EventSeries,
    Membership,
    Neighborhood,
    Organization,
    Program,
    Venue,
    default_column,
    other_columns,
)
from scheduler.permissions import is_coordinator
from scheduler.services import (
    event_cancel,
    proposal_create,
    proposal_submit,
    series_materialize,
)
from scheduler.tokens import token_hash, token_new

Say = Callable[[str], None]


@dataclass
class Built:
    """The rows made so far, by the natural keys the records use."""

    programs: dict[str, Program]
    organizations: dict[str, Organization]
    venues: dict[str, Venue]
    users: dict[str, User]


@dataclass(frozen=True)
class BuildResult:
    events: int
    logins: int


def city_exists() -> bool:
    return Program.objects.exists()


def city_build(*, city: CitySpec, now: dt.datetime, say: Say) -> BuildResult:
    """Make (or complete) the city; `say` gets one line per step, as the step ends."""
    with transaction.atomic():
        programs = _programs(city, say)
        # A program's own "still coming?" lead time (followup/): the workshops ask 48 hours
        # ahead whatever the site's default.
        ProgramFollowup.objects.get_or_create(
            program=programs["home-security"], defaults={"still_coming_minutes": 48 * 60}
        )
        organizations = _organizations(city, say)
        venues = _venues(city, say)
        users = _logins(city, organizations, say)
    built = Built(programs=programs, organizations=organizations, venues=venues, users=users)
    series = _series(city, built, now, say)
    events = _events(city, built, now, say)
    asked = _questions(events)
    _rsvps(city, [*events, *_next_occurrences(series, now)], now, say, asked=asked)
    _history(city, built, now, say)
    feedback_build(now=now, say=say)
    _proposals(city, built, now, say)
    _night_out(city, built, now, say)
    _followup(events, now, say)
    volunteers_build(officer=built.users["officer.garcia"], now=now, say=say)
    if {"coordinator", "officer.chen"} <= set(built.users) and "crisis-intervention" in programs:
        say(cit_course_build(users=built.users, now=now))
    return BuildResult(events=Event.objects.count(), logins=len(built.users))


def _programs(city: CitySpec, say: Say) -> dict[str, Program]:
    programs = {}
    for spec in city.programs:
        # Texts by column: `name` would be the active language's, whichever that is.
        programs[spec.slug], _ = Program.objects.update_or_create(
            slug=spec.slug,
            defaults={
                default_column("name"): spec.name,
                default_column("description"): spec.description,
                **spec.translations,
                "default_capacity": spec.default_capacity,
                "default_max_party_size": spec.default_max_party_size,
                "default_rsvp_mode": spec.default_rsvp_mode,
            },
        )
    say(f"{len(programs)} programs")
    return programs


def _organizations(city: CitySpec, say: Say) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for spec in city.organizations:
        orgs[spec.slug], _ = Organization.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "parent": orgs[spec.parent] if spec.parent else None,
                "email": spec.email,
                "phone": spec.phone,
                "website": spec.website,
            },
        )
    say(f"{len(orgs)} organizations")
    return orgs


def _venues(city: CitySpec, say: Say) -> dict[str, Venue]:
    hoods = {}
    for spec in city.neighborhoods:
        hoods[spec.slug], _ = Neighborhood.objects.update_or_create(
            slug=spec.slug, defaults={"name": spec.name, "district": spec.district}
        )
    venues = {}
    for spec in city.venues:
        venues[spec.name], _ = Venue.objects.update_or_create(
            name=spec.name,
            defaults={
                "neighborhood": hoods[spec.neighborhood],
                "address": spec.address,
                "latitude": spec.latitude,
                "longitude": spec.longitude,
                default_column("accessibility_notes"): spec.accessibility_notes,
                default_column("directions"): spec.directions,
            },
        )
    say(f"{len(hoods)} neighborhoods, {len(venues)} venues")
    return venues


def _logins(city: CitySpec, organizations: dict[str, Organization], say: Say) -> dict[str, User]:
    users = {}
    for spec in city.logins:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "is_staff": spec.is_staff,
            },
        )
        if created:
            user.set_password(city.password)
            user.save()
        if spec.is_superuser and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        user.groups.add(Group.objects.get(name=spec.group))
        # Only when first made: a grant a coordinator changed since stays as it is.
        Membership.objects.get_or_create(
            user=user,
            organization=organizations[spec.organization],
            defaults={"roster_access": spec.roster_access},
        )
        users[spec.username] = user
    say(f"{len(users)} logins")
    return users


def _series(city: CitySpec, built: Built, now: dt.datetime, say: Say) -> list[EventSeries]:
    """The recurring series; returns those the residents RSVP to the next occurrence of."""
    for_residents = []
    for spec in city.series:
        series, _ = EventSeries.objects.get_or_create(
            **{default_column("title"): spec.title},
            defaults={
                default_column("description"): spec.description,
                **spec.translations,
                "program": built.programs[spec.program],
                "venue": built.venues[spec.venue],
                "host": built.organizations[spec.host],
                "rrule": spec.rrule,
                "start_date": timezone.localdate(now),
                "start_time": spec.start_time,
                "duration": spec.duration,
                "capacity": spec.capacity,
                "max_party_size": spec.max_party_size,
            },
        )
        series.partners.set([built.organizations[slug] for slug in spec.partners])
        series.officers.set([built.users[name] for name in spec.officers])
        result = series_materialize(series=series, now=now)
        say(f"series “{series.title}”: {result}")
        if spec.residents_rsvp_to_next:
            for_residents.append(series)
    return for_residents


def _next_occurrences(series: list[EventSeries], now: dt.datetime) -> list[Event]:
    upcoming = (one.occurrences.filter(start__gt=now).order_by("start").first() for one in series)
    return [event for event in upcoming if event]


def _events(city: CitySpec, built: Built, now: dt.datetime, say: Say) -> list[Event]:
    """The one-off events ahead; returns those the residents RSVP to."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    made, cancelled, for_residents = [], [], []
    headcounts = 0
    for spec in city.events:
        program = built.programs[spec.program]
        start = dt.datetime.combine(
            today + dt.timedelta(days=spec.days_ahead), spec.start_time, tzinfo=tz
        )
        event, _ = Event.objects.get_or_create(
            uid=f"{spec.key}@porchlight",
            defaults={
                default_column("title"): spec.title,
                # The program's description, in each language it has.
                **{
                    column: getattr(program, column)
                    for column in other_columns("description")
                    if getattr(program, column)
                },
                **spec.translations,
                "program": program,
                "venue": built.venues[spec.venue],
                "host": built.organizations[spec.host],
                "start": start,
                "end": start + spec.duration,
                "capacity": spec.capacity,
                "max_party_size": program.default_max_party_size,
                default_column("description"): getattr(program, default_column("description")),
                "timezone": str(tz),
                "rsvp_mode": spec.rsvp_mode,
            },
        )
        event.partners.set([built.organizations[slug] for slug in spec.partners])
        event.officers.set([built.users[name] for name in spec.officers])
        for code, interpreted in spec.languages:
            EventLanguage.objects.get_or_create(
                event=event, language=code, defaults={"interpreted": interpreted}
            )
        made.append(event)
        if spec.cancellation_reason:
            cancelled.append((event, spec.cancellation_reason))
        if spec.residents_rsvp:
            for_residents.append(event)
        if spec.headcounts and not event.rsvps.exists():
            for size in spec.headcounts:
                rsvp_create_headcount(event=event, party_size=size, now=now)
                headcounts += 1
    for event, reason in cancelled:
        event_cancel(event=event, reason=reason)
    say(f"{len(made)} one-off events ({len(cancelled)} cancelled); {headcounts} head-count RSVPs")
    return for_residents


def _questions(events: list[Event]) -> dict[int, list[Question]]:
    """Registration questions on the first upcoming event that asks for names (once)."""
    event = next((e for e in events if not e.is_headcount), None)
    if event is None:
        return {}
    if not event.questions.exists():
        question_create(
            event=event,
            text="Which street do you live on?",
            kind=Kind.SHORT_TEXT,
            required=True,
            help_text="So neighbors on the same block can meet.",
        )
        question_create(
            event=event,
            text="What would you like to talk about?",
            kind=Kind.SINGLE_CHOICE,
            choices=["Traffic and speeding", "Break-ins", "Parks and lighting"],
            position=1,
        )
        question_create(
            event=event, text="Is this your first event with us?", kind=Kind.YES_NO, position=2
        )
    return {event.pk: questions_for_event(event)}


def _demo_answers(questions: list[Question], index: int) -> list[AnswerInput]:
    """A few plausible answers for the demo resident number `index`."""
    streets = ["Maple Street", "Oak Avenue", "River Road", "Elm Court"]
    answers = []
    for question in questions:
        if question.kind == Kind.SHORT_TEXT:
            answers.append(AnswerInput(question=question, value=streets[index % len(streets)]))
        elif question.kind == Kind.SINGLE_CHOICE:
            options = list(question.choices.all())
            answers.append(AnswerInput(question=question, choices=(options[index % len(options)],)))
        elif question.kind == Kind.YES_NO:
            answers.append(AnswerInput(question=question, value="yes" if index % 3 else "no"))
    return answers


def _rsvps(
    city: CitySpec,
    events: list[Event],
    now: dt.datetime,
    say: Say,
    asked: dict[int, list[Question]] | None = None,
) -> None:
    made = 0
    asking = next((e for e in events if e.officers.exists()), None)
    for event in events:
        answered = set(event.rsvps.active().values_list("attendee__email", flat=True))
        questions = (asked or {}).get(event.pk, [])
        for index, resident in enumerate(city.residents):
            asks = DEMO_ASKS[index] if event == asking and index < len(DEMO_ASKS) else []
            # Asking again would send the resident their manage link again, by e-mail.
            if resident.email in answered:
                continue
            try:
                result = rsvp_create(
                    event=event,
                    email=resident.email,
                    name=resident.name,
                    party_size=min(resident.party_size, event.max_party_size),
                    extras={"accommodations": asks},
                    answers=_demo_answers(questions, index),
                    now=now,
                )
            except RsvpError:
                continue
            made += result.created
    if asking is not None:
        accommodation_answered(asking, now)
    waiting = [
        f"{event.title} ({count})"
        for event in events
        if (count := event.rsvps.waitlisted().count())
    ]
    say(f"{made} RSVPs from demo residents; waitlisted: {', '.join(waiting) or 'nobody'}")


def _history(city: CitySpec, built: Built, now: dt.datetime, say: Say) -> None:
    """Events already held, with check-ins, no-shows and walk-ins, for the reports."""
    rnd = random.Random(city.history_seed)
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    attendees = [
        (Attendee.objects.get_or_create(email=resident.email)[0], resident.name)
        for resident in city.residents
    ]
    held = 0
    for months_ago in range(city.months_of_history, 0, -1):
        for spec in city.past_events:
            day = today - dt.timedelta(days=30 * months_ago - spec.days_into_month)
            start = dt.datetime.combine(day, spec.start_time, tzinfo=tz)
            event, created = Event.objects.get_or_create(
                uid=f"demo-past-{spec.program}-{months_ago}@porchlight",
                defaults={
                    default_column("title"): spec.title,
                    "program": built.programs[spec.program],
                    "venue": built.venues[spec.venue],
                    "host": built.organizations[spec.host],
                    "start": start,
                    "end": start + spec.duration,
                    "capacity": spec.capacity,
                    "timezone": str(tz),
                },
            )
            if not created:
                continue
            held += 1
            officer = built.users[spec.officer]
            event.partners.set([built.organizations[slug] for slug in spec.partners])
            event.officers.set([officer])
            # Written directly: the check-in service stamps the present, these are past.
            for attendee, name in rnd.sample(attendees, rnd.randint(3, len(attendees))):
                came = rnd.random() < 0.75
                party_size = rnd.randint(1, 3)
                late = rnd.randint(0, 20) if came else None
                Rsvp.objects.create(
                    event=event,
                    attendee=attendee,
                    name=name,
                    party_size=party_size,
                    status=Rsvp.Status.CONFIRMED,
                    manage_token_hash=token_hash(token_new()),
                    checked_in_at=start + dt.timedelta(minutes=late) if came else None,
                    checked_in_by=officer if came else None,
                    # Now and then a party of three comes as two ("2 of 3 arrived").
                    arrived=(party_size - (party_size == 3 and late > 15)) if came else None,
                )
            WalkIn.objects.create(event=event, head_count=rnd.randint(1, 6), recorded_by=officer)
    say(f"{held} events already held, with check-ins and walk-ins (for the reports)")


def _proposals(city: CitySpec, built: Built, now: dt.datetime, say: Say) -> None:
    """Partners' events awaiting approval, proposed and submitted through the services (so
    the coordinators' e-mails are in the outbox, as they would be)."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    made = 0
    for spec in city.proposals:
        host = built.organizations[spec.host]
        # A stable UID, as the other demo events have: a second build finds it.
        uid = f"proposal-{spec.host}-{spec.days_ahead}@porchlight"
        if Event.objects.filter(uid=uid).exists():
            continue
        start = dt.datetime.combine(
            today + dt.timedelta(days=spec.days_ahead), spec.start_time, tzinfo=tz
        )
        author = built.users[spec.author]
        event = proposal_create(
            author=author,
            host=host,
            program=built.programs[spec.program],
            venue=built.venues[spec.venue],
            title=spec.title,
            description=spec.description,
            start=start,
            end=start + spec.duration,
            capacity=spec.capacity,
        )
        # Partners write in the default language; the other texts are a coordinator's.
        Event.objects.filter(pk=event.pk).update(uid=uid, **spec.translations)
        proposal_submit(event=event, author=author, text=spec.note)
        made += 1
    say(f"partner proposals awaiting approval: {made} new")


def _night_out(city: CitySpec, built: Built, now: dt.datetime, say: Say) -> None:
    """The next National Night Out, open for registration, with the city's block parties
    registered and visited through the services (so the hosts' e-mails are in the outbox)."""
    if not city.block_parties:
        return
    today = timezone.localdate(now)
    # This year's while a week is left to register, else next year's.
    year = (
        today.year
        if today <= first_tuesday_of_august(today.year) - dt.timedelta(7)
        else today.year + 1
    )
    night, _ = NightOut.objects.get_or_create(
        year=year,
        defaults={
            "registration_opens": today - dt.timedelta(days=30),
            "registration_closes": first_tuesday_of_august(year) - dt.timedelta(days=3),
        },
    )
    coordinator = next(u for u in built.users.values() if is_coordinator(u))
    made = visits = 0
    for spec in city.block_parties:
        if BlockParty.objects.filter(night_out=night, email=spec.email).exists():
            continue
        party_register(
            night_out=night,
            host_name=spec.host_name,
            email=spec.email,
            address=spec.address,
            neighborhood=Neighborhood.objects.get(slug=spec.neighborhood),
            expected_size=spec.expected_size,
            needs=spec.needs,
            language=spec.language,
            now=now,
        )
        party = BlockParty.objects.get(night_out=night, email=spec.email)
        made += 1
        for officer, after, minutes in spec.visits:
            start = night.start + dt.timedelta(minutes=after)
            visit_assign(
                party=party,
                officer=built.users[officer],
                start=start,
                end=start + dt.timedelta(minutes=minutes),
                by=coordinator,
                now=now,
            )
            visits += 1
    say(f"National Night Out {year}: {made} block parties registered, {visits} officer visits")


def _followup(events: list[Event], now: dt.datetime, say: Say) -> None:
    """ "Still coming?" answers on the first upcoming event that asked (two coming, one
    can't, whose seat goes to the waitlist), and one message to its confirmed residents,
    through the services. Skipped once the event has answers or a message.

    The dispatcher's sweep asks each event's residents at its moment; the demo plans, as
    the sweep will, the questions of the workshops set to ask (ProgramFollowup), so the
    city shows them before their moment comes."""
    own = set(
        ProgramFollowup.objects.exclude(still_coming_minutes=None).values_list(
            "program_id", flat=True
        )
    )
    for event in events:
        moment = question_moment(event) if event.program_id in own else None
        if moment is None or moment <= now:
            continue
        for rsvp in Rsvp.objects.filter(event=event, attendee__isnull=False).confirmed():
            still_coming_plan(rsvp=rsvp, now=moment)
    asked = sorted(
        (e for e in events if StillComing.objects.filter(event=e).count() >= 3),
        key=lambda e: (e.start, e.pk),
    )
    if not asked:
        return
    event = asked[0]
    answered = 0
    if not StillComing.objects.filter(event=event).exclude(answer="").exists():
        questions = StillComing.objects.filter(event=event).order_by("rsvp_id")[:2]
        for question, answer in zip(list(questions), ["coming", "coming"], strict=False):
            notice = Notification.objects.filter(
                rsvp_id=question.rsvp_id, kind=Notification.Kind.STILL_COMING, channel="email"
            ).first()
            try:
                still_coming_answer(token=notice.link_token("still-coming"), answer=answer, now=now)
            except FollowupError:
                continue
            answered += 1
    officer = event.officers.order_by("pk").first()
    sent = "no new message"
    if officer is not None and not AttendeeMessage.objects.filter(event=event).exists():
        sent = "one message"
        message_send(
            event=event,
            user=officer,
            audience=AttendeeMessage.Audience.CONFIRMED,
            versions={
                "en": {
                    "subject": "Parking",
                    "body": "The lot is closed for repaving: please park on the street.",
                },
                "es": {
                    "subject": "Estacionamiento",
                    "body": "El estacionamiento está cerrado por obras: estacione en la calle.",
                },
            },
            language="en",
            client_key=f"demo-message-{event.uid}"[:64],
            now=now,
        )
    say(f'"Still coming?": {answered} answers on {event.title}; {sent} to its residents')
