"""Set-password links (Django's password reset views with the admin's templates; the request form
is rate-limited) and two-factor enrolment; included at /accounts/ by factcheck.urls."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from claims.accounts import views

urlpatterns = [
    path(
        "password/reset/",
        views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done")),
        name="admin_password_reset",  # the admin login page's "Forgotten your password?"
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("two-factor/", views.two_factor, name="two_factor"),
]
