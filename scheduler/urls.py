from django.urls import path

from scheduler import views

app_name = "scheduler"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
]
