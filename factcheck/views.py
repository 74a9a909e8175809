from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the process answers and reaches PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
