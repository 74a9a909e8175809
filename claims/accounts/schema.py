"""drf-spectacular: the session scheme, for the session class that also counts anonymous requests
(the token class is a TokenAuthentication, which drf-spectacular already describes)."""

from typing import Any

from drf_spectacular.authentication import SessionScheme


class SessionOrAnonymousScheme(SessionScheme):
    target_class = "claims.accounts.throttles.SessionOrAnonymous"

    def get_security_definition(self, auto_schema: Any) -> Any:
        return super().get_security_definition(auto_schema)
