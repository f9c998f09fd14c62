from django.urls import path

from rsvp.officers import door, report_views, views

app_name = "officers"

urlpatterns = [
    path("", views.officer_home, name="home"),
    path("events/<id:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<id:pk>/attendance/<id:rsvp_id>/checkin/", views.checkin, name="checkin"),
    path(
        "events/<id:pk>/attendance/<id:rsvp_id>/contact/",
        views.contact_reveal,
        name="contact",
    ),
    path("events/<id:pk>/attendance/walkins/", views.walkin, name="walkin"),
    path("events/<id:pk>/door/list.json", door.door_list, name="door_list"),
    path("events/<id:pk>/door/sync/", door.door_sync_view, name="door_sync"),
    path(
        "events/<id:pk>/attendance/walkins/<id:walkin_id>/remove/",
        views.walkin_remove_view,
        name="walkin_remove",
    ),
    path("events/<id:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("events/<id:pk>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("reports/", report_views.reports, name="reports"),
    path("reports.csv", report_views.reports_csv, name="reports_csv"),
]
