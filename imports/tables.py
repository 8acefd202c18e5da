"""The columns of the imports list and of a job's errors."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column
from imports.registry import get_importer

IMPORTS_COUNT = ngettext_lazy("%(n)s import", "%(n)s imports", "n")


def _kind_label(job) -> str:
    importer = get_importer(job.kind)
    return str(importer.label) if importer else job.kind


def _file_html(job):
    return format_html('<a href="{}">{}</a>', object_url("imports:detail", job.public_id), job.file_name)


def imports_table() -> Table:
    return Table(
        empty=_("No import yet."),
        count=IMPORTS_COUNT,
        columns=[
            ID_COLUMN,
            Column(
                "file",
                _("File"),
                lambda j: j.file_name,
                html=_file_html,
                sort="file",
                reads=("public_id", "file_name"),
            ),
            Column("kind", _("Kind"), _kind_label, reads=("kind",)),
            choice_column("status", _("Status"), "status"),
            Column("rows", _("Rows"), lambda j: j.total_rows, sort="rows", reads=("total_rows",)),
            Column("errors", _("Rows with errors"), lambda j: j.error_rows, reads=("error_rows",)),
            Column("written", _("Rows written"), lambda j: j.written_rows, reads=("written_rows",)),
            Column(
                "created_by",
                _("Uploaded by"),
                lambda j: j.created_by.email if j.created_by else "",
                reads=("created_by__email",),
            ),
            when_column("created_at", _("Uploaded"), sort="created"),
        ],
    )
