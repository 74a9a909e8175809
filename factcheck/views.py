import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from factcheck.health import pipeline_health


def healthz(request: HttpRequest) -> JsonResponse:
    """The state of the database, the broker and the workers, each check bounded (the whole answer
    comes within about 1.5 s whatever the broker does): 200 when all are up, else 503."""
    started = time.monotonic()
    components = pipeline_health()
    ok = all(c.ok for c in components.values())
    body = {
        "status": "ok" if ok else "down",
        "components": {name: c.as_dict() for name, c in components.items()},
        "took_ms": round(1000 * (time.monotonic() - started)),
    }
    return JsonResponse(body, status=200 if ok else 503)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """API clients get JSON for a path no route matches (e.g. /api/claims/-1/); people get HTML."""
    if _is_api(request):
        return JsonResponse({"detail": f"No API route for {request.path}."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The last resort: no traceback, and JSON on the API. The error is logged by Django."""
    if _is_api(request):
        return JsonResponse(
            {"detail": "The server failed to handle this request; it has been logged."},
            status=500,
        )
    return defaults.server_error(request)
