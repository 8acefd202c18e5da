"""Reads of deal registrations: a partner's own (and, for a distributor, its resellers'), staff all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncQuarter

from catalog.selectors import products_visible
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from deals.filters import RegistrationFilterSet, quarter_key, registration_q
from deals.models import (
    DealLine,
    DealRegistration,
    ExtensionRequest,
    RegistrationStage,
    RegistrationStatus,
)

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import Product
    from conflicts.models import ConflictCheck
    from partners.models import Partner


def _latest_outcome() -> Subquery:
    """The outcome of the registration's latest conflict check."""
    from conflicts.models import ConflictCheck

    latest = ConflictCheck.objects.filter(registration=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(latest.values("outcome")[:1])


def _base(actor: Actor, *, people: bool = True) -> QuerySet[DealRegistration]:
    """The rows with their partner (its CAM, the distributor that registered) and the latest conflict check's
    outcome; with who registered and who decided unless `people` is False (the list page shows neither)."""
    related = ["partner", "partner__cam", "registered_via"]
    return (
        DealRegistration.objects.visible_to(actor)
        .select_related(*related, *(("registered_by", "decided_by") if people else ()))
        .annotate(conflict_outcome=_latest_outcome())
    )


def registration_get(*, actor: Actor, public_id: UUID) -> DealRegistration:
    lines = Prefetch(
        "lines", queryset=DealLine.objects.visible_to(actor).select_related("product").order_by("id")
    )
    return get_visible_or_404(_base(actor).prefetch_related(lines), public_id=public_id)


def registration_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False, page: bool = False
) -> RegistrationFilterSet:
    """The list's bound FilterSet (`.qs` are the rows, `.form` the filter form). `page`: for the list page,
    whose table names no one who registered or decided (its exports and the API do)."""
    qs = _base(actor, people=not page)
    return bind_filters(
        RegistrationFilterSet,
        data,
        queryset=qs.order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=pipeline_partners(actor=actor),
        cams=pipeline_cams(actor=actor),
    )


def registration_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[DealRegistration]:
    return registration_filters(actor=actor, data=filters).qs


def registration_board(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> list[tuple[str, Any, list[DealRegistration]]]:
    """(stage, label, registrations) columns of the open registrations (draft, submitted, approved)."""
    rows = list(
        registration_list(actor=actor, filters=filters).filter(status__in=["draft", "submitted", "approved"])
    )
    return [
        (stage, label, [r for r in rows if r.stage == stage]) for stage, label in RegistrationStage.choices
    ]


def registering_partners(*, actor: Actor) -> list[Partner]:
    """Partners the actor may register for: its own company and, for a distributor, its resellers."""
    from partners.models import Partner

    if not actor.is_partner:
        return []
    resellers = Partner.objects.visible_to(actor).filter(parent_id=actor.partner_id).order_by("name")
    return [actor.partner, *resellers]


def registerable_products(*, actor: Actor) -> QuerySet[Product]:
    """Products a partner may put on a registration: active and sold through the channel."""
    from catalog.models import CHANNEL_SELLABLE

    return (
        products_visible(actor=actor)
        .filter(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE)
        .order_by("sku")
    )


def pipeline_partners(*, actor: Actor) -> QuerySet[Partner]:
    from partners.models import Partner

    if not actor.is_staff:
        return Partner.objects.none()
    # The filter's options: a name and an id each (the whole row of every partner would be read for nothing).
    return (
        Partner.objects.visible_to(actor)
        .filter(deal_registrations__isnull=False)
        .distinct()
        .only("id", "public_id", "name")
        .order_by("name")
    )


def pipeline_cams(*, actor: Actor) -> QuerySet[User]:
    from accounts.models import User
    from core.roles import StaffRole

    if not actor.is_staff:
        return User.objects.none()
    cams = User.objects.filter(is_active=True, staff_role=StaffRole.CAM)
    return cams.only("id", "public_id", "full_name", "email").order_by("full_name", "email")


def registration_extensions(*, actor: Actor, registration: DealRegistration) -> list[ExtensionRequest]:
    return list(
        ExtensionRequest.objects.visible_to(actor)
        .filter(registration=registration)
        .select_related("requested_by", "decided_by")
    )


def extension_get(*, actor: Actor, public_id: UUID) -> ExtensionRequest:
    return get_visible_or_404(
        ExtensionRequest.objects.visible_to(actor).select_related("registration", "registration__partner"),
        public_id=public_id,
    )


def registration_engagement_reasons(
    *, actor: Actor, registration: DealRegistration, check: ConflictCheck | None
) -> list[str]:
    """The rules of engagement's reasons as the reader sees them now: a protection period reads as a promise
    before the decision, as a fact while approved, and not at all once the registration is not protected."""
    from conflicts.selectors import engagement_reasons_for
    from engagement.evaluate import PERIOD_CODES, render_reason

    status = registration.status
    texts = []
    for reason in engagement_reasons_for(actor=actor, check=check):
        if reason["code"] in PERIOD_CODES:
            if status in ("draft", "submitted", "appealed"):
                texts.append(render_reason(reason["code"], reason["params"] | {"if_approved": True}))
            elif status == "approved":
                texts.append(reason["text"])
            continue
        texts.append(reason["text"])
    return texts


# --- the home pages' figures ------------------------------------------------------------------------------
# A figure counts the rows the list at its link shows: `registration_q(filters)` is the list's FilterSet's own
# condition for those filters (deals.filters: phase, currency, expiring_within, close_quarter, …), so a page's
# figures are all counted by one aggregate query over the list's rows, one conditional count per figure.

# What a measure sums besides counting its rows.
SUMMED: dict[str, Any] = {
    "amount": F("amount"),
    "won_amount": Coalesce("won_amount", "amount"),  # the amount won when recorded, else the registered one
    "waited": ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField()),
}


