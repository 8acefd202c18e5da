"""Writes for competing vendors, their lines and partners' declarations.

The list (vendors, lines) is kept by channel operations, marketing and the chief; a partner's admin keeps the
company's declaration and confirms it complete (`disclosure_confirm`); an approved application hands its
answer to the new partner (`declarations_from_application`). Every change records an event in its
transaction: the list's on the vendor, the declarations' on the partner (its timeline, the partner's too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competition.errors import CompetitionErrorCode as E
from competition.inputs import DeclarationInput, LineInput, VendorInput
from competition.models import (
    CompetingDeclaration,
    CompetingLine,
    CompetingVendor,
    CompetitionDisclosure,
)
from competition.rules import (
    DeclarationAction,
    LineAction,
    VendorAction,
    may_declare,
    require_action,
)
from core.actor import Actor
from core.events import changes, record_event
from core.scoping import lock_visible
from matching.normalize import name_key


def _require_manager(actor: Actor) -> None:
    if not (actor.is_staff and actor.can("competition.manage")):
        raise PermissionDenied


def _name_taken(message: str) -> ValidationError:
    return ValidationError({"name": ValidationError(message, code=E.NAME_TAKEN)})


# --- the list ---------------------------------------------------------------------------------------------


def vendor_create(*, actor: Actor, data: Mapping[str, Any] | VendorInput) -> CompetingVendor:
    _require_manager(actor)
    cleaned = VendorInput.bind(data).cleaned()
    vendor = CompetingVendor(**cleaned, name_key=name_key(cleaned["name"]))
    try:
        with transaction.atomic():
            vendor.save()
            record_event(
                actor=actor,
                verb="competing_vendor.created",
                target=vendor,
                after={k: v for k, v in cleaned.items() if v not in ("", None)},
            )
    except IntegrityError as exc:  # the same vendor added at the same moment
        raise _name_taken(_("The vendor %(name)s is already on the list.") % {"name": vendor.name}) from exc
    return vendor


def vendor_update(
    *, actor: Actor, vendor: CompetingVendor, data: Mapping[str, Any] | VendorInput
) -> CompetingVendor:
    """Change a vendor: the page sends every field, the API only those it changes."""
    _require_manager(actor)
    cleaned = VendorInput.bind(data, instance=vendor, partial=True).cleaned()
    try:
        with transaction.atomic():
            vendor = lock_visible(CompetingVendor.objects, actor=actor, pk=vendor.pk)
            require_action(actor, vendor, VendorAction.EDIT)
            before, after = changes(vendor, list(cleaned), cleaned)
            if after:
                for name, value in after.items():
                    setattr(vendor, name, value)
                vendor.name_key = name_key(vendor.name)
                vendor.save()
                record_event(
                    actor=actor, verb="competing_vendor.updated", target=vendor, before=before, after=after
                )
    except IntegrityError as exc:
        raise _name_taken(_("Another vendor has this name.")) from exc
    return vendor


def _family_names(families: Iterable[Any]) -> list[str]:
    return sorted(family.name for family in families)


def line_create(
    *, actor: Actor, vendor: CompetingVendor, data: Mapping[str, Any] | LineInput
) -> CompetingLine:
    """A product line of `vendor` and the families it competes with; recorded on the vendor."""
    _require_manager(actor)
    try:
        with transaction.atomic():
            vendor = lock_visible(CompetingVendor.objects, actor=actor, pk=vendor.pk)
            require_action(actor, vendor, VendorAction.ADD_LINE)
            cleaned = LineInput.bind(data, vendor=vendor).cleaned()
            families = list(cleaned.pop("families", None) or [])
            line = CompetingLine.objects.create(vendor=vendor, name_key=name_key(cleaned["name"]), **cleaned)
            line.families.set(families)
            record_event(
                actor=actor,
                verb="competing_line.created",
                target=vendor,
                after={"line": line.name, "families": _family_names(families), "is_active": line.is_active},
            )
    except IntegrityError as exc:
        raise _name_taken(_("%(vendor)s already has a line of this name.") % {"vendor": vendor.name}) from exc
    return line


def line_update(*, actor: Actor, line: CompetingLine, data: Mapping[str, Any] | LineInput) -> CompetingLine:
    """Change a line (its name, families, whether it is offered); recorded on its vendor."""
    _require_manager(actor)
    # Bound to the row as read (a model input writes its values into its instance), compared with the locked
    # row below.
    cleaned = LineInput.bind(data, instance=line, vendor=line.vendor, partial=True).cleaned()
    try:
        with transaction.atomic():
            lines = CompetingLine.objects.select_related("vendor")
            line = lock_visible(lines, actor=actor, pk=line.pk, of=("self",))
            require_action(actor, line, LineAction.EDIT)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            if "families" in cleaned:
                old = _family_names(line.families.all())
                new_families = list(cleaned.pop("families") or [])
                new = _family_names(new_families)
                if old != new:
                    line.families.set(new_families)
                    before["families"], after["families"] = old, new
            plain_before, plain_after = changes(line, list(cleaned), cleaned)
            if plain_after:
                for name, value in plain_after.items():
                    setattr(line, name, value)
                line.name_key = name_key(line.name)
                line.save()
            before |= {("line" if k == "name" else k): v for k, v in plain_before.items()}
            after |= {("line" if k == "name" else k): v for k, v in plain_after.items()}
            if after:
                record_event(
                    actor=actor,
                    verb="competing_line.updated",
                    target=line.vendor,
                    before=before,
                    after={"line": line.name} | after,
                )
    except IntegrityError as exc:
        raise _name_taken(_("The vendor already has a line of this name.")) from exc
    return line


# --- declarations ----------------------------------------------------------------------------------------


def _already_declared() -> ValidationError:
    return ValidationError(
        {"line_id": ValidationError(_("Your company has declared this already."), code=E.ALREADY_DECLARED)}
    )


def _check_pair(vendor: CompetingVendor, line: CompetingLine | None) -> None:
    if line is not None and line.vendor_id != vendor.pk:
        raise ValidationError(
            {
                "line_id": ValidationError(
                    _("%(line)s is not a product line of %(vendor)s.")
                    % {"line": line.name, "vendor": vendor.name},
                    code=E.LINE_NOT_OF_VENDOR,
                )
            }
        )


def _declared(
    partner_id: int, vendor: CompetingVendor, line: CompetingLine | None, exclude: int | None
) -> bool:
    found = CompetingDeclaration.objects.filter(partner_id=partner_id, vendor=vendor, line=line)
    return found.exclude(pk=exclude).exists() if exclude else found.exists()


def _values(declaration: CompetingDeclaration) -> dict[str, Any]:
    return {"competing": declaration.label, "since": declaration.since, "share": declaration.share}


def declaration_create(*, actor: Actor, data: Mapping[str, Any] | DeclarationInput) -> CompetingDeclaration:
    """A competing product the admin's own company sells."""
    if not actor.is_partner or not may_declare(actor, actor.partner):
        raise PermissionDenied
    partner = actor.partner
    cleaned = DeclarationInput.bind(data).cleaned()
    vendor, line = cleaned["vendor_id"], cleaned["line_id"]
    try:
        with transaction.atomic():
            if _declared(partner.pk, vendor, line, None):
                raise _already_declared()
            declaration = CompetingDeclaration.objects.create(
                partner=partner,
                vendor=vendor,
                line=line,
                since=cleaned["since"],
                share=cleaned["share"],
                declared_by=actor.user,
            )
            record_event(
                actor=actor,
                verb="competing_declaration.added",
                target=partner,
                partner=partner,
                after={k: v for k, v in _values(declaration).items() if v is not None},
            )
    except IntegrityError as exc:  # the same one declared at the same moment
        raise _already_declared() from exc
    return declaration


