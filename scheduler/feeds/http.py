"""A resolved feed over HTTP: ETag and Last-Modified, conditional GET, the feed's stamp.

The body for the feed's fingerprint comes from scheduler.feeds.cache; ETag and
Last-Modified decide between 200 and 304. Last-Modified comes from the feed's
FeedStamp, read with the fingerprint, so a 304 needs neither the body nor a second query;
only new bytes write the stamp.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from scheduler.feeds.cache import Resolved, cache_key, entry_get
from scheduler.feeds.queries import Window, feed_ident_hash
from scheduler.models import FeedStamp

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"


# --- the stamp: when these bytes were first served ------------------------------------


def stamp_last_modified(feed: Resolved, etag: str, body_key: str) -> int | None:
    """When these bytes were first served: it moves forward exactly when the bytes change.

    The feed's FeedStamp holds its latest ETag and Last-Modified and was read with the
    fingerprint, so bytes served before cost no query. New bytes get a time at least one
    second after the stamp's, so no earlier If-Modified-Since can match them — also when
    a feed goes back to bytes it had before (an event created, then deleted), which is why
    this cannot be derived from the body or the rows alone, nor kept in one process's
    memory: a client may hold a later Last-Modified that another process gave it.

    None when the stamp cannot be written now (the database stayed busy): the bytes are
    then served without a date rather than fail, and with no date that no stamp backs.
    """
    seen = feed.stamp
    if seen is not None and seen.etag == etag and seen.body_key == body_key:
        return seen.last_modified
    ident_hash = feed_ident_hash(feed.ident)
    try:
        try:
            last_modified, created = _stamp_move(ident_hash, etag, body_key)
        except IntegrityError:  # another process created the stamp just now: move that one
            last_modified, created = _stamp_move(ident_hash, etag, body_key)
    except OperationalError:
        logger.warning("Feed stamp not written: database busy", exc_info=True)
        return None
    if created:
        _stamps_prune(last_modified)
    return last_modified


def _stamp_move(ident_hash: str, etag: str, body_key: str) -> tuple[int, bool]:
    """The stamp for these bytes, moved forward if they are new: (Last-Modified, created)."""
    now = int(timezone.now().timestamp())
    with transaction.atomic():
        # Locked (a row lock on PostgreSQL, the write lock on SQLite): processes serving
        # new bytes at once move the stamp one after the other, each past the one before,
        # never back to a stamp they read before it moved.
        stamp = FeedStamp.objects.select_for_update().filter(ident_hash=ident_hash).first()
        if stamp is None:
            FeedStamp.objects.create(
                ident_hash=ident_hash, etag=etag, last_modified=now, body_key=body_key
            )
            return now, True
        if stamp.etag != etag:
            stamp.etag = etag
            stamp.last_modified = max(now, stamp.last_modified + 1)
        # Also for the same bytes from changed rows (or a new day's window): the new key
        # lets the next 304 go without the body.
        stamp.body_key = body_key
        stamp.save(update_fields=["etag", "last_modified", "body_key"])
        return stamp.last_modified, False


# A dropped stamp restarts at "now", later than any Last-Modified it gave: only stamps
# this much older than now are dropped, so clocks a little apart cannot undo that.
_PRUNE_MIN_AGE = 3600


def _stamps_prune(now: int) -> None:
    """Keep the number of stamps bounded (each filtered URL, `?q=…`, makes one).

    Runs only when a stamp is created. The oldest go first; such a feed's next answer
    gets a new Last-Modified (a 200 where a 304 could have been), never a false 304.
    """
    limit = settings.PORCHLIGHT.get("FEED_STAMPS_MAX", 10_000)
    excess = FeedStamp.objects.count() - limit
    if excess <= 0:
        return
    oldest = FeedStamp.objects.filter(last_modified__lt=now - _PRUNE_MIN_AGE).order_by(
        "last_modified"
    )
    # A tenth more than the excess, so the next few new feeds do not prune again.
    doomed = list(oldest.values_list("pk", flat=True)[: excess + limit // 10])
    FeedStamp.objects.filter(pk__in=doomed).delete()


# --- conditional GET ---------------------------------------------------------------


def _drop_future_if_modified_since(request) -> None:
    # A date later than our clock cannot come from us (a client's clock is off): it
    # would turn every later change into a 304, so it is ignored.
    value = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if value is None:
        return
    when = parse_http_date_safe(value)
    if when is None or when > timezone.now().timestamp():
        del request.META["HTTP_IF_MODIFIED_SINCE"]


def _headers(response: HttpResponse, feed: Resolved, etag: str, last_modified: int | None):
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    # Never compressed: Outlook refuses gzip-encoded feeds. A Content-Encoding header
    # also keeps Django's GZipMiddleware away; no-transform asks proxies the same.
    response.headers["Content-Encoding"] = "identity"
    visibility = "private" if feed.private else "public"
    max_age = settings.PORCHLIGHT.get("FEED_REFRESH_MINUTES", 60) * 60 // 4
    response.headers["Cache-Control"] = f"{visibility}, max-age={max_age}, no-transform"
    response.headers["Content-Disposition"] = f'inline; filename="{feed.filename}"'
    if feed.private:
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _not_modified(request, feed: Resolved, etag: str, last_modified: int | None):
    """A 304 (or 412) for these validators, or None: the body is to be sent."""
    if not any(name in request.META for name in _CONDITIONAL_HEADERS):
        return None
    response = _headers(HttpResponse(content_type=CONTENT_TYPE), feed, etag, last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return None if conditional is response else conditional


def respond(request, feed: Resolved, window: Window) -> HttpResponse:
    """The feed's answer: a 304 (or 412) when the client's validators match, else the body."""
    _drop_future_if_modified_since(request)
    key = cache_key(feed, window)
    stamp = feed.stamp
    if stamp is not None and stamp.body_key == key:
        # These rows were served before (by any process): the stamp has their ETag and
        # date, so a 304 needs neither the body nor a cache read.
        answer = _not_modified(request, feed, stamp.etag, stamp.last_modified)
        if answer is not None:
            return answer
    entry = entry_get(feed, key)
    last_modified = stamp_last_modified(feed, entry.etag, key)
    answer = _not_modified(request, feed, entry.etag, last_modified)
    if answer is not None:
        return answer
    response = _headers(
        HttpResponse(entry.body, content_type=CONTENT_TYPE), feed, entry.etag, last_modified
    )
    if request.method == "HEAD":
        response.content = b""
        response.headers["Content-Length"] = str(len(entry.body))
    return response
