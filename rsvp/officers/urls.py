from django.urls import path

from rsvp.officers import door, door_pages, proposal_views, report_views, views
from rsvp.officers.kiosk import views as kiosk

app_name = "officers"

urlpatterns = [
    path("", views.officer_home, name="home"),
    path("sw.js", door_pages.service_worker, name="service_worker"),
    path("door/shell/", door_pages.door_shell, name="door_shell"),
    path("door/words.js", door_pages.door_words, name="door_words"),
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
    path("events/<id:pk>/door/scan/", door.door_scan_view, name="door_scan"),
    path(
        "events/<id:pk>/attendance/walkins/<id:walkin_id>/remove/",
        views.walkin_remove_view,
        name="walkin_remove",
    ),
    path("events/<id:pk>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("events/<id:pk>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("events/<id:pk>/kiosk/start/", kiosk.kiosk_start, name="kiosk_start"),
    path("events/<id:pk>/kiosk/", kiosk.kiosk_home, name="kiosk"),
    path("events/<id:pk>/kiosk/checkin/", kiosk.kiosk_checkin_view, name="kiosk_checkin"),
    path("events/<id:pk>/kiosk/done/", kiosk.kiosk_done, name="kiosk_done"),
    path("events/<id:pk>/kiosk/exit/", kiosk.kiosk_exit, name="kiosk_exit"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal_new"),
    path("proposals/<id:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<id:pk>/submit/", proposal_views.proposal_submit_view, name="proposal_submit"),
    path("proposals/<id:pk>/review/", proposal_views.proposal_review_view, name="proposal_review"),
    path("reports/", report_views.reports, name="reports"),
    path("reports.csv", report_views.reports_csv, name="reports_csv"),
]
