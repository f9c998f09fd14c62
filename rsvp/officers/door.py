"""The door list for phones: the roster as JSON (polled), and the queue of what a phone did.

Several officers' phones show one list by polling `door_list` every few seconds with the
ETag of what they hold: an unchanged list is a 304 of a few hundred bytes, which a phone on
one bar of signal can afford; server-sent events would hold a connection (and a worker of
the WSGI server) open per phone for the whole evening, and come back no sooner through
the proxies and captive portals of a church hall. The ETag is the hash of the list itself,
so no change committed between two reads can be missed (a "last changed" time could be
older than one already seen, when two officers' transactions commit out of order).

What a phone keeps of the list is the minimum for the door: the name as typed, the party
size, the status and its check-in; no e-mail, no phone, no needs (the page shows those
when online). Only changes are logged: a 304 writes nothing, a changed list is a roster
read (RosterAccess "sync").
"""

import hashlib
import json
import uuid
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST
from django_permissions_policy import PermissionsPolicyMiddleware

from rsvp import queries
from rsvp.door_code import door_code, door_code_digest
from rsvp.errors import RsvpError
from rsvp.models import RosterAccess, Rsvp
from rsvp.services import SYNC_MAX_ACTIONS, checkin_hours, door_scan, door_sync
from rsvp.templatetags.officers import clock_at
from scheduler.models import Event
from scheduler.permissions import is_staff_member
from scheduler.when import when_text


def door_row(rsvp: Rsvp, event: Event) -> dict:
    """One party as the phone keeps it. `qr` is the digest of its door code (never the
    code): a phone offline knows a scanned code by it (static/js/scan.js `digest`)."""
    row = {
        "id": rsvp.pk,
        "name": "" if rsvp.is_headcount else rsvp.name,
        "code": rsvp.reference,
        "party": rsvp.party_size,
        "status": "confirmed" if rsvp.status == Rsvp.Status.CONFIRMED else "waitlisted",
        "qr": door_code_digest(door_code(rsvp)),
    }
    if rsvp.checked_in_at:
        row.update(
            arrived=rsvp.arrived,
            at=clock_at(rsvp.checked_in_at, event),
            key=rsvp.checkin_key,
        )
    return row


def door_rows(roster: queries.Roster) -> list[dict]:
    return [door_row(rsvp, roster.event) for rsvp in roster.confirmed + roster.waitlist]


def door_payload(roster: queries.Roster) -> dict:
    event = roster.event
    opens, closes = checkin_hours(event)
    return {
        "event": event.pk,
        # For the page a phone shows offline: the event's own words, no resident's.
        "title": event.title,
        "program": event.program.name,
        "when": when_text(event.start, event.end, event.timezone),
        "venue": event.venue.name,
        "tz": event.timezone,
        "cancelled": event.is_cancelled,
        "opens": opens.isoformat(),
        "closes": closes.isoformat(),
        # After this the phone forgets the list (the event is over and the door closed).
        "forget_after": closes.isoformat(),
        "rows": door_rows(roster),
        "walkins": [{"id": w.pk, "people": w.head_count, "name": w.name} for w in roster.walkins],
        "counts": roster.counts(),
    }


def camera_allow(response: HttpResponse) -> HttpResponse:
    """Let the attendance page use the camera (its code scanner, static/js/scan.js): the
    site's Permissions-Policy denies it everywhere else."""
    policy = {**settings.PERMISSIONS_POLICY, "camera": "self"}
    # Read by django_permissions_policy's middleware in place of the site's header.
    response._permissions_policy_override = PermissionsPolicyMiddleware.compute_header_value(
        policy, name="camera_allow"
    )
    return response


def _etag(payload: dict) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), cls=_Encoder)
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


def _json(data: dict, *, status: int = 200, etag: str = "") -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"separators": (",", ":")})
    # Residents' names: never in a shared cache; the page's script keeps its own copy.
    response["Cache-Control"] = "no-store"
    if etag:
        response["ETag"] = etag
    return response


def _problem(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status=status)


def _door_list_answer(request, event, *, results=None) -> JsonResponse | HttpResponse:
    # The list is read (two queries) and hashed; only a list that changed is sent and logged.
    payload = door_payload(queries.roster(event))
    etag = _etag(payload)
    # Compressed answers carry the ETag weakened (W/"…", gzip_page): the same list either way.
    seen = request.headers.get("If-None-Match", "").removeprefix("W/")
    if results is None and seen == etag:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        response["Cache-Control"] = "no-store"
        return response
    RosterAccess.objects.create(user=request.user, event=event, what=RosterAccess.What.SYNC)
    body = {"list": payload, "etag": etag}
    if results is not None:
        body["results"] = results
    return _json(body, etag=etag)


