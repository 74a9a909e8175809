"""One door for outbound HTTP: every request the workbench makes goes through `fetch`.

Feeds, URL imports, webhook deliveries and (later) evidence snapshots name URLs that users
type. Without a guard such a URL reaches whatever the server can reach: the cloud metadata
service, the database's admin port, a CMS on the private network. So, for every request:

- only `http` and `https`;
- the host is resolved once per hop and *every* address it resolves to must be public (not
  private, loopback, link-local, multicast, reserved, unspecified, shared/CGNAT or a cloud
  metadata address; an IPv4 address hidden inside an IPv6 one is checked as IPv4);
- the socket is connected to an address that was checked, never to the name, so a second DNS
  answer (rebinding) cannot swap in an internal address between the check and the connection;
- each redirect hop is checked the same way before anything connects to it;
- connect and read timeouts, and one deadline for the whole fetch (a server that trickles a
  byte at a time cannot hold a worker);
- the body is read in chunks and reading stops past `max_bytes`.

Hosts named in the `OUTBOUND_ALLOWED_HOSTS` setting (`host` or `host:port`) skip the address
check, for a deployment's internal CMS and for tests; everything else still applies to them.

Every failure is an `OutboundError` whose message a user can read; `OutboundRefused` (a
subclass) means the guard said no, so retrying will not help. DNS resolution itself cannot be
given a timeout with the standard library: it is bounded by the system resolver's own.

This module is `factcheck` plumbing: it imports no app.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "OutboundError",
    "OutboundRefused",
    "Response",
    "check_url",
    "fetch",
    "validate_outbound_url",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_TIMEOUT = 30.0  # the whole fetch, redirects included

SCHEMES = ("http", "https")
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
USER_AGENT = "factcheck"
PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"

# Metadata services that a public-address test alone would let through. The others
# (169.254.169.254, fd00:ec2::254, 100.100.100.200) are link-local, private or shared space.
METADATA = {
    ipaddress.ip_address("169.254.169.254"): "the cloud metadata address",
    ipaddress.ip_address("169.254.170.2"): "the cloud metadata address",
    ipaddress.ip_address("fd00:ec2::254"): "the cloud metadata address",
    ipaddress.ip_address("100.100.100.200"): "the cloud metadata address",
    ipaddress.ip_address("192.0.0.192"): "the cloud metadata address",
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundError(Exception):
    """A request that could not be made or completed. `reason` reads well on its own
    ("response larger than 10485760 bytes"); `url` is the URL of the hop that failed."""

    def __init__(self, reason: str, url: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url


class OutboundRefused(OutboundError):
    """The guard refused the URL (scheme, host or address): no connection was made, and
    trying again will be refused again."""


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # the URL that answered, after redirects
    status: int
    reason: str
    headers: http.client.HTTPMessage
    content: bytes
    truncated: bool = False  # only with truncate=True: the body went on past max_bytes
    redirects: tuple[str, ...] = field(default=())  # the URLs redirected from, in order

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def raise_for_status(self) -> None:
        if not self.ok:
            raise OutboundError(f"HTTP {self.status} {self.reason}".rstrip(), self.url)


# --- settings ---------------------------------------------------------------------------


def _setting(name: str, default: Any) -> Any:
    value = getattr(settings, name, None)
    return default if value is None else value


def _allowed_hosts() -> set[tuple[str, int | None]]:
    """OUTBOUND_ALLOWED_HOSTS as (host, port or None for any port); IPv6 as `[::1]:8080`."""
    allowed: set[tuple[str, int | None]] = set()
    for entry in _setting("OUTBOUND_ALLOWED_HOSTS", ()):
        entry = str(entry).strip().lower()
        if not entry:
            continue
        host, port = entry, None
        if entry.startswith("["):
            host, _, rest = entry[1:].partition("]")
            if rest.startswith(":") and rest[1:].isdigit():
                port = int(rest[1:])
        elif entry.count(":") == 1:
            name, _, digits = entry.partition(":")
            if digits.isdigit():
                host, port = name, int(digits)
        allowed.add((host.rstrip("."), port))
    return allowed


def _is_allowed_host(host: str, port: int) -> bool:
    allowed = _allowed_hosts()
    host = host.rstrip(".")  # "cms.internal." is the same host as "cms.internal"
    return (host, None) in allowed or (host, port) in allowed


# --- the address check ------------------------------------------------------------------


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64, Teredo client), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why `ip` may not be contacted ("a loopback address"), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(inner)
            return f"{problem} ({inner} inside an IPv6 address)" if problem else None
        if ip.scope_id:
            ip = ipaddress.IPv6Address(ip.compressed.split("%")[0])
    if ip in METADATA:
        return METADATA[ip]
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True, slots=True)
class _Target:
    url: str
    parts: SplitResult
    scheme: str
    host: str  # lower-case, IDNA-encoded; what the Host header and TLS name use
    port: int
    path: str
    addresses: tuple[tuple[int, Any], ...]  # (family, sockaddr), every one checked


def _split(url: str) -> tuple[SplitResult, str, str, int]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise OutboundRefused(f"refused: not a usable URL ({exc})", url) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        named = f"{scheme}:" if scheme else "a URL without a scheme"
        raise OutboundRefused(
            f"refused: {named} URLs are not fetched (only http and https)"
            if scheme
            else f"refused: {named} is not fetched (only http:// and https://)",
            url,
        )
    if not parts.hostname:
        raise OutboundRefused("refused: the URL names no host", url)
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise OutboundRefused(
            f"refused: {parts.hostname!r} is not a valid host name", url
        ) from None
    return parts, scheme, host, port or (443 if scheme == "https" else 80)


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def _resolve(url: str) -> _Target:
    """Parse, resolve and check one URL; raise OutboundRefused before any connection."""
    parts, scheme, host, port = _split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise OutboundError(f"cannot resolve host {host}: {_describe(exc)}", url) from None
    if not infos:
        raise OutboundError(f"cannot resolve host {host}: no address", url)
    if not _is_allowed_host(host, port):
        literal = _literal(host)
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            problem = address_problem(ip)
            if problem is not None:
                what = parts.hostname if literal else f"{host} resolves to {ip}, which"
                raise OutboundRefused(f"refused: {what} is {problem}", url)
    # Spaces, control characters and non-ASCII are percent-encoded (as browsers do), so they
    # can neither break the request line nor inject a header; existing %XX escapes stay.
    path = quote(parts.path or "/", safe=PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=PATH_SAFE)
    addresses = tuple(dict.fromkeys((info[0], info[4]) for info in infos))
    return _Target(url, parts, scheme, host, port, path, addresses)


def check_url(url: str) -> None:
    """Check a URL as `fetch` would before connecting: scheme, host, and every address the
    host resolves to (or the allowlist). Use it when a URL is saved (a webhook endpoint), so a
    bad one is refused at once; `fetch` checks again at call time, since DNS answers change.
    Raises OutboundRefused (or OutboundError when the host cannot be resolved)."""
    _resolve(url)


def validate_outbound_url(value: str) -> None:
    """`check_url` as a Django validator (form and model fields)."""
    try:
        check_url(value)
    except OutboundError as exc:
        raise ValidationError(exc.reason, code="outbound") from None


# --- connecting and reading -------------------------------------------------------------


class _Clock:
    def __init__(self, timeout: float, connect_timeout: float, read_timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def budget(self, per_operation: float) -> float:
        """The timeout for the next blocking call; raises once the deadline has passed."""
        left = self.remaining()
        if left <= 0:
            raise _DeadlinePassed
        return min(per_operation, left)


class _DeadlinePassed(Exception):
    pass


class _TimedReader(io.RawIOBase):
    """The socket's stream with every read bounded by the read timeout and by what is left of
    the deadline, so neither slow headers nor a trickled body outlast it. It reads through the
    socket's own stream (`makefile`), which keeps the descriptor open after http.client closes
    the connection of a response that ends when the server hangs up."""

    def __init__(self, stream: io.RawIOBase, sock: socket.socket, clock: _Clock) -> None:
        super().__init__()
        self._stream = stream
        self._sock = sock
        self._clock = clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(self._clock.budget(self._clock.read_timeout))
        try:
            return self._stream.readinto(buffer)
        except TimeoutError:
            if self._clock.expired():
                raise _DeadlinePassed from None
            raise

    def close(self) -> None:
        self._stream.close()
        super().close()


def _timed_response_class(clock: _Clock) -> type[http.client.HTTPResponse]:
    class TimedResponse(http.client.HTTPResponse):
        def __init__(
            self,
            sock: socket.socket,
            debuglevel: int = 0,
            method: str | None = None,
            url: str | None = None,
        ) -> None:
            super().__init__(sock, debuglevel, method, url)
            stream = self.fp.detach()  # the socket stream the base class opened, unbuffered
            self.fp = io.BufferedReader(_TimedReader(stream, sock, clock), CHUNK)

    return TimedResponse


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address checked beforehand; the host name is used only
    for the Host header and TLS (certificate and SNI), never looked up again."""

    def __init__(self, target: _Target, clock: _Clock) -> None:
        super().__init__(target.host, target.port)
        self._target = target
        self._clock = clock
        self.response_class = _timed_response_class(clock)

    def connect(self) -> None:
        target, clock = self._target, self._clock
        last: OSError | None = None
        for family, sockaddr in target.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(clock.budget(clock.connect_timeout))
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                last = exc
                continue
            except BaseException:
                sock.close()
                raise
            break
        else:
            if clock.expired():  # the deadline, not the connect timeout, cut the last try
                raise _DeadlinePassed
            if isinstance(last, TimeoutError):
                raise OutboundError(
                    f"cannot connect to {target.host}:{target.port} "
                    f"within {clock.connect_timeout:g} s",
                    target.url,
                )
            raise OutboundError(
                f"cannot connect to {target.host}:{target.port}: {_describe(last)}", target.url
            )
        if target.scheme == "https":
            context = ssl.create_default_context()
            sock.settimeout(clock.budget(clock.read_timeout))
            try:
                sock = context.wrap_socket(sock, server_hostname=target.host)
            except BaseException:
                sock.close()
                raise
        sock.settimeout(clock.budget(clock.read_timeout))
        self.sock = sock


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "no address to connect to"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _read_body(
    response: http.client.HTTPResponse, max_bytes: int, truncate: bool, url: str
) -> tuple[bytes, bool]:
    too_large = f"response larger than {max_bytes} bytes"
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes and not truncate:
        raise OutboundError(f"{too_large} (it announced {int(declared)})", url)
    body = bytearray()
    while True:
        # read1: at most one read from the socket, so the deadline is checked between reads
        chunk = response.read1(CHUNK)
        if not chunk:
            return bytes(body), False
        body += chunk
        if len(body) > max_bytes:
            if truncate:
                return bytes(body[:max_bytes]), True
            raise OutboundError(f"{too_large} (reading stopped)", url)


