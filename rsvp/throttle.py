"""How many anonymous RSVPs one client may send: the HTML form and the API share the budget."""

import time

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from scheduler.errors import Busy


class RsvpAnonThrottle(SimpleRateThrottle):
    """Anonymous RSVP posts per client address, counted in the shared cache.

    The rate is read from settings on every request (API_RSVP_THROTTLE, e.g. "20/hour").
    DRF's sliding window reads and rewrites a list in the cache; two workers doing that
    for the same client at once could both count from the same list and lose a hit, so
    the read-and-write is done under a short cache lock (cache.add is atomic on Redis
    and on the database cache alike).
    """

    scope = "rsvp"
    lock_wait_seconds = 2.0

    def get_rate(self):
        return settings.API_RSVP_THROTTLE or None

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        lock = f"{key}:lock"
        deadline = time.monotonic() + self.lock_wait_seconds
        while not self.cache.add(lock, 1, timeout=5):
            if time.monotonic() > deadline:
                # The counter cannot be reached (held for long, or the database is busy):
                # "busy, try again" (503), never an uncounted RSVP nor a false "too many".
                raise Busy()
            time.sleep(0.01)
        try:
            return super().allow_request(request, view)
        finally:
            self.cache.delete(lock)
