"""The editorial workbench in the Django admin, one module per concern.

Importing the package registers every model admin of the claims layer (Django's autodiscover
imports it):

- claim.py: ClaimAdmin, composed of queues.py (views and filters), changelist.py (columns),
  actions.py (bulk actions), page.py (the claim page; forms.py, evidence.py, display.py),
  transitions.py (its workflow endpoints) and matching.py (the "Same fact elsewhere" panel);
- matching.py: the match list; records.py: ratings, evidence, annotations, groups;
  sources.py: evidence source checks, snapshots and "sources to look at" (link rot);
- article.py: the article admin with its claims (replaces articles' own on the site), where
  selected text becomes a claim; claimants.py: the claimant list, and the claim page's wording,
  claimant, split and merge;
- search.py: full-text search in the search box; users.py: accounts and desk roles;
  security.py: the security log, API tokens and login locks;
- notifications.py: your notifications and preferences; tags.py: tags, desks and checklists.
"""

from claims.admin import (
    article,
    claimants,
    matching,
    notifications,
    records,
    security,
    sources,
    tags,
    users,
)
from claims.admin.claim import ClaimAdmin

__all__ = [
    "ClaimAdmin",
    "article",
    "claimants",
    "matching",
    "notifications",
    "records",
    "security",
    "sources",
    "tags",
    "users",
]
