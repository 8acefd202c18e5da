"""Writes for partner organisations: create, edit the profile, move through the lifecycle, set territories.

Each write validates through its input (`partners/inputs.py`): a page passes the bound input, the API and
other apps pass values (a Mapping), which are bound to the same input here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.events import changes, record_event, save_changes
from core.scoping import lock_visible
from partners.choices import PartnerStatus, PartnerType
from partners.errors import PartnerErrorCode as E
from partners.inputs import LogoInput, PartnerInput, ProfileInput, StatusInput, TerritoryInput
from partners.inputs import tax_id_error as tax_id_error  # other apps check tax ids the partners' way
from partners.models import PROFILE_PRINTED_FIELDS, Partner, StaffUser, Territory
from partners.regions import region_for_country
from partners.rules import STATUS_ACTION, require_action, transition_error
from partners.territories import CamTerritories, cam_is_assignable, cam_territories


def _known(input_class: type[ProfileInput], data: Mapping[str, Any]) -> dict[str, Any]:
    """The values an input takes; other names are none of this writer's business and are left out."""
    return {name: value for name, value in data.items() if name in input_class.base_fields}


def _refuse_staff_only(input_class: type[ProfileInput], data: Mapping[str, Any]) -> None:
    """A partner user who names the vendor's fields (tier, type, manager …) is told so, field by field,
    rather than having them ignored; nothing of the body is applied. The tier is nobody's to write here: it
    is the best tier of the partner's program memberships (programs' services change it)."""
    allowed, known = input_class.base_fields, PartnerInput.base_fields
    refused = [name for name in data if (name in known or name == "tier") and name not in allowed]
    if refused:
        message = _("Only the vendor can change this.")
        raise ValidationError(
            {
                name: ValidationError(message, code=E.STAFF_ONLY)
                if name != "tier" or input_class is ProfileInput
                else _tier_refusal()
                for name in refused
            }
        )


def _tier_refusal() -> ValidationError:
    return ValidationError(
        _("The tier changes through the partner's program memberships (Program → Partner programs)."),
        code=E.TIER_BY_PROGRAM,
    )


def _two_tier(values: Mapping[str, Any], *, stored: Partner | None) -> None:
    """A reseller may sit under a distributor, never a distributor under another, and a distributor keeps its
    type while it has resellers. A partial change is checked against the stored other half."""
    if "parent" not in values and "partner_type" not in values:
        return
    parent = values.get("parent", stored.parent if stored else None)
    partner_type = values.get("partner_type") or (stored.partner_type if stored else "")
    errors: dict[str, ValidationError] = {}
    if parent is not None and stored is not None and parent.pk == stored.pk:
        errors["parent"] = ValidationError(
            _("A partner cannot be its own distributor."), code=E.OWN_DISTRIBUTOR
        )
    elif parent is not None and partner_type == PartnerType.DISTRIBUTOR:
        errors["parent"] = ValidationError(
            _("A distributor cannot sit under another distributor."), code=E.DISTRIBUTOR_UNDER_DISTRIBUTOR
        )
    if (
        stored is not None
        and stored.partner_type == PartnerType.DISTRIBUTOR
        and partner_type != PartnerType.DISTRIBUTOR
        and stored.resellers.exists()
    ):
        errors["partner_type"] = ValidationError(
            _("This distributor has resellers; move them before changing its type."), code=E.HAS_RESELLERS
        )
    if errors:
        raise ValidationError(errors)


def _record(actor: Actor, partner: Partner, verb: str, **values: Any) -> None:
    """A partner's event: about the partner, on its timeline."""
    record_event(actor=actor, verb=verb, target=partner, partner=partner, **values)


def partner_create(
    *,
    actor: Actor,
    data: Mapping[str, Any] | PartnerInput,
    status: str = PartnerStatus.PROSPECT,
    note: str = "",
) -> Partner:
    actor.require("partners.create")
    if not isinstance(data, PartnerInput):
        if "tier" in data:
            raise ValidationError({"tier": _tier_refusal()})
        data = PartnerInput.from_api(_known(PartnerInput, data), actor=actor)
    cleaned = data.cleaned()
    _two_tier(cleaned, stored=None)
    with transaction.atomic():
        partner = Partner.objects.create(status=status, **cleaned)
        _record(
            actor,
            partner,
            "partner.created",
            after={"status": status, "partner_type": partner.partner_type},
            note=note,
        )
    return partner


def partner_input_class(*, actor: Actor, partner: Partner) -> type[ProfileInput]:
    """What `actor` may change about `partner`: everything (staff who edit partners), the company profile
    (the partner's own admin), or nothing (PermissionDenied)."""
    if actor.can("partners.edit"):
        return PartnerInput
    if actor.can("partners.edit_own_profile") and actor.partner_id == partner.pk:
        return ProfileInput
    raise PermissionDenied


