"""The editorial workbench in the Django admin, one module per concern.

Importing the package registers every model admin of the claims layer (Django's autodiscover
imports it); the names below are the ones other modules use.
"""

from claims.admin.claim import ClaimAdmin, article_with_claims, queue_extraction

__all__ = ["ClaimAdmin", "article_with_claims", "queue_extraction"]
