"""Demo data for `make run`: the three role users and a few articles written for this project."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.roles import ADMIN, EDITOR, REVIEWER

DEMO_ARTICLES = Path(__file__).resolve().parent / "demo_articles.jsonl"

DEMO_USERS: list[tuple[str, list[str], bool]] = [
    ("admin", [ADMIN, REVIEWER], True),
    ("reviewer", [REVIEWER], False),
    ("editor", [EDITOR], False),
]


@dataclass(frozen=True)
class DemoUsers:
    created: list[str]
    existing: list[str]
    password: str | None  # set when a password was applied (new users, or DEMO_PASSWORD given)


@transaction.atomic
def demo_users_ensure(*, password: str | None) -> DemoUsers:
    """Create admin, reviewer and editor if missing. An explicit password is (re)applied to all
    three; otherwise new users get one generated password and existing ones keep theirs."""
    User = get_user_model()
    generated = password or secrets.token_urlsafe(12)
    created: list[str] = []
    existing: list[str] = []
    for username, roles, superuser in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                email=f"{username}@demo.factcheck.example",
                is_staff=True,
                is_superuser=superuser,
            )
            user.set_password(generated)
            user.save()
            created.append(username)
        else:
            existing.append(username)
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=roles))
    applied = password if password else (generated if created else None)
    return DemoUsers(created=created, existing=existing, password=applied)
