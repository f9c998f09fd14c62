"""Writes of National Night Out, each in its own transaction: registering a block party,
the host's changes, officers' visits, and erasing the residents' data on the retention
schedule. Hosts are told through the outbox (notifications/)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from nightout import rules
from nightout.errors import NightOutError
from nightout.models import BlockParty, NightOut, PartyLink, Visit
from notifications.enqueue import sends_enqueue
from notifications.models import Notification
from rsvp.models import email_normalize
from scheduler.models import Neighborhood
from scheduler.permissions import is_coordinator, is_staff_member
from scheduler.tokens import token_hash

Kind = Notification.Kind

# A visits notice waits this long, so several assignments in a row make one e-mail that
# reads the visits as they stand when it is sent.
VISITS_NOTICE_DELAY = dt.timedelta(minutes=5)
MAX_TOKEN_LENGTH = 128


def _rule(field: str, rule, value):
    try:
        return rule(value)
    except ValidationError as exc:
        raise NightOutError(exc.messages[0], code=exc.code, field=field) from exc


def _notice_plan(party: BlockParty, kind: str, *, now: dt.datetime, due: dt.datetime) -> None:
    """One notice to the host, with a manage link whose hash is stored now (the clear token
    is derived from the notice's salt and the secret key, as for RSVPs: notifications/links.py)."""
    notice = Notification(
        kind=kind,
        party=party,
        due_at=due,
        dedupe_key=f"nightout:{kind}:{party.pk}:{secrets.token_hex(8)}",
        enqueued_at=now if due <= now else None,
    )
    notice.save()
    PartyLink.objects.create(party=party, token_hash=token_hash(notice.link_token("manage")))
    if due <= now:
        transaction.on_commit(lambda: sends_enqueue([notice.pk]))


def party_register(
    *,
    night_out: NightOut,
    host_name: str,
    email: str,
    address: str,
    neighborhood: Neighborhood,
    expected_size: int,
    phone: str = "",
    needs: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Register a block party. Returns nothing: a second registration with an address
    that has one this year changes nothing and e-mails the first one's link, so the
    answer is the same either way (DESIGN.md rule 7)."""
    now = now or timezone.now()
    fields = {
        "host_name": _rule("host_name", rules.name_clean, host_name),
        "email": email_normalize(_rule("email", rules.email_clean, email)),
        "phone": _rule("phone", rules.phone_clean, phone),
        "address": _rule("address", rules.address_clean, address),
        "expected_size": _rule("expected_size", rules.expected_size_clean, expected_size),
        "needs": _rule("needs", rules.needs_clean, needs),
    }
    today = timezone.localtime(now, night_out.tzinfo).date()
    if not night_out.registration_open_on(today):
        raise NightOutError(gettext("Registration for this National Night Out is closed."))
    with transaction.atomic():
        night = NightOut.objects.select_for_update().get(pk=night_out.pk)  # one at a time
        known = BlockParty.objects.filter(
            night_out=night, email=fields["email"], withdrawn_at=None, erased_at=None
        ).first()
        if known is not None:
            _notice_plan(known, Kind.NIGHTOUT_LINK, now=now, due=now)
            return
        party = BlockParty.objects.create(
            night_out=night, neighborhood=neighborhood, language=language, **fields
        )
        _notice_plan(party, Kind.NIGHTOUT_REGISTERED, now=now, due=now)


def party_by_token(token: str) -> BlockParty | None:
    """The standing registration a manage link opens, or None (withdrawn ones still show)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        BlockParty.objects.filter(links__token_hash=token_hash(token), erased_at=None)
        .select_related("night_out", "neighborhood")
        .first()
    )


def party_change(
    *,
    party: BlockParty,
    host_name: str,
    address: str,
    neighborhood: Neighborhood,
    expected_size: int,
    phone: str = "",
    needs: str = "",
) -> BlockParty:
    """The host's changes from the manage page (the e-mail stays: it is the link's)."""
    fields = {
        "host_name": _rule("host_name", rules.name_clean, host_name),
        "phone": _rule("phone", rules.phone_clean, phone),
        "address": _rule("address", rules.address_clean, address),
        "expected_size": _rule("expected_size", rules.expected_size_clean, expected_size),
        "needs": _rule("needs", rules.needs_clean, needs),
    }
    with transaction.atomic():
        party = BlockParty.objects.select_for_update().get(pk=party.pk)
        if not party.is_active:
            raise NightOutError(gettext("This registration was withdrawn."))
        for name, value in fields.items():
            setattr(party, name, value)
        party.neighborhood = neighborhood
        party.save()
        # Officers' calendars show the address: their entries move with it.
        _visits_touch(party.visits.filter(cancelled_at=None))
    return party


def _visits_touch(visits, **changes) -> None:
    for visit in visits:
        visit.sequence += 1
        for name, value in changes.items():
            setattr(visit, name, value)
        visit.save()


def party_withdraw(*, party: BlockParty, now: dt.datetime | None = None) -> bool:
    """The host withdraws; the visits are cancelled (and stay in feeds as cancelled)."""
    now = now or timezone.now()
    with transaction.atomic():
        done = BlockParty.objects.filter(pk=party.pk, withdrawn_at=None, erased_at=None).update(
            withdrawn_at=now, updated_at=now
        )
        if done:
            _visits_touch(
                Visit.objects.select_for_update().filter(party_id=party.pk, cancelled_at=None),
                cancelled_at=now,
            )
    return bool(done)


def _slot_check(night: NightOut, officer, start: dt.datetime, end: dt.datetime, *, exclude=None):
    if end <= start:
        raise NightOutError(gettext("A visit must end after it starts."), field="end")
    if start < night.start or end > night.end:
        raise NightOutError(gettext("A visit must be within the night's hours."), field="start")
    # Serializes an officer's assignments: a row lock on PostgreSQL, and the IMMEDIATE
    # transaction on SQLite; an overlap check before an unlocked write could race.
    get_user_model().objects.select_for_update().filter(pk=officer.pk).first()
    clash = Visit.objects.filter(
        officer=officer,
        cancelled_at=None,
        party__withdrawn_at=None,
        start__lt=end,
        end__gt=start,
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise NightOutError(
            gettext("This officer already has a visit at that time."), field="start"
        )


def _coordinator_check(by) -> None:
    if not is_coordinator(by):
        raise NightOutError(gettext("Only coordinators assign visits."))


def _officer_check(officer) -> None:
    if not is_staff_member(officer):
        raise NightOutError(gettext("Choose an officer of the department."), field="officer")


def _visits_notice(party: BlockParty, now: dt.datetime) -> None:
    # One pending notice is enough: it reads the visits when it goes out.
    if Notification.objects.filter(
        party=party, kind=Kind.NIGHTOUT_VISITS, state=Notification.State.PENDING
    ).exists():
        return
    _notice_plan(party, Kind.NIGHTOUT_VISITS, now=now, due=now + VISITS_NOTICE_DELAY)


def visit_assign(
    *, party: BlockParty, officer, start: dt.datetime, end: dt.datetime, by, now=None
) -> Visit:
    now = now or timezone.now()
    _coordinator_check(by)
    _officer_check(officer)
    with transaction.atomic():
        party = BlockParty.objects.select_for_update().select_related("night_out").get(pk=party.pk)
        if not party.is_active:
            raise NightOutError(gettext("This registration was withdrawn."))
        _slot_check(party.night_out, officer, start, end)
        visit = Visit.objects.create(party=party, officer=officer, start=start, end=end)
        _visits_notice(party, now)
    return visit


def visit_change(*, visit: Visit, officer, start: dt.datetime, end: dt.datetime, by, now=None):
    now = now or timezone.now()
    _coordinator_check(by)
    _officer_check(officer)
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update()
            .select_related("party__night_out")
            .get(pk=visit.pk, cancelled_at=None)
        )
        _slot_check(visit.party.night_out, officer, start, end, exclude=visit)
        _visits_touch([visit], officer=officer, start=start, end=end)
        _visits_notice(visit.party, now)
    return visit


def visit_cancel(*, visit: Visit, by, now=None) -> bool:
    now = now or timezone.now()
    _coordinator_check(by)
    with transaction.atomic():
        visits = list(Visit.objects.select_for_update().filter(pk=visit.pk, cancelled_at=None))
        _visits_touch(visits, cancelled_at=now)
        if visits:
            _visits_notice(visits[0].party, now)
    return bool(visits)


@dataclasses.dataclass
class PartiesErased:
    parties: int = 0
    notices: int = 0


def parties_due(now: dt.datetime | None = None):
    """Registrations whose night ended more than the retention period ago, not erased."""
    now = now or timezone.now()
    days = settings.PORCHLIGHT["RETENTION_DAYS"]
    years = [n.year for n in NightOut.objects.all() if n.end + dt.timedelta(days=days) <= now]
    return BlockParty.objects.filter(night_out__year__in=years, erased_at=None)


def parties_erase(party_ids: list[int], *, now: dt.datetime) -> PartiesErased:
    """Erase these registrations' personal data (inside the caller's transaction). The
    rows stay, with their neighborhood, size and visits, for the counts."""
    parties = BlockParty.objects.filter(pk__in=party_ids, erased_at=None)
    count = parties.update(
        host_name="", email="", phone="", address="", needs="", erased_at=now, updated_at=now
    )
    PartyLink.objects.filter(party_id__in=party_ids).delete()
    notices, _ = Notification.objects.filter(party_id__in=party_ids).delete()
    # Officers' calendars carried the address: their entries are written again without it.
    _visits_touch(Visit.objects.filter(party_id__in=party_ids))
    return PartiesErased(parties=count, notices=notices)
