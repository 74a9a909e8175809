"""`manage.py api_token_create USER [--name NAME]`: a new API token for USER, printed once.

Only its hash is stored: the printed key cannot be shown again (make another and revoke the old one
in the admin, Claims → User tokens)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.accounts.services import user_token_create
from factcheck.api.errors import ServiceError


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, shown in lists.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        try:
            token, raw = user_token_create(user=user, actor=None, name=options["name"])
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
        self.stderr.write(
            f"Token {token.prefix}… for {user.get_username()}: shown only now; "
            "send it as `Authorization: Token <key>`."
        )
