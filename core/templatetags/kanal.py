from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.actor import ANONYMOUS
from core.events import event_label
from core.roles import PartnerRole, StaffRole

register = template.Library()

_ROLE_LABELS = {**dict(StaffRole.choices), **dict(PartnerRole.choices)}


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    current = request is not None and (request.path == url or (url != "/" and request.path.startswith(url)))
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


# The site menu: (who sees it, URL name, label), in order.
STAFF, OPS, PARTNER, DISTRIBUTOR, VISITOR = "staff", "ops", "partner", "distributor", "visitor"
MENU: tuple[tuple[str, str, Any], ...] = (
    (STAFF, "staff_dashboard", _("Dashboard")),
    (STAFF, "partners:directory", _("Partners")),
    (STAFF, "recruitment:applications", _("Applications")),
    (STAFF, "recruitment:prospects", _("Prospects")),
    (STAFF, "programs:admin", _("Program")),
    (STAFF, "direct:accounts", _("Direct accounts")),
    (STAFF, "catalog:products", _("Products")),
    (STAFF, "deals:pipeline", _("Deal registrations")),
    (STAFF, "engagement:versions", _("Rules of engagement")),
    (STAFF, "audit_log", _("Audit log")),
    (OPS, "staff_users", _("Staff")),
    (STAFF, "partners:territories", _("Territories")),
    (PARTNER, "partner_home", _("Home")),
    (PARTNER, "partner_profile", _("Company profile")),
    (PARTNER, "partner_team", _("Team")),
    (PARTNER, "onboarding:mine", _("Onboarding")),
    (PARTNER, "programs:agreements_mine", _("Agreements")),
    (PARTNER, "catalog:partner_catalogue", _("Products")),
    (PARTNER, "deals:mine", _("Deals")),
    (PARTNER, "engagement:rules", _("Rules of engagement")),
    (DISTRIBUTOR, "partner_resellers", _("Resellers")),
    (VISITOR, "recruitment:become_partner", _("Become a partner")),
)


def menu_audiences(actor, user) -> set[str]:
    if actor.is_staff:
        return {STAFF, OPS} if actor.staff_role == StaffRole.OPS else {STAFF}
    if actor.is_partner:
        return {PARTNER, DISTRIBUTOR} if actor.partner.partner_type == "distributor" else {PARTNER}
    return {VISITOR} if user is None or not user.is_authenticated else set()


@register.simple_tag(takes_context=True)
def menu_links(context):
    """The site menu as `nav_link` items."""
    audiences = menu_audiences(context.get("actor") or ANONYMOUS, context.get("user"))
    links = [(nav_link(context, name, label),) for audience, name, label in MENU if audience in audiences]
    return format_html_join("", "{}", links)


@register.filter
def role_label(role):
    return _ROLE_LABELS.get(role, role)


@register.filter
def verb_label(verb):
    return event_label(verb)


@register.filter
def choice_labels(values, choices_path):
    """{{ partner.verticals|choice_labels:"partners.choices.Vertical" }} -> "Retail, Sports and outdoor"."""
    from importlib import import_module

    module_name, _, attr = choices_path.rpartition(".")
    enum = getattr(import_module(module_name), attr)
    mapping = dict(enum.choices)
    return ", ".join(str(mapping.get(v, v)) for v in values or [])


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def can(actor, permission):
    return bool(actor) and actor.can(permission)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def display_value(value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if value in ("", None):
        return "—"
    return value


@register.simple_tag(takes_context=True)
def event_note(context, event):
    from core.events import note_visible_to

    return note_visible_to(event, context.get("actor"))


@register.simple_tag(takes_context=True)
def timeline_entries(context, events):
    """The events as sentences for the reader (`core.timeline`), reading what they link to at once."""
    from core.timeline import event_entries

    return event_entries(events, actor=context.get("actor"))


@register.simple_tag
def event_changes(event):
    from core.events import describe_changes

    return describe_changes(event)
