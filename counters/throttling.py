"""DRF's rate throttle counted by `counter_hit` instead of DRF's history list in the cache."""

from rest_framework.throttling import SimpleRateThrottle

from counters.services import CounterHit, counter_hit


class CounterThrottle(SimpleRateThrottle):
    """`num_requests` per `duration` for each cache key, in a window opened by the key's first
    request (DRF's own keeps a list of times: a read and a write of the whole list per
    request, which two workers at once can both base on the same list and lose a hit, unless
    a lock is held around them).

    One atomic count per request, refused ones included: a refused request does not extend
    the window, so the client may go on when the window that counted it ends. `wait()` is
    that time (Retry-After).
    """

    hit: CounterHit | None = None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.hit = counter_hit(self.key, self.duration)
        return self.hit.count <= self.num_requests

    def wait(self):
        if self.hit is None:
            return None
        # Never 0: a client told "Retry-After: 0" would come straight back.
        return max(self.hit.expires_in, 1.0)
