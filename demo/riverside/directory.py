"""Riverside's programs, organizations, logins and the residents who RSVP."""

from demo.records import LoginSpec, OrganizationSpec, ProgramSpec, ResidentSpec
from scheduler.permissions import COORDINATORS, OFFICERS, PARTNER_STAFF

PROGRAMS = (
    ProgramSpec(
        name="Coffee with a Cop",
        slug="coffee-with-a-cop",
        description="Informal conversations with officers over coffee. Drop in any time.",
        default_capacity=None,
        default_max_party_size=6,
        translations={
            "name_es": "Café con un policía",
            "description_es": (
                "Conversaciones informales con agentes, con un café. Venga cuando quiera."
            ),
        },
    ),
    ProgramSpec(
        name="Neighborhood Watch",
        slug="neighborhood-watch",
        description="Monthly meetings for block captains and neighbors.",
        default_capacity=60,
        default_max_party_size=4,
        translations={
            "name_es": "Vigilancia vecinal",
            "description_es": "Reuniones mensuales para jefes de cuadra y vecinos.",
        },
    ),
    ProgramSpec(
        name="Home Security Workshop",
        slug="home-security",
        description="Locks, lighting and habits that keep burglars out.",
        default_capacity=30,
        default_max_party_size=2,
        translations={
            "name_es": "Taller de seguridad en el hogar",
            "description_es": "Cerraduras, luces y costumbres que mantienen lejos a los ladrones.",
        },
    ),
    ProgramSpec(
        name="Personal Safety Workshop",
        slug="personal-safety",
        description="Awareness and de-escalation for everyday situations.",
        default_capacity=25,
        default_max_party_size=2,
        translations={
            "name_es": "Taller de seguridad personal",
            "description_es": "Cómo estar atento y calmar situaciones difíciles del día a día.",
        },
    ),
    ProgramSpec(
        name="Police Explorers",
        slug="police-explorers",
        description="Career exploration for young people aged 14 to 20.",
        default_capacity=20,
        default_max_party_size=1,
        translations={
            "name_es": "Exploradores de la policía",
            "description_es": (
                "Para jóvenes de 14 a 20 años que quieren conocer la carrera policial."
            ),
        },
    ),
    ProgramSpec(
        name="Crisis Intervention Training",
        slug="crisis-intervention",
        description="Mental-health crisis response, with our partners.",
        default_capacity=24,
        default_max_party_size=1,
        translations={
            "name_es": "Capacitación en intervención en crisis",
            "description_es": "Cómo responder a una crisis de salud mental, con nuestros socios.",
        },
        # Who comes to learn about mental-health crises is nobody's business: a head count.
        default_rsvp_mode="headcount",
    ),
    ProgramSpec(
        name="Community Events",
        slug="community",
        description="Picnics, open houses, bike rodeos and more.",
        default_capacity=None,
        default_max_party_size=8,
        translations={
            "name_es": "Eventos comunitarios",
            "description_es": (
                "Picnics, jornadas de puertas abiertas, circuitos de bicicleta y más."
            ),
        },
    ),
)

ORGANIZATIONS = (
    OrganizationSpec(
        name="Riverside Police Department",
        slug="riverside-pd",
        kind="department",
        email="community@riversidepd.example",
        phone="(503) 555-0100",
        website="https://riversidepd.example",
    ),
    OrganizationSpec(
        name="Community Engagement Unit",
        slug="community-engagement-unit",
        kind="unit",
        parent="riverside-pd",
        email="engage@riversidepd.example",
        phone="(503) 555-0110",
    ),
    OrganizationSpec(
        name="Youth Services Division",
        slug="youth-services",
        kind="unit",
        parent="riverside-pd",
        email="youth@riversidepd.example",
        phone="(503) 555-0120",
    ),
    OrganizationSpec(
        name="Riverside Unified School District",
        slug="riverside-schools",
        kind="school",
        email="info@rusd.example",
        phone="(503) 555-0200",
        website="https://rusd.example",
    ),
    OrganizationSpec(
        name="Eastside Neighborhood Association",
        slug="eastside-na",
        kind="neighborhood",
        email="board@eastside.example",
        website="https://eastside.example",
    ),
    OrganizationSpec(
        name="Old Town Neighbors",
        slug="old-town-neighbors",
        kind="neighborhood",
        email="hello@oldtown.example",
    ),
    OrganizationSpec(
        name="Hillcrest Community Council",
        slug="hillcrest-council",
        kind="neighborhood",
        email="council@hillcrest.example",
    ),
    OrganizationSpec(
        name="Bridges Mental Health",
        slug="bridges-mental-health",
        kind="nonprofit",
        email="info@bridgesmh.example",
        phone="(503) 555-0300",
        website="https://bridgesmh.example",
    ),
    OrganizationSpec(
        name="Riverside Public Library",
        slug="riverside-library",
        kind="library",
        email="events@rivlib.example",
        phone="(503) 555-0400",
        website="https://rivlib.example",
    ),
)

LOGINS = (
    LoginSpec(
        username="coordinator",
        first_name="Dana",
        last_name="Morales",
        email="coordinator@riversidepd.example",
        group=COORDINATORS,
        organization="community-engagement-unit",
        is_staff=True,
        is_superuser=True,
    ),
    LoginSpec(
        username="officer.garcia",
        first_name="Luis",
        last_name="Garcia",
        email="officer.garcia@riversidepd.example",
        group=OFFICERS,
        organization="community-engagement-unit",
    ),
    LoginSpec(
        username="officer.chen",
        first_name="Amy",
        last_name="Chen",
        email="officer.chen@riversidepd.example",
        group=OFFICERS,
        organization="youth-services",
    ),
    LoginSpec(
        username="staff.library",
        first_name="Priya",
        last_name="Nair",
        email="staff.library@riversidepd.example",
        group=PARTNER_STAFF,
        organization="riverside-library",
        roster_access=True,
    ),
    LoginSpec(
        username="staff.bridges",
        first_name="Sam",
        last_name="Okafor",
        email="staff.bridges@riversidepd.example",
        group=PARTNER_STAFF,
        organization="bridges-mental-health",
        roster_access=True,
    ),
)

RESIDENTS = (
    ResidentSpec(name="Maria Lopez", email="maria.lopez@example.org", party_size=2),
    ResidentSpec(name="James Carter", email="james.carter@example.org", party_size=1),
    ResidentSpec(name="Nguyen Thi Lan", email="lan.nguyen@example.org", party_size=3),
    ResidentSpec(name="Robert Kim", email="robert.kim@example.org", party_size=1),
    ResidentSpec(name="Aisha Bello", email="aisha.bello@example.org", party_size=2),
    ResidentSpec(name="Tom Becker", email="tom.becker@example.org", party_size=1),
)
