from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("events/<id:pk>/volunteer/", views.signup, name="signup"),
    # Unlisted events, by their share key only (Event.share_key), as their RSVP form.
    path("events/<key:key>/volunteer/", views.signup, name="signup_link"),
    path("volunteer/<str:token>/", views.manage, name="manage"),
    path("volunteer/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "officers/events/<id:pk>/volunteers/<id:signup_id>/served/",
        views.served,
        name="served",
    ),
]
