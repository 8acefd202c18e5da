"""The columns of the notification list: the page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.translation import gettext_lazy as _

from core.columns import when_column
from core.listing import ID_COLUMN, Column, Table, path_column
from notifications.rendering import notification_item_html


def notification_table(request=None) -> Table:
    # The item carries its own forms (open, mark as read); the token is read once, not per row.
    csrf_token = get_token(request) if request is not None else ""

    def item(n):
        return notification_item_html(n, csrf_token=csrf_token)

    return Table(
        empty=_("No notifications match these filters."),
        columns=[
            ID_COLUMN,
            Column("message", _("Notification"), lambda n: n.text, html=item),
            Column("verb", _("Kind"), lambda n: n.verb, on_page=False),
            path_column("partner", _("Partner"), "partner.name"),
            when_column("created_at", _("Received"), sort="created"),
            when_column("read_at", _("Read"), sort="read"),
            Column("link", _("Link"), lambda n: n.link, on_page=False),
        ],
    )
