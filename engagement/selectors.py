"""Reads for the rules of engagement. Staff see every version; partner users see only the published ones
(`partner_filter` on the models).

Which rules judge a partner (`ruleset_for_partner`, `rules_in_force` for many at once): the published rules
of the first of its current programs that has published rules — the default program first, then the others
in program order (position, code); a partner in no such program (or in none) is judged by the default
program's published rules; without those, by none (the channel sells it, `DEAL_PROTECTION_DAYS`)."""

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from competition.selectors import has_disclosed
from core.actor import Actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from engagement.errors import EngagementErrorCode
from engagement.filters import RuleSetFilterSet
from engagement.models import Rule, RuleSet, RuleSetAcceptance, RuleSetStatus
from partners.models import Partner
from programs.models import PartnerProgram, ProgramMembership
from programs.selectors import benefits_of


def _with_rules(qs: QuerySet[RuleSet]) -> QuerySet[RuleSet]:
    return qs.prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("position", "id")))


def _default_program_id() -> int | None:
    return PartnerProgram.objects.filter(is_default=True).values_list("pk", flat=True).first()


def current_ruleset(program: PartnerProgram | int | None = None) -> RuleSet | None:
    """The published rule set of `program` (the default program's when None), with its rules, or None.
    Public data: no actor needed."""
    program_id = program.pk if isinstance(program, PartnerProgram) else program
    if program_id is None:
        program_id = _default_program_id()
    published = RuleSet.objects.filter(status=RuleSetStatus.PUBLISHED, program_id=program_id)
    return _with_rules(published.select_related("program")).first()


def rules_in_force(partner_ids: Iterable[int]) -> dict[int, int]:
    """Each given partner's rule set in force (its id), as the module says; partners judged by no published
    rules are left out. A few queries, whatever the number of partners."""
    partner_ids = list(partner_ids)
    published = dict(RuleSet.objects.filter(status=RuleSetStatus.PUBLISHED).values_list("program_id", "pk"))
    if not published or not partner_ids:
        return {}
    found: dict[int, int] = {}
    memberships = (
        ProgramMembership.objects.filter(
            ended_at__isnull=True, program_id__in=list(published), partner_id__in=partner_ids
        )
        .order_by("partner_id", "-program__is_default", "program__position", "program__code")
        .values_list("partner_id", "program_id")
    )
    for partner_id, program_id in memberships:
        found.setdefault(partner_id, published[program_id])
    fallback = published.get(_default_program_id() or 0)
    if fallback is not None:
        for partner_id in partner_ids:
            found.setdefault(partner_id, fallback)
    return found


def ruleset_for_partner(partner: Partner) -> RuleSet | None:
    """The published rules that judge `partner`'s registrations (with their rules and program), or None."""
    ruleset_id = rules_in_force([partner.pk]).get(partner.pk)
    if ruleset_id is None:
        return None
    return _with_rules(RuleSet.objects.filter(pk=ruleset_id).select_related("program")).first()


def protection_benefit(partner: Partner) -> int | None:
    """The deal protection `partner`'s program tier gives (the best of its current memberships), or None."""
    return benefits_of(partner).protection_days


def acceptance_of(*, partner: Partner, ruleset: RuleSet) -> RuleSetAcceptance | None:
    return (
        RuleSetAcceptance.objects.filter(partner=partner, ruleset=ruleset)
        .select_related("accepted_by")
        .first()
    )


def rules_to_accept(*, partner: Partner) -> RuleSet | None:
    """The rules in force for `partner` when it has not accepted them yet (else None): until it does, it
    submits no registration."""
    ruleset = ruleset_for_partner(partner)
    if ruleset is None or acceptance_of(partner=partner, ruleset=ruleset) is not None:
        return None
    return ruleset


def acceptances_for_partner(*, actor: Actor, partner: Partner) -> QuerySet[RuleSetAcceptance]:
    return (
        RuleSetAcceptance.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("ruleset__program", "accepted_by")
    )


def acceptances_for_ruleset(*, actor: Actor, ruleset: RuleSet) -> QuerySet[RuleSetAcceptance]:
    return (
        RuleSetAcceptance.objects.visible_to(actor)
        .filter(ruleset=ruleset)
        .select_related("partner", "accepted_by")
        .order_by("partner__name", "id")
    )


def programs_with_rules(*, actor: Actor) -> list[tuple[PartnerProgram, RuleSet | None, RuleSet | None]]:
    """Every program the actor sees with its published rules and its draft (staff: the versions list)."""
    programs = list(PartnerProgram.objects.visible_to(actor).order_by("position", "code"))
    sets = ruleset_list(actor=actor).filter(status__in=(RuleSetStatus.PUBLISHED, RuleSetStatus.DRAFT))
    by_program: dict[tuple[Any, str], RuleSet] = {(r.program_id, r.status): r for r in sets}
    return [
        (p, by_program.get((p.pk, RuleSetStatus.PUBLISHED)), by_program.get((p.pk, RuleSetStatus.DRAFT)))
        for p in programs
    ]


def ruleset_list(*, actor: Actor) -> QuerySet[RuleSet]:
    return (
        RuleSet.objects.visible_to(actor)
        .select_related("published_by", "program")
        .order_by("program__position", "program__code", "-version")
    )


def ruleset_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> RuleSetFilterSet:
    """The versions list's bound FilterSet (`.qs` the versions the actor may see, by program then newest first
    by default)."""
    return bind_filters(
        RuleSetFilterSet,
        data,
        queryset=ruleset_list(actor=actor),
        strict=strict,
        programs=PartnerProgram.objects.visible_to(actor).order_by("position", "code"),
    )


def ruleset_get(*, actor: Actor, public_id: UUID | str) -> RuleSet:
    return get_visible_or_404(_with_rules(ruleset_list(actor=actor)), public_id=public_id)


def ruleset_draft(*, actor: Actor) -> RuleSet | None:
    """The default program's draft (the versions page lists every program's with `programs_with_rules`)."""
    return ruleset_list(actor=actor).filter(status=RuleSetStatus.DRAFT, program__is_default=True).first()


def rule_get(*, actor: Actor, public_id: UUID | str) -> Rule:
    return get_visible_or_404(Rule.objects.visible_to(actor).select_related("ruleset"), public_id=public_id)


def disclosure_refusal(partner_id: int, ruleset: RuleSet | None = None) -> ValidationError | None:
    """Why the partner may not submit a registration under the rules in force (or `ruleset`): they ask for
    its competing products first and no admin of it has confirmed them (competition app). None: it may."""
    if ruleset is None:
        ruleset = current_ruleset()
    if ruleset is None or not ruleset.disclosure_required or has_disclosed(partner_id):
        return None
    return ValidationError(
        _(
            "The rules of engagement ask every partner to declare the competing products it sells before "
            "registering a deal, and your company has not confirmed its list yet. A partner admin confirms "
            "it on the company profile (Competing products)."
        ),
        code=EngagementErrorCode.NOT_DISCLOSED,
    )
