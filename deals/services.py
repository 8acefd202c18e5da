"""Writes for deal registrations: drafts, submission, the CAM's decision, closing and expiry.

Input is validated once, by the action's input (`deals/inputs.py`); who may do what next is decided once, by
`deals.rules.allowed_actions` (each service calls `require_action` on the row it locked through the actor's
scope). Submission claims the customer (conflicts.claims), puts the registration in the conflict index and
runs the conflict check; a CAM approving over a possible conflict or against the rules of engagement must say
why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conflicts import claims
from conflicts.engine import check_registration
from conflicts.index import index_registration
from conflicts.models import CheckOutcome, ConflictCheck
from core.actor import Actor, system_actor
from core.errors import field_error
from core.events import changes, record_event
from core.inputs import InputMixin
from core.money import AMOUNT_DIGITS, parse_amount
from core.scoping import lock_visible
from deals import notify
from deals.errors import DealErrorCode as E
from deals.inputs import RegistrationInput, ask_for_days
from deals.models import DealLine, DealRegistration, ExtensionRequest, RegistrationStage
from deals.models import RegistrationStatus as S
from deals.rules import (
    Action,
    ExtensionAction,
    check_transition,
    customer_held,
    require_action,
    require_extension_action,
)
from deals.selectors import registerable_products, registering_partners
from engagement.selectors import disclosure_refusal, rules_to_accept
from matching.normalize import name_key, tax_id_key
from partners.models import Partner

IDEMPOTENCY_KEY_LENGTH = 100


def protection_days() -> int:
    return settings.DEAL_PROTECTION_DAYS


# --- input ----------------------------------------------------------------------------------------------


def registration_input(
    *,
    actor: Actor,
    data: Mapping[str, Any] | RegistrationInput,
    lines: list[dict[str, Any]] | None = None,
    instance: DealRegistration | None = None,
    partial: bool = False,
) -> RegistrationInput:
    """The bound input for a registration: as given (a page's form), or bound from values (API, imports)."""
    if isinstance(data, InputMixin):
        return data
    values = dict(data)
    if lines is not None:
        values["lines"] = lines
    return RegistrationInput.from_api(
        values,
        partial=partial,
        instance=instance,
        partners=registering_partners(actor=actor),
        products=registerable_products(actor=actor),
    )


def _deal_lines(rows: list[dict[str, Any]], *, currency: str) -> list[DealLine]:
    """Unsaved lines from cleaned input rows; prices are in the registration's currency."""
    errors: dict[str, list[ValidationError]] = {}
    out: list[DealLine] = []
    for index, row in enumerate(rows):
        product = row["product_id"]
        if product.currency != currency:
            errors[f"lines.{index}.product_id"] = [
                ValidationError(
                    _(
                        "Line %(n)s: %(sku)s is priced in %(product_currency)s but this registration is in "
                        "%(currency)s. Register it in %(product_currency)s or leave this product out."
                    )
                    % {
                        "n": index + 1,
                        "sku": product.sku,
                        "product_currency": product.currency,
                        "currency": currency,
                    },
                    code=E.CURRENCY_MISMATCH,
                )
            ]
            continue
        unit_price = row.get("unit_price")
        if unit_price is None:
            unit_price = parse_amount(str(product.list_price))
        out.append(DealLine(product=product, quantity=row["quantity"], unit_price=unit_price))
    if errors:
        raise ValidationError(errors)
    return out


def _total(lines: list[DealLine]) -> Decimal:
    total = sum((line.unit_price * line.quantity for line in lines), start=parse_amount("0"))
    if len(total.as_tuple().digits) > AMOUNT_DIGITS:
        raise field_error("lines", _("The amount is too large."), E.AMOUNT_TOO_LARGE)
    return total


def _line_labels(lines: Iterable[DealLine]) -> list[str]:
    return [f"{line.product.sku} × {line.quantity} @ {line.unit_price}" for line in lines]


def _keys(registration: DealRegistration) -> None:
    registration.name_key = name_key(registration.customer_name) if registration.customer_name else ""
    registration.tax_id_key = tax_id_key(registration.customer_tax_id)


# --- permissions ----------------------------------------------------------------------------------------


def _require_partner_side(actor: Actor) -> None:
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied


def _target_partner(*, actor: Actor, partner: Partner | None) -> Partner:
    """The actor's own partner, or (for a distributor) one of its resellers."""
    own = actor.partner
    assert own is not None
    if partner is None or partner.pk == own.pk:
        return own
    if partner.parent_id != own.pk or partner.pk not in actor.visible_partner_ids:
        raise field_error(
            "partner_id",
            _("You can register deals only for your company or its resellers."),
            E.NOT_YOUR_RESELLER,
        )
    return partner


def _locked(registration: DealRegistration | int, *, actor: Actor) -> DealRegistration:
    """The row, locked, read again through the actor's scope (defence in depth)."""
    return lock_visible(
        DealRegistration.objects.select_related("partner", "partner__cam", "registered_by"),
        actor=actor,
        pk=registration if isinstance(registration, int) else registration.pk,
        of=("self",),
    )


# --- drafts ---------------------------------------------------------------------------------------------


def registration_create(
    *,
    actor: Actor,
    data: Mapping[str, Any] | RegistrationInput,
    lines: list[dict[str, Any]] | None = None,
    partner: Partner | None = None,
    idempotency_key: str | None = None,
) -> tuple[DealRegistration, bool]:
    """Create a draft. Returns (registration, created): a repeat with the same idempotency key for the same
    partner returns the original and creates nothing."""
    _require_partner_side(actor)
    if not isinstance(data, InputMixin):
        data = {"currency": "USD", "stage": RegistrationStage.QUALIFICATION} | dict(data)
    cleaned = registration_input(actor=actor, data=data, lines=lines).cleaned()
    target = _target_partner(actor=actor, partner=partner or cleaned.pop("partner_id", None))
    cleaned.pop("partner_id", None)
    key = (idempotency_key or "").strip() or None
    if key is not None:
        if len(key) > IDEMPOTENCY_KEY_LENGTH:
            raise field_error(
                "idempotency_key",
                ngettext("At most %(n)s character.", "At most %(n)s characters.", IDEMPOTENCY_KEY_LENGTH)
                % {"n": IDEMPOTENCY_KEY_LENGTH},
                E.IDEMPOTENCY_KEY_TOO_LONG,
            )
        existing = DealRegistration.objects.filter(partner=target, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    new_lines = _deal_lines(cleaned.pop("lines", []), currency=cleaned["currency"])
    try:
        with transaction.atomic():
            registration = DealRegistration(
                partner=target,
                registered_by=actor.user,
                registered_via=actor.partner if target.pk != actor.partner_id else None,
                idempotency_key=key,
                amount=_total(new_lines),
                **cleaned,
            )
            _keys(registration)
            registration.save()
            for line in new_lines:
                line.registration = registration
            DealLine.objects.bulk_create(new_lines)
            after = {k: getattr(registration, k) for k in cleaned if k != "notes"} | {
                "partner": target,
                "amount": registration.amount,
                "products": _line_labels(new_lines),
            }
            if registration.registered_via is not None:
                after["registered_via"] = registration.registered_via.name
            record_event(
                actor=actor,
                verb="deal_registration.created",
                target=registration,
                partner=target,
                after=after,
            )
    except IntegrityError:
        # A parallel request with the same key won the race: answer with its registration.
        existing = DealRegistration.objects.filter(partner=target, idempotency_key=key).first()
        if key is None or existing is None:
            raise
        return existing, False
    return registration, True


def registration_update(
    *,
    actor: Actor,
    registration: DealRegistration,
    data: Mapping[str, Any] | RegistrationInput,
    lines: list[dict[str, Any]] | None = None,
) -> DealRegistration:
    """Change a draft. A page sends every field and every line; the API (a Mapping) may send only the fields
    it changes, and `lines`, when given, replace all lines. Records only what changed."""
    _require_partner_side(actor)
    bound = registration_input(
        actor=actor, data=data, lines=lines, instance=registration, partial=not isinstance(data, InputMixin)
    )
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.EDIT)
        cleaned = bound.cleaned()
        cleaned.pop("partner_id", None)
        new_rows = cleaned.pop("lines", None)
        currency = cleaned.get("currency", registration.currency)
        current = list(registration.lines.select_related("product"))
        if new_rows is None and currency != registration.currency and current:
            # Existing lines must still be in the registration's currency.
            new_rows = [
                {"product_id": ln.product, "quantity": ln.quantity, "unit_price": ln.unit_price}
                for ln in current
            ]
        new_lines = _deal_lines(new_rows, currency=currency) if new_rows is not None else None
        before, after = changes(registration, list(cleaned), cleaned)
        if "customer_country" in before and str(before["customer_country"]) == str(after["customer_country"]):
            before.pop("customer_country"), after.pop("customer_country")
        if new_lines is not None:
            old_labels, new_labels = _line_labels(current), _line_labels(new_lines)
            if old_labels != new_labels:
                before["products"], after["products"] = old_labels, new_labels
                amount = _total(new_lines)
                if amount != registration.amount:
                    before["amount"], after["amount"] = registration.amount, amount
        if not after:
            return registration
        for field in cleaned:
            if field in after:
                setattr(registration, field, cleaned[field])
        if "products" in after:
            assert new_lines is not None
            registration.lines.all().delete()
            for line in new_lines:
                line.registration = registration
            DealLine.objects.bulk_create(new_lines)
            registration.amount = _total(new_lines)
        _keys(registration)
        registration.save()
        record_event(
            actor=actor,
            verb="deal_registration.updated",
            target=registration,
            partner=registration.partner,
            before={k: v for k, v in before.items() if k != "notes"},
            after={k: v for k, v in after.items() if k != "notes"},
        )
    return registration


# --- transitions ----------------------------------------------------------------------------------------


def submission_errors(registration: DealRegistration, *, today: date) -> dict[str, list[ValidationError]]:
    def error(message: str) -> list[ValidationError]:
        return [ValidationError(message, code=E.INCOMPLETE)]

    errors: dict[str, list[ValidationError]] = {}
    if not registration.customer_name.strip():
        errors["customer_name"] = error(_("Enter the customer's name."))
    if not (registration.customer_domain or registration.customer_tax_id):
        errors["customer_domain"] = error(_("Enter the customer's web domain or tax id."))
    if not registration.lines.exists():
        errors["lines"] = error(_("Add at least one product line."))
    elif registration.amount <= 0:
        errors["lines"] = error(_("The registration's amount must be more than zero."))
    if registration.expected_close_date is None or registration.expected_close_date <= today:
        errors["expected_close_date"] = error(_("The expected close date must be in the future."))
    return errors


def _transition(
    *,
    actor: Actor,
    registration: DealRegistration,
    to_status: str,
    verb: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """Change the status and record it (the verb is "deal_registration.<new status>" unless given)."""
    before = {"status": registration.status} | (before or {})
    registration.status = to_status
    registration.save()
    record_event(
        actor=actor,
        verb=verb or f"deal_registration.{to_status}",
        target=registration,
        partner=registration.partner,
        before=before,
        after={"status": to_status} | (after or {}),
        note=note,
    )


def latest_check(registration: DealRegistration) -> ConflictCheck | None:
    return registration.conflict_checks.order_by("-created_at", "-id").first()


def _refresh_live_state(registration: DealRegistration) -> None:
    """After a status change: keep claims only while submitted or approved, and the index in step."""
    if registration.status not in (S.SUBMITTED, S.APPROVED):
        claims.release(registration)
    index_registration(registration)


def _require_rules_accepted(registration: DealRegistration) -> None:
    """A registration is submitted only once its partner (the reseller a distributor registers for: the rules
    bind the partner the deal protects) accepted the rules of engagement in force for it; a draft is kept."""
    pending = rules_to_accept(partner=registration.partner)
    if pending is not None:
        raise ValidationError(
            _(
                "%(partner)s has not accepted version %(version)s of the rules of engagement of %(program)s: "
                "a partner admin accepts them on the rules of engagement page, then submit again. The draft "
                "is kept."
            )
            % {
                "partner": registration.partner.name,
                "version": pending.version,
                "program": pending.program.name,
            },
            code=E.RULES_NOT_ACCEPTED,
        )


def registration_submit(*, actor: Actor, registration: DealRegistration) -> DealRegistration:
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.SUBMIT)
        _require_rules_accepted(registration)
        if errors := submission_errors(registration, today=timezone.localdate()):
            raise ValidationError(errors)
        if refused := disclosure_refusal(registration.partner_id):  # competing products declared first
            raise refused
        registration.submitted_at = timezone.now()
        held_by = claims.claim(registration)
        registration.status = S.SUBMITTED
        registration.save()
        index_registration(registration)
        check = check_registration(registration, actor=actor, held_by=held_by)
        record_event(
            actor=actor,
            verb="deal_registration.submitted",
            target=registration,
            partner=registration.partner,
            before={"status": S.DRAFT},
            after={"status": S.SUBMITTED, "conflict_check": check.outcome},
        )
        notify.submitted(registration, conflict=check.outcome == CheckOutcome.CONFLICT)
    return registration


def registration_check(*, actor: Actor, registration: DealRegistration) -> ConflictCheck:
    """Run the conflict check again on demand (staff): records change, rules get published."""
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.CHECK)
        check = check_registration(registration, actor=actor)
        record_event(
            actor=actor,
            verb="deal_registration.checked",
            target=registration,
            partner=registration.partner,
            after={"conflict_check": check.outcome, "matches": check.matches.count()},
        )
    return check


