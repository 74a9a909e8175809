"""pghistory's request context, plus the client's address: the security log's "from where"."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from pghistory.middleware import HistoryMiddleware


class SecurityHistoryMiddleware(HistoryMiddleware):
    def get_context(self, request: Any) -> dict[str, Any]:
        # The same address django-axes counts failed logins by.
        return {**super().get_context(request), "address": get_client_ip_address(request)}
