from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self) -> None:
        # The seam below: articles asks for extraction, claims queues it. (And the API's session
        # scheme for the docs, registered with drf-spectacular by importing it.)
        from articles.signals import extraction_requested
        from claims.accounts import schema  # noqa: F401
        from claims.services.extraction import extraction_requested_receiver

        extraction_requested.connect(
            extraction_requested_receiver, dispatch_uid="claims.extraction_requested"
        )
