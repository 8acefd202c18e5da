from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.errors import row_errors_body
from core.inputs import body_values, resolve_reference
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import ValidationErrorOut
from direct.filters import AccountFilterSet, DealFilterSet
from direct.imports import ImportRejected, ImportResult, accounts_import_csv, deals_import_csv
from direct.inputs import ImportInput
from direct.schemas import (
    AccountDetailOut,
    AccountIn,
    AccountOut,
    AccountPatch,
    DealDetailOut,
    DealIn,
    DealOut,
    DealPatch,
    ImportIn,
    ImportOut,
)
from direct.selectors import account_filters, account_get, deal_filters, deal_get, staff_owners
from direct.services import account_create, account_update, deal_create, deal_update

router = Router(tags=["direct"])


AccountQuery = filterset_schema(AccountFilterSet, "DirectAccountQuery")
DealQuery = filterset_schema(DealFilterSet, "DirectDealQuery")


def _values(request, payload: Any, **options: Any) -> dict[str, Any]:
    """The body's values for the record's input, the owner named by email."""
    return resolve_reference(
        body_values(payload, **options),
        "owner_email",
        to="owner",
        find=lambda email: staff_owners(actor=request.actor).filter(email=email.strip().lower()).first(),
        message=_("No active staff user with this email."),
    )


def _import(request, payload: Any, run: Callable[..., ImportResult]) -> Any:
    """A CSV import: its text checked by the page's input, then all rows or none (422 lists each bad row)."""
    request.actor.require("direct.view")
    values = payload.dict()
    text = ImportInput.from_api({"csv": values["csv"]}).cleaned()["csv"]
    try:
        return run(actor=request.actor, file_text=text, dry_run=values["dry_run"])
    except ImportRejected as exc:
        return Status(422, row_errors_body(exc.row_errors))


@router.get("/accounts", response=list[AccountOut], summary="List the vendor's direct accounts (staff)")
@paginate(KanalPagination)
def list_accounts(request, filters: Query[AccountQuery]):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    return account_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/accounts", response={201: AccountDetailOut}, summary="Create a direct account (chief, operations)"
)
def create_account(request, payload: AccountIn):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    account = account_create(actor=request.actor, data=_values(request, payload))
    return Status(201, account_get(actor=request.actor, public_id=account.public_id))


@router.post(
    "/accounts/import",
    response={200: ImportOut, 422: ValidationErrorOut},
    summary="Import accounts from CSV: all rows or none (422 lists each bad row)",
)
def import_accounts(request, payload: ImportIn):  # type: ignore[valid-type]
    return _import(request, payload, accounts_import_csv)


@router.get("/accounts/{account_id}", response=AccountDetailOut)
def get_account(request, account_id: UUID):
    request.actor.require("direct.view")
    return account_get(actor=request.actor, public_id=account_id)


@router.patch("/accounts/{account_id}", response=AccountDetailOut, summary="Update a direct account")
def patch_account(request, account_id: UUID, payload: AccountPatch):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    account = account_get(actor=request.actor, public_id=account_id)
    account_update(actor=request.actor, account=account, data=_values(request, payload, exclude_unset=True))
    return account_get(actor=request.actor, public_id=account_id)


@router.get("/deals", response=list[DealOut], summary="List direct deals (staff)")
@paginate(KanalPagination)
def list_deals(request, filters: Query[DealQuery]):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    return deal_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/deals", response={201: DealDetailOut}, summary="Create a direct deal (chief, operations)")
def create_deal(request, payload: DealIn):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    data = _values(request, payload)
    try:  # an id in the body is input: unknown is a field error (422), not a missing route (404)
        account = account_get(actor=request.actor, public_id=data.pop("account_id"))
    except Http404 as exc:
        raise ValidationError({"account_id": _("No such direct account.")}) from exc
    deal = deal_create(actor=request.actor, account=account, data=data)
    return Status(201, deal_get(actor=request.actor, public_id=deal.public_id))


@router.post(
    "/deals/import",
    response={200: ImportOut, 422: ValidationErrorOut},
    summary="Import deals from CSV (account by domain or tax id): all rows or none",
)
def import_deals(request, payload: ImportIn):  # type: ignore[valid-type]
    return _import(request, payload, deals_import_csv)


@router.get("/deals/{deal_id}", response=DealDetailOut)
def get_deal(request, deal_id: UUID):
    request.actor.require("direct.view")
    return deal_get(actor=request.actor, public_id=deal_id)


@router.patch(
    "/deals/{deal_id}", response=DealDetailOut, summary="Update a direct deal (a won/lost stage closes it)"
)
def patch_deal(request, deal_id: UUID, payload: DealPatch):  # type: ignore[valid-type]
    request.actor.require("direct.view")
    deal = deal_get(actor=request.actor, public_id=deal_id)
    deal_update(actor=request.actor, deal=deal, data=_values(request, payload, exclude_unset=True))
    return deal_get(actor=request.actor, public_id=deal_id)
