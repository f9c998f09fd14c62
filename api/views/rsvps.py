"""Residents' RSVPs without an account: POST events/<id>/rsvps/ goes through the same
services as the web form; the secret manage token is the key to rsvps/<token>/.

An RSVP made with an e-mail address answers 202 and the same body whether the address is
new, known, or already on the event (DESIGN.md rule 7): the seat outcome and the manage
link go to the mailbox. A head count (no address to write to) and a client whose token has
the rsvp:manage-links scope (a partner's kiosk, say) get them back: 201.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
)
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.examples import RSVP_EXAMPLE
from api.idempotency import idempotent
from api.models import TokenScope, token_has_scope
from api.schema import problem_codes
from api.serializers.rsvps import (
    RsvpAcceptedSerializer,
    RsvpChangeSerializer,
    RsvpCreatedSerializer,
    RsvpCreateSerializer,
    RsvpSerializer,
)
from api.views.base import ApiView
from api.views.events import SHARE_KEY, event_or_404
from questions.errors import AnswerMissing
from rsvp.models import Rsvp
from rsvp.services import (
    rsvp_by_token,
    rsvp_cancel,
    rsvp_change,
    rsvp_create,
    rsvp_create_headcount,
    waitlist_position,
)
from rsvp.throttle import RsvpAnonThrottle
from scheduler.tokens import token_headers


def manage_url(token: str) -> str:
    return f"{settings.SITE_URL}/rsvp/{token}/"


# Marked here, translated for each answer (the OpenAPI example keeps the English).
# Translators: "sent_to" names a field of the API's answer: keep it as it is.
ACCEPTED_DETAIL = gettext_noop(
    "Thank you. Whether you have a seat or a place on the waitlist, and your link to change "
    "or cancel, are on their way to the e-mail address you gave (sent_to)."
)


def _rsvp_or_404(token: str) -> Rsvp:
    rsvp = rsvp_by_token(token)
    if rsvp is None:
        raise Http404(gettext("This link is not valid. It may have been mistyped."))
    return rsvp


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (e.g. a UUID), 1–255 printable characters.",
)
RSVP_CREATE_EXAMPLES = [
    OpenApiExample(
        "RSVP for two",
        value={
            "name": "Ana Reyes",
            "email": "ana@example.org",
            "phone": "503-555-0100",
            "party_size": 2,
            "accessibility_needs": "Step-free entrance, please.",
            "answers": {"31": "Maple Street", "32": 5, "33": True},
        },
        request_only=True,
    ),
    OpenApiExample("Head count of three", value={"party_size": 3}, request_only=True),
    OpenApiExample(
        "Sent to the mailbox",
        value={"event": 12, "sent_to": "ana@example.org", "detail": ACCEPTED_DETAIL},
        response_only=True,
        status_codes=["202"],
    ),
    OpenApiExample(
        "Head count confirmed",
        value={
            "event": 12,
            "status": "confirmed",
            "party_size": 3,
            "waitlist_position": None,
            "reference": "K7Q-M3X",
            "manage_token": "m2VJ1n0bXq2o3w8rXh0g5k8oJ6y1mH4Q",
            "manage_url": "https://events.example.gov/rsvp/m2VJ1n0bXq2o3w8rXh0g5k8oJ6y1mH4Q/",
        },
        response_only=True,
        status_codes=["201"],
    ),
]


class RsvpCreate(ApiView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [RsvpAnonThrottle]

    @extend_schema(
        tags=["rsvps"],
        summary="RSVP to an event (no account needed)",
        description=(
            "Confirms the party if all of it fits, otherwise puts it on the waitlist. An event "
            "in `contact` mode (see the event's `rsvp_mode`) needs `name` and `email` and "
            "answers 202 with the same body whether the address is new, known or already "
            "has an RSVP for the event: the seat outcome and the manage link are e-mailed to "
            "the address (a repeat changes nothing; its mailbox is sent its own link). A "
            "client whose API token has the `rsvp:manage-links` scope gets 201 with them for "
            "a new RSVP. An event in `headcount` mode takes only `party_size` and answers 201 "
            "with the seat outcome, a `reference` code and the manage link (there is no one "
            "else to tell). Send an `Idempotency-Key` header to retry safely: a retry gets "
            "the first answer."
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=RsvpCreateSerializer,
        responses={201: RsvpCreatedSerializer, 202: RsvpAcceptedSerializer},
        examples=RSVP_CREATE_EXAMPLES,
        extensions=problem_codes(422, 429),
    )
    def post(self, request, pk: int):
        # A replayed answer may hold a manage link: it is replayed only to the same kind of
        # caller (anonymous, or the same token) that got it first.
        caller = f" token:{request.auth.pk}" if getattr(request.auth, "pk", None) else ""
        return idempotent(
            request,
            scope=f"POST events/{pk}/rsvps/{caller}",
            act=lambda: self._create(request, pk=pk),
        )

    def _create(self, request, *, pk: int | None = None, key: str | None = None) -> Response:
        event = event_or_404(request, pk=pk, key=key)
        serializer = RsvpCreateSerializer(data=request.data, context={"event": event})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        language = translation.get_language_from_request(request)
        if event.is_headcount:
            return _created(rsvp_create_headcount(event=event, language=language, **data))
        # The serializer's fields are rsvp_create's (shared with the HTML form).
        try:
            result = rsvp_create(event=event, language=language, **data)
        except AnswerMissing as exc:
            # A question made required since the serializer read them: named as the
            # serializer names it.
            raise ValidationError({"answers": {str(exc.question_id): [exc.message]}}) from None
        if result.created and token_has_scope(request.auth, TokenScope.Scope.RSVP_MANAGE_LINKS):
            return _created(result)
        # Say nothing about any RSVP: whoever sent this may not own the address.
        body = {"event": event.pk, "sent_to": data["email"], "detail": gettext(ACCEPTED_DETAIL)}
        return Response(RsvpAcceptedSerializer(body).data, status=202)


def _created(result) -> Response:
    body = {
        "rsvp": result.rsvp,
        "waitlist_position": waitlist_position(result.rsvp),
        "manage_token": result.manage_token,
        "manage_url": manage_url(result.manage_token),
    }
    return Response(RsvpCreatedSerializer(body).data, status=201)


@method_decorator(token_headers, name="dispatch")
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
        summary="Change the RSVP: party size, details, language",
        description="Any of the fields; the others keep their values. A confirmed party "
        "grows only into free seats; a smaller one frees seats for the waitlist at once. "
        "Text reminders asked for here start at once: whoever holds the token got it from "
        "the RSVP's mailbox. A head-count RSVP changes only its party size and language.",
        request=RsvpChangeSerializer,
        responses={200: RsvpSerializer},
        examples=[
            OpenApiExample("Three people", value={"party_size": 3}, request_only=True),
            OpenApiExample(
                "Texts on",
                value={"phone": "503-555-0100", "sms_opt_in": True},
                request_only=True,
            ),
            OpenApiExample("Changed", value={**RSVP_EXAMPLE, "party_size": 3}, response_only=True),
        ],
    )
    def patch(self, request, token: str):
        rsvp = _rsvp_or_404(token)
        serializer = RsvpChangeSerializer(
            data=request.data, context={"rsvp": rsvp, "event": rsvp.event}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rsvp_change(
            rsvp=rsvp,
            party_size=data.get("party_size"),
            details=data.get("details"),
            language=data.get("language"),
        )
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


class RsvpCreateByKey(RsvpCreate):
    @extend_schema(
        tags=["rsvps"],
        summary="RSVP to an unlisted event, by its share key",
        operation_id="events_rsvps_create_by_key",
        description="As POST events/{id}/rsvps/, for an event reached only by its link.",
        parameters=[SHARE_KEY, IDEMPOTENCY_KEY],
        request=RsvpCreateSerializer,
        responses={201: RsvpCreatedSerializer, 202: RsvpAcceptedSerializer},
        examples=RSVP_CREATE_EXAMPLES,
        extensions=problem_codes(422, 429),
    )
    def post(self, request, key: str):
        # The scope names the event's key: it is no resident's secret (Event.share_key). A
        # replayed answer goes only to the same kind of caller, as in RsvpCreate.post.
        caller = f" token:{request.auth.pk}" if getattr(request.auth, "pk", None) else ""
        return idempotent(
            request,
            scope=f"POST events/{key}/rsvps/{caller}",
            act=lambda: self._create(request, key=key),
        )