def declaration_update(
    *, actor: Actor, declaration: CompetingDeclaration, data: Mapping[str, Any] | DeclarationInput
) -> CompetingDeclaration:
    """Change a declaration: the page sends every field, the API only those it changes."""
    cleaned = DeclarationInput.bind(data, partial=True).cleaned()
    try:
        with transaction.atomic():
            declaration = lock_visible(
                CompetingDeclaration.objects.select_related("vendor", "line", "partner"),
                actor=actor,
                pk=declaration.pk,
                of=("self",),
            )
            require_action(actor, declaration, DeclarationAction.EDIT)
            before = _values(declaration)
            vendor = cleaned.get("vendor_id", declaration.vendor)
            line = cleaned.get("line_id", declaration.line)
            if "vendor_id" in cleaned and "line_id" not in cleaned and vendor.pk != declaration.vendor_id:
                line = None  # another vendor: its products in general unless a line of it is given
            _check_pair(vendor, line)
            if _declared(declaration.partner_id, vendor, line, declaration.pk):
                raise _already_declared()
            declaration.vendor, declaration.line = vendor, line
            for name in ("since", "share"):
                if name in cleaned:
                    setattr(declaration, name, cleaned[name])
            after = _values(declaration)
            changed = {k: v for k, v in after.items() if before[k] != v}
            if changed:
                declaration.save()
                record_event(
                    actor=actor,
                    verb="competing_declaration.changed",
                    target=declaration.partner,
                    partner=declaration.partner,
                    before={k: before[k] for k in changed} | {"competing": before["competing"]},
                    after=changed | {"competing": after["competing"]},
                )
    except IntegrityError as exc:
        raise _already_declared() from exc
    return declaration


