"""Fixtures of the admin tests: the desk's users, and static files without a manifest.

Models and factories are imported inside the fixtures: when pytest is pointed at this folder, this
conftest loads before Django is set up."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests run with DEBUG off and without collectstatic: no manifest to look hashed names up in.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reviewer():
    from tests.factories import ReviewerFactory

    return ReviewerFactory(username="desk-lead")


@pytest.fixture
def editor():
    from tests.factories import EditorFactory

    return EditorFactory(username="editor1")


@pytest.fixture
def admin_role_user():
    from django.contrib.auth.models import Group

    from claims.roles import ADMIN
    from tests.factories import UserFactory

    user = UserFactory(username="site-admin")
    user.groups.add(Group.objects.get(name=ADMIN))
    return user
