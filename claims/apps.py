from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self) -> None:
        # The seam below: articles asks for extraction, claims queues it.
        from articles.signals import extraction_requested
        from claims.services.extraction import extraction_requested_receiver

        extraction_requested.connect(
            extraction_requested_receiver, dispatch_uid="claims.extraction_requested"
        )
