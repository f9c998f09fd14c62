from django.urls import path

from rsvp import views

app_name = "rsvp"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<id:pk>/", views.event_detail, name="event_detail"),
    path("events/<id:pk>/rsvp/", views.rsvp_submit, name="submit"),
    # Unlisted events, by their share key only (Event.share_key).
    path("events/<key:key>/", views.event_detail, name="event_link"),
    path("events/<key:key>/rsvp/", views.rsvp_submit, name="submit_link"),
    path("rsvp/<str:token>/", views.rsvp_manage, name="manage"),
    path("rsvp/<str:token>/cancel/", views.rsvp_cancel_view, name="cancel"),
    path("rsvp/<str:token>/email/", views.rsvp_email, name="email_add"),
    path("rsvp/<str:token>/texts/", views.rsvp_texts, name="texts"),
    path("rsvp/<str:token>/feed/", views.rsvp_feed_link, name="feed_link"),
    path("rsvp/<str:token>/language/", views.rsvp_language, name="language"),
]
