"""Writes of leads: creating them (the channel team, the API, the web form, a partner's referral), working
them (progress, notes, lost), converting them into deal registrations, and the custom attributes' definitions.

Routing (who gets a lead, accept/decline, the SLA) is `leads.routing`; scoring is `leads.scoring`.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CHANNEL_SELLABLE, Product
from catalog.selectors import products_visible
from core.actor import Actor
from core.errors import field_error
from core.events import record_event, save_changes
from core.money import Currency
from core.scoping import lock_visible
from deals.models import DealRegistration
from deals.services import registration_create, registration_submit
from leads import hooks
from leads.errors import LeadErrorCode as E
from leads.inputs import AttributeInput, ConvertInput, LeadInput, LoseInput, NoteInput, ProgressInput
from leads.matching import match_lead
from leads.models import (
    AssignmentMethod,
    AssignmentOutcome,
    Destination,
    Lead,
    LeadAssignment,
    LeadAttribute,
    LeadNote,
    LeadSource,
    LeadStatus,
)
from leads.routing.services import offer_brought_lead
from leads.rules import LeadAction, require_action
from matching.normalize import name_key

IDEMPOTENCY_KEY_LENGTH = 100
# Fields copied into the event of a new lead (the rest are the contact's details and free text).
EVENT_FIELDS = ("company_name", "domain", "country", "region", "vertical", "company_size", "source")


def lead_products(*, actor: Actor) -> QuerySet[Product]:
    """The products a lead may name: the active ones the channel may sell (what a partner could register)."""
    return products_visible(actor=actor).filter(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE)


def _lock(lead: Lead, *, actor: Actor) -> Lead:
    return lock_visible(Lead.objects, actor=actor, pk=lead.pk)


def _require_create(actor: Actor, source: str) -> None:
    if source == LeadSource.REFERRAL:
        if not (actor.is_partner and actor.can("leads.work")):
            raise PermissionDenied
    elif source == LeadSource.WEB_FORM:
        return  # the public form: anyone, spam-checked by the view
    elif not (actor.is_staff and actor.can("leads.manage")):
        raise PermissionDenied


def lead_create(
    *,
    actor: Actor,
    data: Mapping[str, Any] | LeadInput,
    source: str = LeadSource.MANUAL,
    idempotency_key: str | None = None,
    ip: str | None = None,
    source_detail: str = "",
    brought_by: Any = None,
    brought_via: str = "",
) -> tuple[Lead, bool]:
    """Create a lead, compare it with what is known and send it on its way. Returns (lead, created): a
    repeat (the same idempotency key, or an open lead for the same person at the same company) answers with
    the lead already there and creates nothing.

    A partner's referral is the partner's own lead, accepted at once; a lead a partner's link or campaign
    page brought (`brought_by`, the partner; `brought_via`, the link's name) is offered to that partner; any
    other lead goes to direct sales when it is for a named direct account, else to the routing rules
    (leads.routing). Every new lead is scored."""
    _require_create(actor, source)
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > IDEMPOTENCY_KEY_LENGTH:
        raise field_error(
            "idempotency_key", _("At most %(n)s characters.") % {"n": IDEMPOTENCY_KEY_LENGTH}, E.DUPLICATE
        )
    if key is not None and (existing := Lead.objects.filter(idempotency_key=key).first()) is not None:
        return existing, False
    form = LeadInput.bind(data, products=lead_products(actor=actor))
    cleaned = form.cleaned()
    products = list(cleaned.pop("products", []) or [])
    attributes = {k: v for k, v in (cleaned.pop("attributes", None) or {}).items() if v is not None}
    lead = Lead(
        **cleaned,
        attributes=attributes,
        source=source,
        created_by=actor.user,
        idempotency_key=key,
        submitted_ip=ip or None,
    )
    lead.name_key = name_key(lead.company_name)
    if source_detail and not lead.source_detail:
        lead.source_detail = source_detail[:200]
    found = match_lead(lead)
    if found.merge_into is not None:
        return _merge(actor=actor, lead=found.merge_into, new=lead, products=products), False
    try:
        with transaction.atomic():
            lead.duplicate_of = found.duplicate_of
            lead.match_note = found.note
            if found.named_account is not None:
                lead.destination = Destination.DIRECT
                lead.match_note = (
                    _("Named account of direct sales: %(name)s") % {"name": found.named_account.name}
                )[:300]
            if source == LeadSource.REFERRAL:
                _take_referral(actor=actor, lead=lead)
            lead.save()
            lead.products.set(products)
            record_event(
                actor=actor,
                verb="lead.created",
                target=lead,
                partner=lead.partner,
                after={name: getattr(lead, name) for name in EVENT_FIELDS}
                | {"products": [str(p) for p in products]}
                | ({"duplicate_of": str(found.duplicate_of)} if found.duplicate_of else {})
                | ({"destination": lead.destination} if lead.destination == Destination.DIRECT else {}),
            )
            if source == LeadSource.REFERRAL:
                _record_referral_assignment(actor=actor, lead=lead)
            elif brought_by is not None and lead.destination != Destination.DIRECT:
                offer_brought_lead(lead=lead, partner=brought_by, via=brought_via)
    except IntegrityError:
        existing = Lead.objects.filter(idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    hooks.lead_created(lead)
    return lead, True


def _take_referral(*, actor: Actor, lead: Lead) -> None:
    now = timezone.now()
    lead.partner = actor.partner
    lead.destination = Destination.CHANNEL
    lead.status = LeadStatus.ACCEPTED
    lead.assigned_at = lead.accepted_at = now


def _record_referral_assignment(*, actor: Actor, lead: Lead) -> None:
    assert lead.partner is not None
    LeadAssignment.objects.create(
        lead=lead,
        partner=lead.partner,
        method=AssignmentMethod.MANUAL,
        assigned_by=actor.user,
        explanation=[{"code": "own_referral", "params": {}}],
        outcome=AssignmentOutcome.ACCEPTED,
        decided_at=lead.accepted_at,
        decided_by=actor.user,
    )


def _merge(*, actor: Actor, lead: Lead, new: Lead, products: list[Product]) -> Lead:
    """The same person at the same company again: what the new lead adds goes onto the open one."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        held = set(lead.products.values_list("pk", flat=True))  # one query, not one per product
        added = [p for p in products if p.pk not in held]
        lead.products.add(*added)
        filled = {
            name: getattr(new, name)
            for name in (
                "domain",
                "country",
                "region",
                "vertical",
                "company_size",
                "contact_phone",
                "contact_title",
            )
            if getattr(new, name) and not getattr(lead, name)
        }
        attributes = new.attributes | (lead.attributes or {})
        if attributes != lead.attributes:
            filled["attributes"] = attributes
        if new.notes:
            LeadNote.objects.create(lead=lead, author=actor.user, text=new.notes)
        for name, value in filled.items():
            setattr(lead, name, value)
        lead.save()
        record_event(
            actor=actor,
            verb="lead.merged",
            target=lead,
            partner=lead.partner,
            after={"source": new.source, "products": [str(p) for p in added]}
            | {k: v for k, v in filled.items() if k != "attributes"},
        )
    return lead


def lead_update(*, actor: Actor, lead: Lead, data: Mapping[str, Any] | LeadInput) -> Lead:
    """The channel team corrects a lead's details (only the fields given change, attributes merge)."""
    with transaction.atomic():
        lead = _lock(lead, actor=actor)
        require_action(actor, lead, LeadAction.EDIT)
        # The input checks a copy: its model form writes what it cleans into its instance, and the changes are
        # `save_changes`'s to make (and record).
        form = LeadInput.bind(data, partial=True, instance=copy(lead), products=lead_products(actor=actor))
        cleaned = form.cleaned()
        products = cleaned.pop("products", None)
        if "attributes" in cleaned:
            merged = (lead.attributes or {}) | cleaned.pop("attributes")
            cleaned["attributes"] = {k: v for k, v in merged.items() if v is not None}
        if "company_name" in cleaned:
            cleaned["name_key"] = name_key(cleaned["company_name"])
        changed = save_changes(lead, cleaned, actor=actor, verb="lead.updated", partner=lead.partner)
        if products is not None and set(products) != set(lead.products.all()):
            lead.products.set(products)
            record_event(
                actor=actor,
                verb="lead.updated",
                target=lead,
                partner=lead.partner,
                after={"products": [str(p) for p in products]},
            )
            changed = True
    if changed:
        hooks.lead_changed(lead)
    return lead


def lead_progress(*, actor: Actor, lead: Lead, data: Mapping[str, Any] | ProgressInput) -> Lead:
    """The partner says where an accepted lead stands and what happens next."""
    values = ProgressInput.bind(data).cleaned()
    with transaction.atomic():
        lead = _lock(lead, actor=actor)
        require_action(actor, lead, LeadAction.PROGRESS)
        save_changes(lead, values, actor=actor, verb="lead.progressed", partner=lead.partner)
    return lead


def lead_lose(*, actor: Actor, lead: Lead, data: Mapping[str, Any] | LoseInput) -> Lead:
    values = LoseInput.bind(data).cleaned()
    with transaction.atomic():
        lead = _lock(lead, actor=actor)
        require_action(actor, lead, LeadAction.LOSE)
        save_changes(
            lead,
            {
                "status": LeadStatus.LOST,
                "lost_reason": values["reason"],
                "lost_note": values["note"],
                "closed_at": timezone.now(),
            },
            actor=actor,
            verb="lead.lost",
            partner=lead.partner,
        )
    return lead


def _registration_values(
    lead: Lead, *, actor: Actor, expected_close_date: date, quantity: int, domain: str = "", tax_id: str = ""
) -> dict[str, Any]:
    products = list(lead.products.filter(pk__in=lead_products(actor=actor)).order_by("sku"))
    currency = products[0].currency if products else Currency.USD
    notes = [
        _("From lead %(company)s (%(source)s).")
        % {"company": lead.company_name, "source": lead.get_source_display()}
    ]
    if lead.notes:
        notes.append(lead.notes)
    return {
        "customer_name": lead.company_name,
        "customer_domain": domain or lead.domain,
        "customer_tax_id": tax_id,
        "customer_country": lead.country.code or "",
        "contact_name": lead.contact_name,
        "contact_email": lead.contact_email,
        "contact_phone": lead.contact_phone,
        "expected_close_date": expected_close_date,
        "currency": currency,
        "notes": "\n\n".join(notes)[:5000],
        "fund_activity_code": lead.fund_activity_code,
        "lines": [
            {"product_id": str(p.public_id), "quantity": quantity} for p in products if p.currency == currency
        ],
    }


def lead_convert(*, actor: Actor, lead: Lead, data: Mapping[str, Any] | ConvertInput) -> DealRegistration:
    """Open a deal registration prefilled from the lead through the deals service (submitted at once, so the
    conflict check runs as usual, unless kept as a draft) and keep the link for attribution. A submission the
    deals service refuses changes nothing: neither the registration nor the lead is saved."""
    values = ConvertInput.bind(data).cleaned()
    with transaction.atomic():
        lead = _lock(lead, actor=actor)
        require_action(actor, lead, LeadAction.CONVERT)
        registration, _created = registration_create(
            actor=actor,
            data=_registration_values(
                lead,
                actor=actor,
                expected_close_date=values["expected_close_date"],
                quantity=values.get("quantity") or 1,
                domain=values.get("customer_domain") or "",
                tax_id=values.get("customer_tax_id") or "",
            ),
            partner=lead.partner,
        )
        if values.get("submit"):
            registration = registration_submit(actor=actor, registration=registration)
        save_changes(
            lead,
            {"status": LeadStatus.CONVERTED, "registration": registration, "closed_at": timezone.now()},
            actor=actor,
            verb="lead.converted",
            partner=lead.partner,
        )
    return registration


def note_add(*, actor: Actor, lead: Lead, data: Mapping[str, Any] | NoteInput) -> LeadNote:
    values = NoteInput.bind(data).cleaned()
    with transaction.atomic():
        lead = _lock(lead, actor=actor)
        require_action(actor, lead, LeadAction.NOTE)
        note = LeadNote.objects.create(
            lead=lead,
            author=actor.user,
            partner=actor.partner if actor.is_partner else None,
            text=values["text"],
        )
        record_event(
            actor=actor, verb="lead.noted", target=lead, partner=lead.partner, note=values["text"][:500]
        )
    return note


# --- the web-to-lead form ----------------------------------------------------------------------------------


def _web_form_rate_limited(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - timedelta(hours=1)
    recent = Lead.objects.filter(submitted_ip=ip, created_at__gte=since).count()
    return recent >= settings.LEADS_WEB_FORM_PER_IP_PER_HOUR


def web_lead_submit(
    *, actor: Actor, data: Mapping[str, Any] | LeadInput, ip: str | None, honeypot: str = "", page: str = ""
) -> Lead | None:
    """The public web-to-lead form: a filled honeypot looks like success and stores nothing (None); too many
    leads from one network in an hour are refused (rate_limited). The page it was sent from is the source
    detail."""
    if (honeypot or "").strip():
        return None
    form = LeadInput.bind(data, products=lead_products(actor=actor))
    form.cleaned()
    if _web_form_rate_limited(ip):
        raise ValidationError(
            _("Too many requests were sent from your network in the last hour. Please try again later."),
            code=E.RATE_LIMITED,
        )
    return lead_create(actor=actor, data=form, source=LeadSource.WEB_FORM, ip=ip, source_detail=page)[0]


# --- custom attributes ------------------------------------------------------------------------------------


def _require_manage(actor: Actor) -> None:
    if not (actor.is_staff and actor.can("leads.manage")):
        raise PermissionDenied


def attribute_create(*, actor: Actor, data: Mapping[str, Any] | AttributeInput) -> LeadAttribute:
    _require_manage(actor)
    form = AttributeInput.bind(data)
    form.cleaned()
    with transaction.atomic():
        attribute = form.save()
        record_event(
            actor=actor,
            verb="lead_attribute.created",
            target=attribute,
            after={"key": attribute.key, "label_en": attribute.label_en, "kind": attribute.kind},
        )
    return attribute


def attribute_update(
    *, actor: Actor, attribute: LeadAttribute, data: Mapping[str, Any] | AttributeInput
) -> LeadAttribute:
    _require_manage(actor)
    with transaction.atomic():
        attribute = lock_visible(LeadAttribute.objects, actor=actor, pk=attribute.pk)
        form = AttributeInput.bind(data, partial=True, instance=copy(attribute))
        cleaned = form.cleaned()
        if "choices_text" in cleaned:
            cleaned["choices"] = cleaned.pop("choices_text")
            if attribute.kind == "choice" and not cleaned["choices"]:
                raise field_error("choices_text", _("List the choices."), E.CHOICES_MISSING)
        save_changes(attribute, cleaned, actor=actor, verb="lead_attribute.updated")
    return attribute
