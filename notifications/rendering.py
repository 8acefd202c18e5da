"""One notification in the list (its message, which opens it, and "Mark as read"), written in Python: the
list shows up to 25, and a template per row cost the page a quarter of its time. The mark-as-read answer
(notifications/_item.html) writes the same markup with it."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.links import object_url


def _csrf_input(token: str) -> SafeString:
    """{% csrf_token %}."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def notification_item_html(n, *, csrf_token: str) -> SafeString:
    csrf = _csrf_input(csrf_token) if csrf_token else ""
    text = format_html("{}", n.text) if n.is_read else format_html("<strong>{}</strong>", n.text)
    opened = format_html(
        '\n  <form method="post" action="{}" class="inline-form">{}\n'
        '    <button type="submit" class="link-button">{}</button>\n  </form>\n  ',
        object_url("notifications:open", n.public_id),
        csrf,
        text,
    )
    unread = ""
    if not n.is_read:
        read_url = object_url("notifications:read", n.public_id)
        unread = format_html(
            '\n    <span class="badge status-submitted">{}</span>\n'
            '    <form method="post" action="{}" class="inline-form"\n'
            '          hx-post="{}" hx-target="#notification-{}" hx-swap="outerHTML">{}\n'
            '      <button type="submit" class="link-button"><small>{}</small></button>\n'
            "    </form>\n  ",
            gettext("new"),
            read_url,
            read_url,
            n.public_id,
            csrf,
            gettext("Mark as read"),
        )
    return format_html(
        '<div id="notification-{}" class="notification {}">{}{}\n</div>\n',
        n.public_id,
        "read" if n.is_read else "unread",
        opened,
        unread,
    )
