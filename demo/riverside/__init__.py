"""Riverside, the demo city that `manage.py demo_data` builds."""

from demo.records import CitySpec
from demo.riverside.agenda import BLOCK_PARTIES, EVENTS, PAST_EVENTS, PROPOSALS, SERIES
from demo.riverside.directory import LOGINS, ORGANIZATIONS, PROGRAMS, RESIDENTS
from demo.riverside.places import NEIGHBORHOODS, VENUES

RIVERSIDE = CitySpec(
    name="Riverside",
    password="porchlight",
    programs=PROGRAMS,
    organizations=ORGANIZATIONS,
    neighborhoods=NEIGHBORHOODS,
    venues=VENUES,
    logins=LOGINS,
    residents=RESIDENTS,
    series=SERIES,
    events=EVENTS,
    past_events=PAST_EVENTS,
    months_of_history=6,
    history_seed=7,
    proposals=PROPOSALS,
    block_parties=BLOCK_PARTIES,
)
