"""The three roles, as Django groups (created by migration claims.0002). A user may hold several."""

from __future__ import annotations

from typing import Any

from factcheck.groups import user_group_names

REVIEWER = "Reviewer"
EDITOR = "Editor"
ADMIN = "Admin"

# Model permissions each role's group holds, as (app_label, codename).
GROUP_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    REVIEWER: [
        ("articles", "view_article"),
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_importbatch"),
        ("articles", "add_importbatch"),
        ("claims", "view_claim"),
        ("claims", "change_claim"),
        ("claims", "view_evidence"),
        ("claims", "add_evidence"),
        ("claims", "change_evidence"),
        ("claims", "delete_evidence"),
        ("claims", "view_annotation"),
        ("claims", "add_annotation"),
        ("claims", "view_rating"),
        ("claims", "view_claimgroup"),
        ("claims", "view_claimmatch"),
        ("claims", "change_claimmatch"),
        ("auth", "view_user"),
    ],
    EDITOR: [
        ("articles", "view_article"),
        ("claims", "view_claim"),
        ("claims", "change_claim"),
        ("claims", "view_evidence"),
        ("claims", "add_evidence"),
        ("claims", "change_evidence"),
        ("claims", "delete_evidence"),
        ("claims", "view_annotation"),
        ("claims", "add_annotation"),
        ("claims", "view_rating"),
        ("claims", "view_claimgroup"),
        ("claims", "view_claimmatch"),
        ("auth", "view_user"),
    ],
    ADMIN: [
        ("auth", "view_user"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_group"),
        ("claims", "view_rating"),
        ("claims", "add_rating"),
        ("claims", "change_rating"),
        ("claims", "delete_rating"),
        ("articles", "view_article"),
        ("articles", "view_importbatch"),
        ("claims", "view_claim"),
    ],
}

# The default verdict scale: (label, ClaimReview ratingValue, order, description).
DEFAULT_RATINGS: list[tuple[str, int | None, int, str]] = [
    ("True", 5, 1, "Accurate, with nothing significant missing."),
    ("Mostly true", 4, 2, "Accurate but needs clarification or additional information."),
    ("Misleading", 3, 3, "Contains an element of truth but gives a wrong impression."),
    ("Mostly false", 2, 4, "Contains an element of truth but ignores critical facts."),
    ("False", 1, 5, "Not accurate."),
    ("Unverifiable", None, 6, "Cannot be confirmed or refuted with the evidence available."),
]


def user_has_role(user: Any, role: str) -> bool:
    """Superusers hold every role. Group names are cached on the user object per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role in user_group_names(user)


def is_reviewer(user: Any) -> bool:
    return user_has_role(user, REVIEWER)


def is_editor(user: Any) -> bool:
    return user_has_role(user, EDITOR)


def roles_and_ratings_ensure(group_model: Any, permission_model: Any, rating_model: Any) -> None:
    """Create the role groups with their permissions and the default rating scale, if missing.

    Takes the model classes so the data migration (historical models) and the tests share it.
    Permissions must exist already.
    """
    for name, perms in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
    for label, value, order, description in DEFAULT_RATINGS:
        rating_model.objects.get_or_create(
            label=label,
            defaults={"claimreview_value": value, "order": order, "description": description},
        )
