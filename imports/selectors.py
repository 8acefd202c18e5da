"""Reads of imports, through the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from imports.filters import ImportJobFilterSet
from imports.models import ImportJob, ImportRowError


def import_filters(*, actor: Actor, data: Any, strict: bool = False) -> ImportJobFilterSet:
    queryset = ImportJob.objects.visible_to(actor).select_related("created_by")
    return bind_filters(ImportJobFilterSet, data, queryset=queryset, strict=strict, actor=actor)


def import_get(*, actor: Actor, public_id: Any) -> ImportJob:
    return get_visible_or_404(
        ImportJob.objects.visible_to(actor).select_related("created_by"), public_id=public_id
    )


def import_errors(*, actor: Actor, job: ImportJob) -> QuerySet[ImportRowError]:
    return ImportRowError.objects.visible_to(actor).filter(job=job).order_by("row", "id")
