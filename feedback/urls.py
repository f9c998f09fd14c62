from django.urls import path

from feedback import report_views, views

app_name = "feedback"

urlpatterns = [
    # The one-use survey link of a thank-you (config/logging.py redacts the token).
    path("feedback/<str:token>/", views.survey_page, name="survey"),
    path("officers/reports/feedback/", report_views.feedback_page, name="report"),
    path("officers/reports/feedback.csv", report_views.feedback_csv, name="report_csv"),
    path("officers/reports/returning/", report_views.repeat_page, name="repeat"),
    path("officers/reports/returning.csv", report_views.repeat_csv, name="repeat_csv"),
]
