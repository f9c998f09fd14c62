from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import views
from rsvp.feeds import PersonalFeed
from rsvp.officers.feed_token import officer_feed_token
from scheduler.feeds import urls as feed_urls

# The personal feed reads RSVPs (rsvp.feeds); its path and name stay in the calendar namespace.
calendar_urls = [
    *feed_urls.urlpatterns,
    path("me/<str:token>.ics", PersonalFeed(), name="personal"),
]

admin.site.site_header = "Porchlight coordinators"
admin.site.site_title = "Porchlight"
admin.site.index_title = "Events, RSVPs and notices"

urlpatterns = [
    path("", include("scheduler.urls")),
    path("", include("rsvp.urls")),
    path("calendar/", include((calendar_urls, feed_urls.app_name))),
    path("officers/feed-token/", officer_feed_token, name="officer_feed_token"),
    path("officers/", include("rsvp.officer_urls")),
    path("", include("notifications.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
