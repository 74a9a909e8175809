"""The article admin as the claims layer extends it: the article's claims highlighted in its text
and ranked by check-worthiness, "Re-run extraction" (a button and a bulk action), and full-text
search. It replaces articles.admin.ArticleAdmin on the site; URLs and names stay the same.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from articles import admin as articles_admin
from articles.models import Article
from claims.admin.actions import queue_extraction
from claims.admin.base import pk_or_none
from claims.admin.display import article_with_claims
from claims.admin.search import FullTextSearchAdminMixin
from claims.models import ClaimStatus
from claims.roles import is_editor, is_reviewer
from claims.services.editing import claim_add
from claims.services.workflow import WorkflowError


class ArticleAdmin(articles_admin.ArticleAdmin, FullTextSearchAdminMixin):
    # Bases in this order: articles' own lookup (a pasted URL) runs first and hands any other
    # term to super(), which is then the full-text search instead of Django's icontains.
    actions = ["rerun_extraction"]
    change_form_template = "admin/claims/article/change_form.html"

    class Media:
        css = {"all": ["claims/admin.css"]}
        js = ["claims/add_claim.js"]

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/extract/",
                self.admin_site.admin_view(self.extract_view),
                name="{}_{}_extract".format(*info),
            ),
            path(
                "<path:object_id>/add-claim/",
                self.admin_site.admin_view(self.add_claim_view),
                name="{}_{}_add_claim".format(*info),
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

    def has_add_claim_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return is_editor(request.user) or is_reviewer(request.user)

    def add_claim_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Text selected in the article becomes a claim (claims by hand): its offsets in the
        body, sent by claims/add_claim.js. Then the new claim's page, or back with the reason."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined,no-any-return]
                request, self.opts, object_id
            )
        back = HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        if request.method != "POST":
            return back
        if not self.has_add_claim_permission(request, article):
            raise PermissionDenied
        start, end = (pk_or_none(request.POST.get(k, "")) for k in ("start", "end"))
        if start is None or end is None:
            self.message_user(
                request,
                "Select the claim's words in the article first, then press “Add claim”.",
                messages.ERROR,
            )
            return back
        try:
            claim = claim_add(article=article.pk, actor=request.user, start=start, end=end)
        except WorkflowError as exc:
            self.message_user(request, f"No claim added: {exc.message}", messages.ERROR)
            return back
        self.message_user(request, f"Claim #{claim.pk} added.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

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
                fc_can_add_claim=self.has_add_claim_permission(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


if admin.site.is_registered(Article):
    admin.site.unregister(Article)
admin.site.register(Article, ArticleAdmin)
