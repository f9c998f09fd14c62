"""Riverside's calendar: two recurring series, one-off events ahead (one cancelled), and the
events already held that fill the attendance reports."""

import datetime as dt

from demo.records import BlockPartySpec, EventSpec, PastEventSpec, ProposalSpec, SeriesSpec

SERIES = (
    SeriesSpec(
        title="Coffee with a Cop at Common Grounds",
        description=(
            "No agenda, no speeches: bring your questions and concerns, or just say hello."
        ),
        program="coffee-with-a-cop",
        venue="Common Grounds Café",
        host="community-engagement-unit",
        partners=("old-town-neighbors",),
        officers=("officer.garcia",),
        rrule="FREQ=WEEKLY;BYDAY=SA",
        start_time=dt.time(9, 0),
        duration=dt.timedelta(hours=1, minutes=30),
        capacity=None,
        max_party_size=6,
        translations={
            "title_es": "Café con un policía en Common Grounds",
            "description_es": (
                "Sin agenda ni discursos: traiga sus "
                "preguntas e inquietudes, o venga solo a saludar."
            ),
        },
    ),
    SeriesSpec(
        title="Eastside Neighborhood Watch meeting",
        description=(
            "Crime trends for the month, block captain updates, and Q&A with the district officer."
        ),
        program="neighborhood-watch",
        venue="Eastside Recreation Center",
        host="eastside-na",
        partners=("riverside-pd",),
        officers=("officer.garcia",),
        rrule="FREQ=MONTHLY;BYDAY=1TH",
        start_time=dt.time(18, 30),
        duration=dt.timedelta(hours=1),
        capacity=60,
        max_party_size=4,
        translations={
            "title_es": "Reunión de Vigilancia vecinal de Eastside",
            "description_es": (
                "Los delitos del mes, novedades de los jefes "
                "de cuadra y preguntas al agente del distrito."
            ),
        },
        residents_rsvp_to_next=True,
    ),
)

EVENTS = (
    EventSpec(
        key="demo-home-security-1",
        title="Home Security Workshop: locks, lights and cameras",
        translations={"title_es": "Taller de seguridad en el hogar: cerraduras, luces y cámaras"},
        languages=(("en", False), ("vi", True)),
        program="home-security",
        venue="Riverside Central Library, Meeting Room B",
        host="community-engagement-unit",
        partners=("riverside-library",),
        officers=("officer.garcia",),
        days_ahead=5,
        start_time=dt.time(18, 30),
        duration=dt.timedelta(minutes=90),
        capacity=30,
        residents_rsvp=True,
    ),
    EventSpec(
        key="demo-personal-safety-1",
        title="Personal Safety Workshop for seniors",
        translations={"title_es": "Taller de seguridad personal para personas mayores"},
        languages=(("en", False), ("hmn", True)),
        program="personal-safety",
        venue="Maple Park Senior Center",
        host="community-engagement-unit",
        partners=("riverside-library",),
        officers=("officer.chen",),
        days_ahead=9,
        start_time=dt.time(10, 0),
        duration=dt.timedelta(minutes=120),
        capacity=4,  # small on purpose: the residents fill it and three parties wait
        residents_rsvp=True,
    ),
    EventSpec(
        key="demo-explorers-open-house",
        title="Police Explorers open house",
        translations={"title_es": "Jornada de puertas abiertas de Exploradores de la policía"},
        program="police-explorers",
        venue="Riverside High School Library",
        host="youth-services",
        partners=("riverside-schools",),
        officers=("officer.chen",),
        days_ahead=12,
        start_time=dt.time(16, 0),
        duration=dt.timedelta(minutes=90),
        capacity=20,
    ),
    EventSpec(
        key="demo-cit-1",
        title="Crisis Intervention Training: community session",
        translations={
            "title_es": "Capacitación en intervención en crisis: sesión para la comunidad"
        },
        program="crisis-intervention",
        venue="Bridges Mental Health Training Center",
        host="riverside-pd",
        partners=("bridges-mental-health",),
        officers=("officer.chen",),
        days_ahead=16,
        start_time=dt.time(9, 0),
        duration=dt.timedelta(minutes=240),
        capacity=24,
        headcounts=(1, 1, 1, 1, 1),
    ),
    EventSpec(
        key="demo-bike-rodeo",
        title="Bike rodeo and helmet fitting",
        translations={"title_es": "Circuito de bicicleta y ajuste de cascos"},
        languages=(("en", False), ("es", False)),
        program="community",
        venue="Riverfront Park Pavilion",
        host="community-engagement-unit",
        partners=("riverside-schools", "eastside-na"),
        officers=("officer.garcia",),
        days_ahead=20,
        start_time=dt.time(11, 0),
        duration=dt.timedelta(minutes=180),
        capacity=None,
        # A community program asks for names; this drop-in event only counts families.
        rsvp_mode="headcount",
        headcounts=(4, 2, 3),
    ),
    EventSpec(
        key="demo-hillcrest-watch-kickoff",
        title="Hillcrest Neighborhood Watch kickoff",
        translations={"title_es": "Inicio de la Vigilancia vecinal de Hillcrest"},
        languages=(("en", False), ("es", False), ("vi", True)),
        program="neighborhood-watch",
        venue="Hillcrest Branch Library",
        host="hillcrest-council",
        partners=("riverside-pd", "riverside-library"),
        officers=("officer.garcia",),
        days_ahead=7,
        start_time=dt.time(18, 0),
        duration=dt.timedelta(minutes=60),
        capacity=40,
        residents_rsvp=True,
    ),
    EventSpec(
        key="demo-home-security-cancelled",
        title="Home Security Workshop (Hillcrest)",
        translations={"title_es": "Taller de seguridad en el hogar (Hillcrest)"},
        program="home-security",
        venue="Hillcrest Fire Station 7",
        host="community-engagement-unit",
        partners=("hillcrest-council",),
        officers=("officer.garcia",),
        days_ahead=3,
        start_time=dt.time(18, 30),
        duration=dt.timedelta(minutes=90),
        capacity=30,
        cancellation_reason=(
            "The station is closed for repairs; we will announce a new date soon."
        ),
    ),
)