def _required_note(note: str, *, field: str, message: str | None) -> str:
    """A business rule, not a form limit: some decisions must be explained (the limits are the inputs')."""
    note = (note or "").strip()
    if message and not note:
        raise field_error(field, message, E.NOTE_REQUIRED)
    return note


def needs_justification(check: ConflictCheck | None) -> bool:
    """Approving over a possible conflict, or a deal the rules send to direct sales or to review,
    needs the decider's explanation in the audit trail."""
    return check is not None and (
        check.outcome == CheckOutcome.CONFLICT or check.engagement_outcome in ("direct", "review")
    )


def _protect(*, registration: DealRegistration) -> int:
    """Take the customer and start protection (allowed_actions has checked nobody else holds it; the claim
    settles a race with a submission in flight). A deal the rules leave unprotected (0 days: a competitive
    deal) holds nothing: no end date, and the customer is free for another registration."""
    held_by = claims.claim(registration)
    if held_by:
        holder = DealRegistration.objects.select_related("partner").get(pk=next(iter(held_by.values())))
        raise customer_held(holder)
    check = latest_check(registration)
    # The published rules' period as checked (or the partner's tier benefit, with or without rules); without
    # either, the setting at approval time.
    days = protection_days()
    by_benefit = check is not None and any(
        reason.get("code") == "protection_benefit" for reason in check.engagement_reasons or ()
    )
    if (
        check is not None
        and (check.engagement_version is not None or by_benefit)
        and check.protection_days is not None
    ):
        days = check.protection_days
    if days == 0:
        claims.release(registration)
        registration.protected_until = None
        return 0
    registration.protected_until = timezone.localdate() + timedelta(days=days)
    return days


