from django.urls import path

from rsvp.officers import views

app_name = "officers"

urlpatterns = [
    path("", views.officer_home, name="home"),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/attendance/<int:rsvp_id>/checkin/", views.checkin, name="checkin"),
    path("events/<int:pk>/attendance/walkins/", views.walkin, name="walkin"),
    path(
        "events/<int:pk>/attendance/walkins/<int:walkin_id>/remove/",
        views.walkin_remove_view,
        name="walkin_remove",
    ),
    path("events/<int:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("events/<int:pk>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("reports/", views.reports, name="reports"),
    path("reports.csv", views.reports_csv, name="reports_csv"),
]
