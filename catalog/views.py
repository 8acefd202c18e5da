from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.inputs import FamilyInput, ImportInput, ProductInput
from catalog.selectors import family_filters, family_list, pricing, product_filters, product_get
from catalog.services import (
    family_create,
    product_create,
    product_deactivate,
    product_update,
    products_import_csv,
)
from catalog.tables import family_table, product_table
from core.http import (
    REFUSED,
    hx_redirect,
    login_required,
    partner_required,
    staff_required,
    submit_form,
    submit_record,
)
from core.listing import export_format, export_response, list_page


def _list(request, *, list_url: str):
    actor = request.actor
    actor.require("catalog.view")
    filters = product_filters(actor=actor, data=request.GET)
    prices = pricing(actor=actor, filters=filters)
    return list_page(
        request,
        filterset=filters,
        table=_table(actor, prices),
        template="catalog/product_list.html",
        export_url=reverse("catalog:export") if actor.is_staff else None,
        context={
            "action": reverse(list_url),
            "staff_view": actor.is_staff,
            "can_manage": actor.can("catalog.manage"),
            "pricing": prices,
        },
    )


def _table(actor, prices=None):
    return product_table(staff=actor.is_staff, can_manage=actor.can("catalog.manage"), pricing=prices)


@login_required
def product_detail(request, product_id):
    """A product: its list price and a partner user's own price (staff: a partner's, `?price_for=`)."""
    actor = request.actor
    actor.require("catalog.view")
    product = product_get(actor=actor, public_id=product_id)
    filters = product_filters(actor=actor, data=request.GET) if actor.is_staff else None
    context = {
        "product": product,
        "pricing": (prices := pricing(actor=actor, filters=filters)),
        "price": prices.price(product.list_price) if prices else None,
        "filters": filters,
        "can_manage": actor.can("catalog.manage"),
    }
    return render(request, "catalog/product_detail.html", context)


@staff_required
def products(request):
    return _list(request, list_url="catalog:products")


@partner_required
def partner_catalogue(request):
    return _list(request, list_url="catalog:partner_catalogue")


@staff_required
def product_export(request):
    request.actor.require("catalog.view")
    filters = product_filters(actor=request.actor, data=request.GET)
    columns = _table(request.actor).export_columns
    return export_response(filters.qs, columns, name="products", fmt=export_format(request))


@staff_required
def product_form(request, product_id=None):
    """A new product, or a product's changes."""
    actor = request.actor
    product = product_get(actor=actor, public_id=product_id) if product_id else None
    actor.require("catalog.manage")
    form = ProductInput(request.POST or None, instance=product, families=family_list(actor=actor))
    saved = submit_record(
        request,
        form,
        product,
        create=lambda: product_create(actor=actor, data=form),
        update=lambda: product_update(actor=actor, product=product, data=form),
        created=lambda p: _("Product %(sku)s created.") % {"sku": p.sku},
        updated=lambda p: _("Product %(sku)s saved.") % {"sku": p.sku},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "catalog:products")
    return render(request, "catalog/product_form.html", {"form": form, "product": product})


@staff_required
@require_POST
def product_deactivate_view(request, product_id):
    actor = request.actor
    product = product_get(actor=actor, public_id=product_id)
    product_deactivate(actor=actor, product=product)
    messages.success(request, _("Product %(sku)s deactivated.") % {"sku": product.sku})
    return hx_redirect(request, "catalog:products")


@staff_required
def families(request):
    actor = request.actor
    actor.require("catalog.view")
    form = FamilyInput(request.POST or None)
    if request.method == "POST":
        actor.require("catalog.manage")
    created = submit_form(
        request,
        form,
        lambda: family_create(actor=actor, data=form),
        lambda family: _("Product family %(name)s created.") % {"name": family.name},
    )
    if created is not REFUSED:
        return hx_redirect(request, "catalog:families")
    return list_page(
        request,
        filterset=family_filters(actor=actor, data=request.GET),
        table=family_table(staff=True),
        template="catalog/families.html",
        context={
            "action": reverse("catalog:families"),
            "family_form": form,
            "can_manage": actor.can("catalog.manage"),
        },
    )


def _run_import(request, form: ImportInput, csv_text: str, *, dry_run: bool):
    """Import the checked text (a dry run for the preview); a file refused as a whole (its header, its size)
    is said above the form."""
    try:
        return products_import_csv(actor=request.actor, file_text=csv_text, dry_run=dry_run)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return None


@staff_required
def product_import(request):
    """Upload or paste a CSV; a POST shows the preview (a dry run) with a confirm button."""
    request.actor.require("catalog.manage")
    form = ImportInput(request.POST or None, request.FILES or None)
    context = {"form": form, "result": None}
    if request.method == "POST" and form.is_valid():
        result = _run_import(request, form, form.cleaned_data["csv"], dry_run=True)
        context["result"] = result
        if result is not None and result.ok:
            context["confirm_form"] = ImportInput(initial={"csv": form.cleaned_data["csv"]})
    return render(request, "catalog/import.html", context)


@staff_required
@require_POST
def product_import_confirm(request):
    request.actor.require("catalog.manage")
    confirm = ImportInput(request.POST)
    form = ImportInput()
    if not confirm.is_valid():
        form.add_error(None, _("Nothing to import: upload the file again."))
        return render(request, "catalog/import.html", {"form": form, "result": None})
    result = _run_import(request, form, confirm.cleaned_data["csv"], dry_run=False)
    if result is not None and result.written:
        messages.success(
            request,
            _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return hx_redirect(request, "catalog:products")
    # The catalogue changed since the preview and a row no longer passes: show why, write nothing.
    return render(request, "catalog/import.html", {"form": form, "result": result})
