"""The officers' roster, check-in and walk-ins: for that event's assigned officers, granted staff
and coordinators only (DESIGN.md rule 5); every read and write is logged by the service."""

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework.response import Response

from api.examples import (
    EVENT_BRIEF_EXAMPLE,
    HEADCOUNT_ROW_EXAMPLE,
    ROSTER_ROW_EXAMPLE,
    WALKIN_EXAMPLE,
)
from api.idempotency import idempotent
from api.permissions import RosterPermission
from api.schema import problem_codes
from api.serializers.attendance import (
    CheckInSerializer,
    RosterRsvpSerializer,
    RosterSerializer,
    WalkInSerializer,
)
from api.views.base import ApiView
from rsvp import queries
from rsvp.models import RosterAccess, Rsvp
from rsvp.services import checkin_mark, checkin_undo, waitlist_position, walkin_record
from scheduler.models import Event


class RosterView(ApiView):
    permission_classes = [RosterPermission]

    def event_for(self, request, pk: int) -> Event:
        try:
            return queries.roster_event(request.user, pk)
        except Event.DoesNotExist:
            raise Http404(gettext("No such event.")) from None


class Attendance(RosterView):
    @extend_schema(
        tags=["attendance"],
        summary="An event's roster (assigned officers, coordinators, staff granted its rosters)",
        description=(
            "Names and contacts of the residents who RSVPed, each as typed with that RSVP; "
            "head counts as a size and a code only. Every read is logged."
        ),
        responses={200: RosterSerializer},
        examples=[
            OpenApiExample(
                "Roster",
                value={
                    "event": EVENT_BRIEF_EXAMPLE,
                    "totals": {
                        "confirmed_parties": 2,
                        "confirmed_people": 5,
                        "checked_in_people": 2,
                        "waitlisted_parties": 0,
                        "walkin_people": 3,
                    },
                    "rsvps": [ROSTER_ROW_EXAMPLE, HEADCOUNT_ROW_EXAMPLE],
                    "walkins": [WALKIN_EXAMPLE],
                },
                response_only=True,
            )
        ],
        extensions=problem_codes(403),
    )
    def get(self, request, pk: int):
        # The same roster, in the same order, as the attendance page: confirmed parties by
        # name, then the waitlist in arrival order.
        roster = queries.roster_for(
            request.user, self.event_for(request, pk), RosterAccess.What.API
        )
        body = {
            "event": roster.event,
            "totals": {
                "confirmed_parties": len(roster.confirmed),
                "confirmed_people": roster.confirmed_people,
                "checked_in_people": roster.checked_in_people,
                "waitlisted_parties": len(roster.waitlist),
                "walkin_people": roster.walkin_people,
            },
            "rsvps": roster.confirmed + roster.waitlist,
            "walkins": roster.walkins,
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
            raise Http404(gettext("No such RSVP for this event."))
        return rsvp

    def row(self, rsvp: Rsvp) -> dict:
        rsvp = Rsvp.objects.select_related("attendee", "checked_in_by").get(pk=rsvp.pk)
        rsvp.position = waitlist_position(rsvp)
        return RosterRsvpSerializer(rsvp).data

    @extend_schema(
        tags=["attendance"],
        summary="Check a confirmed party in, whole or in part (idempotent)",
        description=(
            "Open from the program's check-in hours before the start until a day after the "
            "end; outside them 409 `checkin_not_open` or `checkin_closed`, unless a "
            "coordinator sends `override`. Checking in again with another `arrived` "
            "corrects the count."
        ),
        request=CheckInSerializer,
        responses={200: RosterRsvpSerializer},
        examples=[OpenApiExample("Checked in", value=ROSTER_ROW_EXAMPLE, response_only=True)],
    )
    def post(self, request, pk: int, rsvp_id: int):
        rsvp = self.rsvp_for(request, pk, rsvp_id)
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checkin_mark(
            rsvp=rsvp,
            by=request.user,
            arrived=serializer.validated_data.get("arrived"),
            override=serializer.validated_data["override"],
        )
        return Response(self.row(rsvp))

    @extend_schema(
        tags=["attendance"],
        summary="Undo a check-in (idempotent)",
        request=None,
        responses={200: RosterRsvpSerializer},
        examples=[
            OpenApiExample(
                "Not checked in",
                value={
                    **ROSTER_ROW_EXAMPLE,
                    "checked_in_at": None,
                    "arrived": None,
                    "checked_in_by": None,
                },
                response_only=True,
            )
        ],
    )
    def delete(self, request, pk: int, rsvp_id: int):
        rsvp = self.rsvp_for(request, pk, rsvp_id)
        checkin_undo(rsvp=rsvp, by=request.user)
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
        return Response(WalkInSerializer(walkin).data, status=201)
