"""Feed bodies by fingerprint: this process's memory, then the shared cache, then a build.

A body is stored under a key made of the feed, its language, its fingerprint and its
window, so a stored body can never be stale nor in another language: new data gives a
new key. This process keeps the most
recent ones in memory (a 304 then needs no cache round trip); the shared cache lets
other processes skip the build. The bytes of each event and series are kept too, so a
feed in which one event changed rewrites only that event.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from scheduler.feeds import builder
from scheduler.feeds.queries import Stamp, Window
from scheduler.models import Event

logger = logging.getLogger(__name__)

# Bump when the builder's output changes for the same data, or what the shared cache holds
# changes (4: Entry moved to this module; 5: words through the catalog, keyed by language),
# so stored bodies are not reused.
FORMAT_VERSION = 5


@dataclasses.dataclass
class Resolved:
    """One feed request, resolved: who it is for and how to load its events."""

    ident: str  # names the feed (never a clear token) for caching and Last-Modified
    fingerprint: tuple
    stamp: Stamp | None  # read in the same query as the fingerprint
    info: builder.CalendarInfo
    load: Callable[[], tuple[list[Event], frozenset[int]]]
    private: bool = False
    group_series: bool = True
    filename: str = "calendar.ics"
    language: str = ""  # the feed's words are in it (scheduler.feeds.languages)
    extras: Callable[[], list] | None = None  # entries that are not events (feeds.extras)


@dataclasses.dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str


_LOCAL: OrderedDict[str, Entry] = OrderedDict()
_LOCAL_LOCK = threading.RLock()
_LOCAL_MAX = 64


class _Fragments:
    """The bytes of single events and series, most recently used kept (see calendar_build)."""

    def __init__(self, size: int):
        self._data: OrderedDict = OrderedDict()
        self._size = size

    def get(self, key):
        with _LOCAL_LOCK:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def __setitem__(self, key, value) -> None:
        with _LOCAL_LOCK:
            self._data[key] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with _LOCAL_LOCK:
            self._data.clear()


_FRAGMENTS = _Fragments(size=20_000)


def feed_cache_clear() -> None:
    """Forget this process's bodies and fragments (as a process that never served a feed)."""
    with _LOCAL_LOCK:
        _LOCAL.clear()
    _FRAGMENTS.clear()
    _catalog_key.cache_clear()


def _local_get(key: str) -> Entry | None:
    with _LOCAL_LOCK:
        entry = _LOCAL.get(key)
        if entry is not None:
            _LOCAL.move_to_end(key)
        return entry


def _local_put(key: str, entry: Entry) -> None:
    with _LOCAL_LOCK:
        _LOCAL[key] = entry
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > _LOCAL_MAX:
            _LOCAL.popitem(last=False)


def _settings_key() -> tuple:
    conf = settings.PORCHLIGHT
    return (
        FORMAT_VERSION,
        settings.SITE_URL,
        settings.TIME_ZONE,
        conf["SERIES_HORIZON_DAYS"],
        conf.get("FEED_PAST_DAYS", 30),
        conf.get("FEED_CANCELLED_DAYS", 30),
        conf.get("FEED_REFRESH_MINUTES", 60),
    )


@functools.cache
def _catalog_key(language: str) -> tuple:
    """Which compiled catalog of `language` this process reads: a corrected translation,
    deployed, must not wait for the shared cache to forget bodies with the old words."""
    locale = translation.to_locale(language)
    found = []
    for folder in settings.LOCALE_PATHS:
        path = Path(folder) / locale / "LC_MESSAGES" / "django.mo"
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def cache_key(feed: Resolved, window: Window) -> str:
    """The key of the body for this feed's fingerprint and window (also the stamp's body_key)."""
    language = (feed.language, _catalog_key(feed.language or settings.LANGUAGE_CODE))
    raw = repr((feed.ident, language, window.today, feed.fingerprint, _settings_key()))
    return "porchlight:feed:" + hashlib.sha256(raw.encode()).hexdigest()


def entry_get(feed: Resolved, key: str) -> Entry:
    """The body and ETag for `key`: from memory, the shared cache, or built now."""
    entry = _local_get(key)
    if entry is not None:
        return entry
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Feed cache unavailable", exc_info=True)
        entry = None
    if entry is None:
        events, tentative = feed.load()
        body = builder.calendar_build(
            events,
            info=feed.info,
            tentative_ids=tentative,
            group_series=feed.group_series,
            fragments=_FRAGMENTS,
            extras=feed.extras() if feed.extras else (),
        )
        etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
        entry = Entry(body=body, etag=etag)
        try:
            cache.set(key, entry, timeout=24 * 3600)
        except Exception:
            logger.warning("Feed cache unavailable", exc_info=True)
    _local_put(key, entry)
    return entry
