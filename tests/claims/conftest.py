"""Fixtures shared by the claims tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def people():
    """One user per role the workflow tells apart: a reviewer, the editor assigned to the claim,
    another editor, and an admin (who is neither editor nor reviewer)."""
    # Imported here: pytest may load this conftest before Django is set up.
    from django.contrib.auth.models import Group

    from claims.roles import ADMIN
    from tests.factories import EditorFactory, ReviewerFactory, UserFactory

    admin_user = UserFactory(username="admin-role")
    admin_user.groups.add(Group.objects.get(name=ADMIN))
    return {
        "reviewer": ReviewerFactory(username="desk-lead"),
        "assignee": EditorFactory(username="assigned-editor"),
        "other_editor": EditorFactory(username="other-editor"),
        "admin": admin_user,
    }
