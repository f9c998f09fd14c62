"""Programs, organizations, venues and events (/api/v1/).

Reads are public and carry no personal data. Coordinators create, change and cancel
events through the same services as the admin (scheduler.services), so SEQUENCE,
re-planned reminders and notices follow. Texts (titles, descriptions, program names,
accessibility notes) come in the language `?lang=` or Accept-Language asks for, where
they have one in it, and the answer's Content-Language says which was used.
"""

from django.conf import settings
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from api.examples import EVENT_DETAIL_EXAMPLE, EVENT_EXAMPLE, EVENT_WRITE_EXAMPLE
from api.pagination import Pagination
from api.permissions import CoordinatorWrites, IsCoordinator
from api.serializers.events import (
    EventCancelSerializer,
    EventDetailSerializer,
    EventSerializer,
    EventWriteSerializer,
    OrganizationSerializer,
    ProgramSerializer,
    VenueSerializer,
)
from api.views.base import ApiView
from rsvp import queries as rsvp_queries
from scheduler.feeds.languages import supported_language
from scheduler.filters import EventFilter, KnownSlugFilter
from scheduler.models import Event, Organization, Program, Venue, default_column, localized
from scheduler.services import TEXT_FIELDS, event_cancel, event_create, event_save


@extend_schema_field(OpenApiTypes.STR)
class _SlugFilter(KnownSlugFilter):
    """A filter by slug (the schema cannot infer a method filter's type)."""


class ApiEventFilter(EventFilter):
    organization = _SlugFilter(model=Organization, method="filter_organization")


def content_language(request) -> str:
    """The language of the texts in an answer: `?lang=` (a language Porchlight has, else
    the default one), or else the request's own (Accept-Language, the language cookie:
    LocaleMiddleware chose it)."""
    asked = request.GET.get("lang")
    if asked is None:
        return translation.get_language() or settings.LANGUAGE_CODE
    return supported_language(asked) or settings.LANGUAGE_CODE


LANG = OpenApiParameter(
    "lang",
    str,
    OpenApiParameter.QUERY,
    description="The language of the events' texts, e.g. `es`, `vi`, `zh-hant` (also "
    "Accept-Language). A text not given in it comes in English; an unknown language is "
    "English. Content-Language says which was used.",
)


