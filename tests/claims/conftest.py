"""Fixtures shared by the claims tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def people():
    """One user per role the workflow tells apart: a reviewer, the editor assigned to the claim,
    another editor, and an admin (who is neither editor nor reviewer)."""
    # Imported here: pytest may load this conftest before Django is set up.
    from django.contrib.auth.models import Group

    from claims.roles import ADMIN
    from tests.factories import EditorFactory, ReviewerFactory, UserFactory

    admin_user = UserFactory(username="admin-role")
    admin_user.groups.add(Group.objects.get(name=ADMIN))
    return {
        "reviewer": ReviewerFactory(username="desk-lead"),
        "assignee": EditorFactory(username="assigned-editor"),
        "other_editor": EditorFactory(username="other-editor"),
        "admin": admin_user,
    }


# --- a web server for the evidence source checks (claims.services.sources) ---------------------

import os  # noqa: E402
import threading  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

from tests.conftest import worker_allow_outbound  # noqa: E402

# Cited pages the worker must fetch are served on this loopback address, allowlisted for the
# outbound guard in the worker only (an address of its own, as the cms tests use 127.0.0.2).
SOURCES_HOST = "127.0.0.3"
worker_allow_outbound(SOURCES_HOST)
# Read by the celery worker subprocess (started later, with a copy of this environment).
os.environ.setdefault("FACTCHECK_SOURCE_RETRY_BASE_SECONDS", "0.2")


class PageServer:
    """Real HTTP pages on SOURCES_HOST. `pages[path]` is (status, content type, body) or a
    callable taking the request handler; `hits` lists the paths asked for, in order."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.hits.append(self.path)
                page = server.pages.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
                if callable(page):
                    page = page(self)
                    if page is None:
                        return
                status, ctype, body = page
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client hung up (the size cap does on purpose)
                    self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((SOURCES_HOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{SOURCES_HOST}:{self.httpd.server_address[1]}{path}"

    def html(self, path: str, text: str, status: int = 200) -> str:
        """Serve an article page holding `text` (paragraphs split on blank lines)."""
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        body = (
            "<!doctype html><html><head><title>Port statistics</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
            f"<article><h1>Port statistics</h1>{paragraphs}</article>"
            "<footer>Statistics office</footer></body></html>"
        ).encode()
        self.pages[path] = (status, "text/html; charset=utf-8", body)
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pages(settings):
    """A PageServer, reachable through the outbound guard from this process too."""
    settings.OUTBOUND_ALLOWED_HOSTS = [SOURCES_HOST]
    server = PageServer()
    yield server
    server.close()
