from django.urls import path

from courses import officer_views, views

app_name = "courses"

urlpatterns = [
    path("courses/<id:pk>/", views.course_detail, name="detail"),
    path("certificates/<str:code>/", views.certificate_verify, name="verify"),
    path("officers/courses/", officer_views.course_list, name="officer_list"),
    path("officers/courses/<id:pk>/", officer_views.course_report, name="report"),
    path("officers/courses/<id:pk>/report.csv", officer_views.course_report_csv, name="report_csv"),
    path(
        "officers/courses/<id:pk>/applications/<id:application_id>/decide/",
        officer_views.application_decide,
        name="decide",
    ),
    path(
        "officers/courses/<id:pk>/sessions/<id:event_id>/",
        officer_views.session_attendance,
        name="session",
    ),
    path(
        "officers/courses/<id:pk>/certificates/issue/",
        officer_views.certificates_issue,
        name="issue",
    ),
    path(
        "officers/courses/<id:pk>/certificates/<id:certificate_id>.pdf",
        officer_views.certificate_download,
        name="certificate_pdf",
    ),
]
