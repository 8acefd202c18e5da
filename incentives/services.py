"""Writes of incentives: programs (with their tiers), rules, versions, targets, accrual runs and disputes.

Each validates through its input (`incentives/inputs.py`), checks `incentives.rules` on the row it locked
through the actor's scope and records an event. Accrual itself lives in `incentives.accrual`, the clawbacks
of reopened and refunded deals in `incentives.reactions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from copy import copy
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.errors import field_error
from core.events import record_event, save_changes
from core.scoping import lock_visible
from incentives.accrual import run_accrual
from incentives.errors import IncentiveErrorCode as E
from incentives.inputs import (
    DisputeApprovalInput,
    DisputeDecisionInput,
    DisputeInput,
    ProgramInput,
    RuleInput,
    TargetInput,
)
from incentives.models import (
    AccrualRun,
    Dispute,
    DisputeStatus,
    IncentiveProgram,
    IncentiveRule,
    ProgramStatus,
    RunTrigger,
    Target,
    VolumeTier,
)
from incentives.rules import DisputeAction, ProgramAction, require_action
from incentives.selectors import (
    disputable_registrations,
    family_choices,
    partner_choices,
    product_choices,
    program_choices,
)
from ledger.models import LedgerAccount, TransactionKind
from ledger.posting import Posting, book, move
from ledger.rates import convert
from ledger.selectors import money_settings

PROGRAM_COPIED = (
    "name_en",
    "name_ru",
    "description_en",
    "description_ru",
    "kind",
    "currency",
    "period",
    "clawback_days",
    "cap",
    "accelerator",
    "partner_types",
    "tiers",
    "regions",
)
LONG_TEXTS = ("description_en", "description_ru")


def _manage(actor: Actor) -> None:
    if not (actor.is_staff and actor.can("incentives.manage")):
        raise PermissionDenied


def _summary(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in LONG_TEXTS and v not in ("", None, [])}


def _tier_labels(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{row['from_amount']}: {row['rate']}%" for row in sorted(rows, key=lambda r: r["from_amount"])]


def _set_tiers(program: IncentiveProgram, rows: list[dict[str, Any]]) -> None:
    program.volume_tiers.all().delete()
    VolumeTier.objects.bulk_create(
        VolumeTier(program=program, from_amount=row["from_amount"], rate=row["rate"]) for row in rows
    )


def _locked(program: IncentiveProgram, actor: Actor) -> IncentiveProgram:
    return lock_visible(IncentiveProgram.objects, actor=actor, pk=program.pk)


# --- programs -----------------------------------------------------------------------------------------------


def program_create(*, actor: Actor, data: Mapping[str, Any] | ProgramInput) -> IncentiveProgram:
    """A new program, as a draft, in the program currency of the money settings unless another is given."""
    _manage(actor)
    if isinstance(data, Mapping) and "currency" not in data:
        data = {"currency": money_settings().reporting_currency} | dict(data)
    cleaned = ProgramInput.bind(data).cleaned()
    tiers = cleaned.pop("volume_tiers", [])
    with transaction.atomic():
        program = IncentiveProgram.objects.create(created_by=actor.user, **cleaned)
        _set_tiers(program, tiers)
        after = _summary(cleaned) | ({"volume_tiers": _tier_labels(tiers)} if tiers else {})
        record_event(actor=actor, verb="incentive_program.created", target=program, after=after)
    return program


def program_update(
    *, actor: Actor, program: IncentiveProgram, data: Mapping[str, Any] | ProgramInput
) -> IncentiveProgram:
    """Change a draft, or an active program that has earned nothing yet (a page sends every field, the API
    what changes; tiers, when given, replace the tiers)."""
    _manage(actor)
    with transaction.atomic():
        program = _locked(program, actor)
        require_action(actor, program, ProgramAction.EDIT)
        cleaned = ProgramInput.bind(data, partial=True, instance=copy(program)).cleaned()
        tiers = cleaned.pop("volume_tiers", None)
        starts, ends = cleaned.get("starts_on", program.starts_on), cleaned.get("ends_on", program.ends_on)
        if starts and ends and ends < starts:
            raise field_error("ends_on", _("The program cannot end before it starts."), E.DATES)
        save_changes(program, cleaned, actor=actor, verb="incentive_program.updated")
        if tiers is not None:
            old = [{"from_amount": t.from_amount, "rate": t.rate} for t in program.volume_tiers.all()]
            if _tier_labels(old) != _tier_labels(tiers):
                _set_tiers(program, tiers)
                record_event(
                    actor=actor,
                    verb="incentive_program.updated",
                    target=program,
                    before={"volume_tiers": _tier_labels(old)},
                    after={"volume_tiers": _tier_labels(tiers)},
                )
    return program


def program_activate(*, actor: Actor, program: IncentiveProgram) -> IncentiveProgram:
    """Partners' won deals closed from its start date earn under it. A new version ends its predecessor the
    day before it starts (the predecessor still accrues what closed until then)."""
    with transaction.atomic():
        program = _locked(program, actor)
        require_action(actor, program, ProgramAction.ACTIVATE)
        now = timezone.now()
        previous = program.previous
        if previous is not None:
            previous = _locked(previous, actor)
            last_accrued = timezone.localdate(previous.accrued_until) if previous.accrued_until else None
            if last_accrued and program.starts_on <= last_accrued:
                raise field_error(
                    "starts_on",
                    _("Version %(version)s earned for deals closed until %(day)s: start this one later.")
                    % {"version": previous.version, "day": last_accrued.isoformat()},
                    E.STARTS_TOO_EARLY,
                )
            last_day = program.starts_on - dt.timedelta(days=1)
            before = {"status": previous.status, "ends_on": previous.ends_on}
            if previous.ends_on is None or previous.ends_on > last_day:
                previous.ends_on = last_day
            if previous.status != ProgramStatus.ENDED:
                previous.status = ProgramStatus.ENDED
                previous.ended_at = now
            previous.save()
            record_event(
                actor=actor,
                verb="incentive_program.superseded",
                target=previous,
                before=before,
                after={"status": previous.status, "ends_on": previous.ends_on, "version": program.version},
            )
        program.status = ProgramStatus.ACTIVE
        program.activated_at = now
        program.save(update_fields=["status", "activated_at", "updated_at"])
        record_event(
            actor=actor,
            verb="incentive_program.activated",
            target=program,
            before={"status": ProgramStatus.DRAFT},
            after={"status": ProgramStatus.ACTIVE, "starts_on": program.starts_on},
        )
    return program


def program_end(*, actor: Actor, program: IncentiveProgram) -> IncentiveProgram:
    """No deal closed after today earns under it; what closed until today still accrues."""
    with transaction.atomic():
        program = _locked(program, actor)
        require_action(actor, program, ProgramAction.END)
        today = timezone.localdate()
        before = {"status": program.status, "ends_on": program.ends_on}
        if program.ends_on is None or program.ends_on > today:
            program.ends_on = today
        program.status = ProgramStatus.ENDED
        program.ended_at = timezone.now()
        program.save(update_fields=["status", "ends_on", "ended_at", "updated_at"])
        record_event(
            actor=actor,
            verb="incentive_program.ended",
            target=program,
            before=before,
            after={"status": program.status, "ends_on": program.ends_on},
        )
    return program


def program_new_version(*, actor: Actor, program: IncentiveProgram) -> IncentiveProgram:
    """A draft copy of a program that has earned (its rules and tiers too), starting the day after the last
    day it accrued (tomorrow at the earliest). Edit it, then activate it: it takes over from its start."""
    with transaction.atomic():
        program = _locked(program, actor)
        require_action(actor, program, ProgramAction.NEW_VERSION)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        starts = max(tomorrow, program.starts_on)
        if program.accrued_until:
            starts = max(starts, timezone.localdate(program.accrued_until) + dt.timedelta(days=1))
        ends = program.ends_on if program.ends_on and program.ends_on >= starts else None
        draft = IncentiveProgram.objects.create(
            **{name: getattr(program, name) for name in PROGRAM_COPIED},
            version=program.version + 1,
            previous=program,
            starts_on=starts,
            ends_on=ends,
            created_by=actor.user,
        )
        VolumeTier.objects.bulk_create(
            VolumeTier(program=draft, from_amount=t.from_amount, rate=t.rate)
            for t in program.volume_tiers.all()
        )
        for rule in program.rules.order_by("position"):
            products, families = list(rule.products.all()), list(rule.families.all())
            rule.pk, rule.id, rule.public_id, rule.program = None, None, _new_uuid(), draft
            rule._state.adding = True
            rule.save()
            rule.products.set(products)
            rule.families.set(families)
        record_event(
            actor=actor,
            verb="incentive_program.version_created",
            target=draft,
            after={"version": draft.version, "starts_on": starts},
        )
    return draft


def _new_uuid() -> Any:
    import uuid

    return uuid.uuid4()


# --- rules --------------------------------------------------------------------------------------------------


def rule_input(
    *, actor: Actor, data: Mapping[str, Any] | RuleInput, rule: IncentiveRule | None = None
) -> RuleInput:
    return RuleInput.bind(
        data,
        partial=rule is not None,
        instance=copy(rule) if rule is not None else None,
        products=product_choices(actor=actor),
        families=family_choices(actor=actor),
    )


def _rule_summary(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in cleaned.items():
        if value in ("", None, []):
            continue
        out[key] = [str(v) for v in value] if key in ("products", "families") else value
    return {k: v for k, v in out.items() if v != []}


def rule_add(
    *, actor: Actor, program: IncentiveProgram, data: Mapping[str, Any] | RuleInput
) -> IncentiveRule:
    _manage(actor)
    cleaned = rule_input(actor=actor, data=data).cleaned()
    products, families = cleaned.pop("products", []), cleaned.pop("families", [])
    with transaction.atomic():
        program = _locked(program, actor)
        require_action(actor, program, ProgramAction.EDIT)
        position = (program.rules.aggregate(top=Max("position"))["top"] or 0) + 1
        rule = IncentiveRule.objects.create(program=program, position=position, **cleaned)
        rule.products.set(products)
        rule.families.set(families)
        record_event(
            actor=actor,
            verb="incentive_program.rule_added",
            target=program,
            after={"position": position}
            | _rule_summary(cleaned | {"products": products, "families": families}),
        )
    return rule


def rule_update(*, actor: Actor, rule: IncentiveRule, data: Mapping[str, Any] | RuleInput) -> IncentiveRule:
    _manage(actor)
    cleaned = rule_input(actor=actor, data=data, rule=rule).cleaned()
    related = {name: cleaned.pop(name) for name in ("products", "families") if name in cleaned}
    with transaction.atomic():
        program = _locked(rule.program, actor)
        require_action(actor, program, ProgramAction.EDIT)
        rule = lock_visible(IncentiveRule.objects, actor=actor, pk=rule.pk)
        before, after = {}, {}
        for name, value in cleaned.items():
            if getattr(rule, name) != value:
                before[name], after[name] = getattr(rule, name), value
                setattr(rule, name, value)
        for name, rows in related.items():
            old = list(getattr(rule, name).all())
            if {o.pk for o in old} != {r.pk for r in rows}:
                getattr(rule, name).set(rows)
                before[name], after[name] = [str(o) for o in old], [str(r) for r in rows]
        if after:
            rule.save()
            record_event(
                actor=actor,
                verb="incentive_program.rule_updated",
                target=program,
                before=before,
                after={"position": rule.position} | after,
            )
    return rule


def rule_delete(*, actor: Actor, rule: IncentiveRule) -> None:
    _manage(actor)
    with transaction.atomic():
        program = _locked(rule.program, actor)
        require_action(actor, program, ProgramAction.EDIT)
        rule = lock_visible(IncentiveRule.objects, actor=actor, pk=rule.pk)
        position = rule.position
        rule.delete()
        record_event(
            actor=actor, verb="incentive_program.rule_deleted", target=program, before={"position": position}
        )


# --- targets ------------------------------------------------------------------------------------------------


def target_set(*, actor: Actor, data: Mapping[str, Any] | TargetInput) -> Target:
    """A partner's target for a period of a program (set again: changed)."""
    _manage(actor)
    cleaned = TargetInput.bind(
        data, programs=program_choices(actor=actor), partners=partner_choices(actor=actor)
    ).cleaned()
    program, partner = cleaned["program_id"], cleaned["partner_id"]
    with transaction.atomic():
        program = _locked(program, actor)
        target = (
            Target.objects.select_for_update()
            .filter(program=program, partner=partner, period=cleaned["period"])
            .first()
        )
        before = {"target_volume": target.amount} if target else {}
        if target is None:
            target = Target(program=program, partner=partner, period=cleaned["period"])
        elif target.amount == cleaned["amount"]:
            return target
        target.amount = cleaned["amount"]
        target.set_by = actor.user
        target.save()
        record_event(
            actor=actor,
            verb="incentive_program.target_set",
            target=program,
            partner=partner,
            before=before,
            after={"partner": partner, "period": target.period, "target_volume": target.amount},
        )
    return target


