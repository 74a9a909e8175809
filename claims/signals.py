"""The seam between claims and the apps above it.

The claims app writes the publication log (`PublicationEvent`), not what is done with it: the cms
app connects to `publication_event_created` in `CmsConfig.ready()` and writes the webhook
deliveries for the event.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent synchronously, inside the transaction that writes the event, with
#   event: PublicationEvent  the event just created.
# A receiver's writes commit or roll back with the event (so a delivery is never lost nor sent
# for an event that was rolled back); work outside the database belongs in on_commit.
publication_event_created = Signal()
