"""Writes for the vendor's direct-sales records: accounts, deals and their CSV imports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conflicts.index import index_direct_account, unindex_direct_account
from core.events import changes, record_event
from core.money import parse_amount, parse_currency
from core.normalize import normalize_domain
from core.scoping import lock_visible
from direct.models import CLOSED_STAGES, DealStage, DirectAccount, DirectDeal, Segment
from direct.rules import AccountAction, DealAction, require_action
from matching.normalize import name_key, tax_id_key
from partners.choices import Region
from partners.services import tax_id_error

ACCOUNT_FIELDS = (
    "name",
    "legal_name",
    "web_domain",
    "tax_id",
    "country",
    "region",
    "segment",
    "annual_revenue",
    "currency",
    "employees",
    "owner",
    "is_named_account",
    "notes",
)
DEAL_FIELDS = ("name", "amount", "currency", "stage", "expected_close_date", "owner")
REVENUE_DIGITS = 16


def _require(actor) -> None:
    if not actor.can("direct.manage"):
        raise PermissionDenied


def _text(cleaned, fail, field, *, required_message=None, max_length=None):
    if field not in cleaned:
        return
    cleaned[field] = str(cleaned[field] or "").strip()
    if required_message and not cleaned[field]:
        fail(field, required_message)
    if max_length and len(cleaned[field]) > max_length:
        fail(field, _("At most %(n)s characters.") % {"n": max_length})


def _clean_owner(cleaned, fail) -> None:
    owner = cleaned.get("owner")
    if owner is not None and (not owner.staff_role or not owner.is_active):
        fail("owner", _("The owner must be an active member of the vendor's staff."))


def clean_account(data: dict[str, Any]) -> dict[str, Any]:
    """Validated account values (only the fields given); ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    cleaned = {k: v for k, v in data.items() if k in ACCOUNT_FIELDS}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    _text(cleaned, fail, "name", required_message=_("Enter the account's name."), max_length=200)
    _text(cleaned, fail, "legal_name", max_length=300)
    _text(cleaned, fail, "tax_id", max_length=40)
    _text(cleaned, fail, "notes")
    if message := tax_id_error(cleaned.get("tax_id") or ""):
        fail("tax_id", message)
    if "web_domain" in cleaned:
        try:
            cleaned["web_domain"] = normalize_domain(cleaned["web_domain"] or "")
        except ValidationError as exc:
            fail("web_domain", exc.messages[0])
    for field, enum in (("region", Region), ("segment", Segment)):
        if field in cleaned:
            cleaned[field] = cleaned[field] or ""
            if cleaned[field] and cleaned[field] not in enum.values:
                fail(field, _("Choose a valid option."))
    if "country" in cleaned:
        from django_countries import countries

        code = str(cleaned["country"] or "").strip().upper()
        if code and code not in dict(countries):
            fail("country", _("Choose a valid country."))
        cleaned["country"] = code
    if "annual_revenue" in cleaned:
        value = cleaned["annual_revenue"]
        if value in (None, ""):
            cleaned["annual_revenue"] = None
        else:
            try:
                amount = parse_amount(value)
            except ValidationError as exc:
                fail("annual_revenue", exc.messages[0])
            else:
                if len(amount.as_tuple().digits) > REVENUE_DIGITS:
                    fail("annual_revenue", _("The amount is too large."))
                cleaned["annual_revenue"] = amount
    if "currency" in cleaned:
        try:
            cleaned["currency"] = parse_currency(cleaned["currency"])
        except ValidationError as exc:
            fail("currency", exc.messages[0])
    if "employees" in cleaned:
        value = cleaned["employees"]
        if value in (None, ""):
            cleaned["employees"] = None
        else:
            try:
                cleaned["employees"] = int(str(value).strip())
            except ValueError:
                fail("employees", _("Enter a whole number of employees."))
            else:
                if not 0 <= cleaned["employees"] <= 10_000_000:
                    fail("employees", _("Enter a number of employees between 0 and 10,000,000."))
    if "is_named_account" in cleaned:
        cleaned["is_named_account"] = bool(cleaned["is_named_account"])
    _clean_owner(cleaned, fail)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _keys(account: DirectAccount) -> None:
    account.name_key = name_key(account.name)
    account.legal_name_key = name_key(account.legal_name) if account.legal_name else ""
    account.tax_id_key = tax_id_key(account.tax_id)


