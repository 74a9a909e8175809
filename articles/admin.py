"""The article admin: import, read, and correct the metadata of articles.

This layer knows nothing of claims. The claims layer extends this admin (claims/admin/article.py:
claims highlighted in the text, re-running extraction, full-text search) and registers its
subclass in place of this one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Field, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from articles.admin_views import import_view, user_may_import
from articles.models import Article, ImportBatch

# The article form, in order; the text fields and the bookkeeping are read-only (see below).
_FIELDS = (
    "url",
    "title",
    "body",
    "outlet",
    "authors",
    "published_at",
    "language",
    "content_hash",
    "import_batch",
    "extraction_status",
    "extraction_error",
    "extraction_attempts",
    "extraction_queued_at",
    "extraction_started_at",
    "extraction_finished_at",
    "extractor_version",
    "created_at",
    "updated_at",
    "revision_history",
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "extraction_status", "created_at"]
    # The extraction state is its own row (ArticleExtraction), shown under the article's names.
    list_filter = [("extraction__status", admin.ChoicesFieldListFilter), "language", "outlet"]
    search_fields = ["title", "url"]
    list_select_related = ["import_batch", "extraction"]
    show_full_result_count = False
    date_hierarchy = "published_at"
    fields = _FIELDS
    # The text is what claim spans point into and, with the URL, what dedupe keys on: it changes
    # only through an import (or the API's update), which recompute the content hash and queue
    # extraction again. A plain form edit would do neither. Metadata stays editable here.
    readonly_fields = [
        f for f in fields if f not in ("outlet", "authors", "published_at", "language")
    ]

    class Media:
        css = {"all": ["articles/revisions.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The change form shows the extraction state (its own row) too: one query, not one a field.
        return super().get_queryset(request).select_related("extraction")

    @admin.display(description="Revisions")
    def revision_history(self, obj: Article) -> str:
        """Each body the article had, newest first, with its diff against the one before:
        escaped text in <pre>, lines classed by what they do (no script, no inline style)."""
        revisions = list(
            obj.revisions.select_related("created_by", "import_batch").order_by("-number")
        )
        if not revisions:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r.number,
                    f"{r.created_at:%Y-%m-%d %H:%M}",
                    r.get_origin_display(),
                    r.source or "—",
                    r.created_by or "—",
                    _diff_html(r.diff) if r.diff else "first version",
                )
                for r in revisions
            ),
        )
        return format_html(
            '<table class="fc-revisions"><thead><tr><th>#</th><th>When</th><th>From</th>'
            "<th>Source</th><th>By</th><th>Changes</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Article], search_term: str
    ) -> tuple[QuerySet[Article], bool]:
        """A pasted URL finds its article; any other term goes to the next search in line."""
        term = (search_term or "").strip()
        if term.startswith(("http://", "https://")):
            return queryset.filter(url__startswith=term.split("#")[0]), False
        return super().get_search_results(request, queryset, search_term)

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Articles are added by importing them: cleaned, deduped and queued for extraction."""
        if not user_may_import(request.user):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:articles_article_import"))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "may_import": user_may_import(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Paste, fetch a page, or upload files; who may is FACTCHECK_IMPORT_GROUPS."""
        if not user_may_import(request.user):
            raise PermissionDenied
        return import_view(request, self)


def _diff_html(diff: str) -> str:
    """A unified diff as <details>: removed lines, added lines and hunk headers classed."""
    kinds = {"-": "fc-diff-del", "+": "fc-diff-add", "@": "fc-diff-hunk"}
    lines = [line for line in diff.splitlines() if not line.startswith(("--- ", "+++ "))]
    added = sum(1 for line in lines if line.startswith("+"))
    removed = sum(1 for line in lines if line.startswith("-"))
    body = format_html_join(
        "",
        '<span class="{}">{}</span>',
        ((kinds.get(line[:1], "fc-diff-same"), line) for line in lines),
    )
    return format_html(
        '<details class="fc-diff"><summary>{} line{} added, {} removed</summary>'
        "<pre>{}</pre></details>",
        added,
        "" if added == 1 else "s",
        removed,
        body,
    )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: batches are written by the import service; their errors are listed in full."""

    list_display = [
        "id",
        "origin",
        "source",
        "created_by",
        "created_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "failed_count",
    ]
    list_filter = ["origin"]
    list_select_related = ["created_by"]
    search_fields = ["source"]
    fields = [
        "origin",
        "source",
        "created_by",
        "created_at",
        "finished_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "failed_count",
        "error_table",
    ]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all read-only

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # Whoever may import sees the import reports (the page an import ends on).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or user_may_import(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or user_may_import(request.user)

    @admin.display(description="Errors")
    def error_table(self, obj: ImportBatch) -> str:
        if not obj.errors:
            return "None"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    e.get("source", ""),
                    e.get("location", ""),
                    e.get("field", ""),
                    e.get("message", ""),
                )
                for e in obj.errors
            ),
        )
        return format_html(
            '<table class="fc-import-errors"><thead><tr><th>File</th><th>Where</th><th>Field</th>'
            "<th>Problem</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )
