"""The event filters shared by `/`, the .ics feeds and the API (program, neighborhood, …)."""

import functools
import operator
import time

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from scheduler.models import Event, EventLanguage, Neighborhood, Organization, Program, text_columns

# Slugs seen to exist, per model, for a few minutes. Calendar apps poll filtered feeds
# all day: a warm feed then answers from its one query. A slug renamed or deleted meanwhile
# matches nothing until it is checked again, then is refused like any unknown slug.
_KNOWN_SLUGS: dict[type, dict[str, float]] = {}
KNOWN_SLUG_SECONDS = 300


def slug_exists(model, slug: str) -> bool:
    known = _KNOWN_SLUGS.setdefault(model, {})
    seen = known.get(slug)
    if seen is not None and time.monotonic() - seen < KNOWN_SLUG_SECONDS:
        return True
    if model.objects.filter(slug=slug).exists():
        if len(known) > 10_000:
            known.clear()
        known[slug] = time.monotonic()
        return True
    known.pop(slug, None)
    return False


class KnownSlugField(forms.SlugField):
    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not slug_exists(self.model, value):
            raise ValidationError(
                # Translators: %(kind)s is what was looked for ("program", "neighborhood",
                # "organization"), %(slug)s the name typed in the link.
                _("There is no %(kind)s “%(slug)s”."),
                params={"kind": self.model._meta.verbose_name, "slug": value},
                code="unknown",
            )
        return value


class KnownSlugFilter(django_filters.CharFilter):
    field_class = KnownSlugField

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["model"] = model


def _any_language(*fields: str, lookup: str, value) -> Q:
    """`lookup` on each language's column of `fields`: a search in Spanish or in English
    finds an event whose page shows either (a missing text falls back to the default)."""
    return functools.reduce(
        operator.or_, (Q(**{f"{column}__{lookup}": value}) for column in text_columns(*fields))
    )


class EventFilter(django_filters.FilterSet):
    program = KnownSlugFilter(field_name="program__slug", model=Program, label=_("Program"))
    neighborhood = KnownSlugFilter(
        field_name="venue__neighborhood__slug", model=Neighborhood, label=_("Neighborhood")
    )
    organization = KnownSlugFilter(
        model=Organization, method="filter_organization", label=_("Organization")
    )
    # Spoken at the event or interpreted there (the language of the page is another matter).
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        method="filter_language",
        label=_("Language at the event"),
        empty_label=_("Any language"),
    )
    q = django_filters.CharFilter(method="filter_text", max_length=200, label=_("Search"))
    start_after = django_filters.DateFilter(
        field_name="start", lookup_expr="date__gte", label=_("From")
    )
    start_before = django_filters.DateFilter(
        field_name="start", lookup_expr="date__lte", label=_("To")
    )

    class Meta:
        model = Event
        fields = [
            "program",
            "neighborhood",
            "organization",
            "language",
            "q",
            "start_after",
            "start_before",
        ]

    def filter_organization(self, queryset, name, value):
        # An organization's events are the ones it hosts or partners on.
        partnered = Event.objects.filter(partners__slug=value).values("pk")
        return queryset.filter(Q(host__slug=value) | Q(pk__in=partnered))

    def filter_language(self, queryset, name, value):
        # EXISTS, not a join: an event is listed once whatever else it is interpreted into.
        spoken = EventLanguage.objects.filter(event=OuterRef("pk"), language=value)
        return queryset.filter(Exists(spoken))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            _any_language("title", "description", lookup="icontains", value=value)
            | Q(venue__name__icontains=value)
            | _any_language("program__name", lookup="icontains", value=value)
        )