def target_delete(*, actor: Actor, target: Target) -> None:
    _manage(actor)
    with transaction.atomic():
        target = lock_visible(
            Target.objects.select_related("program", "partner"), actor=actor, pk=target.pk, of=("self",)
        )
        program, partner = target.program, target.partner
        before = {"partner": partner, "period": target.period, "target_volume": target.amount}
        target.delete()
        record_event(
            actor=actor,
            verb="incentive_program.target_removed",
            target=program,
            partner=partner,
            before=before,
        )


# --- runs ---------------------------------------------------------------------------------------------------


def run_now(*, actor: Actor) -> AccrualRun:
    """Channel operations' "Run now": the periodic accrual, at once."""
    _manage(actor)
    return run_accrual(actor=actor, trigger=RunTrigger.MANUAL)


# --- disputes -----------------------------------------------------------------------------------------------


def dispute_raise(*, actor: Actor, data: Mapping[str, Any] | DisputeInput) -> Dispute:
    """A partner admin disputes an earning of one of the company's won registrations, or its absence."""
    if not (actor.is_partner and actor.can("incentives.dispute")):
        raise PermissionDenied
    cleaned = DisputeInput.bind(
        data, registrations=disputable_registrations(actor=actor), programs=program_choices(actor=actor)
    ).cleaned()
    registration = cleaned["registration_id"]
    with transaction.atomic():
        dispute = Dispute.objects.create(
            partner=actor.partner,
            raised_by=actor.user,
            kind=cleaned["kind"],
            registration=registration,
            program=cleaned.get("program_id"),
            reason=cleaned["reason"],
        )
        record_event(
            actor=actor,
            verb="incentive_dispute.raised",
            target=dispute,
            partner=dispute.partner,
            after={"kind": dispute.kind, "program": dispute.program, "reason": dispute.reason},
        )
    return dispute