def partner_update(*, actor: Actor, partner: Partner, data: Mapping[str, Any] | ProfileInput) -> Partner:
    """Change a partner: a page sends every field of its input, values (the API, other apps) only the ones
    that change. Values naming a field the actor may not change are refused (`staff_only`), changing
    nothing; a page's input holds only the actor's fields. Records only what changed."""
    input_class = partner_input_class(actor=actor, partner=partner)
    if not isinstance(data, ProfileInput):
        _refuse_staff_only(input_class, data)
        options = {"actor": actor} if input_class is PartnerInput else {}
        data = input_class.from_api(_known(input_class, data), partial=True, instance=partner, **options)
    cleaned = _known(input_class, data.cleaned())
    if (
        "country" in cleaned
        and "region" not in cleaned
        and (region := region_for_country(cleaned["country"]))
    ):
        cleaned["region"] = region.value  # the profile's country moves the partner's region with it
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        _two_tier(cleaned, stored=partner)
        _before, after = changes(partner, list(cleaned), cleaned)
        if PROFILE_PRINTED_FIELDS & after.keys():
            partner.profile_version += 1  # saved with the change; co-branded files are made afresh
        save_changes(partner, cleaned, actor=actor, verb="partner.updated", partner=partner)
    return partner


def partner_logo_set(*, actor: Actor, partner: Partner, data: Mapping[str, Any] | LogoInput) -> Partner:
    """Upload the partner's logo (PNG or JPEG, checked by `LogoInput`), replacing the one before; the profile
    version moves, so co-branded files are made afresh. Who may: as for the profile (its admin, staff who
    edit partners)."""
    partner_input_class(actor=actor, partner=partner)  # PermissionDenied for anyone else
    if not isinstance(data, LogoInput):
        data = LogoInput({}, files=dict(data))
    upload = data.cleaned()["logo"]
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        old = partner.logo.name if partner.logo else ""
        # Named by the type read from its content, not by the uploader ("blob" may well be a JPEG).
        partner.logo.save(f"logo.{upload.file_type.extension}", upload, save=False)
        partner.profile_version += 1
        partner.save(update_fields=["logo", "profile_version", "updated_at"])
        _record(actor, partner, "partner.logo_changed", after={"logo": True})
        if old:
            _delete_after_commit(old)
    return partner


def partner_logo_remove(*, actor: Actor, partner: Partner) -> Partner:
    """Remove the partner's logo (nothing to remove changes nothing and records nothing)."""
    partner_input_class(actor=actor, partner=partner)
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        if not partner.logo:
            return partner
        old = partner.logo.name or ""
        partner.logo = ""
        partner.profile_version += 1
        partner.save(update_fields=["logo", "profile_version", "updated_at"])
        _record(actor, partner, "partner.logo_changed", before={"logo": True}, after={"logo": False})
        _delete_after_commit(old)
    return partner


def _delete_after_commit(name: str) -> None:
    """A replaced logo's file goes once the change is committed (a rollback keeps it, as the row does)."""
    transaction.on_commit(lambda: default_storage.delete(name))


def partner_change_status(*, actor: Actor, partner: Partner, to_status: str, note: str = "") -> Partner:
    actor.require("partners.change_status")
    values = StatusInput.from_api({"status": to_status, "note": note}).cleaned()
    to_status, note = values["status"], values["note"]
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        action = STATUS_ACTION.get(to_status)
        if action is None:  # nothing leads back to a prospect
            raise transition_error(partner, to_status)
        require_action(actor, partner, action)  # the lifecycle and the guards other apps add
        if to_status == PartnerStatus.OFFBOARDED and not note:
            raise ValidationError(
                {"note": ValidationError(_("Say why the partner is offboarded."), code=E.NOTE_REQUIRED)}
            )
        before = partner.status
        partner.status = to_status
        if to_status == PartnerStatus.ACTIVE and partner.activated_at is None:
            partner.activated_at = timezone.now()
        partner.save(update_fields=["status", "activated_at", "updated_at"])
        _record(
            actor,
            partner,
            "partner.status_changed",
            before={"status": before},
            after={"status": to_status},
            note=note,
        )
    return partner


# --- territories ------------------------------------------------------------------------------------------


def territories_set(
    *, actor: Actor, user: StaffUser, data: Mapping[str, Any] | TerritoryInput
) -> CamTerritories:
    """Replace the regions and countries `user` (an active CAM or the chief) looks after; returns what they
    hold now."""
    actor.require("staff.assign_territories")
    form = data if isinstance(data, TerritoryInput) else TerritoryInput.from_api(dict(data))
    values = form.cleaned()
    regions, countries = values["regions"], values["countries"]
    with transaction.atomic():
        cam = get_user_model().objects.select_for_update().get(pk=user.pk)  # one change at a time per CAM
        if not cam_is_assignable(cam):
            raise ValidationError(_("Territories are for active channel account managers and the chief."))
        rows = list(Territory.objects.filter(user=cam))
        before = {
            "regions": sorted(t.region for t in rows if t.region),
            "countries": sorted(t.country.code for t in rows if t.country),
        }
        after = {"regions": sorted(regions), "countries": sorted(countries)}
        changed = [key for key in after if before[key] != after[key]]
        if not changed:
            return cam_territories(actor=actor, user=cam)
        Territory.objects.filter(user=cam).exclude(region__in=regions, country="").exclude(
            country__in=countries, region=""
        ).delete()
        Territory.objects.bulk_create(
            [Territory(user=cam, region=r) for r in regions if r not in before["regions"]]
            + [Territory(user=cam, country=c) for c in countries if c not in before["countries"]]
        )
        record_event(
            actor=actor,
            verb="territories.changed",
            target=cam,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return cam_territories(actor=actor, user=cam)
