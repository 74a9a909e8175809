"""The security log (read-only), API tokens (revoke) and login locks (lift), in the admin.

Who sees them: superusers and the Admin role. The log reads the pghistory event tables of
claims.accounts.models (accounts, roles, tokens, cleared login failures) in one query per page,
plus one for the names it shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.accounts.models import SECURITY_EVENT_MODELS, LoginLock, SecurityEvent, UserToken
from claims.accounts.services import login_lock_lift, user_token_revoke
from claims.roles import ADMIN, user_has_role
from factcheck.admin_readonly import ReadOnlyAdminMixin

User = get_user_model()


def _account_manager(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or user_has_role(user, ADMIN)))


class SecurityLogChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        """Name the people and roles the page's events mention, in one query each."""
        super().get_results(request)
        rows = list(self.result_list)
        user_ids: set[int] = set()
        group_ids: set[int] = set()
        for row in rows:
            data = row.pgh_data or {}
            context = row.pgh_context or {}
            for value in (context.get("user"), data.get("user_id")):
                if isinstance(value, int):
                    user_ids.add(value)
            if isinstance(data.get("group_id"), int):
                group_ids.add(data["group_id"])
        users = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "username"))
        groups = dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name"))
        for row in rows:
            row.fc_users = users
            row.fc_groups = groups


@admin.register(SecurityEvent)
class SecurityLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["when", "what", "to_whom", "detail", "by_whom", "address"]
    list_display_links = None
    show_full_result_count = False
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return SecurityEvent.objects.across(*SECURITY_EVENT_MODELS).order_by("-pgh_created_at")

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return SecurityLogChangeList

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _account_manager(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _account_manager(request)

    @admin.display(description="when", ordering="pgh_created_at")
    def when(self, event: Any) -> Any:
        return event.pgh_created_at

    @admin.display(description="what")
    def what(self, event: Any) -> str:
        action = (event.pgh_context or {}).get("action")
        return f"{event.pgh_label} ({action})" if action else str(event.pgh_label)

    @admin.display(description="to whom")
    def to_whom(self, event: Any) -> str:
        data = event.pgh_data or {}
        if event.pgh_model == "claims.AccountEvent":
            return str(data.get("username", ""))
        if event.pgh_model == "claims.LoginLockEvent":
            return f"{data.get('username') or '—'} from {data.get('ip_address') or '—'}"
        return event.fc_users.get(data.get("user_id"), f"user #{data.get('user_id')}")

    @admin.display(description="detail")
    def detail(self, event: Any) -> str:
        data = event.pgh_data or {}
        if event.pgh_model == "claims.RoleEvent":
            return event.fc_groups.get(data.get("group_id"), f"group #{data.get('group_id')}")
        if event.pgh_model == "claims.UserTokenEvent":
            return f"{data.get('prefix')}… {data.get('name') or ''}".strip()
        if event.pgh_model == "claims.LoginLockEvent":
            return f"{data.get('failures_since_start')} failed logins"
        if event.pgh_label == "account changed" and event.pgh_diff:
            return "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in sorted(event.pgh_diff.items()))
        return ""

    @admin.display(description="by whom")
    def by_whom(self, event: Any) -> str:
        user_id = (event.pgh_context or {}).get("user")
        if user_id is None:
            return "system" if event.pgh_context else "—"
        return event.fc_users.get(user_id, f"user #{user_id}")

    @admin.display(description="from address")
    def address(self, event: Any) -> str:
        return str((event.pgh_context or {}).get("address") or "—")


@admin.register(UserToken)
class UserTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens: everyone sees and revokes their own; the Admin role everyone's but superusers'."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "prefix", "name"]
    fields = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        user: Any = request.user
        if user.is_superuser:
            return qs
        if _account_manager(request):
            return qs.filter(user__is_superuser=False) | qs.filter(user=user)
        return qs.filter(user=user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)  # only the revoke action changes a token

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # `manage.py api_token_create USER` shows the key once

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay listed, with when they were last used

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # get_queryset already limited the rows to those this user may revoke.
        done = [t.prefix for t in queryset if user_token_revoke(token=t, actor=request.user)]
        self.message_user(
            request,
            f"Revoked {len(done)} token(s): {', '.join(done)}." if done else "Nothing to revoke.",
            messages.SUCCESS if done else messages.INFO,
        )


@admin.register(LoginLock)
class LoginLockAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Failed logins per account and address (django-axes); "Lift" forgets them."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ("username", "ip_address", "failures_since_start", "attempt_time")
    readonly_fields = fields
    actions = ["lift"]
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _account_manager(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _account_manager(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _account_manager(request)  # for the action; every field is read-only

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the "lift" action, so the security log says who lifted it

    @admin.action(description="Lift the lock (forget these failed logins)")
    def lift(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        lifted = []
        for lock in queryset:
            login_lock_lift(actor=request.user, username=lock.username, address=lock.ip_address)
            lifted.append(f"{lock.username} (and {lock.ip_address})")
        self.message_user(
            request,
            f"Lock lifted for: {', '.join(lifted)}. They can sign in again.",
            messages.SUCCESS,
        )
