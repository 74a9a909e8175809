"""Tags and desks: a desk (a tag of kind "desk") carries its checklist and its chat webhook.

`TagAdmin` configures them (Admin role); `ClaimTagsMixin` puts the tags and the checklist on the
claim page, with the two-person rule explained when it blocks publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse

from claims import workflow
from claims.admin.base import ModelAdminMixin, pk_or_none
from claims.models import Claim
from claims.roles import ADMIN, is_editor, is_reviewer, user_has_role
from claims.tagging import services
from claims.tagging.models import ChecklistItem, Tag, TagKind
from factcheck.api.errors import ServiceError


def _configures(request: HttpRequest) -> bool:
    """The Admin role (and superusers) configure tags, desks and checklists."""
    return user_has_role(request.user, ADMIN)


def _sees(request: HttpRequest) -> bool:
    user = request.user
    return _configures(request) or is_editor(user) or is_reviewer(user)


class _RolePermissions:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _sees(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _sees(request)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _configures(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _configures(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _configures(request)


class ChecklistItemInline(_RolePermissions, admin.TabularInline):
    model = ChecklistItem
    fields = ["order", "text", "is_active"]
    extra = 1
    verbose_name = "checklist item"
    verbose_name_plural = (
        "checklist (desks only): what a claim of this desk must have done before it is "
        "submitted for review"
    )


@admin.register(Tag)
class TagAdmin(_RolePermissions, admin.ModelAdmin):
    list_display = ["name", "kind", "claim_count", "has_webhook"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["kind", "name", "chat_webhook_url"]
    inlines = [ChecklistItemInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tag]:
        return super().get_queryset(request).annotate(n_claims=Count("claims"))

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "chat_webhook_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Tag) -> int:
        return getattr(obj, "n_claims", 0)

    @admin.display(description="chat webhook", boolean=True)
    def has_webhook(self, obj: Tag) -> bool:
        return bool(obj.chat_webhook_url)


class ClaimTagsMixin(ModelAdminMixin):
    """The claim page's tags and checklist panel, and the two-person rule explained when it
    keeps the viewer from publishing; its POST endpoints call claims.tagging.services."""

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/tags/",
                self.admin_site.admin_view(self.tags_view),
                name="{}_{}_tags".format(*info),
            ),
            path(
                "<path:object_id>/checklist/",
                self.admin_site.admin_view(self.checklist_view),
                name="{}_{}_checklist".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Claim | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(_tags_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _claim_back(self, request: HttpRequest, object_id: str) -> Claim | HttpResponseRedirect:
        claim = self.get_object(request, unquote(object_id))
        if claim is None or not self.has_view_or_change_permission(request, claim):
            self.message_user(request, "No such claim.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_claim_changelist"))
        return claim

    def tags_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        claim = self._claim_back(request, object_id)
        if isinstance(claim, HttpResponseRedirect):
            return claim
        back = HttpResponseRedirect(
            reverse("admin:claims_claim_change", args=[claim.pk]) + "#fc-tags"
        )
        if request.method != "POST":
            return back
        try:
            wanted = [
                services.tag_get_or_create(kind=kind, name=name)
                for kind, name in parse_tags(request.POST.get("tags", ""))
            ]
            services.claim_tags_set(claim=claim, actor=request.user, tags=wanted)
        except ServiceError as exc:
            self.message_user(request, f"Tags not saved: {exc.message}", messages.ERROR)
        else:
            self.message_user(request, "Tags saved.", messages.SUCCESS)
        return back

    def checklist_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        claim = self._claim_back(request, object_id)
        if isinstance(claim, HttpResponseRedirect):
            return claim
        back = HttpResponseRedirect(
            reverse("admin:claims_claim_change", args=[claim.pk]) + "#fc-checklist"
        )
        if request.method != "POST":
            return back
        item = pk_or_none(request.POST.get("item", ""))
        if item is None:
            self.message_user(request, "Choose a checklist item to tick.", messages.ERROR)
            return back
        try:
            services.checklist_tick(
                claim=claim, actor=request.user, item=item, ticked=request.POST.get("ticked") == "1"
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        return back


def parse_tags(text: str) -> list[tuple[str, str]]:
    """ "topic:Ports, desk:Economy, Budget" -> [(kind, name)]; no kind means a topic. An unknown
    kind is refused by the service (TagError names it)."""
    tags = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        kind, sep, name = part.partition(":")
        if sep and kind.strip().lower() in TagKind.values:
            tags.append((kind.strip().lower(), name.strip()))
        elif sep and " " not in kind.strip():
            tags.append((kind.strip().lower(), name.strip()))  # refused with its name
        else:
            tags.append((TagKind.TOPIC, part))
    return tags


def _tags_context(request: HttpRequest, claim: Claim) -> dict[str, Any]:
    user = request.user
    publish = workflow.TRANSITIONS["publish"]
    two_person = (
        claim.status in publish.sources
        and is_reviewer(user)
        and workflow.submitted_by_actor(user, claim)
    )
    tags = list(claim.tags.order_by("kind", "name"))
    return {
        "fc_tags": tags,
        "fc_tags_text": ", ".join(f"{t.kind}:{t.name}" for t in tags),
        "fc_tags_url": reverse("admin:claims_claim_tags", args=[claim.pk]),
        "fc_checklist": services.checklist_state(claim),
        "fc_checklist_url": reverse("admin:claims_claim_checklist", args=[claim.pk]),
        "fc_may_tick": workflow.edit_refusal(user, claim) is None,
        "fc_two_person_block": workflow.refusal(publish, user, claim) if two_person else None,
    }