def _book_adjustment(dispute: Dispute, *, actor: Actor) -> None:
    amount, currency = dispute.adjustment_amount, dispute.adjustment_currency
    assert amount is not None

    def description() -> str:
        text = _("Adjustment: dispute about the deal with %(customer)s") % {
            "customer": dispute.registration.customer_name
        }
        return f"{text} ({dispute.program})" if dispute.program is not None else text

    booking = book(
        Posting(
            key=f"incentive-adjustment:{dispute.public_id}",
            kind=TransactionKind.ADJUSTMENT,
            partner=dispute.partner,
            legs=move(
                amount, currency, debit=LedgerAccount.INCENTIVE_EXPENSE, credit=LedgerAccount.EARNINGS_PAYABLE
            ),
            description=description,
            reason=dispute.decision_note,
            source_type="incentives.dispute",
            source_id=dispute.public_id,
        ),
        actor=actor,
    )
    dispute.transaction = booking.transaction


def needs_chief(amount: Decimal, currency: str) -> bool:
    """Whether an adjustment is above the chief's approval threshold (in the program currency of the money
    settings; a missing exchange rate refuses, with its code)."""
    settings_row = money_settings()
    return convert(amount, currency, settings_row.reporting_currency) > settings_row.chief_approval_threshold


def dispute_decide(
    *,
    actor: Actor,
    dispute: Dispute,
    data: Mapping[str, Any] | DisputeDecisionInput,
) -> Dispute:
    """Ops decide with a note: upheld (an adjustment booked; above the approval threshold it waits for the
    channel chief) or rejected (nothing booked)."""
    cleaned = DisputeDecisionInput.bind(data).cleaned()
    with transaction.atomic():
        dispute = lock_visible(
            Dispute.objects.select_related("registration", "program", "partner"),
            actor=actor,
            pk=dispute.pk,
            of=("self",),
        )
        require_action(actor, dispute, DisputeAction.DECIDE)
        dispute.decided_by = actor.user
        dispute.decided_at = timezone.now()
        dispute.decision_note = cleaned["note"]
        after: dict[str, Any] = {"note": cleaned["note"]}
        if cleaned["uphold"]:
            dispute.adjustment_amount = cleaned["amount"]
            dispute.adjustment_currency = cleaned["currency"]
            after["adjustment"] = f"{cleaned['amount']} {cleaned['currency']}"
            if needs_chief(cleaned["amount"], cleaned["currency"]):
                dispute.status = DisputeStatus.AWAITING_APPROVAL
            else:
                dispute.status = DisputeStatus.UPHELD
                _book_adjustment(dispute, actor=actor)
        else:
            dispute.status = DisputeStatus.REJECTED
        dispute.save()
        record_event(
            actor=actor,
            verb=f"incentive_dispute.{dispute.status}",
            target=dispute,
            partner=dispute.partner,
            before={"status": DisputeStatus.OPEN},
            after={"status": dispute.status} | after,
        )
    return dispute


