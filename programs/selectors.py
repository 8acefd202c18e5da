from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.actor import Actor
from core.scoping import get_visible_or_404
from programs.models import AgreementAcceptance, AgreementKind, AgreementVersion, ProgramCharter

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
    for kind in AgreementKind.values:
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
    return [v for kind in AgreementKind.values if (v := current_version(kind=kind)) is not None]


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
    rows = list(
        versions(actor=actor)
        .defer("body_en", "body_ru")
        .annotate(acceptance_count=Coalesce(Subquery(accepted), 0))
        .order_by("kind", "-version")
    )
    return [(kind, label, [v for v in rows if v.kind == kind]) for kind, label in AgreementKind.choices]


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
