"""The language a calendar feed is written in, and feed links that ask for one (`?lang=`).

A feed's words (its name, description, a cancelled event's prefix, the fixed lines of
each event's description) follow `?lang=` on its URL. Calendar apps send whatever
Accept-Language their device has, or none, so that header is never used: without
`?lang=` a feed is in the site's default language, a personal feed in its resident's
(rsvp.feeds.PersonalFeed). The subscribe links on pages carry the language the page is
read in (feed_url), so a resident reading Spanish subscribes to a Spanish calendar.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation

LANG_PARAM = "lang"

# Longer than any language tag a person would type; a longer value is not looked at.
_MAX_CODE = 35


def supported_language(code: object) -> str | None:
    """The site's language for `code` ("es", "ES", "es-MX" → "es"), or None if it has none."""
    if not isinstance(code, str) or not code or len(code) > _MAX_CODE:
        return None
    code = code.strip().lower().replace("_", "-")
    if code in dict(settings.LANGUAGES):
        # Also a language Django has no catalog of its own for (Tagalog, Hmong), which
        # get_supported_language_variant only accepts once ours is compiled.
        return code
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def requested_language(request) -> str | None:
    """The language the feed's URL asks for (`?lang=`), or None (none, or not one of ours)."""
    return supported_language(request.GET.get(LANG_PARAM))


def feed_url(where: str, query: str = "", *, language: str | None = None) -> str:
    """A feed's full URL (`where`: a path on this site or a full URL) with `query`, and
    `lang=` for `language` (by default the active one) unless it is the site's default.

    For subscribe and download links: a page read in Spanish offers the Spanish feed,
    and an English page keeps the plain URL that existing subscriptions use.
    """
    url = where if "://" in where else settings.SITE_URL + where
    parts = urlsplit(url)
    # The rest of the query string is kept as written: an English link stays the very URL
    # existing subscriptions use.
    raw = "&".join(q for q in (parts.query, query.lstrip("?")) if q)
    kept = [p for p in raw.split("&") if p and p.partition("=")[0] != LANG_PARAM]
    language = supported_language(language or translation.get_language())
    if language and language != settings.LANGUAGE_CODE:
        kept.append(f"{LANG_PARAM}={language}")
    return urlunsplit(parts._replace(query="&".join(kept)))
