"""REST API for residents' RSVPs and for the officers' roster, check-in and walk-ins.

Residents need no account: POST events/<id>/rsvps/ goes through the same service as
the web form, and the secret manage token is the key to rsvps/<token>/. The roster
is for the officers, partner staff and coordinators of that event only (rule 5), and
every read of it is logged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from config.api import RsvpAnonThrottle, idempotent, problem_codes
from config.api_views import ApiView
from rsvp.forms import phone_normalize
from rsvp.models import Rsvp, WalkIn, email_normalize
from rsvp.services import (
    checkin_mark,
    checkin_undo,
    roster_access_log,
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change_party_size,
    rsvp_create,
    waitlist_position,
    walkin_record,
)
from scheduler.api import event_ics_url, event_or_404
from scheduler.models import Event
from scheduler.permissions import can_view_roster

SMALL_INT_MAX = 32_767


def manage_url(token: str) -> str:
    return f"{settings.SITE_URL}/rsvp/{token}/"


# --- Residents ---------------------------------------------------------------------------


class RsvpCreateSerializer(serializers.Serializer):
    """The RSVP form's fields, with the form's rules (rsvp/forms.py)."""

    name = serializers.CharField(max_length=120, help_text="So the officers can welcome you.")
    email = serializers.EmailField(
        max_length=254, help_text="For the confirmation and the manage link. Never shared."
    )
    phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="Optional."
    )
    party_size = serializers.IntegerField(
        min_value=1, max_value=SMALL_INT_MAX, default=1, help_text="The resident included."
    )
    accessibility_needs = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    sms_opt_in = serializers.BooleanField(
        default=False, help_text="Text reminders to `phone` (needs a phone number)."
    )

    def validate(self, data):
        if data.get("sms_opt_in") and not data.get("phone"):
            raise serializers.ValidationError(
                {"phone": ["Enter a phone number for text reminders, or untick the box."]}
            )
        return data

    def validate_name(self, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Please tell us your name.")
        return value

    def validate_email(self, value: str) -> str:
        # Case-folding can lengthen a name ("İ" becomes two characters): keep it storable.
        if len(email_normalize(value)) > 254:
            raise serializers.ValidationError("This e-mail address is too long.")
        return value

    def validate_phone(self, value: str) -> str:
        try:
            return phone_normalize(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class EventBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    timezone = serializers.CharField()
    status = serializers.ChoiceField(choices=Event.Status.choices)
    url = serializers.URLField(source="absolute_url")
    ics_url = serializers.SerializerMethodField()

    def get_ics_url(self, event: Event) -> str:
        return event_ics_url(event.pk)

    def to_representation(self, event: Event):
        data = super().to_representation(event)
        data["start"] = event.local_start.isoformat()
        data["end"] = event.local_end.isoformat()
        return data


class RsvpCreatedSerializer(serializers.Serializer):
    event = serializers.IntegerField(source="rsvp.event_id")
    status = serializers.ChoiceField(choices=["confirmed", "waitlisted"], source="rsvp.status")
    party_size = serializers.IntegerField(source="rsvp.party_size")
    waitlist_position = serializers.IntegerField(
        allow_null=True, help_text="1 is next in line; null when confirmed."
    )
    manage_token = serializers.CharField(
        help_text="Secret: opens rsvps/<token>/. Given once, only for a new RSVP."
    )
    manage_url = serializers.URLField()


class RsvpRepeatSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RsvpSerializer(serializers.Serializer):
    """A resident's own RSVP, read with its manage token."""

    event = EventBriefSerializer()
    name = serializers.CharField(source="attendee.name")
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    party_size = serializers.IntegerField()
    waitlist_position = serializers.SerializerMethodField()
    accessibility_needs = serializers.CharField()

    def get_waitlist_position(self, rsvp: Rsvp) -> int | None:
        return waitlist_position(rsvp)


class PartySizeSerializer(serializers.Serializer):
    party_size = serializers.IntegerField(min_value=1, max_value=SMALL_INT_MAX)


