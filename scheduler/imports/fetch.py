"""Fetching a calendar or a spreadsheet from an address a coordinator gives.

The address is the coordinator's, but the request is the server's: only http and https
(webcal:// is https, as calendar apps read it), a time limit, a size limit, at most a
few redirects and each to http or https again, and no address on this machine or a
private network (unless IMPORT_ALLOW_PRIVATE_URLS): otherwise the field would let anyone
with the admin read the site's own services. The check is made on the address the
connection is actually opened to, so a name that resolves differently on a second
look (DNS rebinding) gets nowhere.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from scheduler.errors import DomainError

MAX_REDIRECTS = 5
USER_AGENT = "Porchlight event import"
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(DomainError):
    """An address that cannot be (or may not be) fetched; the message says which."""

    code = "import_fetch"
    status = 400


def _allowed(address: str) -> bool:
    if settings.PORCHLIGHT["IMPORT_ALLOW_PRIVATE_URLS"]:
        return True
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _connect(address, timeout=None, source_address=None):
    """socket.create_connection, to public addresses only (http.client's hook)."""
    host, port = address
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise FetchError(
            gettext("The name “%(host)s” could not be found.") % {"host": host}
        ) from None
    if not found or not all(_allowed(info[4][0]) for info in found):
        raise FetchError(
            gettext(
                "“%(host)s” is an address on this server or a private network, which "
                "imports may not reach."
            )
            % {"host": host}
        )
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last or OSError("no address")


def _target(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "webcal":
        scheme = "https"
    if scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(gettext("Give an address that starts with https:// or http://."))
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(gettext("This address has a port that is not a number.")) from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port, path


def fetch_url(url: str) -> bytes:
    """The body of a GET of `url` (following redirects), or FetchError with the reason."""
    limit = settings.PORCHLIGHT["IMPORT_MAX_BYTES"]
    timeout = settings.PORCHLIGHT["IMPORT_FETCH_TIMEOUT_SECONDS"]
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(timeout))
        scheme, host, port, path = _target(url)
        kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = kind(host, port, timeout=timeout)
        connection._create_connection = _connect
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/calendar, text/csv, text/plain;q=0.8, */*;q=0.5",
                },
            )
            response = connection.getresponse()
            if response.status in REDIRECTS and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise FetchError(
                    gettext("The address answered with HTTP status %(status)d, not the file.")
                    % {"status": response.status}
                )
            return _body(response, limit, deadline, timeout)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, TimeoutError | socket.timeout):
                raise FetchError(_too_slow(timeout)) from None
            raise FetchError(
                gettext("The address could not be fetched: %(error)s")
                % {"error": str(exc)[:200] or exc.__class__.__name__}
            ) from None
        finally:
            connection.close()
    raise FetchError(gettext("The address redirects too many times."))


def _too_slow(timeout: int) -> str:
    return gettext("The address did not answer within %(seconds)d seconds.") % {"seconds": timeout}


def too_big_text() -> str:
    return gettext("The file is larger than %(size)s, the most an import takes.") % {
        "size": filesizeformat(settings.PORCHLIGHT["IMPORT_MAX_BYTES"])
    }


def _body(response, limit: int, deadline: float, timeout: int) -> bytes:
    too_big = too_big_text()
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(too_big)
    chunks, size = [], 0
    while True:
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(too_big)
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(timeout))
        chunks.append(chunk)
