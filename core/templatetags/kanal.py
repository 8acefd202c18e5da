import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.actor import ANONYMOUS
from core.events import event_label
from core.listing import ALL_FILTERS, MORE_FILTERS, filter_fields_html, table_rows_html
from core.markdown import markdown_html
from core.roles import PartnerRole, StaffRole

register = template.Library()

_ROLE_LABELS = {**dict(StaffRole.choices), **dict(PartnerRole.choices)}


# The site menu, grouped by area. Each entry: (who sees it, area, URL name, label, icon), in order; an area
# shows when it has an entry for the reader. Areas without entries yet (enablement, leads, money, insights)
# are listed so that the modules to come have their place in the order.
STAFF, OPS, PARTNER, DISTRIBUTOR, VISITOR = "staff", "ops", "partner", "distributor", "visitor"
AREAS: tuple[tuple[str, Any], ...] = (
    ("", ""),  # the entries above every area (home, dashboard)
    ("partners", _("Partners")),
    ("recruitment", _("Recruitment")),
    ("deals", _("Deals")),
    ("leads", _("Leads")),
    ("program", _("Program")),
    ("enablement", _("Enablement")),
    ("money", _("Money")),
    ("insights", _("Insights")),
    ("admin", _("Administration")),
)
MENU: tuple[tuple[str, str, str, Any, str], ...] = (
    (STAFF, "", "staff_dashboard", _("Dashboard"), "layout-dashboard"),
    (STAFF, "partners", "partners:directory", _("Partners"), "building-store"),
    (STAFF, "partners", "partners:territories", _("Territories"), "map-2"),
    (STAFF, "partners", "health:at_risk", _("Partners at risk"), "alert-triangle"),
    (STAFF, "partners", "offboarding:list", _("Offboarding"), "logout"),
    (STAFF, "recruitment", "recruitment:applications", _("Applications"), "user-plus"),
    (STAFF, "recruitment", "recruitment:prospects", _("Prospects"), "telescope"),
    (STAFF, "deals", "deals:pipeline", _("Deal registrations"), "briefcase"),
    (STAFF, "deals", "direct:accounts", _("Direct accounts"), "building-bank"),
    (STAFF, "deals", "engagement:versions", _("Rules of engagement"), "scale"),
    (STAFF, "leads", "leads:list", _("Leads"), "target-arrow"),
    (STAFF, "leads", "leads:routing_versions", _("Routing rules"), "route"),
    (STAFF, "leads", "leads:scoring_models", _("Scoring models"), "brain"),
    (STAFF, "leads", "imports:list", _("Imports"), "file-import"),
    (STAFF, "leads", "leads:attributes", _("Lead attributes"), "adjustments"),
    (STAFF, "leads", "referrals:performance", _("Referrals"), "chart-bar"),
    (STAFF, "leads", "campaigns:kits", _("Campaign kits"), "package"),
    (STAFF, "program", "programs:admin", _("Program"), "file-certificate"),
    (STAFF, "program", "programs:programs", _("Partner programs"), "award"),
    (STAFF, "program", "catalog:products", _("Products"), "package"),
    (STAFF, "program", "competition:vendors", _("Competing vendors"), "swords"),
    (STAFF, "program", "recognition:leaderboard", _("Leaderboards"), "chart-bar"),
    (STAFF, "program", "recognition:grants", _("Awards"), "award"),
    (STAFF, "program", "tiers:overview", _("Tiers"), "stairs-up"),
    (STAFF, "enablement", "content:library", _("Library"), "books"),
    (STAFF, "enablement", "announcements:list", _("Announcements"), "speakerphone"),
    (STAFF, "enablement", "collateral:templates", _("Co-branded collateral"), "presentation"),
    (STAFF, "enablement", "learning:course_list", _("Courses"), "school"),
    (STAFF, "enablement", "learning:team", _("Certified people"), "certificate"),
    (STAFF, "money", "ledger:money", _("Money"), "wallet"),
    (STAFF, "money", "funds:overview", _("Market development funds"), "pig-money"),
    (STAFF, "money", "funds:requests", _("Fund requests"), "checklist"),
    (STAFF, "money", "funds:claims", _("Fund claims"), "receipt"),
    (STAFF, "money", "incentives:programs", _("Incentive programs"), "award"),
    (STAFF, "money", "incentives:earnings", _("Earnings"), "coins"),
    (STAFF, "money", "incentives:disputes", _("Disputes"), "message-report"),
    (STAFF, "money", "ledger:batches", _("Payouts"), "cash"),
    (STAFF, "money", "ledger:statements", _("Statements"), "file-invoice"),
    (STAFF, "money", "ledger:transactions", _("Transactions"), "report-money"),
    (STAFF, "money", "ledger:rates", _("Exchange rates"), "arrows-exchange"),
    (STAFF, "money", "ledger:settings", _("Money settings"), "settings"),
    (STAFF, "admin", "audit_log", _("Audit log"), "history"),
    (OPS, "admin", "staff_users", _("Staff"), "users"),
    (PARTNER, "", "partner_home", _("Home"), "home"),
    (PARTNER, "partners", "partner_profile", _("Company profile"), "id-badge-2"),
    (PARTNER, "partners", "partner_team", _("Team"), "users"),
    (DISTRIBUTOR, "partners", "partner_resellers", _("Resellers"), "building-store"),
    (PARTNER, "deals", "deals:mine", _("Deals"), "briefcase"),
    (PARTNER, "deals", "engagement:rules", _("Rules of engagement"), "scale"),
    (PARTNER, "deals", "catalog:partner_catalogue", _("Products"), "package"),
    (PARTNER, "leads", "leads:list", _("Leads"), "target-arrow"),
    (PARTNER, "leads", "referrals:performance", _("Referrals"), "chart-bar"),
    (PARTNER, "leads", "referrals:links", _("Referral links"), "link"),
    (PARTNER, "leads", "campaigns:kits", _("Campaigns"), "speakerphone"),
    (PARTNER, "program", "onboarding:mine", _("Onboarding"), "checklist"),
    (PARTNER, "program", "programs:mine", _("Programs and tiers"), "award"),
    (PARTNER, "program", "programs:agreements_mine", _("Agreements"), "file-certificate"),
    (PARTNER, "program", "health:mine", _("Partner health"), "activity"),
    (PARTNER, "program", "recognition:leaderboard", _("Leaderboards"), "chart-bar"),
    (PARTNER, "program", "recognition:grants", _("Our awards"), "award"),
    (PARTNER, "program", "tiers:mine", _("Tier progress"), "stairs-up"),
    (PARTNER, "enablement", "content:library", _("Library"), "books"),
    (PARTNER, "enablement", "announcements:list", _("Announcements"), "speakerphone"),
    (PARTNER, "enablement", "collateral:mine", _("Co-branded collateral"), "presentation"),
    (PARTNER, "enablement", "learning:course_list", _("Courses"), "school"),
    (PARTNER, "enablement", "learning:mine", _("My certifications"), "certificate"),
    (PARTNER, "money", "ledger:money", _("Money"), "wallet"),
    (PARTNER, "money", "funds:overview", _("Marketing funds"), "pig-money"),
    (PARTNER, "money", "incentives:earnings", _("Earnings"), "coins"),
    (PARTNER, "money", "incentives:programs", _("Incentive programs"), "award"),
    (PARTNER, "money", "incentives:disputes", _("Disputes"), "message-report"),
    (PARTNER, "money", "ledger:statements", _("Statements"), "file-invoice"),
    (VISITOR, "", "recruitment:become_partner", _("Become a partner"), "user-plus"),
)
_AREA_ORDER = {key: i for i, (key, _label) in enumerate(AREAS)}
assert all(area in _AREA_ORDER for _who, area, *_rest in MENU), "every menu entry names a known area"


