from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context, oob=False):
    """The nav bell with the unread count: one COUNT query, and none for anonymous visitors."""
    request = context.get("request")
    actor = getattr(request, "actor", None) or context.get("actor")
    count = unread_count(actor=actor) if actor is not None and actor.is_authenticated else None
    return {"count": count, "oob": oob}
