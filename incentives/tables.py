"""The columns of the incentives lists (programs, targets, earnings, disputes): each page's table and its
CSV/XLSX export."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.columns import when_column
from core.links import object_url
from core.listing import ID_COLUMN, Column, Table, choice_column, day_column, path_column
from ledger.statements import money_text

PROGRAMS_COUNT = ngettext_lazy("%(n)s program", "%(n)s programs", "n")
TARGETS_COUNT = ngettext_lazy("%(n)s target", "%(n)s targets", "n")
ENTRIES_COUNT = ngettext_lazy("%(n)s entry", "%(n)s entries", "n")
DISPUTES_COUNT = ngettext_lazy("%(n)s dispute", "%(n)s disputes", "n")


def _program_name(program):
    return format_html('<a href="{}">{}</a>', object_url("incentives:program", program.public_id), program)


def _badge(row):
    return format_html('<span class="badge {}">{}</span>', row.badge_class, row.get_status_display())


def program_table(*, staff: bool) -> Table:
    columns = [
        ID_COLUMN,
        Column(
            "name",
            _("Program"),
            lambda p: p.name_en,
            html=_program_name,
            sort="name",
            reads=("public_id", "name_en", "name_ru", "version"),
        ),
        Column("name_ru", _("Name (Russian)"), lambda p: p.name_ru, on_page=False),
        choice_column("kind", _("Kind"), "kind"),
        Column("version", _("Version"), lambda p: p.version, on_page=False),
        day_column("starts_on", _("Starts"), "starts_on", sort="starts"),
        day_column("ends_on", _("Ends"), "ends_on"),
        Column("currency", _("Currency"), lambda p: p.currency, reads=("currency",)),
    ]
    if staff:
        columns.insert(3, Column("status", _("Status"), lambda p: p.status, html=_badge, reads=("status",)))
        columns.append(when_column("accrued_until", _("Accrued until"), reads=("accrued_until",)))
    return Table(
        columns=columns, count=PROGRAMS_COUNT, empty=_("No incentive program matches these filters.")
    )


def target_table(*, can_manage: bool) -> Table:
    columns = [
        ID_COLUMN,
        Column(
            "program",
            _("Program"),
            lambda t: str(t.program),
            link=lambda t: object_url("incentives:program", t.program.public_id),
            reads=("program__public_id", "program__name_en", "program__name_ru", "program__version"),
        ),
        path_column("partner", _("Partner"), "partner.name", sort="partner"),
        Column("period", _("Period"), lambda t: t.period, sort="period", reads=("period",)),
        Column(
            "amount",
            _("Target volume"),
            lambda t: t.amount,
            html=lambda t: money_text(t.amount, t.program.currency),
            sort="amount",
            reads=("amount", "program__currency"),
        ),
        Column("currency", _("Currency"), lambda t: t.program.currency, on_page=False),
    ]
    if can_manage:
        columns.append(
            Column(
                "remove",
                "",
                lambda t: "",
                html=lambda t: format_html(
                    '<form method="post" action="{}" class="inline-form"><button type="submit" '
                    'class="secondary outline" data-confirm="{}">{}</button></form>',
                    object_url("incentives:target_delete", t.public_id),
                    _("Remove this target?"),
                    _("Remove"),
                ),
                in_export=False,
                reads=(),
            )
        )
    return Table(columns=columns, count=TARGETS_COUNT, empty=_("No targets set yet."))


def _entry_description(entry):
    return entry.transaction.described


def _signed(entry):
    """Earned positive, given back or paid negative (the entry's credit on earnings payable is a plus)."""
    return -entry.amount


def _source_link(entry):
    tx = entry.transaction
    text = _entry_description(entry)
    if tx.source_type == "incentives.accrual" and tx.source_id:
        return format_html('<a href="{}">{}</a>', object_url("incentives:accrual", tx.source_id), text)
    if tx.source_type == "incentives.dispute" and tx.source_id:
        return format_html('<a href="{}">{}</a>', object_url("incentives:dispute", tx.source_id), text)
    return text


def earning_table(*, staff: bool) -> Table:
    columns = [
        Column("id", "id", lambda e: e.transaction.public_id, on_page=False),
        when_column("booked_at", _("Booked"), sort="booked", reads=("booked_at",)),
        Column(
            "kind",
            _("Kind"),
            lambda e: e.transaction.kind,
            html=lambda e: e.transaction.get_kind_display(),
            reads=("transaction__kind",),
        ),
        Column(
            "description",
            _("Description"),
            _entry_description,
            html=_source_link,
            reads=(
                "transaction__description",
                "transaction__descriptions",
                "transaction__kind",
                "transaction__source_type",
                "transaction__source_id",
            ),
        ),
        path_column("person", _("Person"), "person.email"),
        Column(
            "amount",
            _("Amount"),
            _signed,
            html=lambda e: money_text(_signed(e), e.currency),
            sort="amount",
            reads=("amount", "currency"),
        ),
        Column("currency", _("Currency"), lambda e: e.currency, on_page=False),
    ]
    if staff:
        columns.insert(1, path_column("partner", _("Partner"), "partner.name", sort="partner"))
    return Table(columns=columns, count=ENTRIES_COUNT, empty=_("No earnings yet."), row_reads=())


def _dispute_link(dispute):
    return format_html(
        '<a href="{}">{}</a>',
        object_url("incentives:dispute", dispute.public_id),
        dispute.registration.customer_name,
    )


def dispute_table(*, staff: bool) -> Table:
    columns = [
        ID_COLUMN,
        when_column("created_at", _("Raised"), sort="raised", reads=("created_at",)),
        Column(
            "registration",
            _("Registration"),
            lambda d: d.registration.customer_name,
            html=_dispute_link,
            reads=("public_id", "registration__customer_name"),
        ),
        choice_column("kind", _("Kind"), "kind"),
        Column(
            "program",
            _("Program"),
            lambda d: str(d.program) if d.program else "",
            reads=("program__name_en", "program__name_ru", "program__version"),
        ),
        Column("status", _("Status"), lambda d: d.status, html=_badge, sort="status", reads=("status",)),
        Column(
            "adjustment",
            _("Adjustment"),
            lambda d: d.adjustment_amount,
            html=lambda d: (
                money_text(d.adjustment_amount, d.adjustment_currency) if d.adjustment_amount else "—"
            ),
            reads=("adjustment_amount", "adjustment_currency"),
        ),
        Column("adjustment_currency", _("Currency"), lambda d: d.adjustment_currency, on_page=False),
    ]
    if staff:
        columns.insert(2, path_column("partner", _("Partner"), "partner.name", sort="partner"))
    return Table(columns=columns, count=DISPUTES_COUNT, empty=_("No disputes."))
