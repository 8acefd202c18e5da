from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from programs.filters import MemberFilterSet, ProgramListFilterSet
from programs.models import (
    PUBLISHED_KINDS,
    AgreementAcceptance,
    AgreementKind,
    AgreementVersion,
    PartnerProgram,
    ProgramCharter,
    ProgramMembership,
    ProgramTier,
)

if TYPE_CHECKING:
    from partners.models import Partner


def charter_get() -> ProgramCharter | None:
    return ProgramCharter.objects.order_by("id").first()


def current_version(*, kind: str = AgreementKind.PARTNER_AGREEMENT) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(kind=kind).order_by("-version").first()


def versions(*, actor: Actor, kind: str | None = None) -> QuerySet[AgreementVersion]:
    qs = AgreementVersion.objects.visible_to(actor).select_related("published_by")
    return qs.filter(kind=kind) if kind else qs


def version_get(*, actor: Actor, public_id: UUID) -> AgreementVersion:
    return get_visible_or_404(AgreementVersion.objects.visible_to(actor), public_id=public_id)


def acceptances_for_partner(*, actor: Actor, partner: Partner) -> QuerySet[AgreementAcceptance]:
    return (
        AgreementAcceptance.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("version", "accepted_by")
    )


def acceptances_for_version(*, actor: Actor, version: AgreementVersion) -> QuerySet[AgreementAcceptance]:
    return (
        AgreementAcceptance.objects.visible_to(actor)
        .filter(version=version)
        .select_related("partner", "accepted_by")
        .order_by("partner__name")
    )


def pending_acceptances(*, actor: Actor, partner: Partner) -> list[AgreementVersion]:
    """Current versions of each document the partner has not yet accepted."""
    accepted = set(
        AgreementAcceptance.objects.visible_to(actor)
        .filter(partner=partner)
        .values_list("version_id", flat=True)
    )
    pending = []
    for kind in PUBLISHED_KINDS:
        version = current_version(kind=kind)
        if version is not None and version.pk not in accepted:
            pending.append(version)
    return pending


def has_accepted_current(
    *, actor: Actor, partner: Partner, kind: str = AgreementKind.PARTNER_AGREEMENT
) -> bool:
    version = current_version(kind=kind)
    if version is None:
        return False
    return AgreementAcceptance.objects.visible_to(actor).filter(partner=partner, version=version).exists()


def current_versions() -> list[AgreementVersion]:
    """The current version of each document that has been published, in document order."""
    return [v for kind in PUBLISHED_KINDS if (v := current_version(kind=kind)) is not None]


