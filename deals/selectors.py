"""Reads of deal registrations: a partner's own (and, for a distributor, its resellers'), staff all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from catalog.selectors import products_visible
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from deals.filters import RegistrationFilterSet
from deals.models import DealLine, DealRegistration, ExtensionRequest, RegistrationStage

if TYPE_CHECKING:
    from accounts.models import User
    from catalog.models import Product
    from conflicts.models import ConflictCheck
    from partners.models import Partner


def _base(actor: Actor) -> QuerySet[DealRegistration]:
    from conflicts.models import ConflictCheck

    latest_outcome = (
        ConflictCheck.objects.filter(registration=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("outcome")[:1]
    )
    return (
        DealRegistration.objects.visible_to(actor)
        .select_related("partner", "partner__cam", "registered_by", "registered_via", "decided_by")
        .annotate(conflict_outcome=Subquery(latest_outcome))
    )


def registration_get(*, actor: Actor, public_id: UUID) -> DealRegistration:
    lines = Prefetch(
        "lines", queryset=DealLine.objects.visible_to(actor).select_related("product").order_by("id")
    )
    return get_visible_or_404(_base(actor).prefetch_related(lines), public_id=public_id)


def registration_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RegistrationFilterSet:
    """The list's bound FilterSet (`.qs` are the rows, `.form` the filter form)."""
    qs = _base(actor)
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
    return (
        Partner.objects.visible_to(actor).filter(deal_registrations__isnull=False).distinct().order_by("name")
    )


def pipeline_cams(*, actor: Actor) -> QuerySet[User]:
    from accounts.models import User
    from core.roles import StaffRole

    if not actor.is_staff:
        return User.objects.none()
    return User.objects.filter(is_active=True, staff_role=StaffRole.CAM).order_by("full_name", "email")


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


PROTECTION_REASONS = ("protection_rule", "protection_tier", "protection_default")


def registration_engagement_reasons(
    *, actor: Actor, registration: DealRegistration, check: ConflictCheck | None
) -> list[str]:
    """The rules of engagement's reasons as the reader sees them now: a protection period reads as a promise
    before the decision, as a fact while approved, and not at all once the registration is not protected."""
    from conflicts.selectors import engagement_reasons_for
    from engagement.evaluate import render_reason

    status = registration.status
    texts = []
    for reason in engagement_reasons_for(actor=actor, check=check):
        if reason["code"] in PROTECTION_REASONS:
            if status in ("draft", "submitted", "appealed"):
                texts.append(render_reason(reason["code"], reason["params"] | {"if_approved": True}))
            elif status == "approved":
                texts.append(reason["text"])
            continue
        texts.append(reason["text"])
    return texts


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
