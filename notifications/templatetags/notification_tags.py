from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from notifications.rendering import notification_item_html
from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context, oob=False):
    """The nav bell with the unread count and its dropdown (loaded when opened): one COUNT query, and none
    for anonymous visitors. `oob`: only the bell, to replace it after marking read."""
    request = context.get("request")
    actor = getattr(request, "actor", None) or context.get("actor")
    count = unread_count(actor=actor) if actor is not None and actor.is_authenticated else None
    return {"count": count, "oob": oob}


@register.simple_tag(takes_context=True)
def notification_item(context, n):
    return notification_item_html(n, csrf_token=str(context.get("csrf_token") or ""))


@register.filter
def ago(value):
    """ "3 hours ago" in the current language, with its plural forms (one unit: "2 days", not "2 days, 3
    hours")."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}
