"""Writes for the vendor's direct-sales records: accounts, deals and their CSV imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from conflicts.index import index_direct_account, unindex_direct_account
from core.actor import Actor
from core.events import changes, record_event
from core.scoping import lock_visible
from direct.inputs import AccountInput, DealInput
from direct.models import CLOSED_STAGES, DealStage, DirectAccount, DirectDeal
from direct.rules import AccountAction, DealAction, require_action
from direct.selectors import staff_owners
from matching.normalize import name_key, tax_id_key


def account_input(
    *, actor: Actor, data: Mapping[str, Any] | AccountInput, account: DirectAccount | None = None
) -> AccountInput:
    """The bound input of an account: as given (a page's form), or bound from values (API, imports, other
    apps): all of them for a new account, only those given for a change."""
    owners = staff_owners(actor=actor)
    return AccountInput.bind(data, instance=account, partial=account is not None, owners=owners)


def deal_input(
    *, actor: Actor, data: Mapping[str, Any] | DealInput, deal: DirectDeal | None = None
) -> DealInput:
    """The bound input of a deal, as `account_input`."""
    return DealInput.bind(data, instance=deal, partial=deal is not None, owners=staff_owners(actor=actor))


def _given(cleaned: dict[str, Any]) -> dict[str, Any]:
    """What a new record was given: its blank values are no news."""
    return {name: value for name, value in cleaned.items() if value not in ("", None)}


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


def _create_account(*, actor: Actor, cleaned: dict[str, Any], note: str = "") -> DirectAccount:
    account = DirectAccount(**cleaned)
    _keys(account)
    account.save()
    index_direct_account(account)
    after = {k: getattr(account, k) for k in _given(cleaned) if k != "notes"}
    record_event(actor=actor, verb="direct_account.created", target=account, after=after, note=note)
    return account


def _update_account(*, actor: Actor, account: DirectAccount, cleaned: dict[str, Any]) -> bool:
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


def account_create(*, actor: Actor, data: Mapping[str, Any] | AccountInput, note: str = "") -> DirectAccount:
    actor.require("direct.manage")
    cleaned = account_input(actor=actor, data=data).cleaned()
    with transaction.atomic():
        if errors := duplicate_error(
            web_domain=cleaned.get("web_domain", ""), tax_id=cleaned.get("tax_id", "")
        ):
            raise ValidationError(errors)
        return _create_account(actor=actor, cleaned=cleaned, note=note)


def account_update(
    *, actor: Actor, account: DirectAccount, data: Mapping[str, Any] | AccountInput
) -> DirectAccount:
    """Change an account: the page sends every field, the API and imports only those they change."""
    actor.require("direct.manage")
    cleaned = account_input(actor=actor, data=data, account=account).cleaned()
    with transaction.atomic():
        account = lock_visible(DirectAccount.objects, actor=actor, pk=account.pk)
        require_action(actor, account, AccountAction.EDIT)
        if errors := duplicate_error(
            web_domain=cleaned.get("web_domain", ""), tax_id=cleaned.get("tax_id", ""), exclude_pk=account.pk
        ):
            raise ValidationError(errors)
        _update_account(actor=actor, account=account, cleaned=cleaned)
    return account


def account_delete(*, actor: Actor, account: DirectAccount) -> bool:
    """Delete an account without deals; one with deals is only marked inactive. Returns whether deleted."""
    actor.require("direct.manage")
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


def _create_deal(*, actor: Actor, account: DirectAccount, cleaned: dict[str, Any]) -> DirectDeal:
    deal = DirectDeal(account=account, **cleaned)
    deal.is_open = deal.stage not in CLOSED_STAGES
    deal.closed_at = None if deal.is_open else timezone.now()
    deal.save()
    after = {"account": account.name, **{k: getattr(deal, k) for k in _given(cleaned)}}
    record_event(actor=actor, verb="direct_deal.created", target=deal, after=after)
    return deal


def _update_deal(*, actor: Actor, deal: DirectDeal, cleaned: dict[str, Any]) -> bool:
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


def deal_create(*, actor: Actor, account: DirectAccount, data: Mapping[str, Any] | DealInput) -> DirectDeal:
    actor.require("direct.manage")
    cleaned = deal_input(actor=actor, data=data).cleaned()
    with transaction.atomic():
        account = lock_visible(DirectAccount.objects, actor=actor, pk=account.pk)
        require_action(actor, account, AccountAction.ADD_DEAL)
        return _create_deal(actor=actor, account=account, cleaned=cleaned)


def deal_update(*, actor: Actor, deal: DirectDeal, data: Mapping[str, Any] | DealInput) -> DirectDeal:
    """Change a deal (a won or lost stage closes it): the page sends every field, the API and imports only
    those they change."""
    actor.require("direct.manage")
    cleaned = deal_input(actor=actor, data=data, deal=deal).cleaned()
    with transaction.atomic():
        deal = lock_visible(
            DirectDeal.objects.select_related("account"), actor=actor, pk=deal.pk, of=("self",)
        )
        require_action(actor, deal, DealAction.EDIT)
        _update_deal(actor=actor, deal=deal, cleaned=cleaned)
    return deal


def deal_close(*, actor: Actor, deal: DirectDeal, won: bool) -> DirectDeal:
    actor.require("direct.manage")
    with transaction.atomic():
        deal = lock_visible(
            DirectDeal.objects.select_related("account"), actor=actor, pk=deal.pk, of=("self",)
        )
        require_action(actor, deal, DealAction.CLOSE)
        _update_deal(actor=actor, deal=deal, cleaned={"stage": DealStage.WON if won else DealStage.LOST})
    return deal


def find_account(*, actor: Actor, domain: str = "", tax_id: str = "") -> DirectAccount | None:
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
