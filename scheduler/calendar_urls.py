"""Calendar feeds, included from config/urls.py at calendar/ (URLs per DESIGN.md)."""

from django.urls import path

from scheduler import feed_views

app_name = "calendar"

urlpatterns = [
    path("events.ics", feed_views.events_feed, name="events"),
    path("programs/<slug:slug>.ics", feed_views.program_feed, name="program"),
    path("organizations/<slug:slug>.ics", feed_views.organization_feed, name="organization"),
    path("events/<int:pk>.ics", feed_views.event_feed, name="event"),
    path("me/<str:token>.ics", feed_views.personal_feed, name="personal"),
    path("officers/<str:token>.ics", feed_views.officer_feed, name="officer"),
    path("series/<int:pk>/", feed_views.series_redirect, name="series"),
]