def _event_or_problem(request, pk: int):
    try:
        return queries.roster_event(request.user, pk), None
    except Event.DoesNotExist:
        return None, _problem(_("No such event."), 404)
    except PermissionDenied as exc:
        return None, _problem(str(exc), 403)


def _signed_in_staff(view):
    """JSON answers for the script: 401 when signed out (it shows "sign in again" and keeps
    its queue), 403 without access; never the login page's HTML."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _problem(_("You are signed out. Sign in again to send what is waiting."), 401)
        if not is_staff_member(request.user):
            return _problem(_("Your account has no access to the officer pages."), 403)
        return view(request, *args, **kwargs)

    return wrapper


# Compressed: a 200-party list is 29 KB of JSON and 7.6 KB gzipped, on one bar of signal.
# (No BREACH here: the list reflects nothing a request sends and holds no secret token.)
@gzip_page
@require_GET
@_signed_in_staff
def door_list(request, pk: int):
    event, problem = _event_or_problem(request, pk)
    if problem:
        return problem
    return _door_list_answer(request, event)


@gzip_page
@require_POST
@_signed_in_staff
def door_sync_view(request, pk: int):
    """Apply a phone's queue ({"actions": [...]}) and answer with each result and the list."""
    event, problem = _event_or_problem(request, pk)
    if problem:
        return problem
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        return _problem(_("The queue could not be read: it is not JSON."), 400)
    actions = body.get("actions") if isinstance(body, dict) else None
    if not isinstance(actions, list):
        return _problem(_("The queue could not be read: it has no list of actions."), 400)
    if len(actions) > SYNC_MAX_ACTIONS:
        actions = actions[:SYNC_MAX_ACTIONS]
    results = door_sync(event=event, by=request.user, actions=actions)
    return _door_list_answer(request, event, results=results)


def _who(rsvp: Rsvp) -> str:
    if rsvp.is_headcount:
        # Translators: a party known only by its head-count code, as the roster names it.
        return _("head count %(code)s") % {"code": rsvp.reference}
    return rsvp.name


def scan_greeting(rsvp: Rsvp, event: Event, outcome: str) -> str:
    """What the officer reads out: "Welcome, Ana García — party of 3"."""
    values = {
        "name": _who(rsvp),
        "size": rsvp.party_size,
        "arrived": rsvp.arrived or rsvp.party_size,
        "time": clock_at(rsvp.checked_in_at, event) if rsvp.checked_in_at else "",
    }
    if outcome != "applied":
        # The code was shown before (twice at the door, or passed on): say so.
        return (
            ngettext(
                "Already checked in at %(time)s: %(name)s — party of %(size)d.",
                "Already checked in at %(time)s: %(name)s — party of %(size)d.",
                rsvp.party_size,
            )
            % values
        )
    if rsvp.arrived and rsvp.arrived < rsvp.party_size:
        return (
            ngettext(
                "Welcome, %(name)s — %(arrived)d of a party of %(size)d",
                "Welcome, %(name)s — %(arrived)d of a party of %(size)d",
                rsvp.party_size,
            )
            % values
        )
    return (
        ngettext(
            "Welcome, %(name)s — party of %(size)d",
            "Welcome, %(name)s — party of %(size)d",
            rsvp.party_size,
        )
        % values
    )


def _scan_body(request) -> tuple[dict | None, JsonResponse | None]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        return None, _problem(_("The scan could not be read: it is not JSON."), 400)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return None, _problem(_("The scan could not be read: it has no code."), 400)
    try:
        uuid.UUID(str(body.get("id", "")))
    except ValueError:
        return None, _problem(_("The scan could not be read: it has no id."), 400)
    arrived = body.get("arrived")
    if arrived is not None and (isinstance(arrived, bool) or not isinstance(arrived, int)):
        return None, _problem(_("Enter how many of the party arrived as a number."), 400)
    return body, None


@require_POST
@_signed_in_staff
def door_scan_view(request, pk: int):
    """A scanned door code ({"code": text, "id": the device's uuid, "arrived": optional}):
    the party checked in once, and the greeting; or the refusal, as {"error": ...}."""
    event, problem = _event_or_problem(request, pk)
    if problem:
        return problem
    body, problem = _scan_body(request)
    if problem:
        return problem
    try:
        answer, rsvp = door_scan(event=event, by=request.user, text=body["code"], action=body)
    except RsvpError as exc:
        return _json(
            {"outcome": "refused", "code": exc.code, "error": exc.message},
            status=400 if exc.code in ("bad_door_code", "forged_door_code") else 409,
        )
    return _json(
        {
            "id": answer["id"],
            "outcome": answer["outcome"],
            "greeting": scan_greeting(rsvp, event, answer["outcome"]),
            "row": door_row(rsvp, event),
        }
    )