def _decide(
    *,
    actor: Actor,
    registration: DealRegistration,
    to_status: str,
    reason: str,
    after: dict[str, Any],
    verb: str = "",
) -> None:
    """The decision on a submitted registration: who decided, when and why, then the transition."""
    registration.decided_by = actor.user
    registration.decided_at = timezone.now()
    registration.decision_reason = reason
    _transition(actor=actor, registration=registration, to_status=to_status, after=after, verb=verb)
    _refresh_live_state(registration)


def registration_approve(*, actor: Actor, registration: DealRegistration, note: str = "") -> DealRegistration:
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.APPROVE)
        check = latest_check(registration)
        note = _required_note(
            note,
            field="note",
            message=_("Explain why you approve despite the possible conflict or the rules of engagement.")
            if needs_justification(check)
            else None,
        )
        days = _protect(registration=registration)
        _decide(
            actor=actor,
            registration=registration,
            to_status=S.APPROVED,
            # A deal the rules leave unprotected (competitive) says so, not "protected for 0 days".
            verb="" if days else "deal_registration.approved_unprotected",
            reason=note,
            after={"protected_until": registration.protected_until, "protection_days": days}
            | ({"decision_reason": note} if note else {}),
        )
        notify.approved(registration)
    return registration


def registration_reject(*, actor: Actor, registration: DealRegistration, reason: str) -> DealRegistration:
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.REJECT)
        reason = _required_note(
            reason, field="reason", message=_("Give the partner a reason for the rejection.")
        )
        _decide(
            actor=actor,
            registration=registration,
            to_status=S.REJECTED,
            reason=reason,
            after={"decision_reason": reason},
        )
        notify.rejected(registration)
    return registration