def dispute_approve(
    *, actor: Actor, dispute: Dispute, data: Mapping[str, Any] | DisputeApprovalInput
) -> Dispute:
    """The channel chief books an adjustment above the threshold, or sends the dispute back to ops (open)."""
    cleaned = DisputeApprovalInput.bind(data).cleaned()
    with transaction.atomic():
        dispute = lock_visible(
            Dispute.objects.select_related("registration", "program", "partner"),
            actor=actor,
            pk=dispute.pk,
            of=("self",),
        )
        require_action(actor, dispute, DisputeAction.APPROVE)
        before = {"status": dispute.status}
        if cleaned["approve"]:
            dispute.status = DisputeStatus.UPHELD
            dispute.approved_by = actor.user
            dispute.approved_at = timezone.now()
            _book_adjustment(dispute, actor=actor)
            verb = "incentive_dispute.approved"
        else:
            dispute.status = DisputeStatus.OPEN
            dispute.adjustment_amount = None
            dispute.adjustment_currency = ""
            verb = "incentive_dispute.sent_back"
        dispute.save()
        record_event(
            actor=actor,
            verb=verb,
            target=dispute,
            partner=dispute.partner,
            before=before,
            after={"status": dispute.status} | ({"note": cleaned["note"]} if cleaned["note"] else {}),
        )
    return dispute


__all__ = ["ValidationError"]
