from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from catalog.filters import FamilyFilterSet, ProductFilterSet
from catalog.inputs import ImportInput
from catalog.schemas import (
    FamilyIn,
    FamilyOut,
    ProductCreateIn,
    ProductImportIn,
    ProductImportOut,
    ProductOut,
    ProductUpdateIn,
)
from catalog.selectors import family_filters, family_list, pricing, product_filters, product_get
from catalog.services import family_create, product_create, product_update, products_import_csv
from core.errors import row_errors_body
from core.inputs import body_values, resolve_reference
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import ValidationErrorOut

router = Router(tags=["catalog"])


ProductQuery = filterset_schema(ProductFilterSet, "ProductQuery")
FamilyQuery = filterset_schema(FamilyFilterSet, "FamilyQuery")


def _values(request, payload: Any, **options: Any) -> dict[str, Any]:
    """The body's values for the product's input, the family named by its id."""
    return resolve_reference(
        body_values(payload, **options),
        "family_id",
        to="family",
        find=lambda public_id: family_list(actor=request.actor).filter(public_id=public_id).first(),
        message=_("No such product family."),
        error_on="family_id",
    )


@router.get(
    "/products", response=list[ProductOut], summary="List products (partners: those the channel sells)"
)
@paginate(KanalPagination)
def list_products(request, filters: Query[ProductQuery]):  # type: ignore[valid-type]
    request.actor.require("catalog.view")
    found = product_filters(actor=request.actor, data=query_data(filters), strict=True)
    request.catalog_pricing = pricing(actor=request.actor, filters=found)  # read by ProductOut's price
    return found.qs


@router.post("/products", response={201: ProductOut}, summary="Create a product (channel operations)")
def create_product(request, payload: ProductCreateIn):  # type: ignore[valid-type]
    request.actor.require("catalog.manage")
    product = product_create(actor=request.actor, data=_values(request, payload))
    return Status(201, product_get(actor=request.actor, public_id=product.public_id))


@router.post(
    "/products/import",
    response={200: ProductImportOut, 422: ValidationErrorOut},
    summary="Import products from CSV",
)
def import_products(request, payload: ProductImportIn):  # type: ignore[valid-type]
    """All or nothing: if any row has an error the answer is 422 with every row error (each with its `row`);
    nothing is written."""
    values = payload.dict()  # type: ignore[attr-defined]
    ImportInput.from_api({"csv": values["csv"]}).cleaned()  # the same check as the page's: some text
    result = products_import_csv(actor=request.actor, file_text=values["csv"], dry_run=values["dry_run"])
    if not result.ok:
        return Status(422, row_errors_body(result.errors))
    return result


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request, product_id: UUID, price_for: UUID | None = None):
    """A product; a partner user's answer has its own price, staff may name a partner (`price_for`)."""
    actor = request.actor
    actor.require("catalog.view")
    product = product_get(actor=actor, public_id=product_id)
    found = None
    if actor.is_staff and price_for is not None:
        found = product_filters(actor=actor, data={"price_for": str(price_for)}, strict=True)
    request.catalog_pricing = pricing(actor=actor, filters=found)
    return product


@router.patch("/products/{product_id}", response=ProductOut, summary="Update a product (channel operations)")
def update_product(request, product_id: UUID, payload: ProductUpdateIn):  # type: ignore[valid-type]
    product = product_get(actor=request.actor, public_id=product_id)
    request.actor.require("catalog.manage")
    product_update(actor=request.actor, product=product, data=_values(request, payload, exclude_unset=True))
    return product_get(actor=request.actor, public_id=product_id)


@router.get("/families", response=list[FamilyOut], summary="Product families")
@paginate(KanalPagination)
def list_families(request, filters: Query[FamilyQuery]):  # type: ignore[valid-type]
    request.actor.require("catalog.view")
    return family_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/families", response={201: FamilyOut}, summary="Create a product family (channel operations)")
def create_family(request, payload: FamilyIn):  # type: ignore[valid-type]
    return Status(201, family_create(actor=request.actor, data=payload.dict()))  # type: ignore[attr-defined]