def _one_request(
    target: _Target,
    clock: _Clock,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
    max_bytes: int,
    truncate: bool,
) -> Response:
    connection = _PinnedConnection(target, clock)
    try:
        connection.request(method, target.path, body=body, headers=dict(headers))
        response = connection.getresponse()
        content, truncated = (
            (b"", False)
            if method == "HEAD" or response.status in REDIRECTS
            else _read_body(response, max_bytes, truncate, target.url)
        )
        return Response(
            url=target.url,
            status=response.status,
            reason=response.reason,
            headers=response.msg,
            content=content,
            truncated=truncated,
        )
    except OutboundError:
        raise
    except _DeadlinePassed:
        raise OutboundError(
            f"no complete answer within {clock.timeout:g} s (the deadline for the request)",
            target.url,
        ) from None
    except TimeoutError:
        raise OutboundError(
            f"{target.host} sent nothing for {clock.read_timeout:g} s (read timeout)", target.url
        ) from None
    except ssl.SSLError as exc:
        raise OutboundError(
            f"TLS failed with {target.host}: {exc.reason or exc}", target.url
        ) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise OutboundError(
            f"request to {target.host} failed: {_describe(exc)}", target.url
        ) from exc
    finally:
        connection.close()


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    max_bytes: int | None = None,
    truncate: bool = False,
    timeout: float | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    follow_redirects: bool = True,
    max_redirects: int | None = None,
) -> Response:
    """Make one request through the guard and return the answer, whatever its status.

    max_bytes: the body may hold at most this many bytes (default OUTBOUND_MAX_BYTES, 10 MB);
        past it reading stops and OutboundError("response larger than N bytes") is raised, or,
        with truncate=True, the first max_bytes are returned with `truncated` set.
    timeout: seconds for the whole fetch, redirects included (default OUTBOUND_TIMEOUT, 30);
        connect_timeout / read_timeout bound each connect and each read within it
        (OUTBOUND_CONNECT_TIMEOUT 5, OUTBOUND_READ_TIMEOUT 10).
    follow_redirects: follow 301/302/303/307/308 up to max_redirects hops
        (OUTBOUND_MAX_REDIRECTS, 5), each hop checked before it is contacted; 303 (and 301/302
        after a POST) continue as GET without the body, as browsers do; Authorization and
        Cookie headers are not sent to another host. With False a 3xx is returned as is.

    Raises OutboundRefused when the guard refuses a URL (before connecting to it) and
    OutboundError for everything else that stops the request (no connection, timeouts, TLS,
    a body too large, too many redirects). HTTP error statuses are returned, not raised:
    call `raise_for_status()` for that. No connection is reused; nothing is cached.
    """
    cap = int(
        max_bytes if max_bytes is not None else _setting("OUTBOUND_MAX_BYTES", DEFAULT_MAX_BYTES)
    )
    hops = int(
        max_redirects
        if max_redirects is not None
        else _setting("OUTBOUND_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS)
    )
    clock = _Clock(
        float(timeout if timeout is not None else _setting("OUTBOUND_TIMEOUT", DEFAULT_TIMEOUT)),
        float(
            connect_timeout
            if connect_timeout is not None
            else _setting("OUTBOUND_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT)
        ),
        float(
            read_timeout
            if read_timeout is not None
            else _setting("OUTBOUND_READ_TIMEOUT", DEFAULT_READ_TIMEOUT)
        ),
    )
    method = method.upper()
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    visited: list[str] = []
    while True:
        target = _resolve(url)
        if clock.expired():
            raise OutboundError(
                f"no complete answer within {clock.timeout:g} s (the deadline for the request)",
                url,
            )
        response = _one_request(target, clock, method, sent, body, cap, truncate)
        location = response.headers.get("Location")
        if not follow_redirects or response.status not in REDIRECTS or not location:
            return Response(
                url=response.url,
                status=response.status,
                reason=response.reason,
                headers=response.headers,
                content=response.content,
                truncated=response.truncated,
                redirects=tuple(visited),
            )
        if len(visited) >= hops:
            raise OutboundError(f"too many redirects (more than {hops})", url)
        visited.append(url)
        next_url = urljoin(url, location.strip())
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, body = ("HEAD", None) if method == "HEAD" else ("GET", None)
            sent = {k: v for k, v in sent.items() if k.lower() not in ("content-type",)}
        if urlsplit(next_url).hostname != target.parts.hostname:
            sent = {k: v for k, v in sent.items() if k.lower() not in ("authorization", "cookie")}
        url = next_url
