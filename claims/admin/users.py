"""User accounts in the admin, as the Admin role may manage them without taking power it lacks.

The Admin role holds auth.change_user so it can create accounts and hand out desk roles. Django's
stock UserAdmin lets anyone with change_user tick "superuser status" and pick raw permissions,
and a superuser holds every role (claims.roles.user_has_role): an Admin could make itself, or a
friend, a reviewer who publishes. Here, unless the signed-in user is a superuser:

- "superuser status" and "user permissions" are read-only, everywhere;
- groups (the roles) may be given and taken, but only the desk roles, and not on one's own
  account (no self-promotion to Reviewer);
- superuser accounts are read-only, password included (a password reset would be a takeover).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from claims.roles import GROUP_PERMISSIONS

User = get_user_model()

ROLE_NAMES = list(GROUP_PERMISSIONS)


class DeskUserAdmin(UserAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
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

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        # The form offered only the roles; saving it would drop any other group a superuser
        # gave this account. Read them before the form's m2m save replaces the set.
        kept: list[Group] = []
        if change and "groups" in form.fields and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=ROLE_NAMES))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, DeskUserAdmin)
