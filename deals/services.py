"""Writes for deal registrations: drafts, submission, the CAM's decision, closing and expiry.

Status changes only through these functions, each checked against `deals.rules`. Submission claims the
customer (conflicts.claims), puts the registration in the conflict index and runs the conflict check; a
CAM approving over a possible conflict or against the rules of engagement must say why.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CHANNEL_SELLABLE, Product
from conflicts import claims
from conflicts.engine import check_registration
from conflicts.index import index_registration
from conflicts.models import CheckOutcome, ConflictCheck
from core.actor import system_actor
from core.events import changes, record_event
from core.money import parse_amount, parse_currency
from core.normalize import normalize_domain
from deals import notify
from deals.models import DealLine, DealRegistration, ExtensionRequest, RegistrationStage
from deals.models import RegistrationStatus as S
from deals.rules import check_transition
from matching.normalize import name_key, tax_id_key
from partners.models import Partner
from partners.services import tax_id_error

FIELDS = (
    "customer_name",
    "customer_domain",
    "customer_tax_id",
    "customer_country",
    "contact_name",
    "contact_email",
    "contact_phone",
    "currency",
    "expected_close_date",
    "stage",
    "notes",
)
TEXT_LIMITS = {
    "customer_name": 200,
    "customer_tax_id": 40,
    "contact_name": 200,
    "contact_phone": 40,
    "notes": 5000,
}
MAX_LINES = 50
MAX_QUANTITY = 1_000_000
IDEMPOTENCY_KEY_LENGTH = 100


def protection_days() -> int:
    return settings.DEAL_PROTECTION_DAYS


# --- validation -----------------------------------------------------------------------------------------


def clean_registration(data: dict[str, Any]) -> dict[str, Any]:
    """Validated draft values (only the fields given); ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    cleaned = {k: v for k, v in data.items() if k in FIELDS}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    for field, limit in TEXT_LIMITS.items():
        if field in cleaned:
            cleaned[field] = str(cleaned[field] or "").strip()
            if len(cleaned[field]) > limit:
                fail(field, _("At most %(n)s characters.") % {"n": limit})
    if message := tax_id_error(cleaned.get("customer_tax_id") or ""):
        fail("customer_tax_id", message)
    if "customer_domain" in cleaned:
        try:
            cleaned["customer_domain"] = normalize_domain(cleaned["customer_domain"] or "")
        except ValidationError as exc:
            fail("customer_domain", exc.messages[0])
    if "contact_email" in cleaned:
        cleaned["contact_email"] = str(cleaned["contact_email"] or "").strip().lower()
        if cleaned["contact_email"]:
            try:
                validate_email(cleaned["contact_email"])
            except ValidationError:
                fail("contact_email", _("Enter a valid email address."))
    if "customer_country" in cleaned:
        from django_countries import countries

        code = str(cleaned["customer_country"] or "").strip().upper()
        if code and code not in dict(countries):
            fail("customer_country", _("Choose a valid country."))
        cleaned["customer_country"] = code
    if "currency" in cleaned:
        try:
            cleaned["currency"] = parse_currency(cleaned["currency"])
        except ValidationError as exc:
            fail("currency", exc.messages[0])
    if "stage" in cleaned:
        cleaned["stage"] = cleaned["stage"] or RegistrationStage.QUALIFICATION
        if cleaned["stage"] not in RegistrationStage.values:
            fail("stage", _("Choose a valid stage."))
    if "expected_close_date" in cleaned:
        value = cleaned["expected_close_date"]
        if value in (None, ""):
            cleaned["expected_close_date"] = None
        elif isinstance(value, str):
            try:
                cleaned["expected_close_date"] = date.fromisoformat(value.strip())
            except ValueError:
                fail("expected_close_date", _("Enter a date such as 2026-12-31."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_lines(lines: list[dict[str, Any]], *, currency: str) -> list[DealLine]:
    """Unsaved lines from [{"product": Product or public id, "quantity": n, "unit_price": optional}].

    Only active, channel-eligible products may be registered; prices are in the registration's currency.
    """
    errors: list[str] = []
    out: list[DealLine] = []
    if len(lines) > MAX_LINES:
        raise ValidationError({"lines": _("At most %(n)s product lines.") % {"n": MAX_LINES}})
    for number, line in enumerate(lines, start=1):
        product = line.get("product")
        if not isinstance(product, Product):
            product = _sellable_product(product)
        elif not (product.is_active and product.channel_eligibility in CHANNEL_SELLABLE):
            product = None
        if product is None:
            errors.append(_("Line %(n)s: choose an active product the channel may sell.") % {"n": number})
            continue
        try:
            quantity = int(str(line.get("quantity") or "").strip())
        except ValueError:
            quantity = 0
        if not 1 <= quantity <= MAX_QUANTITY:
            errors.append(
                _("Line %(n)s: the quantity must be a whole number from 1 to %(max)s.")
                % {"n": number, "max": f"{MAX_QUANTITY:,}"}
            )
            continue
        if product.currency != currency:
            errors.append(
                _(
                    "Line %(n)s: %(sku)s is priced in %(product_currency)s but this registration is in "
                    "%(currency)s. Register it in %(product_currency)s or leave this product out."
                )
                % {
                    "n": number,
                    "sku": product.sku,
                    "product_currency": product.currency,
                    "currency": currency,
                }
            )
            continue
        price = line.get("unit_price")
        if price in (None, ""):
            unit_price = parse_amount(str(product.list_price))
        else:
            try:
                unit_price = parse_amount(price)
            except ValidationError as exc:
                errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": exc.messages[0]})
                continue
        out.append(DealLine(product=product, quantity=quantity, unit_price=unit_price))
    if errors:
        raise ValidationError({"lines": errors})
    return out


def _sellable_product(value) -> Product | None:
    try:
        public_id = UUID(str(value))
    except ValueError:
        return None
    return Product.objects.filter(
        public_id=public_id, is_active=True, channel_eligibility__in=CHANNEL_SELLABLE
    ).first()


def _total(lines: list[DealLine]):
    total = sum((line.unit_price * line.quantity for line in lines), start=parse_amount("0"))
    if len(total.as_tuple().digits) > 14:
        raise ValidationError({"lines": _("The amount is too large.")})
    return total


def _line_labels(lines) -> list[str]:
    return [f"{line.product.sku} × {line.quantity} @ {line.unit_price}" for line in lines]


def _keys(registration: DealRegistration) -> None:
    registration.name_key = name_key(registration.customer_name) if registration.customer_name else ""
    registration.tax_id_key = tax_id_key(registration.customer_tax_id)


# --- permissions ----------------------------------------------------------------------------------------


def _require_partner_side(actor) -> None:
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied


def _target_partner(*, actor, partner: Partner | None) -> Partner:
    """The actor's own partner, or (for a distributor) one of its resellers."""
    own = actor.partner
    if partner is None or partner.pk == own.pk:
        return own
    if partner.parent_id != own.pk or partner.pk not in actor.visible_partner_ids:
        raise ValidationError(
            {"partner": _("You can register deals only for your company or its resellers.")}
        )
    return partner


def _locked(registration: DealRegistration) -> DealRegistration:
    return (
        DealRegistration.objects.select_for_update(of=("self",))
        .select_related("partner", "partner__cam", "registered_by")
        .get(pk=registration.pk)
    )


# --- drafts ---------------------------------------------------------------------------------------------


def registration_create(
    *,
    actor,
    data: dict[str, Any],
    lines: list[dict[str, Any]] | None = None,
    partner: Partner | None = None,
    idempotency_key: str | None = None,
) -> tuple[DealRegistration, bool]:
    """Create a draft. Returns (registration, created): a repeat with the same idempotency key for the same
    partner returns the original and creates nothing."""
    _require_partner_side(actor)
    target = _target_partner(actor=actor, partner=partner)
    key = (idempotency_key or "").strip() or None
    if key is not None:
        if len(key) > IDEMPOTENCY_KEY_LENGTH:
            raise ValidationError(
                {"idempotency_key": _("At most %(n)s characters.") % {"n": IDEMPOTENCY_KEY_LENGTH}}
            )
        existing = DealRegistration.objects.filter(partner=target, idempotency_key=key).first()
        if existing is not None:
            return existing, False
    cleaned = clean_registration({"currency": "USD", "stage": RegistrationStage.QUALIFICATION} | data)
    new_lines = clean_lines(lines or [], currency=cleaned["currency"])
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
    *, actor, registration: DealRegistration, data: dict[str, Any], lines: list[dict[str, Any]] | None = None
) -> DealRegistration:
    """Change a draft; `lines`, when given, replace all lines. Records only what changed."""
    _require_partner_side(actor)
    cleaned = clean_registration(data)
    with transaction.atomic():
        registration = _locked(registration)
        if not registration.is_draft:
            raise ValidationError({"status": _("Only a draft can be changed.")})
        currency = cleaned.get("currency", registration.currency)
        current = list(registration.lines.select_related("product"))
        if lines is None and currency != registration.currency and current:
            # Existing lines must still be in the registration's currency.
            lines = [
                {"product": ln.product, "quantity": ln.quantity, "unit_price": ln.unit_price}
                for ln in current
            ]
        new_lines = clean_lines(lines, currency=currency) if lines is not None else None
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


def submission_errors(registration: DealRegistration, *, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not registration.customer_name.strip():
        errors["customer_name"] = [_("Enter the customer's name.")]
    if not (registration.customer_domain or registration.customer_tax_id):
        errors["customer_domain"] = [_("Enter the customer's web domain or tax id.")]
    if not registration.lines.exists():
        errors["lines"] = [_("Add at least one product line.")]
    elif registration.amount <= 0:
        errors["lines"] = [_("The registration's amount must be more than zero.")]
    if registration.expected_close_date is None or registration.expected_close_date <= today:
        errors["expected_close_date"] = [_("The expected close date must be in the future.")]
    return errors


def _transition(*, actor, registration, to_status, verb, before=None, after=None, note=""):
    before = {"status": registration.status} | (before or {})
    registration.status = to_status
    registration.save()
    record_event(
        actor=actor,
        verb=verb,
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


def registration_submit(*, actor, registration: DealRegistration) -> DealRegistration:
    _require_partner_side(actor)
    with transaction.atomic():
        registration = _locked(registration)
        check_transition(registration.status, S.SUBMITTED)
        if errors := submission_errors(registration, today=timezone.localdate()):
            raise ValidationError(errors)
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


def registration_check(*, actor, registration: DealRegistration) -> ConflictCheck:
    """Run the conflict check again on demand (staff): records change, rules get published."""
    _require_decide(actor)
    if registration.is_draft:
        raise ValidationError({"status": _("A draft is checked when it is submitted.")})
    with transaction.atomic():
        check = check_registration(registration, actor=actor)
        record_event(
            actor=actor,
            verb="deal_registration.checked",
            target=registration,
            partner=registration.partner,
            after={"conflict_check": check.outcome, "matches": check.matches.count()},
        )
    return check


def _require_decide(actor) -> None:
    if not actor.can("deals.decide"):
        raise PermissionDenied


def _clean_note(note: str, *, field: str = "note", required_message: str | None = None) -> str:
    note = (note or "").strip()
    if required_message and not note:
        raise ValidationError({field: required_message})
    if len(note) > 2000:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": 2000}})
    return note


def needs_justification(check: ConflictCheck | None) -> bool:
    """Approving over a possible conflict, or a deal the rules send to direct sales or to review,
    needs the decider's explanation in the audit trail."""
    return check is not None and (
        check.outcome == CheckOutcome.CONFLICT or check.engagement_outcome in ("direct", "review")
    )


def _protect(*, registration: DealRegistration) -> int:
    """Take the customer and start protection; refuses while another registration holds the customer."""
    held_by = claims.claim(registration)
    if held_by:
        holder = DealRegistration.objects.select_related("partner").get(pk=next(iter(held_by.values())))
        raise ValidationError(
            {
                "status": _(
                    "%(partner)s registered this customer first (%(customer)s, %(status)s). Reject or close "
                    "that registration before approving this one."
                )
                % {
                    "partner": holder.partner.name,
                    "customer": holder.customer_name,
                    "status": holder.get_status_display(),
                }
            }
        )
    check = latest_check(registration)
    # The published rules' period as checked; without published rules, the setting at approval time.
    ruled = check is not None and check.engagement_version is not None and check.protection_days
    days = check.protection_days if ruled else protection_days()
    registration.protected_until = timezone.localdate() + timedelta(days=days)
    return days


def registration_approve(*, actor, registration: DealRegistration, note: str = "") -> DealRegistration:
    _require_decide(actor)
    with transaction.atomic():
        registration = _locked(registration)
        check_transition(registration.status, S.APPROVED)
        if registration.status == S.APPEALED:
            raise ValidationError({"status": _("The channel chief decides appeals.")})
        check = latest_check(registration)
        note = _clean_note(
            note,
            required_message=_(
                "Explain why you approve despite the possible conflict or the rules of engagement."
            )
            if needs_justification(check)
            else None,
        )
        days = _protect(registration=registration)
        registration.decided_by = actor.user
        registration.decided_at = timezone.now()
        registration.decision_reason = note
        _transition(
            actor=actor,
            registration=registration,
            to_status=S.APPROVED,
            verb="deal_registration.approved",
            after={"protected_until": registration.protected_until, "protection_days": days}
            | ({"decision_reason": note} if note else {}),
        )
        _refresh_live_state(registration)
        notify.approved(registration)
    return registration


def registration_reject(*, actor, registration: DealRegistration, reason: str) -> DealRegistration:
    _require_decide(actor)
    reason = _clean_note(
        reason, field="reason", required_message=_("Give the partner a reason for the rejection.")
    )
    with transaction.atomic():
        registration = _locked(registration)
        check_transition(registration.status, S.REJECTED)
        if registration.status == S.APPEALED:
            raise ValidationError({"status": _("The channel chief decides appeals.")})
        registration.decided_by = actor.user
        registration.decided_at = timezone.now()
        registration.decision_reason = reason
        _transition(
            actor=actor,
            registration=registration,
            to_status=S.REJECTED,
            verb="deal_registration.rejected",
            after={"decision_reason": reason},
        )
        _refresh_live_state(registration)
        notify.rejected(registration)
    return registration


# --- appeals --------------------------------------------------------------------------------------------


def appeal_days() -> int:
    return settings.DEAL_APPEAL_DAYS


def can_appeal(registration: DealRegistration, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        registration.status == S.REJECTED
        and registration.appealed_at is None
        and registration.decided_at is not None
        and timezone.localdate(registration.decided_at) + timedelta(days=appeal_days()) >= today
    )


def registration_appeal(*, actor, registration: DealRegistration, reason: str) -> DealRegistration:
    """The partner contests a rejection, once, within DEAL_APPEAL_DAYS; the channel chief decides."""
    _require_partner_side(actor)
    reason = _clean_note(
        reason, field="reason", required_message=_("Say why the rejection should be reconsidered.")
    )
    with transaction.atomic():
        registration = _locked(registration)
        check_transition(registration.status, S.APPEALED)
        if registration.appealed_at is not None:
            raise ValidationError(
                {"status": _("This registration was appealed already; the decision is final.")}
            )
        if not can_appeal(registration):
            raise ValidationError(
                {
                    "status": _("An appeal must be made within %(n)s days of the rejection.")
                    % {"n": appeal_days()}
                }
            )
        registration.appeal_reason = reason
        registration.appealed_at = timezone.now()
        _transition(
            actor=actor,
            registration=registration,
            to_status=S.APPEALED,
            verb="deal_registration.appealed",
            after={"appeal_reason": reason},
        )
        notify.appealed(registration)
    return registration


def registration_decide_appeal(
    *, actor, registration: DealRegistration, grant: bool, note: str
) -> DealRegistration:
    """The channel chief grants the appeal (the registration is approved and protected) or upholds the
    rejection (final)."""
    if not actor.can("deals.decide_appeal"):
        raise PermissionDenied
    note = _clean_note(note, required_message=_("Explain the decision on the appeal."))
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status != S.APPEALED:
            raise ValidationError({"status": _("Only an appealed registration can have its appeal decided.")})
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


def extension_request(*, actor, registration: DealRegistration, days, reason: str) -> ExtensionRequest:
    _require_partner_side(actor)
    reason = _clean_note(reason, field="reason", required_message=_("Say why the deal needs more time."))
    try:
        days = int(str(days).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= max_extension_days():
        raise ValidationError({"days": _("Ask for 1 to %(n)s days.") % {"n": max_extension_days()}})
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status != S.APPROVED or registration.protected_until < timezone.localdate():
            raise ValidationError({"status": _("Only a protected registration can be extended.")})
        if registration.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise ValidationError({"days": _("An extension request is already waiting for a decision.")})
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
    *, actor, extension: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    _require_decide(actor)
    note = _clean_note(
        note, required_message=None if approve else _("Give the partner a reason for the denial.")
    )
    with transaction.atomic():
        extension = ExtensionRequest.objects.select_for_update(of=("self",)).get(pk=extension.pk)
        if extension.status != ExtensionRequest.Status.PENDING:
            raise ValidationError({"status": _("This extension request was decided already.")})
        registration = _locked(extension.registration)
        extension.registration = registration
        before: dict[str, Any] = {}
        after: dict[str, Any] = {"extension": f"+{extension.days}", "decision_note": note}
        if approve:
            if registration.status != S.APPROVED:
                raise ValidationError({"status": _("Only a protected registration can be extended.")})
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
    *, actor, registration: DealRegistration, won: bool, won_amount=None, lost_reason: str = ""
) -> DealRegistration:
    """Close an approved registration as won (with the amount won) or lost (with a reason)."""
    if not (actor.can("deals.register") or actor.can("deals.decide")):
        raise PermissionDenied
    if won:
        if won_amount in (None, ""):
            raise ValidationError({"won_amount": _("Enter the amount won.")})
        try:
            amount = parse_amount(won_amount)
        except ValidationError as exc:
            raise ValidationError({"won_amount": exc.messages[0]}) from exc
        if amount <= 0:
            raise ValidationError({"won_amount": _("The amount won must be more than zero.")})
    else:
        lost_reason = _clean_note(
            lost_reason, field="lost_reason", required_message=_("Say why the deal was lost.")
        )
    to_status = S.WON if won else S.LOST
    with transaction.atomic():
        registration = _locked(registration)
        check_transition(registration.status, to_status)
        registration.closed_at = timezone.now()
        if won:
            registration.won_amount = amount
            after = {"won_amount": amount}
        else:
            registration.lost_reason = lost_reason
            after = {"lost_reason": lost_reason}
        _transition(
            actor=actor,
            registration=registration,
            to_status=to_status,
            verb=f"deal_registration.{to_status}",
            after=after,
        )
        _refresh_live_state(registration)
    return registration


def reminder_days() -> int:
    return settings.DEAL_EXPIRY_REMINDER_DAYS


def registrations_remind(*, today: date | None = None) -> int:
    """Remind partners whose protection ends within DEAL_EXPIRY_REMINDER_DAYS; once per end date, so an
    extension earns a new reminder. Safe to run twice."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=reminder_days())
    due = DealRegistration.objects.filter(
        status=S.APPROVED, protected_until__gte=today, protected_until__lte=horizon
    ).order_by("pk")
    reminded = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = (
                DealRegistration.objects.select_for_update(of=("self",))
                .select_related("partner", "partner__cam", "registered_by")
                .get(pk=pk)
            )
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
            registration = (
                DealRegistration.objects.select_for_update(of=("self",))
                .select_related("partner", "partner__cam", "registered_by")
                .get(pk=pk)
            )
            if registration.status != S.APPROVED or registration.protected_until >= today:
                continue  # changed since the list was read
            _transition(
                actor=actor,
                registration=registration,
                to_status=S.EXPIRED,
                verb="deal_registration.expired",
                before={"protected_until": registration.protected_until},
            )
            _refresh_live_state(registration)
            notify.expired(registration)
            expired += 1
    return expired
