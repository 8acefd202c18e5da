"""The conflict check: which live records a registration collides with, why, and what the rules of
engagement say about the deal. Run on submission and on demand by staff; every run is stored."""

from __future__ import annotations

import time

from django.db import transaction

from conflicts import claims
from conflicts.models import CheckOutcome, ConflictCheck, ConflictMatch, Source
from conflicts.search import Candidate, find_candidates
from conflicts.sources import get_source

MAX_MATCHES = 20


def _registration_reasons(candidate: Candidate, registration, others: dict) -> list[dict]:
    other = others.get(candidate.record_id)
    if other is None:
        return []
    same_partner = other.partner_id == registration.partner_id
    code = "own_registration" if same_partner else "partner_registration"
    params = {"status": other.status, "partner": other.partner.name}
    reasons = [{"code": code, "params": params}]
    if other.submitted_at and registration.submitted_at:
        params["earlier"] = other.submitted_at <= registration.submitted_at
        if not same_partner:
            reasons.append(_tie_break(registration, other))
    return reasons


def _tie_break(registration, other) -> dict:
    """Which of the two the rules of engagement favour, so the CAM sees the recommendation and why."""
    from engagement.evaluate import Competitor, tie_break
    from engagement.selectors import ruleset_for_partner

    result = tie_break(
        ruleset_for_partner(registration.partner),  # the rules of the registering partner's program
        Competitor(registration.submitted_at, registration.partner.tier),
        Competitor(other.submitted_at, other.partner.tier),
    )
    winner = {"a": "this", "b": "other"}.get(result.winner or "", "")
    return {
        "code": "tie_break",
        "params": {"winner": winner, "rule": result.code, "rule_params": result.params},
    }


def _account_reasons(account) -> list[dict]:
    reasons = []
    if account.is_named_account:
        reasons.append({"code": "named_account", "params": {}})
    open_deals = [deal for deal in account.deals.all() if deal.is_open]
    for deal in open_deals[:3]:
        reasons.append(
            {
                "code": "open_direct_deal",
                "params": {
                    "deal": deal.name,
                    "stage": deal.stage,
                    "amount": str(deal.amount),
                    "currency": deal.currency,
                },
            }
        )
    return reasons


def _records(candidates: list[Candidate]):
    """The matched records, loaded by their sources (deals and direct register them)."""
    registration_ids = [c.record_id for c in candidates if c.source == Source.REGISTRATION]
    account_ids = [c.record_id for c in candidates if c.source == Source.DIRECT_ACCOUNT]
    registrations = get_source(Source.REGISTRATION).load(registration_ids) if registration_ids else {}
    accounts = get_source(Source.DIRECT_ACCOUNT).load(account_ids) if account_ids else {}
    return registrations, accounts


def _evidence(candidate: Candidate) -> list[dict]:
    return [{"code": code, "params": params} for code, params in candidate.reasons]


def check_registration(registration, *, actor=None, held_by: dict[str, int] | None = None) -> ConflictCheck:
    """Run the engine for `registration`, store and return the check. `held_by` are the customer keys
    another registration claimed first (from conflicts.claims.claim at submission)."""
    started = time.perf_counter()
    candidates = [
        c
        for c in find_candidates(
            name_key=registration.name_key,
            name=registration.customer_name,
            domain=registration.customer_domain,
            tax_id_key=registration.tax_id_key,
        )
        if c.record != (Source.REGISTRATION, registration.pk)
    ]
    for key, holder in (held_by or {}).items():
        # The claim holder may not be searchable yet (its transaction committed after our search began).
        found = next((c for c in candidates if c.record == (Source.REGISTRATION, holder)), None)
        if found is None:
            found = Candidate(Source.REGISTRATION, holder, None, "", 100)
            candidates.insert(0, found)
        found.score = 100
        if all(code != "claimed_first" for code, _ in found.reasons):  # one per holder: the strongest key
            found.reasons.insert(0, ("claimed_first", {"key": claims.key_kind(key)}))
    candidates = candidates[:MAX_MATCHES]
    registrations, accounts = _records(candidates)
    matches: list[ConflictMatch] = []
    for candidate in candidates:
        if candidate.source == Source.REGISTRATION:
            other = registrations.get(candidate.record_id)
            if other is None:
                continue
            reasons = _evidence(candidate) + _registration_reasons(candidate, registration, registrations)
            matches.append(
                ConflictMatch(
                    source=candidate.source,
                    matched_registration=other,
                    matched_label=f"{other.customer_name} — {other.partner.name}"[:300],
                    score=candidate.score,
                    reasons=reasons,
                )
            )
        else:
            account = accounts.get(candidate.record_id)
            if account is None:
                continue
            matches.append(
                ConflictMatch(
                    source=candidate.source,
                    matched_account=account,
                    matched_label=account.name[:300],
                    score=candidate.score,
                    reasons=_evidence(candidate) + _account_reasons(account),
                )
            )
    decision = engagement_decision(
        registration, accounts=[m.matched_account for m in matches if m.matched_account]
    )
    with transaction.atomic():
        check = ConflictCheck.objects.create(
            registration=registration,
            run_by=getattr(actor, "user", None),
            outcome=CheckOutcome.CONFLICT if matches else CheckOutcome.CLEAR,
            engagement_outcome=decision.outcome if decision else "",
            engagement_reasons=[{"code": c, "params": p} for c, p in decision.reasons] if decision else [],
            engagement_version=decision.ruleset.version if decision and decision.ruleset else None,
            protection_days=decision.protection_days if decision else None,
            duration_ms=round((time.perf_counter() - started) * 1000),
        )
        for position, match in enumerate(matches):
            match.check_run = check
            match.position = position
        ConflictMatch.objects.bulk_create(matches)
    return check


def _facts(registration, *, accounts):
    from decimal import Decimal

    from competition.selectors import competitive_lines
    from engagement.evaluate import DealFacts
    from engagement.selectors import protection_benefit

    # The customer's size comes from the vendor's own record of it, when the engine found one.
    account = accounts[0] if accounts else None
    revenue = account.annual_revenue if account is not None and account.currency == "USD" else None
    return DealFacts(
        partner_tier=registration.partner.tier,
        product_eligibilities=frozenset(
            registration.lines.values_list("product__channel_eligibility", flat=True)
        ),
        amount=registration.amount or Decimal("0"),
        currency=registration.currency,
        customer_country=str(registration.customer_country or ""),
        customer_region=account.region if account is not None else "",
        segment=account.segment if account is not None else "",
        employees=account.employees if account is not None else None,
        annual_revenue=revenue,
        is_named_account=any(a.is_named_account for a in accounts),
        # What the partner declares it also sells that competes with these products' families.
        competing_lines=tuple(
            competitive_lines(
                registration.partner_id, registration.lines.values_list("product__family_id", flat=True)
            )
        ),
        benefit_protection_days=protection_benefit(registration.partner),
    )


def engagement_decision(registration, *, accounts):
    """The rules of engagement's verdict for the registration, given the direct accounts it matched: by the
    rules in force for its partner (its program's)."""
    from engagement.evaluate import evaluate
    from engagement.selectors import ruleset_for_partner

    # None when no published rules judge it (then none are the default program's either).
    return evaluate(_facts(registration, accounts=accounts), ruleset_for_partner(registration.partner))