EVENT_BRIEF_EXAMPLE = {
    "id": 12,
    "title": "Coffee with a Cop — Eastside",
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "status": "scheduled",
    "url": "https://events.example.gov/events/12/",
    "ics_url": "https://events.example.gov/calendar/events/12.ics",
}
RSVP_EXAMPLE = {
    "event": EVENT_BRIEF_EXAMPLE,
    "name": "Ana Reyes",
    "status": "confirmed",
    "party_size": 2,
    "waitlist_position": None,
    "accessibility_needs": "",
}
REPEAT_DETAIL = (
    "If this e-mail address already has an RSVP for this event, its link has been sent again."
)


def _rsvp_or_404(token: str) -> Rsvp:
    rsvp = rsvp_by_token(token)
    if rsvp is None:
        raise Http404("This link is not valid. It may have been mistyped.")
    return rsvp


class RsvpCreate(ApiView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [RsvpAnonThrottle]

    @extend_schema(
        tags=["rsvps"],
        summary="RSVP to an event (no account needed)",
        description=(
            "Confirms the party if all of it fits, otherwise puts it on the waitlist (201). "
            "A repeat for an e-mail that already has an RSVP changes nothing and answers 202 "
            "without any token: the link is sent again to that address. Send an "
            "`Idempotency-Key` header to retry safely: a retry gets the first answer."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Any unique string (e.g. a UUID), 1–255 printable characters.",
            )
        ],
        request=RsvpCreateSerializer,
        responses={201: RsvpCreatedSerializer, 202: RsvpRepeatSerializer},
        examples=[
            OpenApiExample(
                "RSVP for two",
                value={
                    "name": "Ana Reyes",
                    "email": "ana@example.org",
                    "phone": "503-555-0100",
                    "party_size": 2,
                    "accessibility_needs": "Step-free entrance, please.",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Confirmed",
                value={
                    "event": 12,
                    "status": "confirmed",
                    "party_size": 2,
                    "waitlist_position": None,
                    "manage_token": "m2VJ1n0bXq2o3w8rXh0g5k8oJ6y1mH4Q",
                    "manage_url": "https://events.example.gov/rsvp/m2VJ1n0bXq2o3w8rXh0g5k8oJ6y1mH4Q/",
                },
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample(
                "Already RSVPed",
                value={"detail": REPEAT_DETAIL},
                response_only=True,
                status_codes=["202"],
            ),
        ],
        extensions=problem_codes(422, 429),
    )
    def post(self, request, pk: int):
        return idempotent(
            request, scope=f"POST events/{pk}/rsvps/", act=lambda: self._create(request, pk)
        )

    def _create(self, request, pk: int) -> Response:
        event = event_or_404(pk)
        serializer = RsvpCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # The serializer's fields are rsvp_create's (shared with the HTML form).
        result = rsvp_create(
            event=event, language=translation.get_language_from_request(request), **data
        )
        if not result.created:
            # Say nothing about the existing RSVP: whoever sent this may not own the address.
            return Response({"detail": REPEAT_DETAIL}, status=202)
        body = {
            "rsvp": result.rsvp,
            "waitlist_position": waitlist_position(result.rsvp),
            "manage_token": result.manage_token,
            "manage_url": manage_url(result.manage_token),
        }
        return Response(RsvpCreatedSerializer(body).data, status=201)


class RsvpManage(ApiView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["rsvps"],
        summary="A resident's own RSVP (by its secret manage token)",
        responses={200: RsvpSerializer},
        examples=[OpenApiExample("Confirmed", value=RSVP_EXAMPLE, response_only=True)],
    )
    def get(self, request, token: str):
        return Response(RsvpSerializer(_rsvp_or_404(token)).data)

    @extend_schema(
        tags=["rsvps"],
        summary="Change the party size",
        description="A confirmed party grows only into free seats; a smaller one frees "
        "seats for the waitlist at once.",
        request=PartySizeSerializer,
        responses={200: RsvpSerializer},
        examples=[
            OpenApiExample("Three people", value={"party_size": 3}, request_only=True),
            OpenApiExample("Changed", value={**RSVP_EXAMPLE, "party_size": 3}, response_only=True),
        ],
    )
    def patch(self, request, token: str):
        rsvp = _rsvp_or_404(token)
        serializer = PartySizeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rsvp_change_party_size(rsvp=rsvp, party_size=serializer.validated_data["party_size"])
        return Response(RsvpSerializer(_rsvp_or_404(token)).data)

    @extend_schema(
        tags=["rsvps"],
        summary="Cancel the RSVP",
        description="The seats go to the waitlist at once. Cancelling twice is harmless.",
        request=None,
        responses={200: RsvpSerializer},
        examples=[
            OpenApiExample(
                "Cancelled", value={**RSVP_EXAMPLE, "status": "cancelled"}, response_only=True
            )
        ],
    )
    def delete(self, request, token: str):
        rsvp_cancel(rsvp=_rsvp_or_404(token))
        return Response(RsvpSerializer(_rsvp_or_404(token)).data)


# --- Officers: roster, check-in, walk-ins ---------------------------------------------------


class RosterRsvpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="attendee.name")
    email = serializers.EmailField(source="attendee.email")
    phone = serializers.CharField()
    party_size = serializers.IntegerField()
    # The roster lists active RSVPs; a check-in answer may show a cancelled one.
    status = serializers.ChoiceField(choices=Rsvp.Status.choices)
    waitlist_position = serializers.IntegerField(allow_null=True)
    accessibility_needs = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_in_by = serializers.CharField(
        source="checked_in_by.username", allow_null=True, default=None
    )


class WalkInSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    head_count = serializers.IntegerField(min_value=1, max_value=500, default=1)
    recorded_at = serializers.DateTimeField(read_only=True)


class RosterTotalsSerializer(serializers.Serializer):
    confirmed_parties = serializers.IntegerField()
    confirmed_people = serializers.IntegerField()
    checked_in_people = serializers.IntegerField()
    waitlisted_parties = serializers.IntegerField()
    walkin_people = serializers.IntegerField()


class RosterSerializer(serializers.Serializer):
    event = EventBriefSerializer()
    totals = RosterTotalsSerializer()
    rsvps = RosterRsvpSerializer(many=True)
    walkins = WalkInSerializer(many=True)


ROSTER_ROW_EXAMPLE = {
    "id": 301,
    "name": "Ana Reyes",
    "email": "ana@example.org",
    "phone": "+15035550100",
    "party_size": 2,
    "status": "confirmed",
    "waitlist_position": None,
    "accessibility_needs": "Step-free entrance, please.",
    "checked_in_at": "2026-12-02T18:34:10-08:00",
    "checked_in_by": "officer.garcia",
}
WALKIN_EXAMPLE = {
    "id": 7,
    "name": "",
    "head_count": 3,
    "recorded_at": "2026-12-02T18:40:00-08:00",
}


def roster_rows(event: Event) -> list[Rsvp]:
    """Active RSVPs by name, each with `waitlist_position` set: one query however many."""
    rows = list(
        Rsvp.objects.filter(event=event)
        .active()
        .select_related("attendee", "checked_in_by")
        .order_by("attendee__name", "id")
    )
    waiting = sorted(
        (r for r in rows if r.status == Rsvp.Status.WAITLISTED),
        key=lambda r: (r.waitlist_joined_at, r.id),
    )
    places = {r.pk: place for place, r in enumerate(waiting, start=1)}
    for row in rows:
        row.waitlist_position = places.get(row.pk)
    return rows


class RosterPermission(permissions.IsAuthenticated):
    message = "Only this event's officers, coordinators and host or partner staff may see it."


class RosterView(ApiView):
    permission_classes = [RosterPermission]

    def event_for(self, request, pk: int) -> Event:
        event = get_object_or_404(Event, pk=pk)
        if not can_view_roster(request.user, event):
            raise PermissionDenied(RosterPermission.message)
        return event


class Attendance(RosterView):
    @extend_schema(
        tags=["attendance"],
        summary="An event's roster (officers, coordinators, host/partner staff)",
        description="Names and contacts of the residents who RSVPed; every read is logged.",
        responses={200: RosterSerializer},
        examples=[
            OpenApiExample(
                "Roster",
                value={
                    "event": EVENT_BRIEF_EXAMPLE,
                    "totals": {
                        "confirmed_parties": 1,
                        "confirmed_people": 2,
                        "checked_in_people": 2,
                        "waitlisted_parties": 0,
                        "walkin_people": 3,
                    },
                    "rsvps": [ROSTER_ROW_EXAMPLE],
                    "walkins": [WALKIN_EXAMPLE],
                },
                response_only=True,
            )
        ],
        extensions=problem_codes(403),
    )
    def get(self, request, pk: int):
        event = self.event_for(request, pk)
        rows = roster_rows(event)
        walkins = list(WalkIn.objects.filter(event=event).order_by("recorded_at", "id"))
        roster_access_log(user=request.user, event=event, what="api")
        confirmed = [r for r in rows if r.status == Rsvp.Status.CONFIRMED]
        body = {
            "event": event,
            "totals": {
                "confirmed_parties": len(confirmed),
                "confirmed_people": sum(r.party_size for r in confirmed),
                "checked_in_people": sum(r.party_size for r in confirmed if r.checked_in_at),
                "waitlisted_parties": len(rows) - len(confirmed),
                "walkin_people": sum(w.head_count for w in walkins),
            },
            "rsvps": rows,
            "walkins": walkins,
        }
        return Response(RosterSerializer(body).data)


class CheckIn(RosterView):
    def rsvp_for(self, request, pk: int, rsvp_id: int) -> Rsvp:
        event = self.event_for(request, pk)
        rsvp = (
            Rsvp.objects.select_related("attendee", "checked_in_by")
            .filter(event=event, pk=rsvp_id)
            .first()
        )
        if rsvp is None:
            raise Http404("No such RSVP for this event.")
        return rsvp

    def row(self, rsvp: Rsvp) -> dict:
        rsvp = Rsvp.objects.select_related("attendee", "checked_in_by").get(pk=rsvp.pk)
        rsvp.waitlist_position = waitlist_position(rsvp)
        return RosterRsvpSerializer(rsvp).data

    @extend_schema(
        tags=["attendance"],
        summary="Check a confirmed party in (idempotent)",
        request=None,
        responses={200: RosterRsvpSerializer},
        examples=[OpenApiExample("Checked in", value=ROSTER_ROW_EXAMPLE, response_only=True)],
    )
    def post(self, request, pk: int, rsvp_id: int):
        rsvp = self.rsvp_for(request, pk, rsvp_id)
        checkin_mark(rsvp=rsvp, by=request.user)
        roster_access_log(user=request.user, event=rsvp.event, what="checkin")
        return Response(self.row(rsvp))

    @extend_schema(
        tags=["attendance"],
        summary="Undo a check-in (idempotent)",
        request=None,
        responses={200: RosterRsvpSerializer},
        examples=[
            OpenApiExample(
                "Not checked in",
                value={**ROSTER_ROW_EXAMPLE, "checked_in_at": None, "checked_in_by": None},
                response_only=True,
            )
        ],
    )
    def delete(self, request, pk: int, rsvp_id: int):
        rsvp = self.rsvp_for(request, pk, rsvp_id)
        checkin_undo(rsvp=rsvp)
        roster_access_log(user=request.user, event=rsvp.event, what="undo")
        return Response(self.row(rsvp))


class WalkIns(RosterView):
    @extend_schema(
        tags=["attendance"],
        summary="Record people who came without an RSVP",
        request=WalkInSerializer,
        responses={201: WalkInSerializer},
        examples=[
            OpenApiExample("Three walk-ins", value={"head_count": 3}, request_only=True),
            OpenApiExample("Recorded", value=WALKIN_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request, pk: int):
        # A double tap at the door with the same Idempotency-Key counts people once.
        return idempotent(
            request,
            scope=f"POST events/{pk}/attendance/walk-ins/ by {request.user.pk}",
            act=lambda: self._record(request, pk),
        )

    def _record(self, request, pk: int) -> Response:
        event = self.event_for(request, pk)
        serializer = WalkInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        walkin = walkin_record(
            event=event,
            by=request.user,
            head_count=serializer.validated_data["head_count"],
            name=serializer.validated_data["name"],
        )
        roster_access_log(user=request.user, event=event, what="walkin")
        return Response(WalkInSerializer(walkin).data, status=201)