def menu_audiences(actor, user) -> set[str]:
    if actor.is_staff:
        return {STAFF, OPS} if actor.staff_role == StaffRole.OPS else {STAFF}
    if actor.is_partner:
        return {PARTNER, DISTRIBUTOR} if actor.partner.partner_type == "distributor" else {PARTNER}
    return {VISITOR} if user is None or not user.is_authenticated else set()


def _is_current(request, url: str) -> bool:
    return request is not None and (request.path == url or (url != "/" and request.path.startswith(url)))


@register.simple_tag(takes_context=True)
def menu_areas(context) -> list[dict[str, Any]]:
    """{% menu_areas as areas %}: the reader's menu entries grouped by area, the current page marked
    (base.html lays them out with includes/sidebar.html; a visitor's few entries go in the top bar)."""
    audiences = menu_audiences(context.get("actor") or ANONYMOUS, context.get("user"))
    request = context.get("request")
    groups: dict[str, list[dict[str, Any]]] = {}
    for audience, area, name, label, icon_name in MENU:
        if audience not in audiences:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        groups.setdefault(area, []).append({"url": url, "label": label, "icon": icon_name})
    # the longest matching URL is the current entry ("/deals/" must not stay current on "/deals/pipeline/")
    links = [link for entries in groups.values() for link in entries if _is_current(request, link["url"])]
    if links:
        max(links, key=lambda link: len(link["url"]))["current"] = True
    areas = [
        {"key": key or "main", "label": label, "links": groups[key]} for key, label in AREAS if key in groups
    ]
    return areas