PAST_EVENTS = (
    PastEventSpec(
        program="coffee-with-a-cop",
        title="Coffee with a Cop at Common Grounds",
        venue="Common Grounds Café",
        host="community-engagement-unit",
        partners=("old-town-neighbors",),
        officer="officer.garcia",
        days_into_month=0,
        start_time=dt.time(18, 0),
        duration=dt.timedelta(hours=1),
        capacity=40,
    ),
    PastEventSpec(
        program="neighborhood-watch",
        title="Eastside Neighborhood Watch meeting",
        venue="Eastside Recreation Center",
        host="eastside-na",
        partners=("riverside-pd",),
        officer="officer.garcia",
        days_into_month=7,
        start_time=dt.time(18, 0),
        duration=dt.timedelta(hours=1),
        capacity=40,
    ),
    PastEventSpec(
        program="home-security",
        title="Home Security Workshop",
        venue="Riverside Central Library, Meeting Room B",
        host="community-engagement-unit",
        partners=("riverside-library",),
        officer="officer.chen",
        days_into_month=14,
        start_time=dt.time(18, 0),
        duration=dt.timedelta(hours=1),
        capacity=40,
    ),
)

# A partner draft awaiting approval: the library's staff proposed it; a coordinator reviews
# it from the officer pages (Event proposals).
PROPOSALS = (
    ProposalSpec(
        title="Teen Online Safety Night",
        description="Scams, sharing and staying safe online, for teens and their families.",
        program="community",
        venue="Hillcrest Branch Library",
        host="riverside-library",
        author="staff.library",
        days_ahead=24,
        start_time=dt.time(18, 0),
        duration=dt.timedelta(hours=1, minutes=30),
        capacity=40,
        note="The community room is booked for us.",
        translations={
            "title_es": "Noche de seguridad en línea para adolescentes",
            "description_es": (
                "Estafas, lo que se comparte y cómo cuidarse en línea, para adolescentes y "
                "sus familias."
            ),
        },
    ),
)


# National Night Out: block parties that residents registered, and the officers' visits.
BLOCK_PARTIES = (
    BlockPartySpec(
        host_name="Dana Whitfield",
        email="dana.whitfield@example.org",
        address="400 block of Alder Street",
        neighborhood="eastside",
        expected_size=40,
        needs="Street closure barricades for the 400 block.",
        visits=(("officer.garcia", 30, 30),),
    ),
    BlockPartySpec(
        host_name="Rosa Méndez",
        email="rosa.mendez@example.org",
        address="Maple Court cul-de-sac",
        neighborhood="maple-park",
        expected_size=25,
        language="es",
        visits=(("officer.garcia", 75, 30), ("officer.chen", 150, 30)),
    ),
    BlockPartySpec(
        host_name="Minh Tran",
        email="minh.tran@example.com",
        address="Hillcrest Terrace courtyard",
        neighborhood="hillcrest",
        expected_size=60,
        needs="A Vietnamese-speaking officer if one is free.",
        language="vi",
        visits=(("officer.chen", 30, 45),),
    ),
    BlockPartySpec(
        host_name="Sam Okafor",
        email="sam.okafor@example.com",
        address="Corner of 5th and Birch",
        neighborhood="eastside",
        expected_size=15,
    ),
)
