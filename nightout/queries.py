"""Reads of National Night Out used by more than one page or feed."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from nightout.models import BlockParty, NightOut, Visit


def night_out_current(today: dt.date | None = None) -> NightOut | None:
    """This year's edition, or the next one (a new year's registration opens in spring)."""
    today = today or timezone.localdate()
    return NightOut.objects.filter(year__gte=today.year).order_by("year").first()


def active_visits() -> QuerySet[Visit]:
    return Visit.objects.filter(cancelled_at__isnull=True)


def parties_for_coordinators(night_out: NightOut) -> QuerySet[BlockParty]:
    """Every standing registration of the night, with its neighborhood and visits: a fixed
    number of queries however many there are."""
    return (
        BlockParty.objects.filter(night_out=night_out, withdrawn_at__isnull=True, erased_at=None)
        .select_related("neighborhood")
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=active_visits().select_related("officer").order_by("start", "id"),
                to_attr="active_visits",
            )
        )
        .order_by("neighborhood__name", "created_at", "id")
    )


def visits_of_officer(user_id: int, night_out: NightOut | None = None) -> QuerySet[Visit]:
    """An officer's visits in order, with their parties (one query)."""
    visits = active_visits().filter(officer_id=user_id, party__erased_at__isnull=True)
    visits = visits.filter(party__withdrawn_at__isnull=True)
    if night_out is not None:
        visits = visits.filter(party__night_out=night_out)
    return visits.select_related("party__neighborhood", "party__night_out").order_by("start", "id")


def grouped_by_neighborhood(parties: Iterable[BlockParty]) -> list[tuple]:
    """[(neighborhood, [parties…]), …] in the order given (by neighborhood)."""
    groups: list[tuple] = []
    for party in parties:
        if not groups or groups[-1][0].pk != party.neighborhood_id:
            groups.append((party.neighborhood, []))
        groups[-1][1].append(party)
    return groups