def duplicate_error(*, web_domain: str, tax_id: str, exclude_pk: int | None = None) -> dict[str, list[str]]:
    """Per-field errors when another account already has this domain or tax id."""
    errors: dict[str, list[str]] = {}
    others = DirectAccount.objects.exclude(pk=exclude_pk) if exclude_pk else DirectAccount.objects.all()
    if web_domain:
        other = others.filter(web_domain=web_domain).first()
        if other is not None:
            errors["web_domain"] = [
                _("The direct account %(name)s already has the domain %(domain)s.")
                % {"name": other.name, "domain": web_domain}
            ]
    key = tax_id_key(tax_id)
    if key:
        other = others.filter(tax_id_key=key).first()
        if other is not None:
            errors["tax_id"] = [
                _("The direct account %(name)s already has this tax id.") % {"name": other.name}
            ]
    return errors


def _create_account(*, actor, cleaned: dict[str, Any], note: str = "") -> DirectAccount:
    account = DirectAccount(**cleaned)
    _keys(account)
    account.save()
    index_direct_account(account)
    after = {k: getattr(account, k) for k in cleaned if k != "notes"}
    record_event(actor=actor, verb="direct_account.created", target=account, after=after, note=note)
    return account


def _update_account(*, actor, account: DirectAccount, cleaned: dict[str, Any]) -> bool:
    """Apply the changed values to a locked account; whether anything changed."""
    before, after = changes(account, list(cleaned), cleaned)
    if "country" in before and str(before["country"]) == str(after["country"]):
        before.pop("country"), after.pop("country")
    if not after:
        return False
    for field in after:
        setattr(account, field, cleaned[field])
    _keys(account)
    account.save()
    index_direct_account(account)
    record_event(
        actor=actor,
        verb="direct_account.updated",
        target=account,
        before=before,
        after=after,
    )
    return True


def account_create(*, actor, data: dict[str, Any], note: str = "") -> DirectAccount:
    _require(actor)
    cleaned = clean_account(
        {k: v for k, v in data.items() if k in ACCOUNT_FIELDS} | {"name": data.get("name")}
    )
    with transaction.atomic():
        if errors := duplicate_error(
            web_domain=cleaned.get("web_domain", ""), tax_id=cleaned.get("tax_id", "")
        ):
            raise ValidationError(errors)
        return _create_account(actor=actor, cleaned=cleaned, note=note)


def account_update(*, actor, account: DirectAccount, data: dict[str, Any]) -> DirectAccount:
    _require(actor)
    cleaned = clean_account(data)
    with transaction.atomic():
        account = lock_visible(DirectAccount.objects, actor=actor, pk=account.pk)
        require_action(actor, account, AccountAction.EDIT)
        if errors := duplicate_error(
            web_domain=cleaned.get("web_domain", ""), tax_id=cleaned.get("tax_id", ""), exclude_pk=account.pk
        ):
            raise ValidationError(errors)
        _update_account(actor=actor, account=account, cleaned=cleaned)
    return account


def account_delete(*, actor, account: DirectAccount) -> bool:
    """Delete an account without deals; one with deals is only marked inactive. Returns whether deleted."""
    _require(actor)
    with transaction.atomic():
        account = lock_visible(DirectAccount.objects, actor=actor, pk=account.pk)
        require_action(actor, account, AccountAction.DELETE)
        if not account.deals.exists():
            record_event(
                actor=actor,
                verb="direct_account.deleted",
                target=account,
                before={"name": account.name, "web_domain": account.web_domain},
            )
            unindex_direct_account(account.pk)
            account.delete()
            return True
        # With deals it stays, inactive (the rules refuse an account that is inactive already).
        account.is_active = False
        account.save(update_fields=["is_active", "updated_at"])
        index_direct_account(account)
        record_event(
            actor=actor,
            verb="direct_account.deactivated",
            target=account,
            before={"is_active": True},
            after={"is_active": False},
        )
        return False


# --- deals ----------------------------------------------------------------------------------------------


