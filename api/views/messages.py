"""Officers' messages to an event's attendees: the sent log, a preview (the recipient
count), and sending, for the officers assigned to the event and coordinators."""

import hashlib

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response

from api.idempotency import IDEMPOTENCY_HEADER, idempotent
from api.schema import problem_codes
from api.serializers.messages import MessageInputSerializer, MessageSerializer, PreviewSerializer
from api.views.base import ApiView
from followup.queries import messages_sent
from followup.services import (
    may_message,
    message_recipient_count,
    message_send,
    message_versions_clean,
)
from scheduler.models import Event

EXAMPLE_VERSIONS = {
    "en": {"subject": "Room change", "body": "We meet in room 2 tonight."},
    "es": {"subject": "Cambio de sala", "body": "Esta noche nos reunimos en la sala 2."},
}
SENT_EXAMPLE = {
    "id": 7,
    "audience": "confirmed",
    "language": "en",
    "versions": EXAMPLE_VERSIONS,
    "recipients": 23,
    "sent_by": "officer.garcia",
    "sent_at": "2026-05-14T17:05:00-07:00",
}
PREVIEW_EXAMPLE = {"recipients": 23, "audience": "confirmed", "versions": EXAMPLE_VERSIONS}


class Messages(ApiView):
    permission_classes = [permissions.IsAuthenticated]

    def event_for(self, request, pk: int) -> Event:
        event = Event.objects.filter(pk=pk).first()
        if event is None:
            raise Http404(gettext("No such event."))
        if not may_message(request.user, event):
            raise exceptions.PermissionDenied(
                gettext(
                    "Only the officers assigned to this event and coordinators may message "
                    "its attendees."
                )
            )
        return event

    @extend_schema(
        tags=["messages"],
        summary="Messages sent to an event's attendees (who sent what, when, to how many)",
        responses={200: MessageSerializer(many=True)},
        examples=[OpenApiExample("Sent log", value=[SENT_EXAMPLE], response_only=True)],
        extensions=problem_codes(403),
    )
    def get(self, request, pk: int):
        event = self.event_for(request, pk)
        return Response(MessageSerializer(messages_sent(event), many=True).data)

    @extend_schema(
        tags=["messages"],
        summary="Preview (recipient count) or send a message to an event's attendees",
        description=(
            "Each resident gets it once, by e-mail (and a short text if they turned texts "
            "on), in their RSVP's language where a version exists, else in `language`. "
            "Residents who stopped reminders are left out. With `preview: true` nothing is "
            "sent. A few messages per event per hour at most (429). Send with an "
            "Idempotency-Key: a retry never sends twice."
        ),
        request=MessageInputSerializer,
        responses={200: PreviewSerializer, 201: MessageSerializer},
        examples=[
            OpenApiExample(
                "Send",
                value={"audience": "confirmed", "language": "en", "versions": EXAMPLE_VERSIONS},
                request_only=True,
            ),
            OpenApiExample(
                "Preview", value=PREVIEW_EXAMPLE, response_only=True, status_codes=["200"]
            ),
            OpenApiExample("Sent", value=SENT_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
        extensions=problem_codes(403, 429),
    )
    def post(self, request, pk: int):
        return idempotent(
            request,
            scope=f"POST events/{pk}/messages/ by {request.user.pk}",
            act=lambda: self._send(request, pk),
        )

    def _send(self, request, pk: int) -> Response:
        event = self.event_for(request, pk)
        serializer = MessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        versions = {code: dict(v) for code, v in data["versions"].items()}
        if data["preview"]:
            message_versions_clean(versions, data["language"])  # the send's checks
            body = {
                "recipients": message_recipient_count(event, data["audience"]),
                "audience": data["audience"],
                "versions": versions,
            }
            return Response(PreviewSerializer(body).data)
        raw_key = request.headers.get(IDEMPOTENCY_HEADER)
        client_key = (
            hashlib.sha256(f"api:{request.user.pk}:{pk}:{raw_key}".encode()).hexdigest()
            if raw_key
            else None
        )
        message = message_send(
            event=event,
            user=request.user,
            audience=data["audience"],
            versions=versions,
            language=data["language"],
            client_key=client_key,
        )
        return Response(MessageSerializer(message).data, status=201)
