"""Reads for co-branded collateral. Staff see every template and version; partner users see the published
templates meant for their company and only their current version (`partner_filter` on the models), and the
files made for the partners they may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from collateral.filters import TemplateFilterSet
from collateral.models import CollateralTemplate, GeneratedCollateral, TemplateVersion
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from partners.models import Partner


def templates_visible(*, actor: Actor) -> QuerySet[CollateralTemplate]:
    return CollateralTemplate.objects.visible_to(actor).select_related("current_version")


def template_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> TemplateFilterSet:
    """The templates list's bound FilterSet (staff: every template; partners: what they may generate)."""
    return bind_filters(
        TemplateFilterSet,
        data,
        queryset=templates_visible(actor=actor).order_by("title_en", "id"),
        strict=strict,
        actor=actor,
    )


def template_get(*, actor: Actor, public_id: UUID | str) -> CollateralTemplate:
    return get_visible_or_404(templates_visible(actor=actor), public_id=public_id)


def versions_of(*, actor: Actor, template: CollateralTemplate) -> QuerySet[TemplateVersion]:
    return (
        TemplateVersion.objects.visible_to(actor)
        .filter(template=template)
        .select_related("created_by")
        .order_by("-number")
    )


def latest_version(*, actor: Actor, template: CollateralTemplate) -> TemplateVersion | None:
    return versions_of(actor=actor, template=template).first()


def current_version(*, actor: Actor, template: CollateralTemplate) -> TemplateVersion | None:
    """The version partners get, read through the reader's scope."""
    if template.current_version_id is None:
        return None
    return TemplateVersion.objects.visible_to(actor).filter(pk=template.current_version_id).first()


def cached_file(
    *, actor: Actor, template_id: UUID | str, partner: Partner, language: str, rep_keys: tuple[str, ...]
) -> GeneratedCollateral | None:
    """The fast path of a download: the file already made of the template's current version for this
    partner, language and profile version (and person, for a personal template), in one query; None when
    there is none yet, or when the template is no longer the reader's to generate."""
    return (
        GeneratedCollateral.objects.visible_to(actor)
        .filter(
            partner=partner,
            language=language,
            profile_version=partner.profile_version,
            rep_key__in=rep_keys,
            template_version__template__in=CollateralTemplate.objects.visible_to(actor).filter(
                public_id=template_id
            ),
            template_version__current_of__isnull=False,
        )
        .select_related("template_version__template")
        .only(
            "public_id",
            "file",
            "language",
            "template_version__template__title_en",
            "template_version__template__title_ru",
        )
        .first()
    )


def generated_get(*, actor: Actor, public_id: UUID | str) -> GeneratedCollateral:
    return get_visible_or_404(
        GeneratedCollateral.objects.visible_to(actor).select_related("template_version__template", "partner"),
        public_id=public_id,
    )


def preview_partners(*, actor: Actor) -> QuerySet[Partner]:
    return Partner.objects.visible_to(actor).only("public_id", "name").order_by("name")
