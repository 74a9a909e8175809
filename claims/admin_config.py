"""The admin app, configured to serve the desk's site (claims/admin_site.py).

Named in INSTALLED_APPS in place of "django.contrib.admin" (Django's documented way to replace
the default site). A module of its own: INSTALLED_APPS loads it before any model exists, so it
names the site by string and imports nothing of the claims layer.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    default_site = "claims.admin_site.DeskAdminSite"
