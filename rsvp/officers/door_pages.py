"""The door list's offline parts: the service worker, the empty page it keeps, the words.

The service worker (templates/rsvp/officers/door/sw.js) is served from /officers/ so that
its scope is the officer pages; its version is a hash of the files it keeps and of the
officer's language, so a new script or another language installs a new worker (which
fetches them again) and an unchanged one is left alone.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from rsvp.officers.door_words import DoorCatalog
from scheduler.permissions import is_staff_member

# What the shell page needs, kept by the worker at install.
DOOR_FILES = [
    "css/porchlight.css",
    "css/officers.css",
    "js/porchlight.js",
    "js/door_store.js",
    "js/checkin.js",
    "js/scan.js",
    "vendor/jsqr/jsQR.js",
]


def _kept_urls() -> list[str]:
    return [static(name) for name in DOOR_FILES] + [reverse("officers:door_words")]


def _version() -> str:
    # Browsers ask for the worker on every navigation under /officers/ (no-cache): the
    # files are read once per language in production, not on each page an officer opens.
    if settings.DEBUG:
        return _version_of(get_language())
    return _kept_version(get_language())


def _version_of(language: str) -> str:
    digest = hashlib.sha256(language.encode())
    for name in DOOR_FILES:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    digest.update(render_to_string("rsvp/officers/door/shell.html").encode())
    return "door-" + digest.hexdigest()[:16]


_kept_version = functools.lru_cache(maxsize=16)(_version_of)


@require_GET
def service_worker(request):
    body = render_to_string(
        "rsvp/officers/door/sw.js",
        {
            "version": _version(),
            "shell_url": reverse("officers:door_shell"),
            "files": json.dumps(_kept_urls()),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker at most daily anyway; no-cache makes each look real.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def door_shell(request):
    """The attendance page with nobody on it, for the worker to keep (see module doc)."""
    if not (request.user.is_authenticated and is_staff_member(request.user)):
        # Never the login page: the worker would keep it as the shell.
        return HttpResponse(status=401)
    response = render(request, "rsvp/officers/door/shell.html")
    response["Cache-Control"] = "no-store"
    return response


door_words = require_GET(DoorCatalog.as_view())


class LogoutView(auth_views.LogoutView):
    """Signing out also makes the browser forget what the door list kept on the device
    (IndexedDB, the worker and its copies): a shared phone keeps no roster."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
