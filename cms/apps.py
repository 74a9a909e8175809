from django.apps import AppConfig


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "CMS export"

    def ready(self) -> None:
        from claims.admin.pipeline import backlog_register
        from claims.signals import publication_event_created
        from cms import schema  # noqa: F401  (registers the API-key scheme with drf-spectacular)
        from cms.queueing import webhook_backlog
        from cms.services import publication_event_created_receiver

        backlog_register("webhooks", webhook_backlog)

        # The seam below: claims writes a publication event, cms writes its webhook deliveries
        # in the same transaction.
        publication_event_created.connect(
            publication_event_created_receiver, dispatch_uid="cms.publication_event_created"
        )
