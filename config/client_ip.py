"""The client's address for sign-in protection, by the same rule as the API's throttles.

django-axes calls `client_ip(request)` (AXES_CLIENT_IP_CALLABLE). DRF's rule trusts exactly
REST_FRAMEWORK["NUM_PROXIES"] proxies (API_NUM_PROXIES): with 0 the peer address, otherwise
the address the outermost trusted proxy appended to X-Forwarded-For, so a client cannot pick
its own lockout bucket by sending the header itself.
"""

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str:
    return BaseThrottle().get_ident(request)
