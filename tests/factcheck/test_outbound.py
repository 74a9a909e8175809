"""The outbound guard against real HTTP servers on 127.0.0.1 (OS-chosen ports).

Loopback is exactly what the guard refuses, so each test that must reach a local server names
it in OUTBOUND_ALLOWED_HOSTS; the others show what happens without that.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from factcheck import outbound
from factcheck.outbound import OutboundError, OutboundRefused, check_url, fetch

Handler = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """An HTTP server in a thread on 127.0.0.1, port chosen by the OS. `hits` lists the
    request paths it received, so a test can show a server was never contacted."""

    def __init__(self, handle: Handler) -> None:
        self.hits: list[str] = []
        self.hosts: list[str] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits.append(f"{self.command} {self.path}")
                server.hosts.append(self.headers.get("Host", ""))
                server.headers.append(dict(self.headers))
                try:
                    handle(self)
                except OSError:  # the client hung up, as the guard does on purpose
                    self.close_connection = True

            do_POST = do_HEAD = do_GET

            def handle(self) -> None:
                # hung up on mid-answer (the final flush): expected, not the test's news
                with contextlib.suppress(OSError):
                    super().handle()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def reply(
    request: BaseHTTPRequestHandler,
    body: bytes = b"",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    request.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        request.send_header(name, value)
    request.end_headers()
    if request.command != "HEAD":
        request.wfile.write(body)


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], LocalServer]]:
    servers: list[LocalServer] = []

    def start(handle: Handler) -> LocalServer:
        servers.append(LocalServer(handle))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    """Every URL the guard opened a connection for, in order."""
    opened: list[str] = []
    real = outbound._PinnedConnection.connect

    def spy(self) -> None:
        opened.append(self._target.url)
        real(self)

    monkeypatch.setattr(outbound._PinnedConnection, "connect", spy)
    return opened


def hello(request: BaseHTTPRequestHandler) -> None:
    reply(request, b"hello from inside", headers={"Content-Type": "text/plain"})


# --- what is refused --------------------------------------------------------------------


def test_a_loopback_server_is_refused_without_the_allowlist_and_never_contacted(
    serve, settings, connections
):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    server = serve(hello)
    with pytest.raises(OutboundRefused) as refused:
        fetch(server.url("/secret"))
    assert str(refused.value) == "refused: 127.0.0.1 is a loopback address"
    assert refused.value.url == server.url("/secret")
    assert server.hits == [] and connections == []


def test_an_allowlisted_host_and_port_is_fetched(serve, settings):
    server = serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    response = fetch(server.url("/page?x=1"))
    assert (response.status, response.ok, response.content) == (200, True, b"hello from inside")
    assert response.headers["Content-Type"] == "text/plain"
    assert response.url == server.url("/page?x=1") and response.redirects == ()
    assert server.hits == ["GET /page?x=1"] and server.hosts == [server.host]


def test_an_allowlisted_host_without_a_port_allows_every_port(serve, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    assert fetch(serve(hello).url()).content == b"hello from inside"


def test_the_allowlist_names_a_port_and_other_ports_stay_refused(serve, settings):
    allowed, other = serve(hello), serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = [allowed.host]
    with pytest.raises(OutboundRefused, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        fetch(other.url())
    assert other.hits == []


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("ftp://ftp.example.org/pub/feed.xml", "ftp"),
        ("gopher://127.0.0.1:6379/_INFO", "gopher"),
        ("javascript:alert(1)", "javascript"),
        ("FILE:///etc/passwd", "file"),
    ],
)
def test_schemes_other_than_http_and_https_are_refused_by_name(url, scheme, connections):
    with pytest.raises(OutboundRefused) as refused:
        fetch(url)
    assert str(refused.value) == f"refused: {scheme}: URLs are not fetched (only http and https)"
    assert connections == []


def test_a_url_without_a_scheme_or_host_is_refused():
    with pytest.raises(OutboundRefused, match="without a scheme"):
        fetch("example.org/feed.xml")
    with pytest.raises(OutboundRefused, match="names no host"):
        fetch("http:///feed.xml")
    with pytest.raises(OutboundRefused, match="not a usable URL"):
        fetch("http://example.org:99999/")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        (
            "http://[::ffff:127.0.0.1]/",
            "refused: ::ffff:127.0.0.1 is a loopback address (127.0.0.1 inside an IPv6 address)",
        ),
        (
            "http://[::ffff:169.254.169.254]/latest/meta-data/",
            "refused: ::ffff:169.254.169.254 is the cloud metadata address"
            " (169.254.169.254 inside an IPv6 address)",
        ),
        (
            "http://[64:ff9b::a00:1]/",
            "refused: 64:ff9b::a00:1 is a private address (10.0.0.1 inside an IPv6 address)",
        ),
        (
            "http://[2002:7f00:1::]/",
            "refused: 2002:7f00:1:: is a loopback address (127.0.0.1 inside an IPv6 address)",
        ),
        ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is the cloud metadata address"),
        ("http://[::]/", "refused: :: is an unspecified address"),
        ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:8000/", "refused: 127.8.9.10 is a loopback address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://10.0.0.1/", "refused: 10.0.0.1 is a private address"),
        ("http://172.16.5.4/", "refused: 172.16.5.4 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        (
            "http://169.254.169.254/latest/",
            "refused: 169.254.169.254 is the cloud metadata address",
        ),
        ("http://169.254.1.1/", "refused: 169.254.1.1 is a link-local address"),
        ("http://100.100.100.200/", "refused: 100.100.100.200 is the cloud metadata address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is not a public address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a private address"),
        # Spellings of 127.0.0.1 that the C resolver accepts
        ("http://2130706433/", "refused: 2130706433 resolves to 127.0.0.1, which is a loopback"),
        ("http://0x7f.1/", "refused: 0x7f.1 resolves to 127.0.0.1, which is a loopback address"),
        ("http://127.1/", "refused: 127.1 resolves to 127.0.0.1, which is a loopback address"),
    ],
)
def test_internal_addresses_are_refused_before_any_connection(url, reason, connections):
    with pytest.raises(OutboundRefused) as refused:
        fetch(url)
    assert str(refused.value).startswith(reason)
    assert connections == []


def test_a_name_resolving_to_loopback_is_refused(connections):
    with pytest.raises(OutboundRefused) as refused:
        fetch("http://localhost/")
    assert re.fullmatch(
        r"refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address",
        str(refused.value),
    )
    assert connections == []


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Resolve the given names to the given addresses (other names as usual); return the
    list of names looked up."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port, 0, 0) if ":" in ip else (ip, port),
            )
            for ip in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_every_address_a_name_resolves_to_is_checked(monkeypatch, connections):
    fake_dns(monkeypatch, {"mixed.example": ["93.184.215.14", "10.1.2.3"]})
    with pytest.raises(OutboundRefused) as refused:
        fetch("https://mixed.example/feed.xml")
    assert str(refused.value) == (
        "refused: mixed.example resolves to 10.1.2.3, which is a private address"
    )
    assert connections == []


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(
    serve, settings, monkeypatch
):
    """No second lookup for a rebinding DNS server to answer differently: the connection goes
    to the address that was checked, and the name only travels in the Host header."""
    server = serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = ["cms.internal"]
    asked = fake_dns(monkeypatch, {"cms.internal": ["127.0.0.1"]})
    response = fetch(f"http://cms.internal:{server.port}/export")
    assert response.content == b"hello from inside"
    assert asked == ["cms.internal"]
    assert server.hosts == [f"cms.internal:{server.port}"]


# --- redirects ---------------------------------------------------------------------------


def redirect_to(location: str, status: int = 302) -> Handler:
    def handle(request: BaseHTTPRequestHandler) -> None:
        reply(request, status=status, headers={"Location": location})

    return handle


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "refused: 169.254.169.254 is the cloud metadata address",
        ),
        ("http://10.0.0.1/admin", "refused: 10.0.0.1 is a private address"),
        ("file:///etc/passwd", "refused: file: URLs are not fetched (only http and https)"),
    ],
)
def test_a_redirect_from_an_allowed_host_to_an_internal_address_is_refused(
    serve, settings, connections, location, reason
):
    server = serve(redirect_to(location))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    with pytest.raises(OutboundRefused) as refused:
        fetch(server.url("/feed"))
    assert str(refused.value) == reason
    assert refused.value.url == location
    assert connections == [server.url("/feed")]  # the internal address was never contacted


def test_a_redirect_to_a_loopback_port_not_allowed_never_reaches_it(serve, settings):
    inside = serve(hello)
    server = serve(redirect_to(inside.url("/private")))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    with pytest.raises(OutboundRefused, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        fetch(server.url())
    assert server.hits == ["GET /"] and inside.hits == []


def test_redirects_are_followed_and_each_hop_recorded(serve, settings):
    final = serve(hello)
    middle = serve(redirect_to(final.url("/end"), 301))
    first = serve(redirect_to(middle.url("/mid"), 307))
    settings.OUTBOUND_ALLOWED_HOSTS = [first.host, middle.host, final.host]
    response = fetch(first.url("/start"))
    assert response.content == b"hello from inside"
    assert response.url == final.url("/end")
    assert response.redirects == (first.url("/start"), middle.url("/mid"))


def test_a_303_after_a_post_continues_as_a_get_without_the_body(serve, settings):
    final = serve(hello)
    server = serve(redirect_to(final.url("/done"), 303))
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    fetch(server.url("/submit"), method="POST", body=b"{}")
    assert server.hits == ["POST /submit"] and final.hits == ["GET /done"]


def test_a_redirect_loop_stops_after_the_limit(serve, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.OUTBOUND_MAX_REDIRECTS = 3
    server = serve(lambda request: reply(request, status=302, headers={"Location": "/again"}))
    with pytest.raises(OutboundError, match=r"^too many redirects \(more than 3\)$"):
        fetch(server.url("/again"))
    assert len(server.hits) == 4


def test_redirects_can_be_returned_instead_of_followed(serve, settings):
    server = serve(redirect_to("http://10.0.0.1/"))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    response = fetch(server.url(), follow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, "http://10.0.0.1/")


# --- size cap -----------------------------------------------------------------------------


def test_a_body_over_the_cap_is_refused_from_its_declared_length(serve, settings):
    server = serve(lambda request: reply(request, b"x" * 5000))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    settings.OUTBOUND_MAX_BYTES = 1000
    with pytest.raises(OutboundError) as error:
        fetch(server.url())
    assert str(error.value) == "response larger than 1000 bytes (it announced 5000)"


def endless(sent: list[int]) -> Handler:
    """A body with no length that goes on (up to 50 MB) until the client stops reading."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Connection", "close")
        request.end_headers()
        request.close_connection = True
        chunk = b"y" * 65536
        for _ in range(800):
            request.wfile.write(chunk)
            sent[0] += len(chunk)

    return handle


