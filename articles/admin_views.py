"""The admin's "Import articles" page: upload files, import them through the import service."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.models import ImportBatch
from articles.readers import SUPPORTED, SUPPORTED_TEXT, RawRow, read_path
from articles.services import article_import


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(sorted(SUPPORTED))})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        if isinstance(data, list | tuple):
            data = None  # nothing chosen: "This field is required."
        return [single(data, initial)]


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label="Files",
        help_text=f"One or more files: {SUPPORTED_TEXT}. Bad rows are reported; the rest imports.",
    )


def _rows(uploads: list[Any]) -> Iterator[RawRow]:
    for upload in uploads:
        name = Path(upload.name).name
        with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            if Path(name).suffix.lower() not in SUPPORTED:
                yield RawRow(name, "", error=f"unsupported file type: use {SUPPORTED_TEXT}")
                continue
            yield from read_path(Path(tmp.name), source=name)


def import_upload_view(request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        uploads = form.cleaned_data["uploads"]
        result = article_import(
            rows=_rows(uploads),
            origin=ImportBatch.Origin.ADMIN_UPLOAD,
            actor=request.user,
            source=", ".join(Path(u.name).name for u in uploads),
        )
        level = messages.WARNING if result.failed else messages.SUCCESS
        detail = " See the errors below." if result.failed else ""
        model_admin.message_user(request, f"Imported: {result.summary}.{detail}", level)
        return HttpResponseRedirect(
            reverse("admin:articles_importbatch_change", args=[result.batch.pk])
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import articles",
        "form": form,
        "recent": ImportBatch.objects.select_related("created_by")[:10],
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)
