"""A chat webhook for the tests: a real HTTP server on 127.0.0.1 that keeps the JSON it is sent."""

from __future__ import annotations

import json
from typing import Any

from tests.factcheck.test_outbound import LocalServer


class ChatHook:
    def __init__(self, status: int = 200) -> None:
        self.messages: list[dict[str, Any]] = []
        self.status = status
        hook = self

        def handle(request: Any) -> None:
            length = int(request.headers.get("Content-Length") or 0)
            hook.messages.append(json.loads(request.rfile.read(length) or b"null"))
            request.send_response(hook.status)
            request.send_header("Content-Length", "2")
            request.end_headers()
            request.wfile.write(b"ok")

        self.server = LocalServer(handle)
        self.url = f"http://127.0.0.1:{self.server.port}/hooks/desk"

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages]

    def close(self) -> None:
        self.server.close()
