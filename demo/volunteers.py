"""The demo city's volunteer roles, made through the services: the Hillcrest Neighborhood
Watch kickoff asks for block captains and greeters (two residents signed up, their
confirmations in the outbox), and last month's Eastside meeting had block captains, one of
whom an officer marked as having served."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User

from scheduler.models import Event, default_column
from volunteers.models import VolunteerRole, VolunteerSignup
from volunteers.services import volunteer_served_mark, volunteer_signup

# (name, Spanish name, description, capacity, hours)
ROLES = (
    (
        "Block captain",
        "Capitán de cuadra",
        "Keep your block's phone tree and walk it once a month with a neighbor.",
        4,
        Decimal("2.00"),
    ),
    ("Greeter", "Recepcionista", "Welcome neighbors at the door and hand out the agenda.", 2, None),
)
# (event uid, role, name, e-mail, language)
VOLUNTEERS = (
    (
        "demo-hillcrest-watch-kickoff@porchlight",
        "Block captain",
        "Dana Whitfield",
        "dana.whitfield@example.org",
        "en",
    ),
    (
        "demo-hillcrest-watch-kickoff@porchlight",
        "Greeter",
        "Rosa Méndez",
        "rosa.mendez@example.org",
        "es",
    ),
    (
        "demo-past-neighborhood-watch-1@porchlight",
        "Block captain",
        "Minh Tran",
        "minh.tran@example.com",
        "vi",
    ),
    (
        "demo-past-neighborhood-watch-1@porchlight",
        "Block captain",
        "Sam Okafor",
        "sam.okafor@example.com",
        "en",
    ),
)
SERVED = ("minh.tran@example.com",)


def _roles(event: Event) -> dict[str, VolunteerRole]:
    made = {}
    for position, (name, name_es, description, capacity, hours) in enumerate(ROLES):
        made[name], _ = VolunteerRole.objects.get_or_create(
            event=event,
            **{default_column("name"): name},
            defaults={
                "name_es": name_es,
                default_column("description"): description,
                "capacity": capacity,
                "hours": hours,
                "position": position,
            },
        )
    return made


def volunteers_build(*, officer: User, now: dt.datetime, say) -> None:
    uids = sorted({uid for uid, *_rest in VOLUNTEERS})
    events = {e.uid: e for e in Event.objects.filter(uid__in=uids)}
    roles = {uid: _roles(event) for uid, event in events.items()}
    made = served = 0
    for uid, role_name, name, email, language in VOLUNTEERS:
        if uid not in events:
            continue
        event, role = events[uid], roles[uid][role_name]
        if VolunteerSignup.objects.filter(role=role, email=email).exists():
            continue
        # A held event's volunteers signed up the week before it.
        volunteer_signup(
            role=role,
            name=name,
            email=email,
            language=language,
            now=min(now, event.start - dt.timedelta(days=7)),
        )
        made += 1
        if email in SERVED:
            volunteer_served_mark(
                signup=VolunteerSignup.objects.get(role=role, email=email),
                by=officer,
                now=event.end,
            )
            served += 1
    say(f"volunteer roles on {len(events)} events: {made} volunteers, {served} served")
