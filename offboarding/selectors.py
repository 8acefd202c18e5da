"""Reads of offboarding: the wind-downs (one FilterSet for the list, its export and the API), one with its
checklist as the reader sees it (each step's check, and what the reader may do), and a partner's live one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from core.actor import Actor
from core.events import visible_note
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from offboarding.filters import OffboardingFilterSet
from offboarding.models import Offboarding, OffboardingStatus, WindDownStep
from offboarding.rules import step_actions
from offboarding.steps import STEPS, Check, Step
from partners.models import Partner


def offboardings_visible(*, actor: Actor) -> QuerySet[Offboarding]:
    """Offboardings (staff only), each with how many of its steps are done (`steps_done`)."""
    if not actor.is_staff:
        raise PermissionDenied
    actor.require("offboarding.view")
    return (
        Offboarding.objects.visible_to(actor)
        .select_related("partner", "started_by")
        .annotate(
            steps_done=Count("steps", filter=Q(steps__done_at__isnull=False)), steps_total=Count("steps")
        )
    )


def offboarding_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> OffboardingFilterSet:
    return bind_filters(
        OffboardingFilterSet, data, queryset=offboardings_visible(actor=actor), actor=actor, strict=strict
    )


def offboarding_get(*, actor: Actor, public_id: UUID | str) -> Offboarding:
    return get_visible_or_404(offboardings_visible(actor=actor), public_id=public_id)


def partner_offboarding(*, actor: Actor, partner: Partner) -> Offboarding | None:
    """The partner's offboarding in progress, else its latest, for those who may read them."""
    if not actor.is_staff or not actor.can("offboarding.view"):
        return None
    rows = offboardings_visible(actor=actor).filter(partner=partner)
    return rows.filter(status=OffboardingStatus.IN_PROGRESS).first() or rows.order_by("-created_at").first()


def start_partners(*, actor: Actor) -> QuerySet[Partner]:
    """The partners a wind-down may start for (the API's `partner`): staff's, none winding down already."""
    if not actor.is_staff:
        return Partner.objects.none()
    return (
        Partner.objects.visible_to(actor)
        .exclude(offboardings__status=OffboardingStatus.IN_PROGRESS)
        .only("id", "public_id", "name")
    )


@dataclass(frozen=True)
class StepState:
    row: WindDownStep
    step: Step
    check: Check
    actions: tuple[str, ...]
    note: str  # as the reader may read it

    @property
    def key(self) -> str:
        return self.row.key


def checklist(*, actor: Actor, offboarding: Offboarding) -> list[StepState]:
    """The steps in order, each with what its check finds now and what the reader may do."""
    rows = list(offboarding.steps.select_related("done_by").order_by("position", "id"))
    states = []
    for row in rows:
        step = STEPS[row.key]
        check = step.check(offboarding, actor=actor)
        states.append(
            StepState(
                row,
                step,
                check,
                tuple(step_actions(actor, offboarding, row, step, check)),
                visible_note(note=row.note, author=row.done_by, actor=actor),
            )
        )
    return states


def winding_down() -> list[int]:
    """The ids of the partners whose wind-down is in progress (routing offers them no lead)."""
    return list(
        Offboarding.objects.filter(status=OffboardingStatus.IN_PROGRESS).values_list("partner_id", flat=True)
    )
