"""Build a believable demo city: programs, partners, venues, series, workshops, logins, RSVPs."""

import datetime as dt

from django.contrib.auth.models import Group, User
from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone

from rsvp.errors import RsvpError
from rsvp.services import rsvp_create
from scheduler.models import (
    Event,
    EventSeries,
    Membership,
    Neighborhood,
    Organization,
    Program,
    Venue,
)
from scheduler.permissions import COORDINATORS, OFFICERS, PARTNER_STAFF
from scheduler.services import event_cancel, series_materialize

DEMO_PASSWORD = "porchlight"

PROGRAMS = [
    (
        "Coffee with a Cop",
        "coffee-with-a-cop",
        "Informal conversations with officers over coffee. Drop in any time.",
        None,
        6,
    ),
    (
        "Neighborhood Watch",
        "neighborhood-watch",
        "Monthly meetings for block captains and neighbors.",
        60,
        4,
    ),
    (
        "Home Security Workshop",
        "home-security",
        "Locks, lighting and habits that keep burglars out.",
        30,
        2,
    ),
    (
        "Personal Safety Workshop",
        "personal-safety",
        "Awareness and de-escalation for everyday situations.",
        25,
        2,
    ),
    (
        "Police Explorers",
        "police-explorers",
        "Career exploration for young people aged 14 to 20.",
        20,
        1,
    ),
    (
        "Crisis Intervention Training",
        "crisis-intervention",
        "Mental-health crisis response, with our partners.",
        24,
        1,
    ),
    ("Community Events", "community", "Picnics, open houses, bike rodeos and more.", None, 8),
]

ORGANIZATIONS = [
    (
        "Riverside Police Department",
        "riverside-pd",
        "department",
        None,
        "community@riversidepd.example",
        "(503) 555-0100",
        "https://riversidepd.example",
    ),
    (
        "Community Engagement Unit",
        "community-engagement-unit",
        "unit",
        "riverside-pd",
        "engage@riversidepd.example",
        "(503) 555-0110",
        "",
    ),
    (
        "Youth Services Division",
        "youth-services",
        "unit",
        "riverside-pd",
        "youth@riversidepd.example",
        "(503) 555-0120",
        "",
    ),
    (
        "Riverside Unified School District",
        "riverside-schools",
        "school",
        None,
        "info@rusd.example",
        "(503) 555-0200",
        "https://rusd.example",
    ),
    (
        "Eastside Neighborhood Association",
        "eastside-na",
        "neighborhood",
        None,
        "board@eastside.example",
        "",
        "https://eastside.example",
    ),
    (
        "Old Town Neighbors",
        "old-town-neighbors",
        "neighborhood",
        None,
        "hello@oldtown.example",
        "",
        "",
    ),
    (
        "Hillcrest Community Council",
        "hillcrest-council",
        "neighborhood",
        None,
        "council@hillcrest.example",
        "",
        "",
    ),
    (
        "Bridges Mental Health",
        "bridges-mental-health",
        "nonprofit",
        None,
        "info@bridgesmh.example",
        "(503) 555-0300",
        "https://bridgesmh.example",
    ),
    (
        "Riverside Public Library",
        "riverside-library",
        "library",
        None,
        "events@rivlib.example",
        "(503) 555-0400",
        "https://rivlib.example",
    ),
]

NEIGHBORHOODS = [
    ("Downtown", "downtown", "Central District"),
    ("Old Town", "old-town", "Central District"),
    ("Eastside", "eastside", "East District"),
    ("Hillcrest", "hillcrest", "North District"),
    ("Riverfront", "riverfront", "West District"),
    ("Maple Park", "maple-park", "South District"),
]

