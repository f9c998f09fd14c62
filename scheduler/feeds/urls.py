"""Calendar feeds, included from config/urls.py at calendar/ (URLs per DESIGN.md).

The personal feed (me/<token>.ics, name "personal") reads RSVPs: rsvp.feeds has it, and
config/urls.py adds it to this namespace.
"""

from django.urls import path

from scheduler.feeds import views

app_name = "calendar"

urlpatterns = [
    path("events.ics", views.PublicEventsFeed(), name="events"),
    path("programs/<slug:slug>.ics", views.ProgramFeed(), name="program"),
    path("organizations/<slug:slug>.ics", views.OrganizationFeed(), name="organization"),
    path("events/<int:pk>.ics", views.EventFeed(), name="event"),
    path("officers/<str:token>.ics", views.OfficerFeed(), name="officer"),
    path("series/<int:pk>/", views.series_redirect, name="series"),
]
