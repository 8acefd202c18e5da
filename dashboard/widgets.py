"""Widgets: the cards of the home pages and the panels other apps add to an object's page.

Modelled on NetBox's `extras/dashboard/widgets.py`: a registry of widget classes, each saying what it
shows and who may see it. An app registers its own widgets from its `AppConfig.ready()` (importing its
`widgets.py`, whose classes carry `@register_widget`); the pages only lay them out with
`{% page_widgets "<page>" obj %}` (`dashboard/templatetags/dashboard.py`). That is how a lower app's page
shows a higher app's data without importing it: the partner page gets its onboarding, team and agreement
panels from onboarding, accounts and programs.

A widget is shown when the actor belongs to its `audience` (staff or partner users), holds its
`permission` (if it names one) and `is_shown()` agrees (say, there is something to show). A number on a
card is a `Figure` that links to the list it counts, filtered the same way; a chart (`Chart`) is a set of
figures drawn as bars (`static/kanal/charts.js` with the vendored Chart.js), each bar linking to its rows, and
rendered as a table too (the canvas's accessible fallback, and the page without JavaScript).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

T = TypeVar("T")

# Pages that lay out widgets, and the object each hands to its widgets.
STAFF_HOME = "staff_home"  # /dashboard/: the channel team's home
PARTNER_HOME = "partner_home"  # /my/: a partner user's home
PARTNER_PAGE = "partner_page"  # /partners/<id>/ (staff): obj is the Partner
PARTNER_PROFILE = "partner_profile"  # /my/profile/ (a partner user's company profile): obj is the Partner
RESELLER_PAGE = "reseller_page"  # /my/resellers/<id>/ (a distributor's users): obj is the reseller
PROGRAM_PAGE = "program_page"  # /program/ (staff): no object
LEAD_PAGE = "lead_page"  # /leads/<id>/ (staff and the lead's partner): obj is the Lead
REGISTRATION_PAGE = "registration_page"  # /deals/<id>/ (staff and the partner): obj is the DealRegistration
PAGES = frozenset(
    {
        STAFF_HOME,
        PARTNER_HOME,
        PARTNER_PAGE,
        PARTNER_PROFILE,
        RESELLER_PAGE,
        PROGRAM_PAGE,
        LEAD_PAGE,
        REGISTRATION_PAGE,
    }
)

STAFF = "staff"
PARTNER = "partner"

# Where on the page: "top" spans the page, "main" and "side" are its two columns.
TOP, MAIN, SIDE = "top", "main", "side"


@dataclass(frozen=True)
class Figure:
    """A number on a card and the list it counts (the URL carries the same filter).

    `value` is how many rows the list at `url` shows; `text`, when given, is what the card shows of those
    rows instead of their count (their amount, a rate, an average): the link leads to what produced it."""

    label: Any
    value: int
    url: str
    text: str = ""

    @property
    def shown(self) -> str:
        return self.text or number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class Point:
    """One bar: its size, how it reads, and the rows it stands for (count, and the list's link)."""

    value: float
    text: str
    count: int
    url: str
    note: str = ""  # a second line in the table ("4 registrations")


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point | None]  # one per category; None where the series has nothing


@dataclass(frozen=True)
class Chart:
    """Bars per category (a quarter, a stage), one series per currency or measure; the page draws it and
    renders the same data as a table."""

    caption: Any  # says what the bars measure: the canvas's accessible name and the table's caption
    category_label: Any  # the table's first column heading
    categories: list[str]
    series: list[Series] = field(default_factory=list)
    horizontal: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(p for s in self.series for p in s.points)

    def rows(self) -> list[tuple[str, list[Point | None]]]:
        return [(c, [s.points[i] for s in self.series]) for i, c in enumerate(self.categories)]

    def data(self) -> dict[str, Any]:
        """What charts.js reads (through json_script)."""
        return {
            "horizontal": self.horizontal,
            "labels": self.categories,
            "datasets": [
                {
                    "label": s.name,
                    "data": [p.value if p else 0 for p in s.points],
                    "texts": [p.text if p else "" for p in s.points],
                    "urls": [p.url if p else "" for p in s.points],
                }
                for s in self.series
            ],
        }


def amount_text(amount: Decimal, currency: str) -> str:
    """An amount as a card shows it, in the reader's language: "USD 72,448" (whole units, grouped)."""
    whole = amount.quantize(Decimal(1))
    return _("%(currency)s %(amount)s") % {
        "currency": currency,
        "amount": number_format(whole, decimal_pos=0, force_grouping=True),
    }


def percent_text(ratio: float) -> str:
    return _("%(percent)s%%") % {"percent": number_format(round(ratio * 100), force_grouping=True)}


def duration_text(span: timedelta) -> str:
    """A waiting time in whole days, or hours under a day."""
    hours = span.total_seconds() / 3600
    if hours >= 24:
        days = round(hours / 24)
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if hours >= 1:
        n = round(hours)
        return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}
    return _("under an hour")


class Widget:
    name: ClassVar[str] = ""  # unique: "<app>.<what>"
    title: ClassVar[Any] = ""
    page: ClassVar[str] = STAFF_HOME
    audience: ClassVar[str] = STAFF  # staff unless a widget says otherwise
    permission: ClassVar[str] = ""  # an actor.can() permission the viewer also needs
    # The roles (core.roles: staff or partner roles) whose home shows it; empty: every role of the audience.
    roles: ClassVar[frozenset[str]] = frozenset()
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

    def __init__(self, *, actor, obj=None, shared: dict[Any, Any] | None = None):
        self.actor = actor
        self.obj = obj
        # What the widgets of one page read once and share (`shared_value`); a widget built alone has its own.
        self.shared = {} if shared is None else shared

    def shared_value(self, key: Any, read: Callable[[], T]) -> T:
        """`read()` once per page: cards that show parts of the same data (the deal counts of the staff home,
        the partners per status) ask for it under the same key, and the first one reads it."""
        if key not in self.shared:
            self.shared[key] = read()
        return self.shared[key]

    @classmethod
    def visible_to(cls, actor) -> bool:
        if cls.audience == STAFF and not actor.is_staff:
            return False
        if cls.audience == PARTNER and not actor.is_partner:
            return False
        if cls.roles and actor.role not in cls.roles:
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

    def chart(self) -> Chart | None:
        """Bars drawn under the figures (see `Chart`); None for a card without a chart."""
        return None

    def get_context(self) -> dict[str, Any]:
        return {}

    @property
    def html_id(self) -> str:
        return "widget-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def chart_data_id(self) -> str:
        return self.html_id + "-chart"

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


class PartnerProfileWidget(Widget):
    """A panel under a partner user's company profile (obj: the Partner they act for)."""

    page = PARTNER_PROFILE
    audience = PARTNER


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
    shared: dict[Any, Any] = {}
    widgets = [
        cls(actor=actor, obj=obj, shared=shared)
        for cls in registered_widgets(page)
        if cls.visible_to(actor) and (tab is None or cls.tab == tab)
    ]
    return [w for w in widgets if w.is_shown()]


def page_tabs(*, actor, page: str) -> set[str]:
    """The tabs of `page` on which the actor may see a widget (no queries: is_shown() is not asked)."""
    return {cls.tab for cls in registered_widgets(page) if cls.visible_to(actor)}
