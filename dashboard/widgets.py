"""Widgets: the cards of the home pages and the panels other apps add to an object's page.

Modelled on NetBox's `extras/dashboard/widgets.py`: a registry of widget classes, each saying what it
shows and who may see it. An app registers its own widgets from its `AppConfig.ready()` (importing its
`widgets.py`, whose classes carry `@register_widget`); the pages only lay them out with
`{% page_widgets "<page>" obj %}` (`dashboard/templatetags/dashboard.py`). That is how a lower app's page
shows a higher app's data without importing it: the partner page gets its onboarding, team and agreement
panels from onboarding, accounts and programs.

A widget is shown when the actor belongs to its `audience` (staff or partner users), holds its
`permission` (if it names one) and `is_shown()` agrees (say, there is something to show). A number on a
card is a `Figure` that links to the list it counts, filtered the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

# Pages that lay out widgets, and the object each hands to its widgets.
STAFF_HOME = "staff_home"  # /dashboard/: the channel team's home
PARTNER_HOME = "partner_home"  # /my/: a partner user's home
PARTNER_PAGE = "partner_page"  # /partners/<id>/ (staff): obj is the Partner
RESELLER_PAGE = "reseller_page"  # /my/resellers/<id>/ (a distributor's users): obj is the reseller
PROGRAM_PAGE = "program_page"  # /program/ (staff): no object
PAGES = frozenset({STAFF_HOME, PARTNER_HOME, PARTNER_PAGE, RESELLER_PAGE, PROGRAM_PAGE})

STAFF = "staff"
PARTNER = "partner"

# Where on the page: "top" spans the page, "main" and "side" are its two columns.
TOP, MAIN, SIDE = "top", "main", "side"


@dataclass(frozen=True)
class Figure:
    """A number on a card and the list it counts (the URL carries the same filter)."""

    label: Any
    value: int
    url: str


class Widget:
    name: ClassVar[str] = ""  # unique: "<app>.<what>"
    title: ClassVar[Any] = ""
    page: ClassVar[str] = STAFF_HOME
    audience: ClassVar[str] = STAFF  # staff unless a widget says otherwise
    permission: ClassVar[str] = ""  # an actor.can() permission the viewer also needs
    column: ClassVar[str] = MAIN
    # On a page with tabs (the staff partner page: overview, deals, team, onboarding, agreements, activity):
    # the tab the widget sits on; "" is the first tab.
    tab: ClassVar[str] = ""
    order: ClassVar[int] = 100
    # A widget's own template is named after it ("accounts.my_team": accounts/widgets/my_team.html) unless
    # its class names one; this one shows only the title and the figures, and the others extend it.
    template_name: ClassVar[str] = "dashboard/widget.html"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name and "template_name" not in cls.__dict__:
            app, _, what = cls.name.partition(".")
            cls.template_name = f"{app}/widgets/{what}.html"

    def __init__(self, *, actor, obj=None):
        self.actor = actor
        self.obj = obj

    @classmethod
    def visible_to(cls, actor) -> bool:
        if cls.audience == STAFF and not actor.is_staff:
            return False
        if cls.audience == PARTNER and not actor.is_partner:
            return False
        return not cls.permission or actor.can(cls.permission)

    def partner(self) -> Any:
        """On the pages about a partner: the partner the widget is about (the page's Partner or reseller)."""
        return self.obj

    def is_shown(self) -> bool:
        """Data-dependent visibility (e.g. only when there is something to list)."""
        return True

    def figures(self) -> list[Figure]:
        return []

    def get_context(self) -> dict[str, Any]:
        return {}

    @property
    def html_id(self) -> str:
        return "widget-" + self.name.replace(".", "-").replace("_", "-")

    def __str__(self) -> str:
        return str(self.title) or self.name


class PartnerHomeWidget(Widget):
    """On a partner user's home."""

    page = PARTNER_HOME
    audience = PARTNER

    def partner(self) -> Any:
        return self.actor.partner  # the viewer's own company


class PartnerPageWidget(Widget):
    """A panel of the staff partner page (obj: the Partner), for those who may open the partner directory."""

    page = PARTNER_PAGE
    permission = "partners.view_directory"


class ResellerPageWidget(Widget):
    """A panel of a distributor's reseller page (obj: the reseller), for the distributor's users."""

    page = RESELLER_PAGE
    audience = PARTNER


class ProgramPageWidget(Widget):
    """A panel of the staff program page (no object), beside the program's charter."""

    page = PROGRAM_PAGE
    column = SIDE


_registry: dict[str, type[Widget]] = {}


def register_widget(cls: type[Widget]) -> type[Widget]:
    """Class decorator: add a widget to the registry (idempotent for the same class)."""
    if not cls.name or cls.page not in PAGES or cls.audience not in (STAFF, PARTNER):
        raise ValueError(f"{cls.__qualname__}: give a name, a known page and an audience")
    if cls.column not in (TOP, MAIN, SIDE):
        raise ValueError(f"{cls.name}: column must be top, main or side")
    existing = _registry.get(cls.name)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise ValueError(f"A different widget is already registered as {cls.name!r}")
    _registry[cls.name] = cls
    return cls


def registered_widgets(page: str | None = None) -> list[type[Widget]]:
    found = [w for w in _registry.values() if page is None or w.page == page]
    return sorted(found, key=lambda w: (w.order, w.name))


def widgets_for(*, actor, page: str, obj=None, tab: str | None = None) -> list[Widget]:
    """The widgets of `page` this actor may see, in layout order (only those of `tab` when it is given)."""
    widgets = [
        cls(actor=actor, obj=obj)
        for cls in registered_widgets(page)
        if cls.visible_to(actor) and (tab is None or cls.tab == tab)
    ]
    return [w for w in widgets if w.is_shown()]


def page_tabs(*, actor, page: str) -> set[str]:
    """The tabs of `page` on which the actor may see a widget (no queries: is_shown() is not asked)."""
    return {cls.tab for cls in registered_widgets(page) if cls.visible_to(actor)}
