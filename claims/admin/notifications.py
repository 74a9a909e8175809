"""Your notifications in the admin: the list behind the bell (opening it marks what it shows
read), "mark all read", and your own delivery preferences. Everyone sees only their own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.notifications import services
from claims.notifications.models import Mode, Notification, NotificationPreference
from factcheck.admin_readonly import ReadOnlyAdminMixin


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        choices=Mode.choices, help_text="Email to the address on your account."
    )
    chat = forms.ChoiceField(
        choices=Mode.choices,
        help_text="A message in your desk's chat channel, when the desk has a webhook.",
    )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["new", "kind", "notification", "created_at"]
    list_display_links = None
    list_filter = ["kind"]
    list_per_page = 50
    show_full_result_count = False
    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return services.inbox(request.user)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "read-all/",
                self.admin_site.admin_view(self.read_all_view),
                name="claims_notification_read_all",
            ),
            path(
                "preferences/",
                self.admin_site.admin_view(self.preferences_view),
                name="claims_notification_preferences",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="")
    def new(self, obj: Notification) -> SafeString | str:
        if obj.read_at is None:  # as loaded: unread until this page showed it
            return format_html('<strong class="fc-notification-new">{}</strong>', "new")
        return ""

    @admin.display(description="notification")
    def notification(self, obj: Notification) -> SafeString:
        if obj.claim_id is None:
            return format_html("{}", obj.text)
        url = reverse("admin:claims_claim_change", args=[obj.claim_id])
        return format_html('<a href="{}">{}</a>', url, obj.text)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The list marks the unread notifications of the page it shows read; they keep their
        "new" marker on this view, so the user still sees which ones arrived."""
        response = super().changelist_view(
            request,
            {
                "title": "Your notifications",
                "fc_read_all_url": reverse("admin:claims_notification_read_all"),
                "fc_preferences_url": reverse("admin:claims_notification_preferences"),
                **(extra_context or {}),
            },
        )
        context = getattr(response, "context_data", None) or {}
        cl = context.get("cl")
        if cl is not None:
            shown = [n.pk for n in cl.result_list if n.read_at is None]
            if shown:
                services.notifications_mark_read(user=request.user, ids=shown)
                # The bell on this page already counts them as read.
                context["fc_unread"] = services.unread_count(request.user)
        return response

    def read_all_view(self, request: HttpRequest) -> HttpResponse:
        back = HttpResponseRedirect(reverse("admin:claims_notification_changelist"))
        if request.method == "POST":
            count = services.notifications_mark_read(user=request.user)
            self.message_user(request, f"{count} marked read.", messages.SUCCESS)
        return back

    def preferences_view(self, request: HttpRequest) -> HttpResponse:
        pref: NotificationPreference = services.preference_get(request.user)
        if request.method == "POST":
            form = PreferenceForm(request.POST)
            if form.is_valid():
                services.preference_set(user=request.user, **form.cleaned_data)
                self.message_user(request, "Your notification preferences are saved.")
                return HttpResponseRedirect(request.path)
        else:
            form = PreferenceForm(initial={"email": pref.email, "chat": pref.chat})
        context = {
            **self.admin_site.each_context(request),
            "title": "Your notification preferences",
            "form": form,
            "opts": self.opts,
            "has_email": bool(getattr(request.user, "email", "")),
        }
        return TemplateResponse(request, "admin/claims/notification/preferences.html", context)