def test_an_endless_body_stops_being_read_at_the_cap(serve, settings):
    sent = [0]
    server = serve(endless(sent))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    settings.OUTBOUND_MAX_BYTES = 200_000
    started = time.monotonic()
    with pytest.raises(OutboundError) as error:
        fetch(server.url(), timeout=20)
    assert str(error.value) == "response larger than 200000 bytes (reading stopped)"
    assert time.monotonic() - started < 10
    time.sleep(0.2)
    # reading stopped: the server could push only what the socket buffers held, not 50 MB
    assert sent[0] < 20 * 1024 * 1024


def test_the_cap_can_truncate_instead_of_failing(serve, settings):
    server = serve(lambda request: reply(request, b"0123456789" * 100))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    response = fetch(server.url(), max_bytes=25, truncate=True)
    assert (response.content, response.truncated) == (b"0123456789012345678901234", True)


def test_the_default_cap_is_ten_megabytes():
    assert outbound.DEFAULT_MAX_BYTES == 10 * 1024 * 1024


# --- time ---------------------------------------------------------------------------------


def trickle(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Length", "1000")
    request.end_headers()
    for _ in range(100):  # a byte every 0.1 s: each read is quick, the whole is not
        request.wfile.write(b".")
        request.wfile.flush()
        time.sleep(0.1)


def test_a_server_trickling_bytes_hits_the_deadline(serve, settings):
    server = serve(trickle)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    started = time.monotonic()
    with pytest.raises(OutboundError) as error:
        fetch(server.url(), timeout=1, read_timeout=5)
    elapsed = time.monotonic() - started
    assert str(error.value) == "no complete answer within 1 s (the deadline for the request)"
    assert 0.9 < elapsed < 3


def test_headers_trickled_a_line_at_a_time_hit_the_deadline(serve, settings):
    def slow_headers(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for n in range(50):
            request.wfile.write(f"X-Line-{n}: still coming\r\n".encode())
            request.wfile.flush()
            time.sleep(0.1)

    server = serve(slow_headers)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    started = time.monotonic()
    with pytest.raises(OutboundError, match=r"^no complete answer within 1 s"):
        fetch(server.url(), timeout=1, read_timeout=5)
    assert time.monotonic() - started < 3


def test_a_chunked_body_over_the_cap_stops_being_read(serve, settings):
    def chunked(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        for _ in range(800):  # 50 MB unless the client stops reading
            request.wfile.write(b"10000\r\n" + b"z" * 0x10000 + b"\r\n")

    server = serve(chunked)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    with pytest.raises(
        OutboundError, match=r"^response larger than 300000 bytes \(reading stopped\)$"
    ):
        fetch(server.url(), max_bytes=300_000)


def test_spaces_and_line_breaks_in_a_url_cannot_add_a_header(serve, settings):
    server = serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    fetch(server.url("/a b\r\nX-Injected: 1?q=x y"))
    assert server.hits == ["GET /a%20bX-Injected:%201?q=x%20y"]
    assert "X-Injected" not in server.headers[0]


def test_credentials_in_the_url_are_not_sent(serve, settings):
    server = serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    fetch(f"http://user:secret@{server.host}/")
    assert "Authorization" not in server.headers[0] and server.hosts == [server.host]


def test_authorization_is_not_forwarded_to_another_host(serve, settings):
    final = serve(hello)
    server = serve(redirect_to(f"http://localhost:{final.port}/elsewhere"))
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    fetch(server.url(), headers={"Authorization": "Bearer t0ken", "Cookie": "s=1"})
    assert server.headers[0]["Authorization"] == "Bearer t0ken"
    assert "Authorization" not in final.headers[0] and "Cookie" not in final.headers[0]


def test_a_server_that_sends_nothing_hits_the_read_timeout(serve, settings):
    server = serve(lambda request: time.sleep(3))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    started = time.monotonic()
    with pytest.raises(OutboundError) as error:
        fetch(server.url(), timeout=10, read_timeout=0.5)
    assert str(error.value) == "127.0.0.1 sent nothing for 0.5 s (read timeout)"
    assert time.monotonic() - started < 2.5


def test_a_closed_port_is_reported_as_no_connection(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    with socket.socket() as probe:  # a port the OS just handed out and nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OutboundError) as error:
        fetch(f"http://127.0.0.1:{port}/")
    assert not isinstance(error.value, OutboundRefused)
    assert str(error.value) == f"cannot connect to 127.0.0.1:{port}: Connection refused"


def test_https_to_a_server_speaking_plain_http_fails_with_a_tls_error(serve, settings):
    server = serve(hello)
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    with pytest.raises(OutboundError, match=r"^TLS failed with 127\.0\.0\.1: "):
        fetch(f"https://{server.host}/", timeout=5)


def test_an_error_status_is_returned_and_raise_for_status_names_it(serve, settings):
    server = serve(lambda request: reply(request, b"gone", status=404))
    settings.OUTBOUND_ALLOWED_HOSTS = [server.host]
    response = fetch(server.url())
    assert (response.status, response.ok) == (404, False)
    with pytest.raises(OutboundError, match=r"^HTTP 404 Not Found$"):
        response.raise_for_status()


# --- checking a URL when it is saved --------------------------------------------------------


def test_check_url_refuses_what_fetch_refuses_without_connecting(connections, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    for url, reason in [
        ("http://127.0.0.1:8000/hooks", "refused: 127.0.0.1 is a loopback address"),
        ("http://[::1]/hooks", "refused: ::1 is a loopback address"),
        ("ftp://cms.example/hooks", "refused: ftp: URLs are not fetched (only http and https)"),
        ("http://169.254.169.254/", "refused: 169.254.169.254 is the cloud metadata address"),
    ]:
        with pytest.raises(OutboundRefused) as refused:
            check_url(url)
        assert str(refused.value) == reason
    assert connections == []


def test_check_url_passes_allowlisted_and_public_addresses(monkeypatch, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1:8000"]
    check_url("http://127.0.0.1:8000/hooks")
    fake_dns(
        monkeypatch, {"cms.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]}
    )
    check_url("https://cms.example/hooks")


def test_the_validator_reports_the_reason_as_a_validation_error(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError) as invalid:
        outbound.validate_outbound_url("http://localhost:8000/hooks")
    assert invalid.value.messages[0].startswith("refused: localhost resolves to")
    assert invalid.value.code == "outbound"


def test_the_guard_imports_no_app():
    """factcheck-layer plumbing: articles, claims and cms use it, it uses none of them."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(outbound.__file__).read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert not imported & {"articles", "claims", "cms"}
    assert "django" in imported  # settings only; the check is not vacuous