# --- appeals --------------------------------------------------------------------------------------------


def appeal_days() -> int:
    return settings.DEAL_APPEAL_DAYS


def registration_appeal(*, actor: Actor, registration: DealRegistration, reason: str) -> DealRegistration:
    """The partner contests a rejection, once, within DEAL_APPEAL_DAYS; the channel chief decides."""
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.APPEAL)
        reason = _required_note(
            reason, field="reason", message=_("Say why the rejection should be reconsidered.")
        )
        registration.appeal_reason = reason
        registration.appealed_at = timezone.now()
        _transition(
            actor=actor, registration=registration, to_status=S.APPEALED, after={"appeal_reason": reason}
        )
        notify.appealed(registration)
    return registration


def registration_decide_appeal(
    *, actor: Actor, registration: DealRegistration, grant: bool, note: str
) -> DealRegistration:
    """The channel chief grants the appeal (the registration is approved and protected) or upholds the
    rejection (final)."""
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.GRANT_APPEAL if grant else Action.UPHOLD_APPEAL)
        note = _required_note(note, field="note", message=_("Explain the decision on the appeal."))
        registration.appeal_decided_by = actor.user
        registration.appeal_decided_at = timezone.now()
        registration.appeal_decision_note = note
        after: dict[str, Any] = {"appeal_decision_note": note}
        if grant:
            days = _protect(registration=registration)
            after |= {"protected_until": registration.protected_until, "protection_days": days}
        _transition(
            actor=actor,
            registration=registration,
            to_status=S.APPROVED if grant else S.REJECTED,
            verb="deal_registration.appeal_granted" if grant else "deal_registration.appeal_upheld",
            after=after,
        )
        _refresh_live_state(registration)
        notify.appeal_decided(registration, granted=grant)
    return registration


