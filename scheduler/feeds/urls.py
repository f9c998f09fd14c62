"""The scheduler's calendar feeds (URLs per DESIGN.md), served at calendar/ by rsvp/feed_urls.py,
which adds the personal feed (me/<token>.ics: it reads RSVPs) to this namespace."""

from django.urls import path

from scheduler.feeds import views

app_name = "calendar"

urlpatterns = [
    path("events.ics", views.PublicEventsFeed(), name="events"),
    path("programs/<slug:slug>.ics", views.ProgramFeed(), name="program"),
    path("organizations/<slug:slug>.ics", views.OrganizationFeed(), name="organization"),
    path("events/<id:pk>.ics", views.EventFeed(), name="event"),
    path("events/<key:key>.ics", views.EventFeed(), name="event_link"),
    path("officers/<str:token>.ics", views.OfficerFeed(), name="officer"),
    path("series/<id:pk>/", views.series_redirect, name="series"),
]
