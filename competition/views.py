"""Competing vendors: the staff list and its editors, and a partner's own declaration (`/competition/mine/`,
shown on the company profile too)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competition.inputs import DeclarationInput, LineInput, VendorInput
from competition.rules import allowed_actions, may_declare
from competition.selectors import (
    declaration_get,
    declarations_of,
    disclosure_of,
    line_get,
    vendor_filters,
    vendor_get,
)
from competition.services import (
    declaration_create,
    declaration_delete,
    declaration_update,
    disclosure_confirm,
    line_create,
    line_update,
    vendor_create,
    vendor_update,
)
from competition.tables import directory_url, vendor_table
from core.events import events_for
from core.http import REFUSED, hx_redirect, partner_required, run_button, staff_required, submit_record
from core.listing import export_list, list_page

# --- the list (staff) ------------------------------------------------------------------------------------


@staff_required
def vendors(request):
    actor = request.actor
    actor.require("competition.view")
    return list_page(
        request,
        filterset=vendor_filters(actor=actor, data=request.GET),
        table=vendor_table(),
        template="competition/vendors.html",
        export_url=reverse("competition:vendors_export"),
    )


@staff_required
def vendors_export(request):
    actor = request.actor
    actor.require("competition.view")
    filterset = vendor_filters(actor=actor, data=request.GET)
    return export_list(request, filterset, vendor_table(), name="competing-vendors")


@staff_required
def vendor_form(request, vendor_id=None):
    """A new vendor, or a vendor's changes."""
    actor = request.actor
    vendor = vendor_get(actor=actor, public_id=vendor_id) if vendor_id else None
    actor.require("competition.manage")
    form = VendorInput(request.POST or None, instance=vendor)
    saved = submit_record(
        request,
        form,
        vendor,
        create=lambda: vendor_create(actor=actor, data=form),
        update=lambda: vendor_update(actor=actor, vendor=vendor, data=form),
        created=lambda v: _("Competing vendor %(name)s added.") % {"name": v.name},
        updated=_("Competing vendor saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "competition:vendor", saved.public_id)
    return render(request, "competition/vendor_form.html", {"form": form, "vendor": vendor})


@staff_required
def vendor_detail(request, vendor_id):
    actor = request.actor
    actor.require("competition.view")
    vendor = vendor_get(actor=actor, public_id=vendor_id)
    lines = list(vendor.lines.all())
    for line in lines:
        line.actions = allowed_actions(actor, line)
    context = {
        "vendor": vendor,
        "lines": lines,
        "actions": allowed_actions(actor, vendor),
        "directory_url": directory_url(vendor),
        "timeline": events_for(actor=actor, target=vendor)[:100],
    }
    return render(request, "competition/vendor_detail.html", context)


@staff_required
def line_form(request, vendor_id=None, line_id=None):
    """A new line of a vendor (`vendor_id`), or a line's changes (`line_id`)."""
    actor = request.actor
    line = line_get(actor=actor, public_id=line_id) if line_id else None
    vendor = line.vendor if line is not None else vendor_get(actor=actor, public_id=vendor_id)
    actor.require("competition.manage")
    form = LineInput(request.POST or None, instance=line, vendor=vendor)
    saved = submit_record(
        request,
        form,
        line,
        create=lambda: line_create(actor=actor, vendor=vendor, data=form),
        update=lambda: line_update(actor=actor, line=line, data=form),
        created=lambda made: _("Product line %(name)s added.") % {"name": made.name},
        updated=_("Product line saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "competition:vendor", vendor.public_id)
    return render(request, "competition/line_form.html", {"form": form, "vendor": vendor, "line": line})


# --- a partner's own declaration ----------------------------------------------------------------------------


@partner_required
def mine(request):
    """What the company declares it sells of competing vendors, and whether it has confirmed the list."""
    actor = request.actor
    actor.require("competition.view")
    partner = actor.partner
    declarations = declarations_of(actor=actor, partner=partner)
    for declaration in declarations:
        declaration.actions = allowed_actions(actor, declaration)
    context = {
        "partner": partner,
        "declarations": declarations,
        "disclosure": disclosure_of(actor=actor, partner=partner),
        "editable": may_declare(actor, partner),
    }
    return render(request, "competition/mine.html", context)


@partner_required
def declaration_form(request, declaration_id=None):
    actor = request.actor
    declaration = declaration_get(actor=actor, public_id=declaration_id) if declaration_id else None
    if request.method == "GET" and not actor.can("competition.declare"):
        messages.info(request, _("Only a partner admin can change the list."))
        return redirect("competition:mine")
    actor.require("competition.declare")
    if declaration is not None and "edit" not in allowed_actions(actor, declaration):
        raise PermissionDenied  # a reseller's declaration: its distributor reads it, the reseller keeps it
    initial = DeclarationInput.initial_for(declaration) if declaration is not None else None
    form = DeclarationInput(request.POST or None, initial=initial)
    saved = submit_record(
        request,
        form,
        declaration,
        create=lambda: declaration_create(actor=actor, data=form),
        update=lambda: declaration_update(actor=actor, declaration=declaration, data=form),
        created=lambda d: _("%(name)s added to your competing products.") % {"name": d.label},
        updated=_("Competing product saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "competition:mine")
    return render(request, "competition/declaration_form.html", {"form": form, "declaration": declaration})


@partner_required
@require_POST
def declaration_remove(request, declaration_id):
    actor = request.actor
    declaration = declaration_get(actor=actor, public_id=declaration_id)
    label = declaration.label
    removed = run_button(request, lambda: declaration_delete(actor=actor, declaration=declaration))
    if removed is not REFUSED:
        messages.success(request, _("%(name)s removed from your competing products.") % {"name": label})
    return hx_redirect(request, "competition:mine")


@partner_required
@require_POST
def disclose(request):
    actor = request.actor
    run_button(
        request,
        lambda: disclosure_confirm(actor=actor),
        _("Thank you: your list of competing products is confirmed."),
    )
    return hx_redirect(request, "competition:mine")