# --- extensions -----------------------------------------------------------------------------------------


def max_extension_days() -> int:
    return settings.DEAL_MAX_EXTENSION_DAYS


def extension_request(
    *, actor: Actor, registration: DealRegistration, days: int | str, reason: str
) -> ExtensionRequest:
    try:
        days = int(str(days).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= max_extension_days():
        raise field_error("days", ask_for_days(max_extension_days()), "max_value")
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.REQUEST_EXTENSION)
        reason = _required_note(reason, field="reason", message=_("Say why the deal needs more time."))
        extension = ExtensionRequest.objects.create(
            registration=registration, requested_by=actor.user, days=days, reason=reason
        )
        record_event(
            actor=actor,
            verb="deal_registration.extension_requested",
            target=registration,
            partner=registration.partner,
            after={"days": days, "reason": reason},
        )
        notify.extension_requested(extension)
    return extension


def extension_decide(
    *, actor: Actor, extension: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    with transaction.atomic():
        extension = lock_visible(ExtensionRequest.objects, actor=actor, pk=extension.pk, of=("self",))
        registration = _locked(extension.registration, actor=actor)
        extension.registration = registration
        require_extension_action(
            actor, extension, ExtensionAction.APPROVE if approve else ExtensionAction.DENY
        )
        note = _required_note(
            note, field="note", message=None if approve else _("Give the partner a reason for the denial.")
        )
        before: dict[str, Any] = {}
        after: dict[str, Any] = {"extension": f"+{extension.days}", "decision_note": note}
        if approve:
            assert registration.protected_until is not None  # approved registrations are protected
            before["protected_until"] = registration.protected_until
            registration.protected_until += timedelta(days=extension.days)
            registration.save(update_fields=["protected_until", "updated_at"])
            after["protected_until"] = registration.protected_until
        extension.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.DENIED
        extension.decided_by = actor.user
        extension.decided_at = timezone.now()
        extension.decision_note = note
        extension.save()
        record_event(
            actor=actor,
            verb="deal_registration.extension_approved" if approve else "deal_registration.extension_denied",
            target=registration,
            partner=registration.partner,
            before=before,
            after=after,
        )
        notify.extension_decided(extension)
    return extension


# --- closing, reminders and expiry ----------------------------------------------------------------------


def registration_close(
    *,
    actor: Actor,
    registration: DealRegistration,
    won: bool,
    won_amount: Decimal | str | None = None,
    lost_reason: str = "",
) -> DealRegistration:
    """Close an approved registration as won (with the amount won) or lost (with a reason)."""
    if won:
        if won_amount in (None, ""):
            raise field_error("won_amount", _("Enter the amount won."), E.WON_AMOUNT_REQUIRED)
        try:
            amount = parse_amount(won_amount)
        except ValidationError as exc:
            raise field_error("won_amount", exc.messages[0], "invalid") from exc
        if amount <= 0:
            raise field_error(
                "won_amount", _("The amount won must be more than zero."), E.AMOUNT_NOT_POSITIVE
            )
    to_status = S.WON if won else S.LOST
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.CLOSE)
        if not won:
            lost_reason = _required_note(
                lost_reason, field="lost_reason", message=_("Say why the deal was lost.")
            )
        check_transition(registration.status, to_status)
        registration.closed_at = timezone.now()
        after: dict[str, Any]
        if won:
            registration.won_amount = amount
            after = {"won_amount": amount}
        else:
            registration.lost_reason = lost_reason
            after = {"lost_reason": lost_reason}
        _transition(actor=actor, registration=registration, to_status=to_status, after=after)
        _refresh_live_state(registration)
    return registration