class InContentLanguage:
    """A view whose answers' texts are in the language asked for (content_language)."""

    def dispatch(self, request, *args, **kwargs):
        language = content_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here, so lazily translated words (a problem's) are in it too.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Content-Language"] = language
        return response


def _column(name: str) -> str:
    # Texts written through the API are the default language's (EventWriteSerializer).
    return default_column(name) if name in TEXT_FIELDS else name


def _event_update(event: Event, data: dict) -> Event:
    """Write the fields the request names (partners and officers included) under the event's
    lock; the rest of the row stays as it is now, whatever the caller read before."""
    partners = data.pop("partners", None)
    officers = data.pop("officers", None)
    capacity = data.pop("capacity", ...)
    for name, value in data.items():
        setattr(event, _column(name), value)
    changed = [
        *(_column(name) for name in data),
        *(["capacity"] if capacity is not ... else []),
        *(["partners"] if partners is not None else []),
        *(["officers"] if officers is not None else []),
    ]
    return event_save(
        event=event, changed_fields=changed, capacity=capacity, partners=partners, officers=officers
    )


def event_or_404(request, pk: int | None = None, key: str | None = None) -> Event:
    """The event with seats and details, or a 404 problem: by its share key, or by its id
    if it is public or the caller may see its roster (rsvp.queries.event_detail)."""
    try:
        return rsvp_queries.event_detail(pk=pk, key=key, user=request.user)
    except Event.DoesNotExist:
        raise Http404(gettext("No such event.")) from None


SHARE_KEY = OpenApiParameter(
    "key",
    str,
    OpenApiParameter.PATH,
    description="An unlisted event's share key: the last part of its link.",
)


class ReadOnlyList(InContentLanguage, ApiView, ListAPIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination


@extend_schema(
    tags=["programs"],
    summary="Programs (kinds of event)",
    parameters=[LANG],
    examples=[
        OpenApiExample(
            "A program",
            value={
                "id": 1,
                "slug": "coffee-with-a-cop",
                "name": "Coffee with a Cop",
                "description": "Informal talks over coffee.",
                "default_capacity": 40,
            },
            response_only=True,
        )
    ],
)
class ProgramList(ReadOnlyList):
    serializer_class = ProgramSerializer

    def get_queryset(self):
        # By the name as shown: the answer's language's, else the default one. (An
        # order_by("name") made at import would stay with the language active then.)
        shown = Coalesce(localized("name", translation.get_language()), default_column("name"))
        return Program.objects.order_by(shown, "id")


@extend_schema(
    tags=["organizations"],
    summary="The department and partner organizations",
    examples=[
        OpenApiExample(
            "An organization",
            value={
                "id": 3,
                "slug": "eastside-library",
                "name": "Eastside Library",
                "kind": "library",
                "parent": None,
                "email": "events@library.example.org",
                "phone": "+15035550100",
                "website": "https://library.example.org/",
            },
            response_only=True,
        )
    ],
)
class OrganizationList(ReadOnlyList):
    queryset = Organization.objects.select_related("parent").order_by("name", "id")
    serializer_class = OrganizationSerializer


@extend_schema(
    tags=["venues"],
    summary="Venues",
    parameters=[LANG],
    examples=[OpenApiExample("A venue", value=EVENT_EXAMPLE["venue"], response_only=True)],
)
class VenueList(ReadOnlyList):
    queryset = Venue.objects.select_related("neighborhood").order_by("name", "id")
    serializer_class = VenueSerializer


class EventList(InContentLanguage, ApiView, ListAPIView):
    """Upcoming public events, soonest first; the same filters as the home page."""

    permission_classes = [CoordinatorWrites]
    serializer_class = EventSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiEventFilter

    def get_queryset(self):
        return rsvp_queries.events_public_upcoming()

    @extend_schema(
        tags=["events"],
        summary="Upcoming public events",
        parameters=[LANG],
        examples=[OpenApiExample("An event", value=EVENT_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["events"],
        summary="Create an event (coordinators)",
        parameters=[LANG],
        request=EventWriteSerializer,
        responses={201: EventDetailSerializer},
        examples=[
            OpenApiExample("New event", value=EVENT_WRITE_EXAMPLE, request_only=True),
            OpenApiExample(
                "Created", value=EVENT_DETAIL_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request):
        serializer = EventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The admin's service: the program's capacity and party size unless the request gives them.
        event = event_create(**serializer.validated_data)
        return Response(EventDetailSerializer(event_or_404(request, event.pk)).data, status=201)


class EventDetail(InContentLanguage, ApiView):
    permission_classes = [CoordinatorWrites]

    @extend_schema(
        tags=["events"],
        summary="One event (an unlisted one only for coordinators and its staff)",
        parameters=[LANG],
        responses={200: EventDetailSerializer},
        examples=[OpenApiExample("An event", value=EVENT_DETAIL_EXAMPLE, response_only=True)],
    )
    def get(self, request, pk: int):
        return Response(EventDetailSerializer(event_or_404(request, pk)).data)

    @extend_schema(
        tags=["events"],
        summary="Change an event (coordinators)",
        parameters=[LANG],
        description="Capacity never goes below the confirmed seats; a raise promotes the "
        "waitlist at once. Changes that matter to calendars bump SEQUENCE and notify residents.",
        request=EventWriteSerializer(partial=True),
        responses={200: EventDetailSerializer},
        examples=[
            OpenApiExample("Move and enlarge", value={"capacity": 60, "title": "Coffee (moved)"}),
            OpenApiExample("Changed", value=EVENT_DETAIL_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request, pk: int):
        event = event_or_404(request, pk)
        serializer = EventWriteSerializer(event, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        _event_update(Event.objects.get(pk=pk), dict(serializer.validated_data))
        return Response(EventDetailSerializer(event_or_404(request, pk)).data)


class EventByKey(InContentLanguage, ApiView):
    @extend_schema(
        tags=["events"],
        summary="An unlisted event, by its share key",
        operation_id="events_retrieve_by_key",
        parameters=[SHARE_KEY, LANG],
        responses={200: EventDetailSerializer},
        examples=[OpenApiExample("An event", value=EVENT_DETAIL_EXAMPLE, response_only=True)],
    )
    def get(self, request, key: str):
        return Response(EventDetailSerializer(event_or_404(request, key=key)).data)


class EventCancel(InContentLanguage, ApiView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        tags=["events"],
        summary="Cancel an event (coordinators)",
        parameters=[LANG],
        description="RSVPs stay on record and residents are told. Cancelling twice is harmless.",
        request=EventCancelSerializer,
        responses={200: EventDetailSerializer},
        examples=[
            OpenApiExample("Weather", value={"reason": "Snow: the library is closed."}),
            OpenApiExample(
                "Cancelled",
                value={
                    **EVENT_DETAIL_EXAMPLE,
                    "status": "cancelled",
                    "cancellation_reason": "Snow: the library is closed.",
                    "rsvp_open": False,
                    "rsvp_closed_reason": "This event has been cancelled.",
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request, pk: int):
        event = event_or_404(request, pk)
        serializer = EventCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event_cancel(event=event, reason=serializer.validated_data.get("reason", ""))
        return Response(EventDetailSerializer(event_or_404(request, pk)).data)