def declaration_delete(*, actor: Actor, declaration: CompetingDeclaration) -> None:
    with transaction.atomic():
        declaration = lock_visible(
            CompetingDeclaration.objects.select_related("vendor", "line", "partner"),
            actor=actor,
            pk=declaration.pk,
            of=("self",),
        )
        require_action(actor, declaration, DeclarationAction.DELETE)
        partner, values = declaration.partner, _values(declaration)
        declaration.delete()
        record_event(
            actor=actor,
            verb="competing_declaration.removed",
            target=partner,
            partner=partner,
            before={k: v for k, v in values.items() if v is not None},
        )


def disclosure_confirm(*, actor: Actor) -> CompetitionDisclosure:
    """The admin confirms that the company's declaration is complete (none declared: it sells none). Again
    later, it moves the confirmation's date."""
    if not actor.is_partner or not may_declare(actor, actor.partner):
        raise PermissionDenied
    partner = actor.partner
    with transaction.atomic():
        count = CompetingDeclaration.objects.filter(partner=partner).count()
        disclosure, _created = CompetitionDisclosure.objects.select_for_update().update_or_create(
            partner=partner,
            defaults={"confirmed_at": timezone.now(), "confirmed_by": actor.user, "from_application": False},
        )
        record_event(
            actor=actor,
            verb="competition.disclosed",
            target=partner,
            partner=partner,
            after={"competing_count": count},
        )
    return disclosure


def declarations_from_application(
    *, actor: Actor, partner: Any, declarations: Iterable[Mapping[str, Any]], answered_at: datetime
) -> list[CompetingDeclaration]:
    """What an approved application answered, handed to the partner it became (in the approval's
    transaction): its competing products (each a mapping of vendor, line, since, share) and, since the
    application asked, the disclosure, dated when the applicant answered."""
    if not actor.is_staff:
        raise PermissionDenied
    made = [
        CompetingDeclaration.objects.create(
            partner=partner,
            vendor=row["vendor"],
            line=row.get("line"),
            since=row.get("since"),
            share=row.get("share"),
        )
        for row in declarations
    ]
    CompetitionDisclosure.objects.update_or_create(
        partner=partner,
        defaults={"confirmed_at": answered_at, "confirmed_by": None, "from_application": True},
    )
    record_event(
        actor=actor,
        verb="competition.from_application",
        target=partner,
        partner=partner,
        after={"competing": [d.label for d in made], "competing_count": len(made)},
    )
    return made
