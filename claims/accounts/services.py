"""Writes on accounts. Each runs under a pghistory context naming the actor and the action, so the
security log says who did it even outside a request (the shell, a command, a test)."""

from __future__ import annotations

from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from claims.accounts.models import UserToken
from claims.accounts.tokens import token_generate, token_hash
from factcheck.api.errors import PermissionRefused, ServiceError

User = get_user_model()


def _actor_id(actor: Any) -> int | None:
    return getattr(actor, "pk", None)


def set_password_link(*, user: Any, base_url: str) -> str:
    """The one-use link to Django's set-password page for `user` (PASSWORD_RESET_TIMEOUT applies;
    setting a password or signing in makes it stale)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path


def password_link_send(*, user: Any, actor: Any, base_url: str, new_account: bool = False) -> None:
    """Email `user` a set-password link, once the transaction commits. It goes to the account's
    own address only: whoever asks for it never sees it."""
    if not user.email:
        raise ServiceError(
            f"{user.get_username()} has no email address, so no set-password link can be sent.",
            field="email",
        )
    context = {
        "user": user,
        "link": set_password_link(user=user, base_url=base_url),
        "new_account": new_account,
        "actor": actor,
    }
    subject = "Your factcheck account" if new_account else "Set your factcheck password"
    body = render_to_string("registration/set_password_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def account_invite(*, actor: Any, user: Any, base_url: str) -> Any:
    """Save the new account `user` (unsaved, username and email set) with no usable password:
    nobody but its owner ever knows it. Its owner gets a set-password link by email."""
    if not user.email:
        raise ServiceError("A new account needs an email address for its set-password link.")
    if User.objects.filter(email__iexact=user.email).exists():
        raise ServiceError(f"Another account already uses {user.email}.", field="email")
    with pghistory.context(user=_actor_id(actor), action="create account"):
        user.set_unusable_password()
        user.is_staff = True  # the workbench is the admin
        user.save()
    password_link_send(user=user, actor=actor, base_url=base_url, new_account=True)
    return user


@transaction.atomic
def user_token_create(*, user: Any, actor: Any, name: str = "") -> tuple[UserToken, str]:
    """A new API token for `user`. Returns the row and the raw key, which is shown only now."""
    if not user.is_active:
        raise ServiceError(f"{user.get_username()} is deactivated; it can have no token.")
    if _actor_id(actor) is not None and actor.pk != user.pk and not actor.is_superuser:
        raise PermissionRefused("Only a superuser makes API tokens for someone else.")
    raw, prefix = token_generate()
    with pghistory.context(user=_actor_id(actor), action="create token"):
        token = UserToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            key_hash=token_hash(raw),
            created_at=timezone.now(),
        )
    return token, raw


def user_token_revoke(*, token: UserToken, actor: Any) -> bool:
    """Revoke the token (at once, for every process). False if it was revoked already."""
    with pghistory.context(user=_actor_id(actor), action="revoke token"):
        changed = UserToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return bool(changed)


def login_lock_lift(*, actor: Any, username: str, address: str | None) -> int:
    """Forget the failed logins (django-axes) of this account and of this address, lifting both
    locks. Returns how many attempt records were removed."""
    from axes.utils import reset

    with pghistory.context(user=_actor_id(actor), action="lift login lock"):
        return int(reset(ip=address, username=username, ip_or_username=True))