def versions_by_kind(*, actor: Actor) -> list[tuple[str, Any, list[AgreementVersion]]]:
    """(kind, label, versions newest first with `acceptance_count`) for every document (staff list)."""
    # Counted per version by a subquery: a join grouped by every column would sort each acceptance's row with
    # the version's texts. The list shows no agreement text, so those are not read.
    accepted = (
        AgreementAcceptance.objects.filter(version=OuterRef("pk"))
        .order_by()
        .values("version")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows: list[AgreementVersion] = list(
        versions(actor=actor)
        .defer("body_en", "body_ru")
        .annotate(acceptance_count=Coalesce(Subquery(accepted), 0))
        .order_by("kind", "-version")
    )
    # The former rules-of-engagement text shows while it has versions (its acceptances are kept).
    return [
        (kind, label, found)
        for kind, label in AgreementKind.choices
        if (found := [v for v in rows if v.kind == kind]) or kind in PUBLISHED_KINDS
    ]


@dataclass(frozen=True)
class DocumentStatus:
    """The current version of one document and whether a partner has accepted it."""

    version: AgreementVersion
    acceptance: AgreementAcceptance | None

    @property
    def accepted(self) -> bool:
        return self.acceptance is not None


def documents_for_partner(*, actor: Actor, partner: Partner) -> list[DocumentStatus]:
    current = current_versions()
    accepted = {
        a.version_id: a
        for a in acceptances_for_partner(actor=actor, partner=partner).filter(version__in=current)
    }
    return [DocumentStatus(version=v, acceptance=accepted.get(v.pk)) for v in current]


# --- programs, tiers and memberships ------------------------------------------------------------------------


def programs_visible(*, actor: Actor) -> QuerySet[PartnerProgram]:
    return PartnerProgram.objects.visible_to(actor).prefetch_related("tiers")


def default_program() -> PartnerProgram | None:
    return PartnerProgram.objects.filter(is_default=True).first()


def memberships_of(*, actor: Actor, partner: Partner) -> QuerySet[ProgramMembership]:
    """The partner's memberships, current first, as `actor` may read them."""
    return (
        ProgramMembership.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("program")
        .order_by(F("ended_at").desc(nulls_first=True), "program__position", "program__code")
    )


@dataclass(frozen=True)
class TierBenefits:
    """What a partner's tiers give it, the best of its current memberships: the largest discount, MDF
    accrual, routing priority and protection, the shortest support response. None: no tier sets it."""

    catalog_discount: Decimal = Decimal("0")
    mdf_rate: Decimal | None = None
    routing_priority: int = 0
    protection_days: int | None = None
    support_sla_hours: int | None = None


NO_BENEFITS = TierBenefits()


def tier_benefits(partner_ids: Iterable[int] | None = None) -> dict[int, TierBenefits]:
    """Each partner's benefits (only partners with a current membership; others have `NO_BENEFITS`), for the
    given partners or all, in one query: the apps that apply a benefit read it here."""
    # One filter() call: every condition on the same membership row (a second call would join another).
    condition: dict[str, Any] = {
        "program__memberships__ended_at__isnull": True,
        "program__memberships__tier": F("tier"),
    }
    if partner_ids is not None:
        condition["program__memberships__partner_id__in"] = list(partner_ids)
    found = (
        ProgramTier.objects.filter(**condition)
        .values("program__memberships__partner_id")
        .annotate(
            discount=Max("catalog_discount"),
            mdf=Max("mdf_rate"),
            priority=Max("routing_priority"),
            protection=Max("protection_days"),
            sla=Min("support_sla_hours"),
        )
    )
    return {
        row["program__memberships__partner_id"]: TierBenefits(
            catalog_discount=row["discount"] or Decimal("0"),
            mdf_rate=row["mdf"],
            routing_priority=row["priority"] or 0,
            protection_days=row["protection"],
            support_sla_hours=row["sla"],
        )
        for row in found
    }


def benefits_of(partner: Partner) -> TierBenefits:
    return tier_benefits([partner.pk]).get(partner.pk, NO_BENEFITS)


def program_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ProgramListFilterSet:
    """The programs list's bound FilterSet: staff see every program (with `member_count`, the current
    members), partner users the ones their company belongs to."""
    qs = PartnerProgram.objects.visible_to(actor).order_by("position", "code")
    if actor.is_staff:
        current = (
            ProgramMembership.objects.filter(program=OuterRef("pk"), ended_at__isnull=True)
            .order_by()
            .values("program")
            .annotate(n=Count("id"))
            .values("n")
        )
        qs = qs.annotate(member_count=Coalesce(Subquery(current), 0))
    return bind_filters(ProgramListFilterSet, data, queryset=qs, strict=strict)


def program_get(*, actor: Actor, public_id: UUID | str) -> PartnerProgram:
    return get_visible_or_404(programs_visible(actor=actor), public_id=public_id)


def tiers_of(program: PartnerProgram) -> list[ProgramTier]:
    """The program's tiers, lowest first (the ladder's order, not the alphabet's)."""
    return sorted(program.tiers.all(), key=lambda tier: tier.rank)


def tier_get(*, actor: Actor, public_id: UUID | str) -> ProgramTier:
    return get_visible_or_404(
        ProgramTier.objects.visible_to(actor).select_related("program"), public_id=public_id
    )


def member_filters(
    *, actor: Actor, program: PartnerProgram, data: Mapping[str, Any] | None = None, strict: bool = False
) -> MemberFilterSet:
    """A program's members list: current ones unless the filters ask for former ones (a partner user reads
    only its own company's membership)."""
    qs = (
        ProgramMembership.objects.visible_to(actor)
        .filter(program=program)
        .select_related("partner", "program")
        .order_by("partner__name", "id")
    )
    return bind_filters(MemberFilterSet, data, queryset=qs, strict=strict, actor=actor)


def membership_get(*, actor: Actor, public_id: UUID | str) -> ProgramMembership:
    return get_visible_or_404(
        ProgramMembership.objects.visible_to(actor).select_related("partner", "program"), public_id=public_id
    )


@dataclass(frozen=True)
class ProgramStanding:
    """A partner's place in one program: its membership, the program's tiers (lowest first) and its own."""

    membership: ProgramMembership
    tiers: list[ProgramTier]

    @property
    def program(self) -> PartnerProgram:
        return self.membership.program

    @property
    def tier(self) -> ProgramTier | None:
        return next((t for t in self.tiers if t.tier == self.membership.tier), None)


def standings_of(*, actor: Actor, partner: Partner) -> list[ProgramStanding]:
    """The programs `partner` belongs to now, each with its tiers and benefits (the portal's page and card,
    the staff partner page), in three queries."""
    memberships = list(
        memberships_of(actor=actor, partner=partner)
        .filter(ended_at__isnull=True)
        .prefetch_related(Prefetch("program__tiers", queryset=ProgramTier.objects.order_by("id")))
    )
    return [
        ProgramStanding(m, sorted(m.program.tiers.all(), key=lambda tier: tier.rank)) for m in memberships
    ]
