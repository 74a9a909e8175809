"""The admin's "Import articles" page: paste a text, give a page's URL, or upload files; each
goes through the import service, and bad input is reported per row on the import batch page.

Who may import is a setting (FACTCHECK_IMPORT_GROUPS: group names; superusers always may), so
this layer needs to know nothing of the roles defined above it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from articles.models import ImportBatch
from articles.readers import SUPPORTED, SUPPORTED_TEXT, RawRow, read_html, read_path
from articles.services import ImportResult, article_import
from factcheck import outbound
from factcheck.groups import user_group_names

PASTED = "pasted text"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


def user_may_import(user: Any) -> bool:
    """Superusers, and members of a group named in FACTCHECK_IMPORT_GROUPS."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    allowed = set(getattr(settings, "FACTCHECK_IMPORT_GROUPS", []))
    # The group names are read once per request (the page and its sidebar both ask).
    return not allowed.isdisjoint(user_group_names(user))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files. Only "none chosen" fails the form: an empty or unreadable file is one
    reported row on the batch page, and the other files import (Django's FileField would refuse
    the whole upload for one empty file)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(sorted(SUPPORTED))})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label="Files",
        help_text=f"One or more files: {SUPPORTED_TEXT}. Bad rows are reported; the rest imports.",
    )


class PasteForm(forms.Form):
    title = forms.CharField(max_length=1000)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14, "cols": 80}))
    url = forms.URLField(
        label="Original URL",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="Optional: where the article was published (used to find it again).",
    )
    outlet = forms.CharField(max_length=200, required=False)


class PageForm(forms.Form):
    page_url = forms.URLField(
        label="Page URL",
        max_length=2000,
        assume_scheme="https",
        help_text="The page is fetched by the server and its main text extracted. Internal "
        "addresses are refused.",
    )


def upload_rows(uploads: Iterable[Any]) -> Iterator[RawRow]:
    for upload in uploads:
        name = Path(upload.name or "").name or "(a file without a name)"
        if Path(name).suffix.lower() not in SUPPORTED:
            yield RawRow(name, "", error=f"unsupported file type: use {SUPPORTED_TEXT}")
            continue
        if not upload.size:
            yield RawRow(name, "", error="empty file (0 bytes): nothing to import")
            continue
        with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as tmp:
            try:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
            except OSError as exc:
                yield RawRow(name, "", error=f"cannot read the upload: {exc.strerror or exc}")
                continue
            yield from read_path(Path(tmp.name), source=name)


def paste_rows(data: dict[str, Any]) -> Iterator[RawRow]:
    yield RawRow(
        PASTED,
        "paste",
        data={
            "title": data["title"],
            "body": data["text"],
            "url": data.get("url") or None,
            "outlet": data.get("outlet") or "",
        },
    )


def page_rows(url: str) -> Iterator[RawRow]:
    """Fetch one page through the outbound guard and extract its main text (trafilatura). A
    refused, unreachable or failing URL is this row's error."""
    try:
        response = outbound.fetch(
            url, headers={"User-Agent": "factcheck-import", "Accept": PAGE_ACCEPT}
        )
        response.raise_for_status()
    except outbound.OutboundError as exc:
        yield RawRow(url, "", error=f"cannot fetch the page: {exc.reason}", field="url")
        return
    for row in read_html(response.content, url):
        if row.data is not None and not row.data.get("url"):
            row = RawRow(row.source, row.location, {**row.data, "url": response.url})
        yield row


def _import(request: HttpRequest, rows: Iterable[RawRow], source: str) -> ImportResult:
    return article_import(
        rows=rows, origin=ImportBatch.Origin.ADMIN_UPLOAD, actor=request.user, source=source
    )


def _report(request: HttpRequest, model_admin: admin.ModelAdmin[Any], result: ImportResult) -> None:
    level = messages.WARNING if result.failed else messages.SUCCESS
    detail = " See the errors below." if result.failed else ""
    model_admin.message_user(request, f"Imported: {result.summary}.{detail}", level)


def _batch_page(result: ImportResult) -> HttpResponseRedirect:
    url = reverse("admin:articles_importbatch_change", args=[result.batch.pk])
    return HttpResponseRedirect(url)


def import_view(request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> HttpResponse:
    """One page, three forms; `kind` (paste / page / upload, the default) says which was sent."""
    kind = request.POST.get("kind", "upload") if request.method == "POST" else None
    paste = PasteForm(request.POST if kind == "paste" else None)
    page = PageForm(request.POST if kind == "page" else None)
    upload = UploadForm(
        request.POST if kind == "upload" else None, request.FILES if kind == "upload" else None
    )
    if kind == "paste" and paste.is_valid():
        result = _import(request, paste_rows(paste.cleaned_data), PASTED)
        if not result.failed:
            _report(request, model_admin, result)
            return _batch_page(result)
        # The typed text stays in the form; the batch page has the same report.
        reasons = "; ".join(
            f"{e['field']}: {e['message']}" if e.get("field") else e["message"]
            for e in result.errors
        )
        batch_url = reverse("admin:articles_importbatch_change", args=[result.batch.pk])
        model_admin.message_user(
            request,
            format_html(
                'Not imported: {}. Your text is still below. (<a href="{}">import #{}</a>)',
                reasons,
                batch_url,
                result.batch.pk,
            ),
            messages.ERROR,
        )
    elif kind == "page" and page.is_valid():
        url = page.cleaned_data["page_url"]
        result = _import(request, page_rows(url), url)
        _report(request, model_admin, result)
        return _batch_page(result)
    elif kind == "upload" and upload.is_valid():
        uploads = upload.cleaned_data["uploads"]
        source = ", ".join(Path(u.name or "").name for u in uploads)
        result = _import(request, upload_rows(uploads), source)
        _report(request, model_admin, result)
        return _batch_page(result)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import articles",
        "paste_form": paste,
        "page_form": page,
        "upload_form": upload,
        "recent": ImportBatch.objects.select_related("created_by")[:10],
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)
