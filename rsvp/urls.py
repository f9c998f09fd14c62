from django.urls import path

from rsvp.views import event, home, links, manage

app_name = "rsvp"

urlpatterns = [
    path("", home.event_list, name="event_list"),
    path("events/<id:pk>/", event.event_detail, name="event_detail"),
    path("events/<id:pk>/rsvp/", event.rsvp_submit, name="submit"),
    # Unlisted events, by their share key only (Event.share_key).
    path("events/<key:key>/", event.event_detail, name="event_link"),
    path("events/<key:key>/rsvp/", event.rsvp_submit, name="submit_link"),
    # Before the manage pages: a token is never "links" (scheduler.tokens: 128 random bits).
    path("rsvp/links/", links.rsvp_links, name="links"),
    path("rsvp/<str:token>/details/", manage.rsvp_details, name="details"),
    path("rsvp/<str:token>/", manage.rsvp_manage, name="manage"),
    path("rsvp/<str:token>/cancel/", manage.rsvp_cancel_view, name="cancel"),
    path("rsvp/<str:token>/email/", manage.rsvp_email, name="email_add"),
    path("rsvp/<str:token>/texts/", manage.rsvp_texts, name="texts"),
    path("rsvp/<str:token>/feed/", manage.rsvp_feed_link, name="feed_link"),
    path("rsvp/<str:token>/language/", manage.rsvp_language, name="language"),
]
