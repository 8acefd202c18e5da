"""The columns of the MDF lists: each page's table and its CSV/XLSX export come from these. A partner's rep
who may not see the company's money gets the tables without their amounts (`money=False`)."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext, pgettext_lazy

from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column

BUDGETS_COUNT = ngettext_lazy("%(n)s budget", "%(n)s budgets", "n")
ALLOCATIONS_COUNT = ngettext_lazy("%(n)s allocation", "%(n)s allocations", "n")
REQUESTS_COUNT = ngettext_lazy("%(n)s activity", "%(n)s activities", "n")
CLAIMS_COUNT = ngettext_lazy("%(n)s claim", "%(n)s claims", "n")


def _badge(row: Any) -> Any:
    return format_html('<span class="badge {}">{}</span>', row.badge_class, row.get_status_display())


def _money(
    key: str, label: Any, field: str, *, currency: str = "currency", sort: str | None = None
) -> Column:
    def value(row: Any) -> Any:
        return getattr(row, field)

    def html(row: Any) -> Any:
        amount = getattr(row, field)
        return "—" if amount is None else f"{amount} {_attr(row, currency)}"

    return Column(key, label, value, html=html, sort=sort, reads=(field, currency.replace(".", "__")))


def _attr(row: Any, path: str) -> Any:
    for name in path.split("."):
        row = getattr(row, name)
    return row


def budget_table() -> Table:
    def period_html(budget: Any) -> Any:
        return format_html(
            '<a href="{}">{}</a>', object_url("funds:budget", budget.public_id), budget.period_label
        )

    return Table(
        count=BUDGETS_COUNT,
        empty=_("No budget matches these filters."),
        columns=[
            ID_COLUMN,
            Column(
                "period",
                _("Period"),
                lambda b: b.period,
                html=period_html,
                sort="period",
                reads=("public_id", "period", "starts_on"),
            ),
            day_column("starts_on", _("Starts"), "starts_on", on_page=False),
            day_column("ends_on", _("Ends"), "ends_on"),
            _money("amount", _("Authorised"), "amount", sort="amount"),
            Column("allocated", _("Allocated"), lambda b: b.allocated_total, reads=()),
            Column("partners", _("Partners"), lambda b: b.partner_total or 0, reads=()),
            Column(
                "state",
                _("State"),
                lambda b: "closed" if b.closed_at else "open",
                html=lambda b: (
                    pgettext("fund budget", "Closed") if b.closed_at else pgettext("fund budget", "Open")
                ),
                reads=("closed_at",),
            ),
            Column("currency", _("Currency"), lambda b: b.currency, on_page=False),
        ],
    )


def allocation_table(*, staff: bool) -> Table:
    def partner_html(allocation: Any) -> Any:
        return format_html(
            '<a href="{}">{}</a>',
            object_url("funds:allocation", allocation.public_id),
            allocation.partner.name,
        )

    def terms(allocation: Any) -> str:
        if allocation.basis == "accrual":
            if allocation.rate is None:
                text = str(_("the tier's MDF rate of won revenue"))
            else:
                text = _("%(rate)s%% of won revenue") % {"rate": allocation.rate}
            if allocation.cap is not None:
                text += " · " + _("at most %(cap)s") % {"cap": allocation.cap}
            return text
        return f"{allocation.amount}"

    def period_html(allocation: Any) -> Any:
        return format_html(
            '<a href="{}">{}</a>',
            object_url("funds:allocation", allocation.public_id),
            allocation.budget.period_label,
        )

    columns = [
        ID_COLUMN,
        Column(
            "period",
            _("Period"),
            lambda a: a.budget.period,
            html=period_html,
            reads=("public_id", "budget__period", "budget__starts_on"),
        ),
        choice_column("basis", _("Basis"), "basis"),
        Column("terms", _("Terms"), terms, reads=("basis", "rate", "cap", "amount")),
        Column("rate", _("Share of won revenue (%)"), lambda a: a.rate, on_page=False),
        Column("cap", _("At most"), lambda a: a.cap, on_page=False),
        Column("amount", _("Amount"), lambda a: a.amount, on_page=False),
        _money("allocated", _("Allocated"), "allocated", currency="budget.currency", sort="allocated"),
        Column("currency", _("Currency"), lambda a: a.budget.currency, on_page=False),
    ]
    if staff:
        columns[1:2] = [
            Column(
                "partner",
                _("Partner"),
                lambda a: a.partner.name,
                html=partner_html,
                sort="partner",
                reads=("public_id", "partner__name"),
            ),
            Column("period", _("Period"), lambda a: a.budget.period, reads=("budget__period",)),
        ]
        columns.insert(4, choice_column("tier", _("Given to the tier"), "tier"))
    return Table(columns=columns, count=ALLOCATIONS_COUNT, empty=_("No allocation matches these filters."))


def request_table(*, staff: bool, money: bool = True) -> Table:
    def title_html(request: Any) -> Any:
        return format_html(
            '<a href="{}">{}</a><br><small class="muted"><code>{}</code></small>',
            object_url("funds:request", request.public_id),
            request.title,
            request.code,
        )

    columns = [
        ID_COLUMN,
        Column(
            "title",
            pgettext_lazy("fund", "Activity"),
            lambda r: r.title,
            html=title_html,
            reads=("public_id", "title", "code"),
        ),
        Column("code", _("Activity code"), lambda r: r.code, on_page=False),
        choice_column("activity_type", _("Kind"), "activity_type"),
        Column("period", _("Period"), lambda r: r.budget.period, reads=("budget__period",)),
        day_column("starts_on", _("Starts"), "starts_on", sort="starts"),
        day_column("ends_on", _("Ends"), "ends_on", on_page=False),
        Column("status", _("Status"), lambda r: r.status, html=_badge, reads=("status",)),
        Column("expected_leads", _("Expected leads"), lambda r: r.expected_leads, on_page=False),
    ]
    if money:
        columns += [
            _money("amount", _("Requested"), "amount", sort="amount"),
            _money("approved_amount", pgettext_lazy("amount", "Approved"), "approved_amount"),
            Column("cost", _("Estimated cost"), lambda r: r.cost, on_page=False),
            Column("expected_revenue", _("Expected revenue"), lambda r: r.expected_revenue, on_page=False),
            Column("currency", _("Currency"), lambda r: r.currency, on_page=False),
        ]
    if staff:
        columns.insert(
            2, path_column("partner", _("Partner"), "partner.name", sort="partner", reads=("partner__name",))
        )
    return Table(columns=columns, count=REQUESTS_COUNT, empty=_("No activity matches these filters."))


def claim_table(*, staff: bool) -> Table:
    def activity_html(claim: Any) -> Any:
        flag = (
            format_html(' <span class="badge status-rejected">{}</span>', _("possible duplicate"))
            if staff and getattr(claim, "flagged", False)
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}<br><small class="muted"><code>{}</code></small>',
            object_url("funds:claim", claim.public_id),
            claim.request.title,
            flag,
            claim.request.code,
        )

    columns = [
        ID_COLUMN,
        Column(
            "activity",
            pgettext_lazy("fund", "Activity"),
            lambda c: c.request.title,
            html=activity_html,
            reads=("public_id", "request__title", "request__code"),
        ),
        Column("code", _("Activity code"), lambda c: c.request.code, on_page=False),
        Column("invoice_number", _("Invoice"), lambda c: c.invoice_number, reads=("invoice_number",)),
        day_column("invoice_date", _("Invoice date"), "invoice_date"),
        _money("amount", _("Claimed"), "amount", sort="amount"),
        _money("approved_amount", pgettext_lazy("amount", "Approved"), "approved_amount"),
        Column("status", _("Status"), lambda c: c.status, html=_badge, reads=("status",)),
        Column("actual_cost", _("Actual cost"), lambda c: c.actual_cost, on_page=False),
        Column("currency", _("Currency"), lambda c: c.currency, on_page=False),
    ]
    if staff:
        columns.insert(
            2, path_column("partner", _("Partner"), "partner.name", sort="partner", reads=("partner__name",))
        )
        columns.append(
            Column("flagged", _("Possible duplicates"), lambda c: "yes" if c.flagged else "no", on_page=False)
        )
    return Table(columns=columns, count=CLAIMS_COUNT, empty=_("No claim matches these filters."))
