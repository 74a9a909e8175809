"""User accounts in the admin, as the Admin role may manage them without taking power it lacks.

The Admin role holds auth.change_user so it can create accounts and hand out desk roles. Django's
stock UserAdmin lets anyone with change_user tick "superuser status", pick raw permissions and
type another user's password, and a superuser holds every role (claims.roles.user_has_role): an
Admin could make itself, or a friend, a reviewer who publishes, or sign in as one. Here:

- a new account is made without a password; its owner gets a set-password link by email
  (claims.accounts.services.account_invite), so nobody else ever knows it;
- only a superuser sets another user's password; everyone changes their own (the admin's
  "Change password" page, which asks for the current one);
- unless the signed-in user is a superuser: "superuser status" and "user permissions" are
  read-only; another account's email (where its set-password links go) is read-only; groups (the
  roles) may be given and taken, but only the desk roles, and not on one's own account (no
  self-promotion to Reviewer); superuser accounts are read-only.

Every change here is in the security log (claims/admin/security.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from claims.accounts.services import account_invite, password_link_send
from claims.roles import GROUP_PERMISSIONS
from factcheck.api.errors import ServiceError

User = get_user_model()

ROLE_NAMES = list(GROUP_PERMISSIONS)


class AccountInviteForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new account: who it is and where its set-password link goes. No password field."""

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields[
            "email"
        ].help_text = "The new user gets a link to set their own password at this address."

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another account already uses this address.")
        return email


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class DeskUserAdmin(UserAdmin):
    add_form = AccountInviteForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email")}),
        ("Name", {"fields": ("first_name", "last_name")}),
    )
    actions = ["send_set_password_link"]

    def _is_other(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and obj.pk != request.user.pk

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser or not self._is_other(request, obj):
            return fieldsets
        # No "Reset password" button for another user's password: see send_set_password_link.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "password"]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None:
            fields += ["is_superuser", "user_permissions"]
            if self._is_other(request, obj):
                fields.append("email")  # else: change it, then send the link to oneself
            else:
                fields.append("groups")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_NAMES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        if str(request.user.pk) == str(id):
            # One's own password: the page that asks for the current one first.
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:password_change"))
        if not request.user.is_superuser:
            raise PermissionDenied(
                "Only a superuser sets another user's password; send them a set-password link."
            )
        return super().user_change_password(request, id, form_url)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        account_invite(actor=request.user, user=obj, base_url=_base_url(request))
        self.message_user(
            request,
            f"{obj.get_username()} will get a link to set their password at {obj.email}.",
            messages.SUCCESS,
        )

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # The form offered only the roles; saving it would drop any other group a superuser
        # gave this account. Read them before the form's m2m save replaces the set.
        kept: list[Group] = []
        if change and "groups" in form.fields and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=ROLE_NAMES))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    @admin.action(description="Email a set-password link", permissions=["change"])
    def send_set_password_link(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        sent, skipped = [], []
        for user in queryset.order_by("username"):
            if user.is_superuser and not request.user.is_superuser:
                skipped.append(f"{user.get_username()} (superuser)")
                continue
            try:
                password_link_send(user=user, actor=request.user, base_url=_base_url(request))
            except ServiceError as exc:
                skipped.append(f"{user.get_username()} ({exc.message})")
                continue
            sent.append(user.get_username())
        if sent:
            self.message_user(
                request,
                "Set-password link emailed to the account's own address: " + ", ".join(sent),
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(request, "Not sent: " + "; ".join(skipped), messages.WARNING)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, DeskUserAdmin)
