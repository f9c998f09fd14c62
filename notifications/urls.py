from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path(
        "notices/<str:token>/stop-reminders/",
        views.reminders_stop_view,
        name="reminders_stop",
    ),
]
