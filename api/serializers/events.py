"""Programs, organizations, venues and events as the API shows them, and event writes."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone as django_timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.questions import QuestionSerializer
from questions.queries import questions_for_event
from rsvp.services import rsvp_closed_reason
from scheduler.models import (
    MAX_CUTOFF_MINUTES,
    Event,
    Neighborhood,
    Organization,
    Program,
    RsvpMode,
    Venue,
    Visibility,
    localized,
    validate_timezone,
)
from scheduler.models.validators import (
    validate_event_date,
    validate_text_block,
    validate_text_line,
)
from volunteers.queries import roles_public

INT_MAX = 2_147_483_647
SMALL_INT_MAX = 32_767


def _ref(event: Event) -> str | int:
    # Event.get_absolute_url and Event.ics_path, without reverse() for each row of a page:
    # an unlisted event is named by its share key only.
    return event.share_key if event.is_unlisted else event.pk


def event_page_url(event: Event) -> str:
    return f"{settings.SITE_URL}/events/{_ref(event)}/"


def event_ics_url(event: Event) -> str:
    return f"{settings.SITE_URL}/calendar/events/{_ref(event)}.ics"


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
            "directions",
            "map_url",
        ]


class ProgramBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "slug", "name"]


class EventLanguageSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    name = serializers.CharField(source="name_local", help_text=_("Named in itself: “Tiếng Việt”."))
    interpreted = serializers.BooleanField(
        help_text=_("true: interpreted into this language; false: the event is held in it.")
    )


def text_language(event: Event) -> str:
    """The language an event's texts are given in: the active one (?lang, Accept-Language)
    if the event has its title in it, else the default language they fall back to."""
    language = get_language()
    if getattr(event, localized("title", language), None):
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class EventSerializer(serializers.Serializer):
    """An event as the public sees it: seats, waitlist, links; nobody's personal data."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the title and description (and of the program's and "
            "venue's texts where they have one in it): the one asked for with `?lang=` or "
            "Accept-Language when the event has its texts in it, else the default language."
        ),
    )
    start = serializers.DateTimeField(help_text=_("In the event's own time zone."))
    end = serializers.DateTimeField()
    timezone = serializers.CharField(help_text=_("IANA name, e.g. America/Los_Angeles."))
    status = serializers.ChoiceField(choices=Event.Status.choices)
    capacity = serializers.IntegerField(allow_null=True, help_text=_("null: unlimited."))
    seats_left = serializers.IntegerField(allow_null=True, help_text=_("null: unlimited."))
    waitlist_count = serializers.IntegerField(help_text=_("Parties waiting for a seat."))
    max_party_size = serializers.IntegerField()
    rsvp_mode = serializers.ChoiceField(
        choices=RsvpMode.choices,
        help_text=_(
            "What an RSVP takes: `contact` (name and e-mail) or `headcount` (party size "
            "only). The event's own choice, else its program's."
        ),
    )
    program = ProgramBriefSerializer()
    venue = VenueSerializer()
    host = OrganizationBriefSerializer()
    partners = OrganizationBriefSerializer(many=True)
    languages = EventLanguageSerializer(
        many=True, help_text=_("Languages spoken at the event, or interpreted into there.")
    )
    url = serializers.URLField(source="absolute_url", help_text=_("The event's page."))
    ics_url = serializers.SerializerMethodField(help_text=_("The event as an .ics download."))

    def get_ics_url(self, event: Event) -> str:
        return event_ics_url(event)

    def to_representation(self, event: Event) -> dict:
        # Written out by hand: DRF's generic walk over these nested fields was most of the
        # list endpoint's time (bench/api.py). The declared fields above still make the
        # schema; tests/api/test_public.py and schemathesis check that the two agree.
        venue, hood = event.venue, event.venue.neighborhood
        return {
            "id": event.pk,
            "title": event.title,
            "language": text_language(event),
            # Times in the event's own zone: what a resident at the venue reads on the clock.
            "start": event.local_start.isoformat(),
            "end": event.local_end.isoformat(),
            "timezone": event.timezone,
            "status": event.status,
            "capacity": event.capacity,
            "seats_left": event.seats_left,
            "waitlist_count": event.waitlist_count,
            "max_party_size": event.max_party_size,
            "rsvp_mode": event.rsvp_mode_in_effect,
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
                "directions": venue.directions,
                "map_url": venue.map_url,
            },
            "host": _brief(event.host),
            "partners": [_brief(partner) for partner in event.partners.all()],
            "languages": [
                {"language": row.language, "name": row.name_local, "interpreted": row.interpreted}
                for row in event.languages.all()
            ],
            "url": event_page_url(event),
            "ics_url": event_ics_url(event),
        }


def _brief(obj: Program | Organization) -> dict:
    return {"id": obj.pk, "slug": obj.slug, "name": obj.name}


def _moment(value: dt.datetime | None, zone: str) -> str | None:
    # In the event's zone, as the event's own start and end.
    return value.astimezone(zoneinfo.ZoneInfo(zone)).isoformat() if value else None


