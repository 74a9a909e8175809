"""The pipeline page of the admin (/admin/pipeline/): what waits for extraction, for matching and
for webhook delivery, the oldest of each, the queues' lengths and the workers' heartbeats, so an
editor can tell "no claims yet" (wait) from "broken".

Each backlog is one aggregate query. Apps above claims add theirs with `backlog_register` in
their AppConfig.ready() (cms: webhook deliveries due), so claims never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.models import Article, ArticleExtraction
from claims.models import Claim
from factcheck import health


@dataclass(frozen=True)
class Backlog:
    name: str  # what waits, as an editor says it
    queue: str  # the kind of work (a key of settings.PIPELINE_QUEUES)
    count: int
    oldest: dt.datetime | None  # since when the oldest item waits

    @property
    def oldest_age(self) -> dt.timedelta | None:
        return None if self.oldest is None else timezone.now() - self.oldest


BacklogSource = Callable[[], Backlog]
_sources: dict[str, BacklogSource] = {}


def backlog_register(key: str, source: BacklogSource) -> None:
    """Add a backlog to the page (idempotent per key)."""
    _sources[key] = source


def articles_waiting() -> Backlog:
    waiting = [Article.ExtractionStatus.PENDING, Article.ExtractionStatus.RUNNING]
    row = ArticleExtraction.objects.filter(status__in=waiting).aggregate(
        count=Count("pk"), oldest=Min("queued_at")
    )
    return Backlog("Articles waiting for extraction", "extraction", row["count"], row["oldest"])


def claims_waiting() -> Backlog:
    row = Claim.objects.filter(matching_queued_at__isnull=False).aggregate(
        count=Count("pk"), oldest=Min("matching_queued_at")
    )
    return Backlog("Claims waiting for matching", "matching", row["count"], row["oldest"])


backlog_register("articles", articles_waiting)
backlog_register("claims", claims_waiting)


def pipeline_state() -> dict[str, Any]:
    """The page's context: one query per backlog; the queues and heartbeats come from the broker
    (bounded: a broker that does not answer is reported, not waited for)."""
    backlogs = [source() for source in _sources.values()]
    broker = health.check_broker()
    lengths: dict[str, int | None] = {}
    workers: list[dict[str, Any]] = []
    if broker.ok:
        try:
            client = health.broker_client()
            for kind, queue in settings.PIPELINE_QUEUES.items():
                lengths[kind] = int(client.llen(queue))
            alive_within = health.heartbeat_alive_within()
            workers = [
                {"name": name, "seconds_ago": round(age), "alive": age <= alive_within}
                for name, age in sorted(health.worker_heartbeats().items())
            ]
        except Exception as exc:  # went away meanwhile
            broker = health.Component(False, f"{type(exc).__name__}: {exc}")
    rows = [
        {"backlog": b, "queued": lengths.get(b.queue), "queue": settings.PIPELINE_QUEUES[b.queue]}
        for b in backlogs
    ]
    return {
        "rows": rows,
        "broker": broker,
        "workers": workers,
        "workers_alive": sum(1 for w in workers if w["alive"]),
        "queues": lengths,
    }


def pipeline_view(request: HttpRequest, site: Any) -> TemplateResponse:
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": "Pipeline",
        "fc_pipeline": pipeline_state(),
    }
    return TemplateResponse(request, "admin/claims/pipeline/index.html", context)
