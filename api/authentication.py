"""API token authentication with a limit on wrong tokens per client address.

A wrong `Authorization: Token …` is a guess at an officer's token. Each one is counted per
client address (DRF's rule, API_NUM_PROXIES) in the throttles' counters (counters/), like
the RSVP throttle; past API_TOKEN_FAILURE_THROTTLE the address gets 429 with Retry-After
instead of 401. A token failure has no account name, so django-axes' per-account lock does
not apply to it.

A token is counted only after knox refused it, unlike the password lock, which refuses
before the hash: knox's check is one indexed query and a SHA-512 (no slow hash to spare), a
knox token has 256 random bits (no guess succeeds, so nothing is gained by refusing a right
one), and so a right token costs no count and an officer's app keeps working behind the
same address as a client sending wrong tokens.
"""

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from counters.throttling import CounterThrottle
from scheduler.locking import busy_on_lock_wait


class TokenFailureThrottle(CounterThrottle):
    """Wrong tokens per client address: `failed` counts one and says whether the address is
    still within its budget."""

    scope = "token_failure"

    def get_rate(self):
        return settings.API_TOKEN_FAILURE_THROTTLE or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def failed(self, request) -> bool:
        # One atomic count: wrong tokens sent in parallel are each counted (a read of the
        # history then a write of it, as DRF's throttle does, let them overwrite each other).
        with busy_on_lock_wait():
            return self.allow_request(request, None)


class LimitedTokenAuthentication(TokenAuthentication):
    """knox's token authentication; past too many wrong tokens from an address, 429."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle = TokenFailureThrottle()
            if not throttle.failed(request):
                raise exceptions.Throttled(
                    wait=throttle.wait(),
                    detail=gettext(
                        "Too many wrong API tokens from this address; wait before trying again."
                    ),
                ) from None
            raise


class LimitedTokenScheme(KnoxTokenScheme):
    """OpenAPI: the same `Authorization: Token …` scheme as knox's (drf-spectacular matches
    authentication classes exactly, not their subclasses)."""

    target_class = "api.authentication.LimitedTokenAuthentication"
