"""The event filters shared by `/`, the .ics feeds and the API (program, neighborhood, …)."""

import django_filters
from django.db.models import Q

from scheduler.models import Event, Neighborhood, Organization, Program


class EventFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.all(), to_field_name="slug", field_name="program"
    )
    neighborhood = django_filters.ModelChoiceFilter(
        queryset=Neighborhood.objects.all(),
        to_field_name="slug",
        field_name="venue__neighborhood",
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), to_field_name="slug", method="filter_organization"
    )
    q = django_filters.CharFilter(method="filter_text", max_length=200, label="Search")
    start_after = django_filters.DateFilter(
        field_name="start", lookup_expr="date__gte", label="From"
    )
    start_before = django_filters.DateFilter(
        field_name="start", lookup_expr="date__lte", label="To"
    )

    class Meta:
        model = Event
        fields = ["program", "neighborhood", "organization", "q", "start_after", "start_before"]

    def filter_organization(self, queryset, name, value):
        # An organization's events are the ones it hosts or partners on.
        partnered = Event.objects.filter(partners=value).values("pk")
        return queryset.filter(Q(host=value) | Q(pk__in=partnered))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(venue__name__icontains=value)
            | Q(program__name__icontains=value)
        )
