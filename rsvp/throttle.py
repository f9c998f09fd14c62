"""How many anonymous RSVPs one client may send: the HTML form and the API share the budget."""

from django.conf import settings

from counters.throttling import CounterThrottle
from scheduler.locking import busy_on_lock_wait


class RsvpAnonThrottle(CounterThrottle):
    """Anonymous RSVP posts per client address, counted where every process sees them (Redis,
    or the counters' own table: counters/services.py).

    The rate is read from settings on every request (API_RSVP_THROTTLE, e.g. "20/hour").
    The count is one atomic statement with no lock around it, so 64 residents posting at
    once are all counted and none waits for another's count — nor, on SQLite, for the
    event's write lock, which the counters' file does not share.
    """

    scope = "rsvp"

    def get_rate(self):
        return settings.API_RSVP_THROTTLE or None

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        # A counter that cannot be reached in time (SQLite's busy timeout): "busy, try again"
        # (503 + Retry-After), never an uncounted RSVP nor a false "too many".
        with busy_on_lock_wait():
            return super().allow_request(request, view)


class LinksRequestThrottle(CounterThrottle):
    """ "E-mail me my links" requests per client address (RSVP_LINKS_THROTTLE): each one may
    send e-mail to whatever address was typed."""

    scope = "rsvp_links"

    def get_rate(self):
        return settings.RSVP_LINKS_THROTTLE or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        with busy_on_lock_wait():
            return super().allow_request(request, view)
