"""The columns of the routing rule versions list: the page's table and its CSV/XLSX export."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table
from core.version_pages import rule_set_versions_table


def versions_table() -> Table:
    return rule_set_versions_table(
        url_name="leads:routing_version",
        empty=_("No routing rules match these filters."),
        settings=(
            Column("default_sla_hours", _("Hours to accept"), lambda v: v.default_sla_hours),
            Column("default_capacity", _("Open leads per partner"), lambda v: v.default_capacity),
        ),
    )
