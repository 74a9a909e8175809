from django.apps import AppConfig


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "CMS export"

    def ready(self) -> None:
        # Registers the API-key scheme with drf-spectacular.
        from cms import schema  # noqa: F401
