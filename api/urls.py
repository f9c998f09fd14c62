"""/api/v1/: the REST API's endpoints (DESIGN.md URL list)."""

from django.urls import path, re_path

from api.views import attendance, events, messages, rsvps
from api.views.base import ApiNotFound

app_name = "api"

urlpatterns = [
    path("programs/", events.ProgramList.as_view(), name="programs"),
    path("organizations/", events.OrganizationList.as_view(), name="organizations"),
    path("venues/", events.VenueList.as_view(), name="venues"),
    path("events/", events.EventList.as_view(), name="events"),
    path("events/<id:pk>/", events.EventDetail.as_view(), name="event"),
    path("events/<id:pk>/cancel/", events.EventCancel.as_view(), name="event_cancel"),
    path("events/<id:pk>/rsvps/", rsvps.RsvpCreate.as_view(), name="rsvp_create"),
    path("events/<key:key>/", events.EventByKey.as_view(), name="event_link"),
    path("events/<key:key>/rsvps/", rsvps.RsvpCreateByKey.as_view(), name="rsvp_create_link"),
    path("events/<id:pk>/attendance/", attendance.Attendance.as_view(), name="attendance"),
    path("events/<id:pk>/attendance/walk-ins/", attendance.WalkIns.as_view(), name="walkins"),
    path(
        "events/<id:pk>/attendance/<id:rsvp_id>/check-in/",
        attendance.CheckIn.as_view(),
        name="checkin",
    ),
    path("events/<id:pk>/messages/", messages.Messages.as_view(), name="messages"),
    path("rsvps/<str:token>/", rsvps.RsvpManage.as_view(), name="rsvp"),
    re_path(r"", ApiNotFound.as_view(), name="not_found"),
]