class VolunteerRoleSerializer(serializers.Serializer):
    """A volunteer role as anyone may read it: what it is and how many places are left,
    never who signed up."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField(help_text=_("Volunteer places still free."))
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    shift_start = serializers.DateTimeField(allow_null=True)
    shift_end = serializers.DateTimeField(allow_null=True)


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    cancellation_reason = serializers.CharField()
    rsvp_open = serializers.SerializerMethodField()
    rsvp_closed_reason = serializers.SerializerMethodField(
        help_text=_("Why RSVPs are not taken now; null when they are.")
    )
    questions = serializers.SerializerMethodField(
        help_text=_("The registration questions an RSVP answers (`answers` in the RSVP).")
    )

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, event: Event) -> list[dict]:
        return QuestionSerializer(questions_for_event(event), many=True).data

    volunteer_roles = VolunteerRoleSerializer(many=True, read_only=True)

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
            "questions": self.get_questions(event),
            "volunteer_roles": [
                {
                    "id": role["id"],
                    "name": role["name"],
                    "description": role["description"],
                    "capacity": role["capacity"],
                    "seats_left": role["places_left"],
                    "hours": f"{role['hours']:.2f}",
                    "shift_start": _moment(role["shift_start"], event.timezone),
                    "shift_end": _moment(role["shift_end"], event.timezone),
                }
                for role in roles_public(event)
            ],
        }


class LocalDateTimeField(serializers.DateTimeField):
    """A moment; one given without a UTC offset is kept naive here, to be read in the
    event's own time zone (EventWriteSerializer.validate), not the server's."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if django_timezone.is_naive(value):
            return value
        return super().enforce_timezone(value)


WALL_CLOCK_FIELDS = ("start", "end", "rsvp_opens_at", "rsvp_closes_at")


def wall_clock_aware(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A naive local time in `zone`, or None when the clock never shows it (a
    daylight-saving gap) or shows it twice (an overlap): then only an offset says which."""
    aware = value.replace(tzinfo=zone)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        return None
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        return None
    return aware


class EventWriteSerializer(serializers.Serializer):
    """Naive times (no UTC offset) are local times in the event's time zone; one that
    does not exist there, or exists twice, because of a daylight-saving change is refused.
    The title and description are written in the default language (en), whatever `?lang=`
    or Accept-Language say; coordinators give their translations in the admin."""

    title = serializers.CharField(max_length=200, validators=[validate_text_line])
    description = serializers.CharField(
        max_length=20_000, allow_blank=True, required=False, validators=[validate_text_block]
    )
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
        help_text=_("Usernames of the officers assigned."),
    )
    start = LocalDateTimeField(validators=[validate_event_date])
    end = LocalDateTimeField(validators=[validate_event_date])
    timezone = serializers.CharField(max_length=64, required=False)
    capacity = serializers.IntegerField(
        min_value=0, max_value=INT_MAX, allow_null=True, required=False
    )
    max_party_size = serializers.IntegerField(min_value=1, max_value=SMALL_INT_MAX, required=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    rsvp_opens_at = LocalDateTimeField(
        allow_null=True, required=False, validators=[validate_event_date]
    )
    rsvp_closes_at = LocalDateTimeField(
        allow_null=True, required=False, validators=[validate_event_date]
    )
    promotion_cutoff_minutes = serializers.IntegerField(
        min_value=0, max_value=MAX_CUTOFF_MINUTES, required=False
    )
    rsvp_mode = serializers.ChoiceField(
        choices=RsvpMode.choices,
        allow_blank=True,
        required=False,
        help_text=_("`contact` or `headcount`; empty: the program's choice."),
    )

    def validate_timezone(self, value: str) -> str:
        validate_timezone(value)
        return value

    def _wall_clock(self, attrs: dict, zone_name: str) -> dict:
        zone = zoneinfo.ZoneInfo(zone_name)
        errors = {}
        for name in WALL_CLOCK_FIELDS:
            value = attrs.get(name)
            if value is None or django_timezone.is_aware(value):
                continue
            aware = wall_clock_aware(value, zone)
            if aware is None:
                errors[name] = [
                    gettext(
                        "%(time)s does not happen exactly once in %(zone)s: the clocks "
                        "change then. Choose another time, or give the UTC offset, e.g. "
                        "%(example)s."
                    )
                    % {
                        "time": value.isoformat(sep=" ", timespec="minutes"),
                        "zone": zone_name,
                        "example": value.replace(tzinfo=zone).isoformat(),
                    }
                ]
            else:
                attrs[name] = aware
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def validate(self, attrs):
        def value(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, None)

        attrs = self._wall_clock(attrs, value("timezone") or settings.TIME_ZONE)
        errors = {}
        start, end = value("start"), value("end")
        if start and end and end <= start:
            errors["end"] = [gettext("The event must end after it starts.")]
        opens, closes = value("rsvp_opens_at"), value("rsvp_closes_at")
        if opens and closes and closes <= opens:
            errors["rsvp_closes_at"] = [gettext("RSVPs must close after they open.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class EventCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, allow_blank=True, required=False)


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
        return event_ics_url(event)

    def to_representation(self, event: Event):
        data = super().to_representation(event)
        data["start"] = event.local_start.isoformat()
        data["end"] = event.local_end.isoformat()
        return data
