"""The columns of the notification list: the page's table and its CSV/XLSX export come from these."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.listing import Column, Table


def _moment(value):
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def notification_table(request=None) -> Table:
    # The item carries its own forms (open, mark as read); the token is read once, not per row.
    csrf_token = get_token(request) if request is not None else ""

    def item(n):
        return render_to_string("notifications/_item.html", {"n": n, "csrf_token": csrf_token})

    return Table(
        empty=_("No notifications match these filters."),
        columns=[
            Column("id", "id", lambda n: n.public_id, on_page=False),
            Column("message", _("Notification"), lambda n: n.text, html=item),
            Column("verb", _("Kind"), lambda n: n.verb, on_page=False),
            Column("partner", _("Partner"), lambda n: n.partner.name if n.partner_id else ""),
            Column(
                "created_at",
                _("Received"),
                lambda n: n.created_at,
                html=lambda n: _moment(n.created_at),
                sort="created",
            ),
            Column("read_at", _("Read"), lambda n: n.read_at, html=lambda n: _moment(n.read_at), sort="read"),
            Column("link", _("Link"), lambda n: n.link, on_page=False),
        ],
    )
