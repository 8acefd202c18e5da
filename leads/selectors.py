"""Reads of leads: a partner the leads offered to or accepted by its company, staff all of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import QuerySet

from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from leads.filters import LeadFilterSet
from leads.models import Lead, LeadAssignment, LeadAttribute, LeadNote, LeadStatus

if TYPE_CHECKING:
    from accounts.models import User
    from partners.models import Partner

# The board's columns: the open statuses a partner moves a lead through.
BOARD_STATUSES = (LeadStatus.NEW, LeadStatus.ACCEPTED, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)
BOARD_CARDS = 100  # cards per column; the list shows them all


def _base(actor: Actor) -> QuerySet[Lead]:
    return Lead.objects.visible_to(actor).select_related("partner", "partner__cam")


def lead_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> LeadFilterSet:
    """The list's bound FilterSet (`.qs` the rows, `.form` the filter form)."""
    return bind_filters(
        LeadFilterSet,
        data,
        queryset=_base(actor).order_by("-created_at", "-id"),
        strict=strict,
        actor=actor,
        partners=lead_partners(actor=actor),
        cams=lead_cams(actor=actor),
    )


def lead_board(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> list[tuple[str, Any, list[Lead], int]]:
    """(status, label, leads, count) columns of the open leads: the newest `BOARD_CARDS` of each."""
    rows = lead_filters(actor=actor, data=filters).qs
    columns = []
    for status in BOARD_STATUSES:
        in_status = rows.filter(status=status)
        columns.append((status.value, status.label, list(in_status[:BOARD_CARDS]), in_status.count()))
    return columns


def lead_get(*, actor: Actor, public_id: UUID) -> Lead:
    return get_visible_or_404(
        _base(actor).select_related("registration", "duplicate_of"), public_id=public_id
    )


def lead_assignments(*, actor: Actor, lead: Lead) -> QuerySet[LeadAssignment]:
    """The offers of this lead the reader may see: staff all of them, a partner its own company's."""
    return (
        LeadAssignment.objects.visible_to(actor)
        .filter(lead=lead)
        .select_related("partner", "assigned_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def lead_notes(*, actor: Actor, lead: Lead) -> QuerySet[LeadNote]:
    return LeadNote.objects.visible_to(actor).filter(lead=lead).select_related("author", "partner")


def attributes_list(*, actor: Actor, include_inactive: bool = False) -> QuerySet[LeadAttribute]:
    rows = LeadAttribute.objects.visible_to(actor)
    return rows if include_inactive else rows.filter(active=True)


def attribute_get(*, actor: Actor, public_id: UUID) -> LeadAttribute:
    return get_visible_or_404(LeadAttribute.objects.visible_to(actor), public_id=public_id)


def lead_partners(*, actor: Actor) -> QuerySet[Partner]:
    from partners.models import Partner

    if not actor.is_staff:
        return Partner.objects.none()
    return Partner.objects.visible_to(actor).only("id", "public_id", "name").order_by("name")


def lead_cams(*, actor: Actor) -> QuerySet[User]:
    from deals.selectors import pipeline_cams

    return pipeline_cams(actor=actor)