# --- corrections of a won deal ------------------------------------------------------------------------------


def registration_reopen(*, actor: Actor, registration: DealRegistration, reason: str) -> DealRegistration:
    """A won deal that fell through (the customer withdrew, the order was cancelled) is open again: approved
    and protected anew, its close (amount won, refunds) cleared. Staff only, with a reason.

    The event is recorded before the row changes, inside the same transaction: its subscribers read the
    registration as it was closed (incentives claws back what the close earned)."""
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.REOPEN)
        reason = _required_note(reason, field="reason", message=_("Say why the deal is reopened."))
        days = _protect(registration=registration)
        before = {
            "status": registration.status,
            "won_amount": registration.won_amount,
            "refunded_amount": registration.refunded_amount,
            "closed_at": registration.closed_at,
        }
        record_event(
            actor=actor,
            verb="deal_registration.reopened",
            target=registration,
            partner=registration.partner,
            before=before,
            after={
                "status": S.APPROVED,
                "reason": reason,
                "protected_until": registration.protected_until,
                "protection_days": days,
            },
        )
        registration.status = S.APPROVED
        registration.won_amount = None
        registration.refunded_amount = Decimal("0")
        registration.closed_at = None
        registration.save()
        _refresh_live_state(registration)
    return registration


def registration_refund(
    *, actor: Actor, registration: DealRegistration, amount: Decimal | str | None, reason: str
) -> DealRegistration:
    """Record money given back to the customer of a won deal, in part or in whole (cumulative, up to the
    amount won). The deal stays won; staff only, with a reason."""
    if amount in (None, ""):
        raise field_error("amount", _("Enter the amount refunded."), "required")
    try:
        refund = parse_amount(amount)
    except ValidationError as exc:
        raise field_error("amount", exc.messages[0], "invalid") from exc
    if refund <= 0:
        raise field_error("amount", _("The amount refunded must be more than zero."), E.AMOUNT_NOT_POSITIVE)
    with transaction.atomic():
        registration = _locked(registration, actor=actor)
        require_action(actor, registration, Action.REFUND)
        reason = _required_note(reason, field="reason", message=_("Say why the customer was refunded."))
        won = registration.won_amount if registration.won_amount is not None else registration.amount
        left = won - registration.refunded_amount
        if refund > left:
            raise field_error(
                "amount",
                _("At most %(left)s %(currency)s is left to refund.")
                % {"left": left, "currency": registration.currency},
                E.REFUND_TOO_LARGE,
            )
        before = {"refunded_amount": registration.refunded_amount}
        registration.refunded_amount += refund
        registration.save(update_fields=["refunded_amount", "updated_at"])
        record_event(
            actor=actor,
            verb="deal_registration.refunded",
            target=registration,
            partner=registration.partner,
            before=before,
            after={"refunded_amount": registration.refunded_amount, "refund": refund, "reason": reason},
        )
    return registration


