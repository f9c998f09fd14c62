"""REST API for programs, organizations, venues and events (/api/v1/).

Reads are public and carry no personal data. Coordinators create, change and cancel
events through the same services as the admin (scheduler.services), so SEQUENCE,
re-planned reminders and notices follow.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from config.api import Pagination
from config.api_views import ApiView
from rsvp.services import rsvp_closed_reason
from scheduler import queries
from scheduler.filters import EventFilter, KnownSlugFilter
from scheduler.models import (
    MAX_CUTOFF_MINUTES,
    Event,
    Neighborhood,
    Organization,
    Program,
    Venue,
    Visibility,
    validate_timezone,
)
from scheduler.permissions import is_coordinator
from scheduler.services import event_cancel, event_save

INT_MAX = 2_147_483_647
SMALL_INT_MAX = 32_767


def event_ics_url(event_id: int) -> str:
    return f"{settings.SITE_URL}/calendar/events/{event_id}.ics"


@extend_schema_field(OpenApiTypes.STR)
class _SlugFilter(KnownSlugFilter):
    """A filter by slug (the schema cannot infer a method filter's type)."""


class ApiEventFilter(EventFilter):
    organization = _SlugFilter(model=Organization, method="filter_organization")


# --- Output ----------------------------------------------------------------------------


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "slug", "name", "description", "default_capacity"]


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "slug", "name"]


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "kind", "parent", "email", "phone", "website"]


class NeighborhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighborhood
        fields = ["slug", "name", "district"]


class VenueSerializer(serializers.ModelSerializer):
    neighborhood = NeighborhoodSerializer(read_only=True, allow_null=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    map_url = serializers.URLField(read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "address",
            "neighborhood",
            "latitude",
            "longitude",
            "accessibility_notes",
            "map_url",
        ]


class ProgramBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "slug", "name"]