@dataclass(frozen=True)
class Measure:
    """A set of registrations a figure counts (the list's filters at its link), and what it sums (SUMMED)."""

    filters: Mapping[str, str]
    summed: str = ""


@dataclass(frozen=True)
class Bucket:
    """The registrations of one group (a close quarter, a stage) in one currency."""

    key: str  # the group's filter value: "2026-Q3" / "none", or a stage
    currency: str
    total: Decimal
    count: int


@dataclass(frozen=True)
class FigureGroup:
    """The registrations of one currency, stage and expected close quarter: per measure, how many and the
    sum of what it sums (with how many had a value to sum: a duration needs both its moments)."""

    currency: str
    stage: str
    quarter: str  # the close_quarter filter's value: "2026-Q3", or "none"
    counts: dict[str, int]
    sums: dict[str, Any]
    summed: dict[str, int]


@dataclass(frozen=True)
class RegistrationFigures:
    """Several measures over the rows of the registration list, per currency, stage and close quarter."""

    groups: list[FigureGroup]

    def count(self, measure: str) -> int:
        return sum(g.counts[measure] for g in self.groups)

    def by_currency(self, measure: str) -> dict[str, tuple[Any, int]]:
        """{currency: (sum, count)} of the measure's rows, for the currencies it has rows in."""
        found: dict[str, tuple[Any, int]] = {}
        for g in sorted(self.groups, key=lambda g: g.currency):
            if g.counts[measure]:
                total, n = found.get(g.currency, (Decimal(0), 0))
                found[g.currency] = (total + (g.sums[measure] or 0), n + g.counts[measure])
        return found

    def average(self, measure: str) -> timedelta | None:
        """The mean of what the measure sums, over the rows that had it (a duration: None when none had)."""
        n = sum(g.summed[measure] for g in self.groups)
        if not n:
            return None
        total = sum((_duration(g.sums[measure]) for g in self.groups if g.summed[measure]), timedelta())
        return total / n

    def buckets(self, measure: str, *, by: Literal["quarter", "stage"]) -> list[Bucket]:
        """Sum and count per close quarter or stage, per currency, ordered as the chart shows them."""
        merged: dict[tuple[str, str], tuple[Decimal, int]] = {}
        for g in self.groups:
            if g.counts[measure]:
                key = (g.quarter if by == "quarter" else g.stage, g.currency)
                total, n = merged.get(key, (Decimal(0), 0))
                merged[key] = (total + (g.sums[measure] or 0), n + g.counts[measure])
        buckets = [Bucket(key, currency, total, n) for (key, currency), (total, n) in merged.items()]
        if by == "stage":
            order = {stage: i for i, stage in enumerate(RegistrationStage.values)}
            return sorted(buckets, key=lambda b: (order.get(b.key, 99), b.currency))
        return sorted(buckets, key=lambda b: ("~" if b.key == "none" else b.key, b.currency))


