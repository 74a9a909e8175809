"""The article admin as the claims layer extends it: the article's claims highlighted in its text
and ranked by check-worthiness, "Re-run extraction" (a button and a bulk action), and full-text
search. It replaces articles.admin.ArticleAdmin on the site; URLs and names stay the same.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from articles import admin as articles_admin
from articles.models import Article
from claims.admin.actions import queue_extraction
from claims.admin.display import article_with_claims
from claims.admin.search import FullTextSearchAdminMixin
from claims.models import ClaimStatus


class ArticleAdmin(articles_admin.ArticleAdmin, FullTextSearchAdminMixin):
    # Bases in this order: articles' own lookup (a pasted URL) runs first and hands any other
    # term to super(), which is then the full-text search instead of Django's icontains.
    actions = ["rerun_extraction"]
    change_form_template = "admin/claims/article/change_form.html"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/extract/",
                self.admin_site.admin_view(self.extract_view),
                name="{}_{}_extract".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_extract_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def extract_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined,no-any-return]
                request, self.opts, object_id
            )
        if not self.has_extract_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            queue_extraction(request, self, [article.pk])
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    @admin.action(description="Re-run extraction", permissions=["extract"])
    def rerun_extraction(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        queue_extraction(request, self, list(queryset.values_list("pk", flat=True)))

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Article | None = None,
    ) -> HttpResponse:
        if obj is not None:
            claims = list(
                obj.claims.select_related("assignee")
                .only(
                    "id",
                    "start",
                    "end",
                    "text",
                    "status",
                    "checkworthiness",
                    "consistency_flag",
                    "assignee__username",
                )
                .order_by("-checkworthiness", "id")
            )
            context.update(
                fc_body_html=article_with_claims(obj.body, claims),
                fc_claims=claims,
                fc_statuses=ClaimStatus.choices,
                fc_can_extract=self.has_extract_permission(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


if admin.site.is_registered(Article):
    admin.site.unregister(Article)
admin.site.register(Article, ArticleAdmin)