def clean_deal(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = {k: v for k, v in data.items() if k in DEAL_FIELDS}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    _text(cleaned, fail, "name", required_message=_("Enter the deal's name."), max_length=200)
    if "amount" in cleaned:
        if cleaned["amount"] in (None, ""):
            fail("amount", _("Enter the deal's amount."))
        else:
            try:
                cleaned["amount"] = parse_amount(cleaned["amount"])
            except ValidationError as exc:
                fail("amount", exc.messages[0])
    if "currency" in cleaned:
        try:
            cleaned["currency"] = parse_currency(cleaned["currency"])
        except ValidationError as exc:
            fail("currency", exc.messages[0])
    if "stage" in cleaned and cleaned["stage"] not in DealStage.values:
        fail("stage", _("Choose a valid stage."))
    if "expected_close_date" in cleaned:
        value = cleaned["expected_close_date"]
        if value in (None, ""):
            cleaned["expected_close_date"] = None
        elif isinstance(value, str):
            from datetime import date

            try:
                cleaned["expected_close_date"] = date.fromisoformat(value.strip())
            except ValueError:
                fail("expected_close_date", _("Enter a date such as 2026-12-31."))
    _clean_owner(cleaned, fail)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create_deal(*, actor, account: DirectAccount, cleaned: dict[str, Any]) -> DirectDeal:
    deal = DirectDeal(account=account, **cleaned)
    deal.is_open = deal.stage not in CLOSED_STAGES
    deal.closed_at = None if deal.is_open else timezone.now()
    deal.save()
    after = {"account": account.name, **{k: getattr(deal, k) for k in cleaned}}
    record_event(actor=actor, verb="direct_deal.created", target=deal, after=after)
    return deal


def _update_deal(*, actor, deal: DirectDeal, cleaned: dict[str, Any]) -> bool:
    before, after = changes(deal, list(cleaned), cleaned)
    if not after:
        return False
    if not deal.is_open:
        raise ValidationError({"stage": _("This deal is closed and can no longer be changed.")})
    for field in after:
        setattr(deal, field, cleaned[field])
    deal.is_open = deal.stage not in CLOSED_STAGES
    closing = not deal.is_open
    if closing:
        deal.closed_at = timezone.now()
    deal.save()
    verb = "direct_deal.closed" if closing else "direct_deal.updated"
    record_event(actor=actor, verb=verb, target=deal, before=before, after=after)
    return True


def deal_create(*, actor, account: DirectAccount, data: dict[str, Any]) -> DirectDeal:
    _require(actor)
    cleaned = clean_deal({"name": data.get("name"), "amount": data.get("amount")} | data)
    with transaction.atomic():
        account = lock_visible(DirectAccount.objects, actor=actor, pk=account.pk)
        require_action(actor, account, AccountAction.ADD_DEAL)
        return _create_deal(actor=actor, account=account, cleaned=cleaned)


def deal_update(*, actor, deal: DirectDeal, data: dict[str, Any]) -> DirectDeal:
    _require(actor)
    cleaned = clean_deal(data)
    with transaction.atomic():
        deal = lock_visible(
            DirectDeal.objects.select_related("account"), actor=actor, pk=deal.pk, of=("self",)
        )
        require_action(actor, deal, DealAction.EDIT)
        _update_deal(actor=actor, deal=deal, cleaned=cleaned)
    return deal


def deal_close(*, actor, deal: DirectDeal, won: bool) -> DirectDeal:
    _require(actor)
    with transaction.atomic():
        deal = lock_visible(
            DirectDeal.objects.select_related("account"), actor=actor, pk=deal.pk, of=("self",)
        )
        require_action(actor, deal, DealAction.CLOSE)
        _update_deal(actor=actor, deal=deal, cleaned={"stage": DealStage.WON if won else DealStage.LOST})
    return deal


def find_account(*, actor, domain: str = "", tax_id: str = "") -> DirectAccount | None:
    key = tax_id_key(tax_id)
    q = Q()
    if key:
        q |= Q(tax_id_key=key)
    if domain:
        q |= Q(web_domain=domain)
    if not q:
        return None
    matches = list(DirectAccount.objects.visible_to(actor).filter(q)[:2])
    if key:
        by_tax = [a for a in matches if a.tax_id_key == key]
        if by_tax:
            return by_tax[0]
    return matches[0] if matches else None
