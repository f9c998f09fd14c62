"""Password checks on a site-wide budget, with a lane of its own for devices that signed in before.

django-axes locks an account, or an address, after too many wrong passwords, before any hash
(config/settings.py). A flood that makes up a new user name and a new address for every try
is never locked: each try costs the password hasher about a second of CPU (PBKDF2, Django's
production default), so a few clients take every core and every page slows with them.

So the hasher runs at most SIGNIN_CHECKS_PER_SECOND times a second, site-wide, counted by the
throttles' atomic counter (counters/: Redis or one UPSERT, no lock). A try over the budget is
answered at once, 429 with Retry-After and the form's words "try again in a few seconds",
before any hash and without counting as a wrong password (it was never checked).

A budget shared with the flood would keep an officer from signing in until it stopped. A
device that signed in before carries a signed cookie bound to that user name (a "device
cookie"): its tries for that name count in a lane of their own, which the flood cannot reach
without the cookie, and which django-axes still locks after too many wrong passwords.
"""

import math

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from counters.services import counter_hit

DEVICE_COOKIE = "porchlight_signin"
_DEVICE_SALT = "porchlight.signin-device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600

BUSY_MESSAGE = _(
    "Many sign-ins are being tried at this moment, so your password was not checked. "
    "Please wait a few seconds and try again."
)


class SignInBusy(Exception):
    """The password check was not run: the budget of checks is spent for `retry_after` seconds."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = max(1, math.ceil(retry_after))


def _name_mark(username: str) -> str:
    return salted_hmac(_DEVICE_SALT, username).hexdigest()[:32]


def known_device(request, username: str | None) -> bool:
    """Did this browser sign in before with exactly this user name?"""
    if not username:
        return False
    mark = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_MAX_AGE
    )
    return bool(mark) and constant_time_compare(mark, _name_mark(username))


def _window() -> tuple[float, int]:
    """(window seconds, checks per window) for SIGNIN_CHECKS_PER_SECOND, which may be below 1."""
    rate = settings.SIGNIN_CHECKS_PER_SECOND
    if rate >= 1:
        return 1.0, int(rate)
    return 1 / rate, 1


class SignInBudgetBackend:
    """Listed after django-axes' backend and before ModelBackend: a try that axes let through
    costs one count here, and past the budget stops before the hasher (SignInBusy, which
    the sign-in forms turn into their "busy" error). It never signs anyone in itself."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not settings.SIGNIN_CHECKS_PER_SECOND:
            return None
        lane = "known" if known_device(request, username) else "any"
        window, limit = _window()
        hit = counter_hit(f"signin-checks:{lane}", window)
        if hit.count > limit:
            # Not PermissionDenied: Django would report that as a failed sign-in, and
            # django-axes would count a password that was never checked against the account.
            raise SignInBusy(hit.expires_in)
        # No get_user(): a session names the backend that signed it in (ModelBackend), and
        # Django's force_login takes the first backend that has one.
        return None


@receiver(user_logged_in, dispatch_uid="porchlight-signin-device")
def _remember_device(sender, request, user, **kwargs):
    if request is not None:
        request.porchlight_signed_in_as = user.get_username()


class SignInDeviceMiddleware:
    """Gives a browser that just signed in its device cookie, and a try refused for the
    budget its 429 and Retry-After (the form page itself says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "porchlight_signed_in_as", None)
        if username:
            response.set_signed_cookie(
                DEVICE_COOKIE,
                _name_mark(username),
                salt=_DEVICE_SALT,
                max_age=DEVICE_COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        busy = getattr(request, "porchlight_signin_busy", None)
        if busy is not None and response.status_code == 200:
            response.status_code = 429
            response["Retry-After"] = str(busy)
        return response
