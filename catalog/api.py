from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from catalog.filters import FamilyFilterSet, ProductFilterSet
from catalog.schemas import (
    FamilyIn,
    FamilyOut,
    ProductCreateIn,
    ProductImportIn,
    ProductImportOut,
    ProductOut,
    ProductUpdateIn,
)
from catalog.selectors import family_filters, family_list, product_filters, product_get
from catalog.services import family_create, product_create, product_update, products_import_csv
from core.errors import row_errors_body
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import ValidationErrorOut

router = Router(tags=["catalog"])


ProductQuery = filterset_schema(ProductFilterSet, "ProductQuery")
FamilyQuery = filterset_schema(FamilyFilterSet, "FamilyQuery")


def _require_view(request) -> None:
    if not request.actor.can("catalog.view"):
        raise PermissionDenied


def _family(request, family_id) -> dict:
    """The service takes the family object; an unknown id is a field error (422), not a missing route."""
    family = family_list(actor=request.actor).filter(public_id=family_id).first()
    if family is None:
        raise ValidationError({"family_id": _("No such product family.")})
    return {"family": family}


@router.get(
    "/products", response=list[ProductOut], summary="List products (partners: those the channel sells)"
)
@paginate(KanalPagination)
def list_products(request, filters: Query[ProductQuery]):  # type: ignore[valid-type]
    _require_view(request)
    return product_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/products", response={201: ProductOut}, summary="Create a product (channel operations)")
def create_product(request, payload: ProductCreateIn):
    if not request.actor.can("catalog.manage"):
        raise PermissionDenied
    data = payload.dict()
    data |= _family(request, data.pop("family_id"))
    product = product_create(actor=request.actor, data=data)
    return Status(201, product_get(actor=request.actor, public_id=product.public_id))


@router.post(
    "/products/import",
    response={200: ProductImportOut, 422: ValidationErrorOut},
    summary="Import products from CSV",
)
def import_products(request, payload: ProductImportIn):
    """All or nothing: if any row has an error the answer is 422 with every row error (each with its `row`);
    nothing is written."""
    result = products_import_csv(actor=request.actor, file_text=payload.csv, dry_run=payload.dry_run)
    if not result.ok:
        return Status(422, row_errors_body(result.errors))
    return result


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request, product_id: UUID):
    _require_view(request)
    return product_get(actor=request.actor, public_id=product_id)


@router.patch("/products/{product_id}", response=ProductOut, summary="Update a product (channel operations)")
def update_product(request, product_id: UUID, payload: ProductUpdateIn):
    product = product_get(actor=request.actor, public_id=product_id)
    if not request.actor.can("catalog.manage"):
        raise PermissionDenied
    data = payload.dict(exclude_unset=True)
    if "family_id" in data:
        data |= _family(request, data.pop("family_id"))
    product_update(actor=request.actor, product=product, data=data)
    return product_get(actor=request.actor, public_id=product_id)


@router.get("/families", response=list[FamilyOut], summary="Product families")
@paginate(KanalPagination)
def list_families(request, filters: Query[FamilyQuery]):  # type: ignore[valid-type]
    _require_view(request)
    return family_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/families", response={201: FamilyOut}, summary="Create a product family (channel operations)")
def create_family(request, payload: FamilyIn):
    return Status(201, family_create(actor=request.actor, data=payload.dict()))
