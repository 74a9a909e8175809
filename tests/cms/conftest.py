"""Fixtures for the cms tests (the API clients and `publish` are in tests/conftest.py)."""

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import worker_allow_outbound

# Read by the celery worker subprocess (started later, with a copy of this environment).
os.environ.setdefault("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", "1")

# Webhook receivers the worker must reach listen on this loopback address, allowlisted for the
# outbound guard in the worker only (an address of its own, so a test elsewhere that expects
# 127.0.0.1 or localhost to be refused in the worker still sees the refusal).
WORKER_RECEIVER_HOST = "127.0.0.2"
worker_allow_outbound(WORKER_RECEIVER_HOST)


class Receiver:
    """A real HTTP endpoint on 127.0.0.1. `behaviour` decides how it answers each request:
    "ok" (200), "fail-first" (500 for the first `failures`, then 200), "error" (always 500),
    "trickle" (a status line, then a header one byte at a time, forever), "close" (hangs up
    without answering), "hold" (answers 200 once `release` is set)."""

    def __init__(self, behaviour="fail-first", failures=1, host="127.0.0.1"):
        self.requests = []
        self.failures = failures
        self.behaviour = behaviour
        self.release = threading.Event()
        self.redirect_to = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                behaviour = receiver.behaviour
                if behaviour == "close":
                    self.close_connection = True
                    return
                if behaviour == "trickle":
                    self.close_connection = True
                    try:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                        for _ in range(600):
                            self.wfile.write(b"z")
                            self.wfile.flush()
                            time.sleep(0.1)
                    except OSError:
                        pass  # the sender gave up: what we want
                    return
                if behaviour == "hold":
                    receiver.release.wait(20)
                if behaviour == "redirect":
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if behaviour == "big":
                    answer = b"x" * (2 * 1024 * 1024)
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                    return
                failing = behaviour == "error" or (
                    behaviour == "fail-first" and len(receiver.requests) <= receiver.failures
                )
                code = 500 if failing else 200
                answer = b"boom" if failing else b"ok"
                self.send_response(code)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.host = f"{host}:{self.server.server_address[1]}"
        self.url = f"http://{self.host}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_allowed(settings):
    """The receivers run on loopback, which the outbound guard refuses unless allowlisted.
    (The celery worker gets WORKER_RECEIVER_HOST from tests/cms/conftest.py instead.)"""
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1", WORKER_RECEIVER_HOST]


@pytest.fixture
def receiver():
    r = Receiver(failures=1, host=WORKER_RECEIVER_HOST)
    yield r
    r.close()


@pytest.fixture
def make_receiver():
    made = []

    def make(behaviour, **kwargs):
        kwargs.setdefault("host", WORKER_RECEIVER_HOST)
        made.append(Receiver(behaviour, **kwargs))
        return made[-1]

    yield make
    for r in made:
        r.close()
