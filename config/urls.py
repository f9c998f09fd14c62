from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.converters import IdConverter, ShareKeyConverter
from ops import views as ops_views
from ops.forms import AdminSignInForm, SignInForm
from rsvp.officers import door_pages
from rsvp.officers.feed_token import officer_feed_token

# Before the includes below: their routes name <id:...> and <key:...>.
register_converter(IdConverter, "id")
register_converter(ShareKeyConverter, "key")

# An unavailable database is a 503, also when a middleware meets it (ops/outage.py).
handler500 = ops_views.server_error
handler400 = ops_views.bad_request

admin.site.site_header = gettext_lazy("Porchlight coordinators")
admin.site.site_title = "Porchlight"
admin.site.index_title = gettext_lazy("Events, RSVPs and notices")
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", include("rsvp.urls")),
    path("calendar/", include("rsvp.feed_urls")),
    path("officers/feed-token/", officer_feed_token, name="officer_feed_token"),
    # Before the officer pages: /officers/night-out/ is National Night Out's.
    path("", include("nightout.urls")),
    # Before the officer pages: /officers/reports/feedback/ and /returning/ are feedback's.
    path("", include("feedback.urls")),
    path("", include("volunteers.urls")),
    path("", include("accommodations.urls")),
    # Before the officer pages too: /officers/courses/ is the courses app's.
    path("", include("courses.urls")),
    path("officers/", include("rsvp.officers.urls")),
    path("", include("followup.urls")),
    path("", include("notifications.urls")),
    path("privacy/", include("privacy.urls")),
    # The language switcher posts here (works without JavaScript; sets the cookie).
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", ops_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", door_pages.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file (`?script`), as the CSP asks.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