VENUES = [
    (
        "Common Grounds Café",
        "downtown",
        "412 Main St, Riverside",
        "45.523100",
        "-122.676500",
        "Step-free entrance. Accessible restroom.",
    ),
    (
        "Riverside Central Library, Meeting Room B",
        "downtown",
        "801 Library Way, Riverside",
        "45.519000",
        "-122.681000",
        "Elevator to 2nd floor. Hearing loop installed.",
    ),
    (
        "Old Town Community Center",
        "old-town",
        "23 Mill St, Riverside",
        "45.527400",
        "-122.670200",
        "Ramp at the side door on Mill St. Free parking behind the building.",
    ),
    (
        "Eastside Recreation Center",
        "eastside",
        "1550 E Burnside Ave, Riverside",
        "45.522800",
        "-122.640100",
        "Step-free. Bus 20 stops in front.",
    ),
    (
        "Eastside Elementary School Gym",
        "eastside",
        "2020 E Oak St, Riverside",
        None,
        None,
        "Enter through the main office; step-free.",
    ),
    (
        "Hillcrest Fire Station 7",
        "hillcrest",
        "700 Ridge Rd, Riverside",
        "45.545300",
        "-122.690800",
        "Parking lot is gravel; call ahead for drop-off at the door.",
    ),
    (
        "Hillcrest Branch Library",
        "hillcrest",
        "915 Ridge Rd, Riverside",
        None,
        None,
        "Step-free. Large-print handouts available.",
    ),
    (
        "Riverfront Park Pavilion",
        "riverfront",
        "Riverfront Park, 100 Water Ave, Riverside",
        "45.516000",
        "-122.670000",
        "Paved path from the parking lot. Portable restrooms.",
    ),
    (
        "Police Headquarters Community Room",
        "downtown",
        "300 Justice Plaza, Riverside",
        "45.515500",
        "-122.678900",
        "Security screening at the entrance. Step-free.",
    ),
    (
        "Maple Park Senior Center",
        "maple-park",
        "48 Maple Ave, Riverside",
        "45.498200",
        "-122.660400",
        "Step-free. Seating with arms available.",
    ),
    (
        "Riverside High School Library",
        "maple-park",
        "1 Falcon Way, Riverside",
        None,
        None,
        "Step-free via the north entrance.",
    ),
    (
        "Bridges Mental Health Training Center",
        "riverfront",
        "220 Water Ave, Suite 300, Riverside",
        None,
        None,
        "Elevator. Quiet room available on request.",
    ),
]

USERS = [
    ("coordinator", "Dana", "Morales", COORDINATORS, "community-engagement-unit", True),
    ("officer.garcia", "Luis", "Garcia", OFFICERS, "community-engagement-unit", False),
    ("officer.chen", "Amy", "Chen", OFFICERS, "youth-services", False),
    ("staff.library", "Priya", "Nair", PARTNER_STAFF, "riverside-library", False),
    ("staff.bridges", "Sam", "Okafor", PARTNER_STAFF, "bridges-mental-health", False),
]

RESIDENTS = [
    ("Maria Lopez", "maria.lopez@example.org", 2),
    ("James Carter", "james.carter@example.org", 1),
    ("Nguyen Thi Lan", "lan.nguyen@example.org", 3),
    ("Robert Kim", "robert.kim@example.org", 1),
    ("Aisha Bello", "aisha.bello@example.org", 2),
    ("Tom Becker", "tom.becker@example.org", 1),
]


