"""The columns of the rule set versions list: the page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table
from core.version_pages import rule_set_versions_table


def versions_table() -> Table:
    return rule_set_versions_table(
        url_name="engagement:version",
        empty=_("No rules of engagement match these filters."),
        settings=(Column("program", _("Program"), lambda v: v.program.code, html=lambda v: v.program.name),),
    )