def reminder_days() -> int:
    return settings.DEAL_EXPIRY_REMINDER_DAYS


def registrations_remind(*, today: date | None = None) -> int:
    """Remind partners whose protection ends within DEAL_EXPIRY_REMINDER_DAYS; once per end date, so an
    extension earns a new reminder. Safe to run twice."""
    today = today or timezone.localdate()
    actor = system_actor()
    horizon = today + timedelta(days=reminder_days())
    due = DealRegistration.objects.filter(
        status=S.APPROVED, protected_until__gte=today, protected_until__lte=horizon
    ).order_by("pk")
    reminded = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = _locked(pk, actor=actor)
            if (
                registration.status != S.APPROVED
                or registration.expiry_reminded_for == registration.protected_until
            ):
                continue
            registration.expiry_reminded_for = registration.protected_until
            registration.save(update_fields=["expiry_reminded_for", "updated_at"])
            notify.expiry_reminder(registration)
            reminded += 1
    return reminded


def registrations_expire(*, today: date | None = None) -> int:
    """Approved registrations whose protection ended before `today` become expired. Safe to run twice."""
    today = today or timezone.localdate()
    actor = system_actor()
    due = DealRegistration.objects.filter(status=S.APPROVED, protected_until__lt=today).order_by("pk")
    expired = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = _locked(pk, actor=actor)
            if (
                registration.status != S.APPROVED
                or registration.protected_until is None
                or registration.protected_until >= today
            ):
                continue  # changed since the list was read
            _transition(
                actor=actor,
                registration=registration,
                to_status=S.EXPIRED,
                before={"protected_until": registration.protected_until},
            )
            _refresh_live_state(registration)
            notify.expired(registration)
            expired += 1
    return expired
