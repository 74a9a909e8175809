"""Two-factor set-up and verification, the page a locked-out login gets, and the rate-limited
"Forgotten your password?" form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from claims.accounts.throttles import PasswordResetAddressThrottle, PasswordResetEmailThrottle
from claims.accounts.two_factor import base32_secret, two_factor_required

DEVICE_NAME = "authenticator"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@login_required(login_url="admin:login")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator (the first time) or give its code (each new session)."""
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()  # django-otp slows down repeated wrong codes
        if not allowed:
            form.add_error("code", "Too many wrong codes: wait a few seconds, then try again.")
        elif device.verify_token(form.cleaned_data["code"].strip().replace(" ", "")):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error("code", "That code is not right (or has expired): try the current one.")
    context = {
        "title": "Set up two-factor sign-in" if enrolling else "Two-factor sign-in",
        "enrolling": enrolling,
        "required": two_factor_required(user),
        "secret": base32_secret(device) if enrolling else "",
        "config_url": device.config_url if enrolling else "",
        "form": form,
        "next": _next_url(request),
        "site_header": "Factcheck workbench",
        "site_title": "Factcheck",
        "has_permission": False,  # no admin navigation before the code is given
    }
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(request, "registration/two_factor.html", context, status=status)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page's answer while an account or address is locked."""
    from axes.helpers import get_client_username, get_failure_limit

    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": settings.FACTCHECK_LOGIN_COOLOFF_MINUTES,
        "site_header": "Factcheck workbench",
        "site_title": "Factcheck",
        "title": "Sign-in locked",
    }
    return render(request, "registration/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's form, counted: past the per-address rate the form answers 429 and says so; past
    the per-email rate it answers as usual (whether the address exists stays unsaid) but sends
    nothing more. Both rates: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = PasswordResetAddressThrottle()
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
            form = self.get_form()
            form.is_valid()
            minutes = max(1, round((throttle.wait() or 60) / 60))
            form.add_error(
                None if "email" not in form.fields else "email",
                f"Too many set-password requests from your address. Try again in about "
                f"{minutes} minute{'s' if minutes != 1 else ''}.",
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(minutes * 60)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        if not PasswordResetEmailThrottle(form.cleaned_data["email"]).allow_request(
            self.request,  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
