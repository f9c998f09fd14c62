"""Secret tokens in links (manage an RSVP, personal and officer feeds, notices).

192 random bits each; only a SHA-256 of a token is ever stored, and lookups are by hash.
The pages such a link opens are decorated with `token_page` (or `token_headers`).

Each kind of token is looked up in one place, so that making links stop working (after the
retention period, say) is one filter there: manage links `rsvp.services.rsvp_by_token`
(pages and API); personal feeds `rsvp.feeds.PersonalFeed.owners`; officer feeds
`scheduler.feeds.views.OfficerFeed.owners`; stop-reminder links
`notifications.links.notice_by_stop_token`; residents' data links
`privacy.services.data_access_link_open` (they also expire after a day).
"""

import hashlib
import secrets
from functools import wraps

from django.views.decorators.csrf import csrf_exempt

TOKEN_BYTES = 24  # 192 bits of randomness


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_headers(view):
    """For a response that a secret link opens or shows: never stored by a browser or a
    proxy (a shared computer's history and cache), and no Referer sent from it, not even to
    this site (whose access log would then hold the link)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def token_page(view):
    """A page opened by a resident's secret link, with its forms: token_headers, and no CSRF
    check. A page sent with no-referrer makes the browser post its forms with `Origin: null`
    (Fetch: a non-GET request's origin under no-referrer), which Django's CSRF check refuses.
    The check guards what a site's cookies allow; these pages read no cookie and no session:
    the token in the path, which no other site can know, is the only key (as for the
    one-click "stop reminders" link)."""
    return csrf_exempt(token_headers(view))
