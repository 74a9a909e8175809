"""Django's error views (handler400/403/404/500 in factcheck/urls.py): problem details under
/api/, Django's own pages elsewhere. With DEBUG on Django does not call them for 404 and 500;
`factcheck.api.middleware` answers those under /api/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from factcheck.api.errors import problem_response
from factcheck.api.middleware import exception_problem, is_api


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return exception_problem(request, exception)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return problem_response(403)
    return defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """API clients get a problem for a path no route matches (e.g. /api/claims/-1/)."""
    if is_api(request):
        return problem_response(404, f"No API route for {request.path}.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The last resort: no traceback, and a problem on the API. Django has logged the error."""
    if is_api(request):
        return problem_response(500)
    return defaults.server_error(request)