# --- icons (static/vendor/icons.svg, built by scripts/build_icons.py) -------------------------------------

_SPRITE = Path(settings.BASE_DIR) / "static" / "vendor" / "icons.svg"


@lru_cache(maxsize=1)
def sprite_icons() -> frozenset[str]:
    return frozenset(re.findall(r'<symbol id="([^"]+)"', _SPRITE.read_text()))


@register.simple_tag
def icon(name, label=""):
    """{% icon "bell" %}: a Tabler icon from the sprite, decorative unless it gets a label (then role=img)."""
    if name not in sprite_icons():
        raise template.TemplateSyntaxError(
            f"No icon {name!r} in static/vendor/icons.svg (scripts/build_icons.py)"
        )
    href = static("vendor/icons.svg") + "#" + name
    if label:
        return format_html(
            '<svg class="icon" role="img" aria-label="{}" focusable="false"><use href="{}"></use></svg>',
            label,
            href,
        )
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', href
    )


# --- breadcrumbs and text ---------------------------------------------------------------------------------


@register.simple_tag
def breadcrumbs(*parts):
    """{% breadcrumbs "partners:directory" _("Partners") url2 label2 %}: where a nested page sits.

    Pairs of (URL name or path, label), outermost first; the page's own heading follows (not repeated).
    """
    if len(parts) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of (URL or URL name, label)")
    items = []
    for target, label in zip(parts[::2], parts[1::2], strict=True):
        url = target if str(target).startswith("/") else reverse(target)
        items.append((url, label))
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}"><ol>{}</ol></nav>',
        _("Breadcrumb"),
        format_html_join("", '<li><a href="{}">{}</a></li>', items),
    )


_BULLET = re.compile(r"^\s*([-*•]|\d+[.)])\s")


@register.filter(needs_autoescape=True)
def paragraphs(text, autoescape=True):
    """Text as written: a blank line starts a paragraph, a single line break inside one is a wrapped line
    (joined with a space) unless the next line starts a list item ("- ", "* ", "1. ")."""
    esc = conditional_escape if autoescape else (lambda s: s)
    blocks = re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        lines: list[str] = []
        for line in block.split("\n"):
            line = line.strip()
            if lines and not _BULLET.match(line):
                lines[-1] += " " + str(esc(line))
            else:
                lines.append(str(esc(line)))
        if any(lines):
            html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(html))


@register.filter
def markdown(text):
    """{{ lesson.body|markdown }}: Markdown written by staff, as sanitised HTML (core.markdown)."""
    return markdown_html(text or "")


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
def timeline(context, events):
    """The events as the reader's timeline (`core.timeline`), reading what they link to at once."""
    from core.timeline import event_entries, timeline_html

    return timeline_html(event_entries(events, actor=context.get("actor")))


@register.simple_tag(takes_context=True)
def table_rows(context, rows, headings):
    """includes/table.html's rows (core.listing.table_rows_html)."""
    table = context.get("table")
    empty = table.empty if table is not None else ""
    return table_rows_html(rows, columns=len(headings), bulk=bool(context.get("bulk")), empty=empty)


@register.simple_tag(takes_context=True)
def filter_fields(context, form):
    """includes/filter_form.html's controls (core.listing.filter_fields_html)."""
    request = context.get("request")
    if request is None:
        return filter_fields_html(form)
    more = getattr(context.get("filter"), "more_filters", ())
    everything = request.GET.get("filters") == ALL_FILTERS
    return filter_fields_html(
        form,
        sort=request.GET.get("sort", ""),
        more=() if everything else more,
        more_url=f"{request.path}?filters={MORE_FILTERS}",
    )