class Command(BaseCommand):
    help = "Create demo programs, organizations, venues, series, events, logins and RSVPs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has programs.",
        )

    def step(self, text: str) -> None:
        self.stdout.write(f"  {text}")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Program.objects.exists():
            self.stdout.write("Demo data: the database already has data; leaving it as it is.")
            return
        self.stdout.write("Building the demo city of Riverside…")
        with transaction.atomic():
            programs = self.programs()
            orgs = self.organizations()
            venues = self.venues()
            users = self.users(orgs)
        series = self.series(programs, orgs, venues, users)
        events = self.one_offs(programs, orgs, venues, users)
        self.rsvps(series, events)
        self.history(programs, orgs, venues, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Event.objects.count()} events, {len(users)} logins "
                f"(password '{DEMO_PASSWORD}')."
            )
        )

    def programs(self):
        programs = {}
        for name, slug, description, capacity, party in PROGRAMS:
            programs[slug], _ = Program.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "default_capacity": capacity,
                    "default_max_party_size": party,
                },
            )
        self.step(f"{len(programs)} programs")
        return programs

    def organizations(self):
        orgs = {}
        for name, slug, kind, parent, email, phone, website in ORGANIZATIONS:
            orgs[slug], _ = Organization.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "parent": orgs.get(parent),
                    "email": email,
                    "phone": phone,
                    "website": website,
                },
            )
        self.step(f"{len(orgs)} organizations")
        return orgs

    def venues(self):
        hoods = {}
        for name, slug, district in NEIGHBORHOODS:
            hoods[slug], _ = Neighborhood.objects.update_or_create(
                slug=slug, defaults={"name": name, "district": district}
            )
        venues = {}
        for name, hood, address, lat, lon, notes in VENUES:
            venues[name], _ = Venue.objects.update_or_create(
                name=name,
                defaults={
                    "neighborhood": hoods[hood],
                    "address": address,
                    "latitude": lat,
                    "longitude": lon,
                    "accessibility_notes": notes,
                },
            )
        self.step(f"{len(hoods)} neighborhoods, {len(venues)} venues")
        return venues

    def users(self, orgs):
        users = {}
        for username, first, last, group_name, org_slug, is_staff in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "is_staff": is_staff,
                    "email": f"{username}@riversidepd.example",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            Membership.objects.get_or_create(user=user, organization=orgs[org_slug])
            users[username] = user
        coordinator = users["coordinator"]
        if not coordinator.is_superuser:
            coordinator.is_superuser = True
            coordinator.save(update_fields=["is_superuser"])
        self.step(f"{len(users)} logins")
        return users

    def series(self, programs, orgs, venues, users):
        today = timezone.localdate()
        specs = [
            dict(
                title="Coffee with a Cop at Common Grounds",
                program=programs["coffee-with-a-cop"],
                venue=venues["Common Grounds Café"],
                host=orgs["community-engagement-unit"],
                rrule="FREQ=WEEKLY;BYDAY=SA",
                start_time=dt.time(9, 0),
                duration=dt.timedelta(hours=1, minutes=30),
                capacity=None,
                max_party_size=6,
                description="No agenda, no speeches: bring your questions and concerns, or just say hello.",
                partners=[orgs["old-town-neighbors"]],
                officers=[users["officer.garcia"]],
            ),
            dict(
                title="Eastside Neighborhood Watch meeting",
                program=programs["neighborhood-watch"],
                venue=venues["Eastside Recreation Center"],
                host=orgs["eastside-na"],
                rrule="FREQ=MONTHLY;BYDAY=1TH",
                start_time=dt.time(18, 30),
                duration=dt.timedelta(hours=1),
                capacity=60,
                max_party_size=4,
                description="Crime trends for the month, block captain updates, and Q&A with the district officer.",
                partners=[orgs["riverside-pd"]],
                officers=[users["officer.garcia"]],
            ),
        ]
        created = []
        for spec in specs:
            partners, officers = spec.pop("partners"), spec.pop("officers")
            series, _ = EventSeries.objects.get_or_create(
                title=spec["title"], defaults={**spec, "start_date": today}
            )
            series.partners.set(partners)
            series.officers.set(officers)
            result = series_materialize(series=series)
            self.step(f"series “{series.title}”: {result}")
            created.append(series)
        return created

    def one_offs(self, programs, orgs, venues, users):
        today = timezone.localdate()
        tz = timezone.get_current_timezone()

        def at(days, hour, minute=0):
            return dt.datetime.combine(
                today + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=tz
            )

        specs = [
            (
                "demo-home-security-1",
                "Home Security Workshop: locks, lights and cameras",
                "home-security",
                "Riverside Central Library, Meeting Room B",
                "community-engagement-unit",
                ["riverside-library"],
                at(5, 18, 30),
                90,
                30,
                ["officer.garcia"],
            ),
            (
                "demo-personal-safety-1",
                "Personal Safety Workshop for seniors",
                "personal-safety",
                "Maple Park Senior Center",
                "community-engagement-unit",
                ["riverside-library"],
                at(9, 10),
                120,
                4,
                ["officer.chen"],
            ),
            (
                "demo-explorers-open-house",
                "Police Explorers open house",
                "police-explorers",
                "Riverside High School Library",
                "youth-services",
                ["riverside-schools"],
                at(12, 16),
                90,
                20,
                ["officer.chen"],
            ),
            (
                "demo-cit-1",
                "Crisis Intervention Training: community session",
                "crisis-intervention",
                "Bridges Mental Health Training Center",
                "riverside-pd",
                ["bridges-mental-health"],
                at(16, 9),
                240,
                24,
                ["officer.chen"],
            ),
            (
                "demo-bike-rodeo",
                "Bike rodeo and helmet fitting",
                "community",
                "Riverfront Park Pavilion",
                "community-engagement-unit",
                ["riverside-schools", "eastside-na"],
                at(20, 11),
                180,
                None,
                ["officer.garcia"],
            ),
            (
                "demo-hillcrest-watch-kickoff",
                "Hillcrest Neighborhood Watch kickoff",
                "neighborhood-watch",
                "Hillcrest Branch Library",
                "hillcrest-council",
                ["riverside-pd", "riverside-library"],
                at(7, 18),
                60,
                40,
                ["officer.garcia"],
            ),
            (
                "demo-home-security-cancelled",
                "Home Security Workshop (Hillcrest)",
                "home-security",
                "Hillcrest Fire Station 7",
                "community-engagement-unit",
                ["hillcrest-council"],
                at(3, 18, 30),
                90,
                30,
                ["officer.garcia"],
            ),
        ]
        events = {}
        for key, title, program, venue, host, partners, start, minutes, capacity, officers in specs:
            event, _ = Event.objects.get_or_create(
                uid=f"{key}@porchlight",
                defaults=dict(
                    title=title,
                    program=programs[program],
                    venue=venues[venue],
                    host=orgs[host],
                    start=start,
                    end=start + dt.timedelta(minutes=minutes),
                    capacity=capacity,
                    max_party_size=programs[program].default_max_party_size,
                    description=programs[program].description,
                    timezone=str(tz),
                ),
            )
            event.partners.set([orgs[slug] for slug in partners])
            event.officers.set([users[name] for name in officers])
            events[key] = event
        event_cancel(
            event=events["demo-home-security-cancelled"],
            reason="The station is closed for repairs; we will announce a new date soon.",
        )
        self.step(f"{len(events)} one-off events (one cancelled)")
        return events

    def rsvps(self, series, events):
        targets = [
            events["demo-home-security-1"],
            events["demo-personal-safety-1"],
            events["demo-hillcrest-watch-kickoff"],
        ]
        first_watch = (
            series[1].occurrences.filter(start__gt=timezone.now()).order_by("start").first()
        )
        if first_watch:
            targets.append(first_watch)
        made = 0
        for event in targets:
            for name, email, party in RESIDENTS:
                try:
                    result = rsvp_create(
                        event=event,
                        email=email,
                        name=name,
                        party_size=min(party, event.max_party_size),
                    )
                except RsvpError:
                    continue
                made += result.created
        self.step(
            f"{made} RSVPs from demo residents (the seniors' workshop is full, with a waitlist)"
        )

    def history(self, programs, orgs, venues, users):
        """Events already held, with check-ins, no-shows and walk-ins, for the reports."""
        import random

        from rsvp.models import Attendee, Rsvp, WalkIn, token_hash, token_new

        rnd = random.Random(7)  # the same history every time
        tz = timezone.get_current_timezone()
        today = timezone.localdate()
        kinds = [
            (
                "coffee-with-a-cop",
                "Coffee with a Cop at Common Grounds",
                "Common Grounds Café",
                "community-engagement-unit",
                ["old-town-neighbors"],
                "officer.garcia",
            ),
            (
                "neighborhood-watch",
                "Eastside Neighborhood Watch meeting",
                "Eastside Recreation Center",
                "eastside-na",
                ["riverside-pd"],
                "officer.garcia",
            ),
            (
                "home-security",
                "Home Security Workshop",
                "Riverside Central Library, Meeting Room B",
                "community-engagement-unit",
                ["riverside-library"],
                "officer.chen",
            ),
        ]
        attendees = [
            Attendee.objects.get_or_create(email=email, defaults={"name": name})[0]
            for name, email, _party in RESIDENTS
        ]
        held = 0
        for months_ago in range(6, 0, -1):
            for index, (program, title, venue, host, partners, officer) in enumerate(kinds):
                day = today - dt.timedelta(days=30 * months_ago - 7 * index)
                start = dt.datetime.combine(day, dt.time(18, 0), tzinfo=tz)
                event, created = Event.objects.get_or_create(
                    uid=f"demo-past-{program}-{months_ago}@porchlight",
                    defaults=dict(
                        title=title,
                        program=programs[program],
                        venue=venues[venue],
                        host=orgs[host],
                        start=start,
                        end=start + dt.timedelta(hours=1),
                        capacity=40,
                        timezone=str(tz),
                    ),
                )
                if not created:
                    continue
                held += 1
                event.partners.set([orgs[slug] for slug in partners])
                event.officers.set([users[officer]])
                for attendee in rnd.sample(attendees, rnd.randint(3, len(attendees))):
                    came = rnd.random() < 0.75
                    Rsvp.objects.create(
                        event=event,
                        attendee=attendee,
                        party_size=rnd.randint(1, 3),
                        status=Rsvp.Status.CONFIRMED,
                        manage_token_hash=token_hash(token_new()),
                        checked_in_at=start + dt.timedelta(minutes=rnd.randint(0, 20))
                        if came
                        else None,
                        checked_in_by=users[officer] if came else None,
                    )
                WalkIn.objects.create(
                    event=event, head_count=rnd.randint(1, 6), recorded_by=users[officer]
                )
        self.step(f"{held} events already held, with check-ins and walk-ins (for the reports)")
