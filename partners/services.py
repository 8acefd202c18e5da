"""Writes for partner organisations: create, edit the profile, move through the lifecycle."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from core.events import changes, record_event
from core.normalize import normalize_domain
from core.roles import StaffRole
from core.scoping import lock_visible
from partners.choices import Capability, CompanySize, PartnerStatus, PartnerType, Region, Tier, Vertical
from partners.errors import PartnerErrorCode as E
from partners.models import Partner, Territory
from partners.rules import STATUS_ACTION, require_action, transition_error
from partners.territories import cam_is_assignable

if TYPE_CHECKING:
    from core.actor import Actor

STAFF_FIELDS = (
    "name",
    "legal_name",
    "tax_id",
    "web_domain",
    "country",
    "region",
    "city",
    "partner_type",
    "verticals",
    "capabilities",
    "size",
    "cam",
    "tier",
    "parent",
    "phone",
    "description",
)
PARTNER_ADMIN_FIELDS = (
    "name",
    "legal_name",
    "tax_id",
    "web_domain",
    "country",
    "city",
    "verticals",
    "capabilities",
    "size",
    "phone",
    "description",
)


def tax_id_error(tax_id: str) -> str | None:
    """Why a partner record refuses this tax id, or None (applications are checked the same way)."""
    if tax_id and not all(ch.isalnum() or ch in "-/ " for ch in tax_id):
        return _("A tax id may contain only letters, digits, spaces, '-' and '/'.")
    return None


def _clean(data: dict[str, Any], *, instance: Partner | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            fail("name", _("Enter the partner's name."))
    for text_field in ("legal_name", "tax_id", "city", "phone", "description"):
        if text_field in cleaned:
            cleaned[text_field] = (cleaned[text_field] or "").strip()
    if message := tax_id_error(cleaned.get("tax_id") or ""):
        fail("tax_id", message)
    if "web_domain" in cleaned:
        try:
            cleaned["web_domain"] = normalize_domain(cleaned["web_domain"])
        except ValidationError as exc:
            fail("web_domain", exc.messages[0])
    for blankable in ("region", "size", "country"):  # an API null means "clear it"
        if blankable in cleaned and cleaned[blankable] is None:
            cleaned[blankable] = ""
    if "tier" in cleaned and not cleaned["tier"]:
        fail("tier", _("Choose a valid option."))
    choices = {
        "partner_type": PartnerType,
        "region": Region,
        "size": CompanySize,
        "tier": Tier,
    }
    for field, enum in choices.items():
        if field in cleaned and cleaned[field] not in ("", None) and cleaned[field] not in enum.values:
            fail(field, _("Choose a valid option."))
    if "partner_type" in cleaned and not cleaned["partner_type"]:
        fail("partner_type", _("Choose the partner type."))
    for field, enum in (("verticals", Vertical), ("capabilities", Capability)):
        if field in cleaned:
            values = list(dict.fromkeys(cleaned[field] or []))
            unknown = [v for v in values if v not in enum.values]
            if unknown:
                fail(field, _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, unknown))})
            cleaned[field] = values
    if "country" in cleaned and cleaned["country"]:
        from django_countries import countries

        code = str(cleaned["country"]).upper()
        if code not in dict(countries):
            fail("country", _("Choose a valid country."))
        cleaned["country"] = code
    cam = cleaned.get("cam")
    if cam is not None and cam.staff_role not in (StaffRole.CAM, StaffRole.CHIEF):
        fail("cam", _("The assigned manager must be a channel account manager or the channel chief."))
    parent = cleaned.get("parent")
    if parent is not None:
        if parent.partner_type != PartnerType.DISTRIBUTOR:
            fail("parent", _("The parent must be a distributor."))
        elif instance is not None and parent.pk == instance.pk:
            fail("parent", _("A partner cannot be its own distributor."))
    if "parent" in cleaned or "partner_type" in cleaned:
        # A partial update (API PATCH) may change only one of the two: check against the stored other one.
        if "parent" not in cleaned:
            parent = instance.parent if instance else None
        ptype = cleaned.get("partner_type") or (instance.partner_type if instance else "")
        if parent is not None and ptype == PartnerType.DISTRIBUTOR:
            fail("parent", _("A distributor cannot sit under another distributor."))
        if (
            instance is not None
            and instance.partner_type == PartnerType.DISTRIBUTOR
            and ptype != PartnerType.DISTRIBUTOR
            and instance.resellers.exists()
        ):
            fail("partner_type", _("This distributor has resellers; move them before changing its type."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def partner_create(
    *, actor, data: dict[str, Any], status: str = PartnerStatus.PROSPECT, note: str = ""
) -> Partner:
    if not actor.can("partners.create"):
        raise PermissionDenied
    cleaned = _clean({k: v for k, v in data.items() if k in STAFF_FIELDS}, instance=None)
    for required in ("name", "partner_type"):
        if not cleaned.get(required):
            raise ValidationError({required: _("This field is required.")})
    with transaction.atomic():
        partner = Partner.objects.create(status=status, **cleaned)
        record_event(
            actor=actor,
            verb="partner.created",
            target=partner,
            partner=partner,
            after={"status": status, "partner_type": partner.partner_type},
            note=note,
        )
    return partner


def partner_update(*, actor, partner: Partner, data: dict[str, Any]) -> Partner:
    if actor.can("partners.edit"):
        allowed = STAFF_FIELDS
    elif actor.can("partners.edit_own_profile") and actor.partner_id == partner.id:
        allowed = PARTNER_ADMIN_FIELDS
    else:
        raise PermissionDenied
    cleaned = _clean({k: v for k, v in data.items() if k in allowed}, instance=partner)
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        before, after = changes(partner, list(cleaned), cleaned)
        if not after:
            return partner
        for field in after:
            setattr(partner, field, cleaned[field])
        partner.save()
        record_event(
            actor=actor,
            verb="partner.updated",
            target=partner,
            partner=partner,
            before=before,
            after=after,
        )
    return partner


def partner_change_status(*, actor, partner: Partner, to_status: str, note: str = "") -> Partner:
    if not actor.can("partners.change_status"):
        raise PermissionDenied
    if to_status not in PartnerStatus.values:
        raise ValidationError({"status": ValidationError(_("Unknown status."), code="invalid_choice")})
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        action = STATUS_ACTION.get(to_status)
        if action is None:  # nothing leads back to a prospect
            raise transition_error(partner, to_status)
        require_action(actor, partner, action)  # the lifecycle and the guards other apps add
        if to_status == PartnerStatus.OFFBOARDED and not note.strip():
            raise ValidationError(
                {"note": ValidationError(_("Say why the partner is offboarded."), code=E.NOTE_REQUIRED)}
            )
        before = partner.status
        partner.status = to_status
        if to_status == PartnerStatus.ACTIVE and partner.activated_at is None:
            partner.activated_at = timezone.now()
        partner.save(update_fields=["status", "activated_at", "updated_at"])
        record_event(
            actor=actor,
            verb="partner.status_changed",
            target=partner,
            partner=partner,
            before={"status": before},
            after={"status": to_status},
            note=note.strip(),
        )
    return partner


# --- territories ------------------------------------------------------------------------------------------


def _clean_territories(*, regions: list[str], countries: list[str]) -> tuple[list[str], list[str]]:
    errors: dict[str, list[str]] = {}
    regions = list(dict.fromkeys(str(r).strip() for r in regions or []))
    codes = list(dict.fromkeys(str(c).strip().upper() for c in countries or []))
    if unknown := [r for r in regions if r not in Region.values]:
        errors["regions"] = [_("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}]
    known = dict(all_countries)
    if unknown := [c for c in codes if c not in known]:
        errors["countries"] = [_("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return regions, codes


def territories_set(*, actor: Actor, user: Any, regions: list[str], countries: list[str]) -> None:
    """Replace the regions and countries `user` (an active CAM or the chief) looks after."""
    if not actor.can("staff.assign_territories"):
        raise PermissionDenied
    regions, countries = _clean_territories(regions=regions, countries=countries)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)  # one change at a time per CAM
        if not cam_is_assignable(user):
            raise ValidationError(_("Territories are for active channel account managers and the chief."))
        rows = list(Territory.objects.filter(user=user))
        before = {
            "regions": sorted(t.region for t in rows if t.region),
            "countries": sorted(t.country.code for t in rows if t.country),
        }
        after = {"regions": sorted(regions), "countries": sorted(countries)}
        changed = [key for key in after if before[key] != after[key]]
        if not changed:
            return
        Territory.objects.filter(user=user).exclude(region__in=regions, country="").exclude(
            country__in=countries, region=""
        ).delete()
        Territory.objects.bulk_create(
            [Territory(user=user, region=r) for r in regions if r not in before["regions"]]
            + [Territory(user=user, country=c) for c in countries if c not in before["countries"]]
        )
        record_event(
            actor=actor,
            verb="territories.changed",
            target=user,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
