"""Builders for tier tests (and the isolation walk's factories): members in the default program, published
criteria, and the data the metrics read (won registrations, certified people)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.actor import system_actor
from programs.models import PartnerProgram, ProgramMembership
from programs.services import membership_join
from tiers import services
from tiers.models import CriteriaVersion

WON = "deals.won_revenue"
CERTIFIED = "learning.certified_people"


def default_program() -> PartnerProgram:
    return PartnerProgram.objects.get(is_default=True)


def join(partner: Any, tier: str = "registered", program: PartnerProgram | None = None) -> ProgramMembership:
    return membership_join(
        actor=system_actor(), program=program or default_program(), partner=partner, tier=tier
    )


def criteria(
    requirements: list[tuple[str, str, str, str]] | None = None,
    *,
    program: PartnerProgram | None = None,
    publish: bool = True,
) -> CriteriaVersion:
    """A criteria version of (tier, metric, parameter, threshold) requirements; by default silver from
    100,000 of won revenue, gold from 1,000,000 and three certified people."""
    actor = system_actor()
    program = program or default_program()
    draft = CriteriaVersion.objects.filter(program=program, status="draft").first()
    if draft is None:
        draft = services.criteria_create_draft(actor=actor, program=program)
    for requirement in draft.requirements.all():
        services.requirement_delete(actor=actor, requirement=requirement)
    for tier, metric, parameter, threshold in requirements or [
        ("silver", WON, "", "100000"),
        ("gold", WON, "", "1000000"),
        ("gold", CERTIFIED, "", "3"),
    ]:
        services.requirement_create(
            actor=actor,
            criteria=draft,
            data={"tier": tier, "metric": metric, "parameter": parameter, "threshold": threshold},
        )
    if publish:
        services.criteria_publish(actor=actor, criteria=draft)
        draft.refresh_from_db()
    return draft


def win(
    partner: Any, amount: str | Decimal, *, currency: str = "USD", days_ago: int = 1, **extra: Any
) -> Any:
    """A registration of `partner` won `days_ago` days ago for `amount`."""
    from deals.models import DealRegistration

    closed = timezone.now() - dt.timedelta(days=days_ago)
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=f"Customer {DealRegistration.objects.count() + 1}",
        amount=Decimal(amount),
        won_amount=Decimal(amount),
        currency=currency,
        status="won",
        closed_at=closed,
        **extra,
    )


def certify(partner: Any, people: int, *, certification: Any = None, prefix: str = "") -> Any:
    """`people` people of `partner` holding a valid award of `certification` (made when not given)."""
    from accounts.testing import make_member
    from learning.models import Certification, CertificationAward

    if certification is None:
        certification, _created = Certification.objects.get_or_create(title_en="Bike expert")
    now = timezone.now()
    start = CertificationAward.objects.count()
    for index in range(people):
        user = make_member(partner, f"{prefix}cert{start + index}@{partner.web_domain or 'example.test'}")
        CertificationAward.objects.create(
            user=user, partner=partner, certification=certification, awarded_at=now - dt.timedelta(days=10)
        )
    return certification
