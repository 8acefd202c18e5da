"""Writes for the product catalogue: families, products and the CSV import. Channel operations only."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.inputs import FamilyInput, ProductInput
from catalog.models import Product, ProductFamily
from catalog.selectors import family_list
from core.actor import Actor
from core.events import apply_changes, changes, record_event, save_changes
from core.scoping import lock_visible

MAX_IMPORT_ROWS = 10_000


# --- families ------------------------------------------------------------------------------------------


def family_create(*, actor: Actor, data: Mapping[str, Any] | FamilyInput) -> ProductFamily:
    actor.require("catalog.manage")
    cleaned = FamilyInput.bind(data).cleaned()
    with transaction.atomic():
        family = ProductFamily.objects.create(**cleaned)
        record_event(actor=actor, verb="catalog.family_created", target=family, after=cleaned)
    return family


def family_update(
    *, actor: Actor, family: ProductFamily, data: Mapping[str, Any] | FamilyInput
) -> ProductFamily:
    """Change a family: the page sends every field, the API (a Mapping) only those it changes."""
    actor.require("catalog.manage")
    cleaned = FamilyInput.bind(data, instance=family, partial=True).cleaned()
    with transaction.atomic():
        family = lock_visible(ProductFamily.objects, actor=actor, pk=family.pk)
        save_changes(family, cleaned, actor=actor, verb="catalog.family_updated")
    return family


# --- products ------------------------------------------------------------------------------------------


def product_input(
    *, actor: Actor, data: Mapping[str, Any] | ProductInput, product: Product | None = None
) -> ProductInput:
    """The bound input of a product: as given (a page's form), or bound from values (API, other apps): all
    of them for a new product, only those given for a change."""
    return ProductInput.bind(
        data, instance=product, partial=product is not None, families=family_list(actor=actor)
    )


def _sku_taken() -> ValidationError:
    return ValidationError(
        {"sku": ValidationError(_("Another product already has this SKU."), code="unique")}
    )


def _create_product(*, actor: Actor, cleaned: dict[str, Any]) -> Product:
    try:
        with transaction.atomic():
            product = Product.objects.create(**cleaned)
    except IntegrityError as exc:  # a concurrent create with the same SKU
        raise _sku_taken() from exc
    after = {name: value for name, value in cleaned.items() if value != ""}  # what the product was given
    record_event(actor=actor, verb="catalog.product_created", target=product, after=after)
    return product


def _update_product(*, actor: Actor, product: Product, cleaned: dict[str, Any], verb: str) -> Product:
    product = lock_visible(Product.objects.select_related("family"), actor=actor, pk=product.pk)
    before, after = apply_changes(product, cleaned)
    if not after:
        return product
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as exc:
        raise _sku_taken() from exc
    record_event(actor=actor, verb=verb, target=product, before=before, after=after)
    return product


def product_create(*, actor: Actor, data: Mapping[str, Any] | ProductInput) -> Product:
    actor.require("catalog.manage")
    cleaned = product_input(actor=actor, data=data).cleaned()
    with transaction.atomic():
        return _create_product(actor=actor, cleaned=cleaned)


def product_update(*, actor: Actor, product: Product, data: Mapping[str, Any] | ProductInput) -> Product:
    """Change a product: the page sends every field, the API (a Mapping) only those it changes."""
    actor.require("catalog.manage")
    cleaned = product_input(actor=actor, data=data, product=product).cleaned()
    with transaction.atomic():
        return _update_product(actor=actor, product=product, cleaned=cleaned, verb="catalog.product_updated")


def product_deactivate(*, actor: Actor, product: Product) -> Product:
    actor.require("catalog.manage")
    with transaction.atomic():
        return _update_product(
            actor=actor, product=product, cleaned={"is_active": False}, verb="catalog.product_deactivated"
        )


# --- CSV import ----------------------------------------------------------------------------------------

IMPORT_REQUIRED = ("sku", "name", "family", "list_price", "currency", "channel_eligibility")
IMPORT_OPTIONAL = ("description", "is_active")
TRUE_WORDS = {"1", "true", "yes", "y", "да"}
FALSE_WORDS = {"0", "false", "no", "n", "нет"}


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file; the header is row 1
    field: str
    message: str


@dataclass(frozen=True)
class RowChange:
    row: int
    sku: str
    action: str  # created / updated / unchanged
    changed: tuple[str, ...] = ()


@dataclass
class ImportResult:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    families_created: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_csv(file_text: str) -> tuple[list[str], list[list[str] | None]]:
    text = file_text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError({"csv": _("The file is empty.")}) from None
    except csv.Error as exc:
        raise ValidationError({"csv": _("The file is not valid CSV: %(error)s") % {"error": exc}}) from None
    rows: list[list[str] | None] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                rows.append(None)  # keep line numbers right; blank lines are skipped
                continue
            rows.append(row)
            if sum(r is not None for r in rows) > MAX_IMPORT_ROWS:
                raise ValidationError(
                    {
                        "csv": ngettext(
                            "A file may have at most %(n)s product.",
                            "A file may have at most %(n)s products.",
                            MAX_IMPORT_ROWS,
                        )
                        % {"n": number_format(MAX_IMPORT_ROWS, force_grouping=True)}
                    }
                )
    except csv.Error as exc:
        raise ValidationError({"csv": _("The file is not valid CSV: %(error)s") % {"error": exc}}) from None
    return [h.strip().lower() for h in header], rows


def _check_header(header: list[str]) -> None:
    missing = [c for c in IMPORT_REQUIRED if c not in header]
    unknown = [c for c in header if c not in IMPORT_REQUIRED + IMPORT_OPTIONAL]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(cols)s") % {"cols": ", ".join(c or "—" for c in unknown)})
    if duplicated:
        problems.append(_("repeated columns: %(cols)s") % {"cols": ", ".join(duplicated)})
    if problems:
        expected = ", ".join(IMPORT_REQUIRED) + " [, " + ", ".join(IMPORT_OPTIONAL) + "]"
        raise ValidationError(
            {
                "csv": _("The first line must name the columns %(expected)s; %(problems)s.")
                % {"expected": expected, "problems": "; ".join(problems)}
            }
        )


def products_import_csv(*, actor: Actor, file_text: str, dry_run: bool) -> ImportResult:
    """Create or update products from CSV. All or nothing: if any row has an error, nothing is written."""
    actor.require("catalog.manage")
    header, raw_rows = _read_csv(file_text)
    _check_header(header)
    result = ImportResult(dry_run=dry_run)
    families = {f.name.lower(): f for f in ProductFamily.objects.visible_to(actor)}
    existing = {p.sku.lower(): p for p in Product.objects.visible_to(actor).select_related("family")}
    new_families: dict[str, str] = {}  # lower name -> name as first written
    seen: dict[str, int] = {}
    plan: list[tuple[RowChange, Product | None, dict[str, Any], str]] = []
    for index, raw in enumerate(raw_rows, start=2):
        if raw is None:
            continue
        if len(raw) != len(header):
            result.errors.append(
                RowError(
                    index,
                    "",
                    _("Expected %(n)s values, found %(m)s.") % {"n": len(header), "m": len(raw)},
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, raw, strict=True)}
        row_errors: list[RowError] = []
        family_name = values["family"]
        if not family_name:
            row_errors.append(RowError(index, "family", _("Enter the product family.")))
        elif len(family_name) > 120:
            row_errors.append(RowError(index, "family", _("The name may have at most 120 characters.")))
        data: dict[str, Any] = {k: values[k] for k in IMPORT_REQUIRED if k != "family"}
        if "description" in values:
            data["description"] = values["description"]
        if "is_active" in values:
            word = values["is_active"].lower()
            if word in TRUE_WORDS or word == "":
                data["is_active"] = True
            elif word in FALSE_WORDS:
                data["is_active"] = False
            else:
                row_errors.append(RowError(index, "is_active", _("Write true or false.")))
        sku_key = values["sku"].lower()
        product = existing.get(sku_key)
        try:
            # The row's values through the product's input; the family by name, SKUs against the file.
            cleaned = ProductInput.from_api(data, partial=True, check_unique=False).cleaned()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row_errors.extend(RowError(index, name, m) for m in messages)
            cleaned = {}
        if sku_key and sku_key in seen:
            row_errors.append(
                RowError(index, "sku", _("This SKU already appears on row %(row)s.") % {"row": seen[sku_key]})
            )
        elif sku_key:
            seen[sku_key] = index
        if row_errors:
            result.errors.extend(row_errors)
            continue
        family_key = family_name.lower()
        if family_key not in families and family_key not in new_families:
            new_families[family_key] = family_name
        if product is None:
            change = RowChange(index, cleaned["sku"], "created")
            result.created += 1
        else:
            current = families.get(family_key)
            compare = dict(cleaned) | {"family": current if current is not None else family_name}
            _before, after = changes(product, list(compare), compare)
            if after:
                change = RowChange(index, product.sku, "updated", tuple(after))
                result.updated += 1
            else:
                change = RowChange(index, product.sku, "unchanged")
                result.unchanged += 1
        result.rows.append(change)
        plan.append((change, product, cleaned, family_key))
    result.families_created = list(new_families.values())
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for key, name in new_families.items():
            family = ProductFamily.objects.create(name=name)
            record_event(actor=actor, verb="catalog.family_created", target=family, after={"name": name})
            families[key] = family
        for change, product, cleaned, family_key in plan:
            cleaned = cleaned | {"family": families[family_key]}
            if change.action == "created":
                _create_product(actor=actor, cleaned=cleaned)
            elif change.action == "updated" and product is not None:
                _update_product(actor=actor, product=product, cleaned=cleaned, verb="catalog.product_updated")
    result.written = True
    return result
