"""/api/v1/: the REST API's endpoints (DESIGN.md URL list)."""

from django.urls import path, re_path

from config.api_views import ApiNotFound
from rsvp import api as rsvp_api
from scheduler import api as scheduler_api

app_name = "api"

urlpatterns = [
    path("programs/", scheduler_api.ProgramList.as_view(), name="programs"),
    path("organizations/", scheduler_api.OrganizationList.as_view(), name="organizations"),
    path("venues/", scheduler_api.VenueList.as_view(), name="venues"),
    path("events/", scheduler_api.EventList.as_view(), name="events"),
    path("events/<int:pk>/", scheduler_api.EventDetail.as_view(), name="event"),
    path("events/<int:pk>/cancel/", scheduler_api.EventCancel.as_view(), name="event_cancel"),
    path("events/<int:pk>/rsvps/", rsvp_api.RsvpCreate.as_view(), name="rsvp_create"),
    path("events/<int:pk>/attendance/", rsvp_api.Attendance.as_view(), name="attendance"),
    path("events/<int:pk>/attendance/walk-ins/", rsvp_api.WalkIns.as_view(), name="walkins"),
    path(
        "events/<int:pk>/attendance/<int:rsvp_id>/check-in/",
        rsvp_api.CheckIn.as_view(),
        name="checkin",
    ),
    path("rsvps/<str:token>/", rsvp_api.RsvpManage.as_view(), name="rsvp"),
    re_path(r"", ApiNotFound.as_view(), name="not_found"),
]