def _duration(value: Any) -> timedelta:
    if value is None or isinstance(value, timedelta):
        return value or timedelta()
    return timedelta(microseconds=float(value))  # SQLite answers microseconds


def registration_figures(
    *, actor: Actor, scope: Mapping[str, str], measures: Mapping[str, Measure]
) -> RegistrationFigures:
    """The measures over the list's rows that `scope` (filters every figure carries) selects; one query."""
    aggregates: dict[str, Any] = {}
    for name, measure in measures.items():
        condition = registration_q(measure.filters)
        aggregates[f"n_{name}"] = Count("id", filter=condition)
        if measure.summed:
            summed = SUMMED[measure.summed]
            aggregates[f"sum_{name}"] = Sum(summed, filter=condition)
            if measure.summed == "waited":  # both moments needed: count the rows that have them
                aggregates[f"summed_{name}"] = Count(summed, filter=condition)
    rows = (
        DealRegistration.objects.visible_to(actor)
        .filter(registration_q(scope))
        .values("currency", "stage", quarter=TruncQuarter("expected_close_date"))
        .annotate(**aggregates)
        .order_by()
    )
    return RegistrationFigures(
        [
            FigureGroup(
                currency=row["currency"],
                stage=row["stage"],
                quarter=quarter_key(row["quarter"]),
                counts={name: row[f"n_{name}"] for name in measures},
                sums={name: row.get(f"sum_{name}") for name in measures},
                summed={name: row.get(f"summed_{name}", row[f"n_{name}"]) for name in measures},
            )
            for row in rows
        ]
    )


def registration_rows(
    *, actor: Actor, filters: Mapping[str, str], conflict: bool = False
) -> QuerySet[DealRegistration]:
    """The list's rows for a figure's filters (a card's first few) with their partner, and the latest
    conflict check's outcome (`conflict_outcome`) when asked; without binding the list's form."""
    rows = DealRegistration.objects.visible_to(actor).filter(registration_q(filters))
    rows = rows.select_related("partner")
    return rows.annotate(conflict_outcome=_latest_outcome()) if conflict else rows


@dataclass(frozen=True)
class PartnerDealFigures:
    """Key figures of one partner's registrations (amounts per currency: registrations keep their own)."""

    open_pipeline: dict[str, Decimal]  # submitted or approved: being decided or protected
    won_revenue: dict[str, Decimal]
    won: int
    lost: int
    awaiting_decision: int  # submitted (the CAM's decision)
    total: int  # every registration, drafts included

    @property
    def win_rate(self) -> int | None:
        """Won of the registrations that closed won or lost, in per cent (None before the first one)."""
        closed = self.won + self.lost
        return round(100 * self.won / closed) if closed else None