class EventSerializer(serializers.Serializer):
    """An event as the public sees it: seats, waitlist, links; nobody's personal data."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField(help_text="In the event's own time zone.")
    end = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="IANA name, e.g. America/Los_Angeles.")
    status = serializers.ChoiceField(choices=Event.Status.choices)
    capacity = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    seats_left = serializers.IntegerField(allow_null=True, help_text="null: unlimited.")
    waitlist_count = serializers.IntegerField(help_text="Parties waiting for a seat.")
    max_party_size = serializers.IntegerField()
    program = ProgramBriefSerializer()
    venue = VenueSerializer()
    host = OrganizationBriefSerializer()
    partners = OrganizationBriefSerializer(many=True)
    url = serializers.URLField(source="absolute_url", help_text="The event's page.")
    ics_url = serializers.SerializerMethodField(help_text="The event as an .ics download.")

    def get_ics_url(self, event: Event) -> str:
        return event_ics_url(event.pk)

    def to_representation(self, event: Event) -> dict:
        # Written out by hand: DRF's generic walk over these nested fields was most of the
        # list endpoint's time (bench/api.py). The declared fields above still make the
        # schema; tests/api/test_public.py and schemathesis check that the two agree.
        venue, hood = event.venue, event.venue.neighborhood
        return {
            "id": event.pk,
            "title": event.title,
            # Times in the event's own zone: what a resident at the venue reads on the clock.
            "start": event.local_start.isoformat(),
            "end": event.local_end.isoformat(),
            "timezone": event.timezone,
            "status": event.status,
            "capacity": event.capacity,
            "seats_left": event.seats_left,
            "waitlist_count": event.waitlist_count,
            "max_party_size": event.max_party_size,
            "program": _brief(event.program),
            "venue": {
                "id": venue.pk,
                "name": venue.name,
                "address": venue.address,
                "neighborhood": None
                if hood is None
                else {"slug": hood.slug, "name": hood.name, "district": hood.district},
                "latitude": None if venue.latitude is None else float(venue.latitude),
                "longitude": None if venue.longitude is None else float(venue.longitude),
                "accessibility_notes": venue.accessibility_notes,
                "map_url": venue.map_url,
            },
            "host": _brief(event.host),
            "partners": [_brief(partner) for partner in event.partners.all()],
            "url": f"{settings.SITE_URL}/events/{event.pk}/",
            "ics_url": event_ics_url(event.pk),
        }


def _brief(obj: Program | Organization) -> dict:
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name}


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    cancellation_reason = serializers.CharField()
    rsvp_open = serializers.SerializerMethodField()
    rsvp_closed_reason = serializers.SerializerMethodField(
        help_text="Why RSVPs are not taken now; null when they are."
    )

    def get_rsvp_open(self, event: Event) -> bool:
        return rsvp_closed_reason(event) is None

    def get_rsvp_closed_reason(self, event: Event) -> str | None:
        return rsvp_closed_reason(event)

    def to_representation(self, event: Event) -> dict:
        reason = rsvp_closed_reason(event)
        return {
            **super().to_representation(event),
            "description": event.description,
            "visibility": event.visibility,
            "cancellation_reason": event.cancellation_reason,
            "rsvp_open": reason is None,
            "rsvp_closed_reason": reason,
        }


# --- Input (coordinators) -------------------------------------------------------------


class EventWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20_000, allow_blank=True, required=False)
    program = serializers.SlugRelatedField(slug_field="slug", queryset=Program.objects.all())
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all())
    host = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.all())
    partners = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organization.objects.all(), many=True, required=False
    )
    officers = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Usernames of the officers assigned.",
    )
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    timezone = serializers.CharField(max_length=64, required=False)
    capacity = serializers.IntegerField(
        min_value=0, max_value=INT_MAX, allow_null=True, required=False
    )
    max_party_size = serializers.IntegerField(min_value=1, max_value=SMALL_INT_MAX, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    rsvp_opens_at = serializers.DateTimeField(allow_null=True, required=False)
    rsvp_closes_at = serializers.DateTimeField(allow_null=True, required=False)
    promotion_cutoff_minutes = serializers.IntegerField(
        min_value=0, max_value=MAX_CUTOFF_MINUTES, required=False
    )

    def validate_timezone(self, value: str) -> str:
        # zoneinfo raises OSError, not "not found", for a directory ("America") or a name
        # too long for the file system.
        try:
            validate_timezone(value)
        except OSError:
            raise serializers.ValidationError(
                "Use a time zone name like America/Los_Angeles."
            ) from None
        return value

    def validate(self, attrs):
        def value(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, None)

        errors = {}
        start, end = value("start"), value("end")
        if start and end and end <= start:
            errors["end"] = ["The event must end after it starts."]
        opens, closes = value("rsvp_opens_at"), value("rsvp_closes_at")
        if opens and closes and closes <= opens:
            errors["rsvp_closes_at"] = ["RSVPs must close after they open."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


EVENT_WRITE_EXAMPLE = {
    "title": "Coffee with a Cop — Eastside",
    "description": "Meet the officers who patrol your neighborhood.",
    "program": "coffee-with-a-cop",
    "venue": 1,
    "host": "police-department",
    "partners": ["eastside-library"],
    "officers": ["officer.garcia"],
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "capacity": 40,
    "max_party_size": 6,
    "visibility": "public",
}

EVENT_EXAMPLE = {
    "id": 12,
    "title": "Coffee with a Cop — Eastside",
    "start": "2026-12-02T18:30:00-08:00",
    "end": "2026-12-02T19:30:00-08:00",
    "timezone": "America/Los_Angeles",
    "status": "scheduled",
    "capacity": 40,
    "seats_left": 31,
    "waitlist_count": 0,
    "max_party_size": 6,
    "program": {"id": 1, "slug": "coffee-with-a-cop", "name": "Coffee with a Cop"},
    "venue": {
        "id": 1,
        "name": "Eastside Library",
        "address": "1200 E Main St",
        "neighborhood": {"slug": "eastside", "name": "Eastside", "district": "East"},
        "latitude": 45.5231,
        "longitude": -122.6765,
        "accessibility_notes": "Step-free entrance on the south side.",
        "map_url": "https://www.openstreetmap.org/?mlat=45.5231&mlon=-122.6765",
    },
    "host": {"id": 1, "slug": "police-department", "name": "Police Department"},
    "partners": [{"id": 3, "slug": "eastside-library", "name": "Eastside Library"}],
    "url": "https://events.example.gov/events/12/",
    "ics_url": "https://events.example.gov/calendar/events/12.ics",
}

EVENT_DETAIL_EXAMPLE = {
    **EVENT_EXAMPLE,
    "description": "Meet the officers who patrol your neighborhood.",
    "visibility": "public",
    "cancellation_reason": "",
    "rsvp_open": True,
    "rsvp_closed_reason": None,
}


class IsCoordinator(permissions.BasePermission):
    message = "Only coordinators may create or change events."

    def has_permission(self, request, view):
        return is_coordinator(request.user)


class CoordinatorWrites(permissions.BasePermission):
    """Anyone may read; only coordinators may write."""

    message = IsCoordinator.message

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_coordinator(request.user)


def _event_apply(event: Event, data: dict, *, created: bool) -> Event:
    """Write validated fields through the event service (one transaction, m2m included)."""
    partners = data.pop("partners", None)
    officers = data.pop("officers", None)
    capacity = data.pop("capacity", ...)
    if created:
        # What the program says, unless the request says otherwise (as in the admin).
        program = data["program"]
        data.setdefault("max_party_size", program.default_max_party_size)
        if capacity is ...:
            capacity = program.default_capacity
    for name, value in data.items():
        setattr(event, name, value)
    with transaction.atomic():
        if created:
            event_save(event=event, capacity=capacity)
        else:
            changed = [
                *data.keys(),
                *(["capacity"] if capacity is not ... else []),
                *(["partners"] if partners is not None else []),
                *(["officers"] if officers is not None else []),
            ]
            event_save(event=event, changed_fields=changed, capacity=capacity)
        if partners is not None:
            event.partners.set(partners)
        if officers is not None:
            event.officers.set(officers)
    return event


def event_or_404(pk: int) -> Event:
    """The event with seats and details, or a 404 problem."""
    try:
        return queries.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


# --- Views ------------------------------------------------------------------------------


class ReadOnlyList(ApiView, ListAPIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination


@extend_schema(
    tags=["programs"],
    summary="Programs (kinds of event)",
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
    queryset = Program.objects.order_by("name", "id")
    serializer_class = ProgramSerializer


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
    examples=[OpenApiExample("A venue", value=EVENT_EXAMPLE["venue"], response_only=True)],
)
class VenueList(ReadOnlyList):
    queryset = Venue.objects.select_related("neighborhood").order_by("name", "id")
    serializer_class = VenueSerializer


class EventList(ApiView, ListAPIView):
    """Upcoming public events, soonest first; the same filters as the home page."""

    permission_classes = [CoordinatorWrites]
    serializer_class = EventSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiEventFilter

    def get_queryset(self):
        return queries.events_public_upcoming()

    @extend_schema(
        tags=["events"],
        summary="Upcoming public events",
        examples=[OpenApiExample("An event", value=EVENT_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["events"],
        summary="Create an event (coordinators)",
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
        event = _event_apply(Event(), dict(serializer.validated_data), created=True)
        return Response(EventDetailSerializer(event_or_404(event.pk)).data, status=201)


class EventDetail(ApiView):
    permission_classes = [CoordinatorWrites]

    @extend_schema(
        tags=["events"],
        summary="One event (unlisted ones too: the link is the key)",
        responses={200: EventDetailSerializer},
        examples=[OpenApiExample("An event", value=EVENT_DETAIL_EXAMPLE, response_only=True)],
    )
    def get(self, request, pk: int):
        return Response(EventDetailSerializer(event_or_404(pk)).data)

    @extend_schema(
        tags=["events"],
        summary="Change an event (coordinators)",
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
        event = event_or_404(pk)
        serializer = EventWriteSerializer(event, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        _event_apply(Event.objects.get(pk=pk), dict(serializer.validated_data), created=False)
        return Response(EventDetailSerializer(event_or_404(pk)).data)


class EventCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, allow_blank=True, required=False)


class EventCancel(ApiView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        tags=["events"],
        summary="Cancel an event (coordinators)",
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
        event = event_or_404(pk)
        serializer = EventCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event_cancel(event=event, reason=serializer.validated_data.get("reason", ""))
        return Response(EventDetailSerializer(event_or_404(pk)).data)
