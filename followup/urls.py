from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("still-coming/<str:token>/", views.still_coming_view, name="still_coming"),
    path(
        "still-coming/<str:token>/<str:answer>/",
        views.still_coming_view,
        name="still_coming_answer",
    ),
    path("officers/events/<id:pk>/messages/", views.messages_page, name="messages"),
]