def partner_deal_figures(*, actor: Actor, partner: Partner) -> PartnerDealFigures:
    """One query: the partner's registrations grouped by currency, counted and summed by status."""
    S = RegistrationStatus
    rows = (
        DealRegistration.objects.visible_to(actor)
        .filter(partner_id=partner.pk)
        .values("currency")
        .order_by("currency")
        .annotate(
            open=Sum("amount", filter=Q(status__in=[S.SUBMITTED, S.APPROVED])),
            won_amount_sum=Sum("won_amount", filter=Q(status=S.WON)),
            won=Count("id", filter=Q(status=S.WON)),
            lost=Count("id", filter=Q(status=S.LOST)),
            submitted=Count("id", filter=Q(status=S.SUBMITTED)),
            total=Count("id"),
        )
    )
    open_pipeline: dict[str, Decimal] = {}
    won_revenue: dict[str, Decimal] = {}
    won = lost = submitted = total = 0
    for row in rows:
        if row["open"]:
            open_pipeline[row["currency"]] = row["open"]
        if row["won_amount_sum"]:
            won_revenue[row["currency"]] = row["won_amount_sum"]
        won, lost, submitted = won + row["won"], lost + row["lost"], submitted + row["submitted"]
        total += row["total"]
    return PartnerDealFigures(open_pipeline, won_revenue, won, lost, submitted, total)


def partner_registrations(*, actor: Actor, partner: Partner, limit: int = 20) -> list[DealRegistration]:
    """The partner's latest registrations (newest first) for its page."""
    return list(_base(actor).filter(partner_id=partner.pk).order_by("-created_at", "-id")[:limit])


# --- the customer hint on the registration form ------------------------------------------------------------

HINT_MIN_CHARS = 3  # fewer letters of a name match too much to say anything
HINT_LIMIT = 5
HINT_SCANNED = 2000  # the newest registrations of the reader's own company compared, name by name
HINT_SCORE = 85  # as conflicts.search.NAME_THRESHOLD: the names the conflict check would call a match


@dataclass(frozen=True)
class CustomerHint:
    """One of the reader's own company's registrations whose customer looks like the one being typed."""

    registration: DealRegistration
    how: str  # "domain", "name" (the whole name matches) or "typed" (what was typed so far begins it)


def _typed_so_far(typed: list[str], stored: list[str]) -> int:
    """How well the words typed so far begin the stored name's words ("progresive" ~ "progressive sports")."""
    from rapidfuzz import fuzz

    if not typed or not stored:
        return 0
    return round(min(max(max(fuzz.ratio(t, s[: len(t)]), fuzz.ratio(t, s)) for s in stored) for t in typed))


def registration_customer_hint(
    *, actor: Actor, name: str = "", domain: str = "", exclude: UUID | None = None
) -> list[CustomerHint]:
    """The registrations of the reader's own company (and, for a distributor, its resellers': what
    `visible_to` shows it) for a customer like the one being typed, newest first. Never another partner's
    registration nor the vendor's direct accounts: this is a typeahead, and it must not become a way to find
    out whom others registered. Those conflicts are found on submission and shown as its outcome only."""
    from django.core.exceptions import ValidationError

    from core.normalize import normalize_domain
    from matching.normalize import name_key, sound_key
    from matching.similarity import name_similarity

    if not actor.is_partner:
        return []
    key = name_key(name or "")[:200]
    try:
        wanted_domain = normalize_domain(domain or "")
    except ValidationError:
        wanted_domain = ""
    if len(key.replace(" ", "")) < HINT_MIN_CHARS and not wanted_domain:
        return []
    rows = DealRegistration.objects.visible_to(actor).select_related("partner")
    if exclude is not None:
        rows = rows.exclude(public_id=exclude)
    typed = sound_key(key).split()
    hints: list[tuple[int, CustomerHint]] = []
    for registration in rows.order_by("-created_at", "-id")[:HINT_SCANNED]:
        if wanted_domain and registration.customer_domain == wanted_domain:
            hints.append((101, CustomerHint(registration, "domain")))
        elif key and registration.name_key:
            whole = name_similarity(key, registration.name_key).score
            if whole >= HINT_SCORE:
                hints.append((whole, CustomerHint(registration, "name")))
            elif len(key) > HINT_MIN_CHARS:
                begun = _typed_so_far(typed, sound_key(registration.name_key).split())
                if begun >= HINT_SCORE:
                    hints.append((begun - 1, CustomerHint(registration, "typed")))
    hints.sort(key=lambda item: -item[0])  # stable: the newest first among equals
    return [hint for _score, hint in hints[:HINT_LIMIT]]
