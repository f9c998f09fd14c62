"""The calendar feeds at calendar/ (URLs per DESIGN.md): the scheduler's, plus a resident's own.

The personal feed (me/<token>.ics) reads RSVPs, so it is served from here; it keeps its
path and its name in the "calendar" namespace.
"""

from django.urls import path

from rsvp.feeds import PersonalFeed
from scheduler.feeds import urls as feed_urls

app_name = feed_urls.app_name

urlpatterns = [
    *feed_urls.urlpatterns,
    path("me/<str:token>.ics", PersonalFeed(), name="personal"),
]
