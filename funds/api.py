"""The MDF API (`/api/funds`, token area "funds"): budgets and allocations (staff), requests and claims (a
partner's admin asks and claims; marketing and the chief decide), a claim's files (multipart), a partner's
funds and ROI. The same inputs, services, rules and FilterSets as the pages."""

from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core.errors import field_error
from core.inputs import body_values
from core.listing import query_data
from core.openapi import file_upload_body
from core.pagination import KanalPagination
from funds import services
from funds.actions import ALLOCATION_ACTIONS, BUDGET_ACTIONS, CLAIM_ACTIONS, REQUEST_ACTIONS
from funds.errors import FundErrorCode as E
from funds.models import FUNDED_STATUSES, ClaimFileKind, money_visible
from funds.roi import Roi, activities_roi, partners_roi
from funds.schemas import (
    ActivityRoiOut,
    AllocationAdjustIn,
    AllocationDetailOut,
    AllocationIn,
    AllocationOut,
    AllocationQuery,
    AllocationsCreatedOut,
    ApproveIn,
    BudgetAdjustIn,
    BudgetDetailOut,
    BudgetIn,
    BudgetOut,
    BudgetQuery,
    CancelIn,
    ClaimApproveIn,
    ClaimDetailOut,
    ClaimIn,
    ClaimOut,
    ClaimQuery,
    FundsOut,
    PartnerRoiOut,
    RejectIn,
    RequestDetailOut,
    RequestIn,
    RequestOut,
    RequestQuery,
    RoiOut,
)
from funds.selectors import (
    allocation_filters,
    allocation_get,
    budget_filters,
    budget_get,
    claim_filters,
    claim_get,
    partner_funds,
    request_filters,
    request_get,
    requests_visible,
)

router = Router(tags=["funds"])


def _view(request) -> None:
    request.actor.require("funds.view")


def _staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied
    _view(request)


# --- budgets ------------------------------------------------------------------------------------------------


@router.get("/budgets", response=list[BudgetOut], summary="List fund budgets (staff)")
@paginate(KanalPagination)
def list_budgets(request, filters: Query[BudgetQuery]):  # type: ignore[valid-type]
    _staff(request)
    return budget_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/budgets", response={201: BudgetDetailOut}, summary="Create a budget for a fiscal period (marketing)"
)
def create_budget(request, payload: BudgetIn):  # type: ignore[valid-type]
    budget = services.budget_create(actor=request.actor, data=body_values(payload))
    return Status(201, budget_get(actor=request.actor, public_id=budget.public_id))


@router.get("/budgets/{budget_id}", response=BudgetDetailOut, summary="A fund budget (staff)")
def get_budget(request, budget_id: UUID):
    _staff(request)
    return budget_get(actor=request.actor, public_id=budget_id)


@router.post(
    "/budgets/{budget_id}/adjust", response=BudgetDetailOut, summary="Change what a budget authorises"
)
def adjust_budget(request, budget_id: UUID, payload: BudgetAdjustIn):  # type: ignore[valid-type]
    budget = budget_get(actor=request.actor, public_id=budget_id)
    BUDGET_ACTIONS["adjust"].run(actor=request.actor, obj=budget, data=body_values(payload))
    return budget_get(actor=request.actor, public_id=budget_id)


@router.post(
    "/budgets/{budget_id}/accrue",
    response=BudgetDetailOut,
    summary="Bring the budget's shares of won revenue up to date (what is booked is not booked again)",
)
def accrue_budget(request, budget_id: UUID):
    budget = budget_get(actor=request.actor, public_id=budget_id)
    BUDGET_ACTIONS["accrue"].run(actor=request.actor, obj=budget, data=None)
    return budget_get(actor=request.actor, public_id=budget_id)


@router.post(
    "/budgets/{budget_id}/close",
    response=BudgetDetailOut,
    summary="Close a period that is over: each partner's unused funds expire",
)
def close_budget(request, budget_id: UUID):
    budget = budget_get(actor=request.actor, public_id=budget_id)
    BUDGET_ACTIONS["close"].run(actor=request.actor, obj=budget, data=None)
    return budget_get(actor=request.actor, public_id=budget_id)


# --- allocations --------------------------------------------------------------------------------------------


@router.get(
    "/allocations", response=list[AllocationOut], summary="List fund allocations (a partner: its own)"
)
@paginate(KanalPagination)
def list_allocations(request, filters: Query[AllocationQuery]):  # type: ignore[valid-type]
    _view(request)
    return allocation_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/allocations",
    response={201: AllocationsCreatedOut},
    summary="Allocate funds to one partner, or to each partner of a tier (marketing)",
)
def create_allocation(request, payload: AllocationIn):  # type: ignore[valid-type]
    created = services.allocation_create(actor=request.actor, data=body_values(payload))
    return Status(201, {"allocations": created})


@router.get("/allocations/{allocation_id}", response=AllocationDetailOut, summary="A fund allocation")
def get_allocation(request, allocation_id: UUID):
    _view(request)
    return allocation_get(actor=request.actor, public_id=allocation_id)


@router.post(
    "/allocations/{allocation_id}/adjust",
    response=AllocationDetailOut,
    summary="Change an allocation: a fixed amount's total, or a share's rate or cap",
)
def adjust_allocation(request, allocation_id: UUID, payload: AllocationAdjustIn):  # type: ignore[valid-type]
    allocation = allocation_get(actor=request.actor, public_id=allocation_id)
    ALLOCATION_ACTIONS["adjust"].run(actor=request.actor, obj=allocation, data=body_values(payload))
    return allocation_get(actor=request.actor, public_id=allocation_id)


@router.get(
    "/balances", response=FundsOut, summary="Your company's funds per open period, and what it is owed"
)
def get_balances(request):
    _view(request)
    if not request.actor.is_partner:
        raise PermissionDenied
    if not money_visible(request.actor):
        return {"periods": [], "payable": {}}
    overview = partner_funds(actor=request.actor, partner=request.actor.partner)
    return {
        "periods": [
            {
                "budget_id": f.budget.public_id,
                "period": f.budget.period,
                "period_label": f.budget.period_label,
                "currency": f.budget.currency,
                "allocated": f.allocated,
                "available": f.available,
                "committed": f.committed,
            }
            for f in overview.periods
        ],
        "payable": overview.payable,
    }


# --- requests -----------------------------------------------------------------------------------------------


@router.get(
    "/requests", response=list[RequestOut], summary="List fund requests (a partner: its own activities)"
)
@paginate(KanalPagination)
def list_requests(request, filters: Query[RequestQuery]):  # type: ignore[valid-type]
    _view(request)
    return request_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/requests",
    response={201: RequestDetailOut},
    summary="Request funds for an activity (a partner's admin); the answer carries the activity's code",
)
def create_request(request, payload: RequestIn):  # type: ignore[valid-type]
    created = services.request_create(actor=request.actor, data=body_values(payload))
    return Status(201, request_get(actor=request.actor, public_id=created.public_id))


@router.get("/requests/{request_id}", response=RequestDetailOut, summary="A fund request")
def get_request(request, request_id: UUID):
    _view(request)
    return request_get(actor=request.actor, public_id=request_id)


@router.post(
    "/requests/{request_id}/approve",
    response=RequestDetailOut,
    summary="Approve fully or in part (above the threshold marketing recommends and the chief approves)",
)
def approve_request(request, request_id: UUID, payload: ApproveIn):  # type: ignore[valid-type]
    fund_request = request_get(actor=request.actor, public_id=request_id)
    REQUEST_ACTIONS["approve"].run(actor=request.actor, obj=fund_request, data=body_values(payload))
    return request_get(actor=request.actor, public_id=request_id)


@router.post("/requests/{request_id}/reject", response=RequestDetailOut, summary="Reject with a reason")
def reject_request(request, request_id: UUID, payload: RejectIn):  # type: ignore[valid-type]
    fund_request = request_get(actor=request.actor, public_id=request_id)
    REQUEST_ACTIONS["reject"].run(actor=request.actor, obj=fund_request, data=body_values(payload))
    return request_get(actor=request.actor, public_id=request_id)


@router.post(
    "/requests/{request_id}/withdraw",
    response=RequestDetailOut,
    summary="Withdraw a request awaiting a decision",
)
def withdraw_request(request, request_id: UUID):
    fund_request = request_get(actor=request.actor, public_id=request_id)
    REQUEST_ACTIONS["withdraw"].run(actor=request.actor, obj=fund_request, data=None)
    return request_get(actor=request.actor, public_id=request_id)


@router.post(
    "/requests/{request_id}/cancel",
    response=RequestDetailOut,
    summary="Cancel an approved activity: its funds are available again",
)
def cancel_request(request, request_id: UUID, payload: CancelIn):  # type: ignore[valid-type]
    fund_request = request_get(actor=request.actor, public_id=request_id)
    REQUEST_ACTIONS["cancel"].run(actor=request.actor, obj=fund_request, data=body_values(payload))
    return request_get(actor=request.actor, public_id=request_id)


def _roi_out(roi: Roi, money: bool) -> dict[str, Any]:
    return {
        "activities": roi.activities,
        "leads": roi.leads,
        "registrations": roi.registrations,
        "won": roi.won,
        "revenue": roi.revenue,
        "pipeline": roi.pipeline,
        "currency": roi.currency,
        "cost": roi.cost if money else None,
        "revenue_total": roi.revenue_total,
        "pipeline_total": roi.pipeline_total,
        "roi": roi.roi if money else None,
        "missing_rates": roi.missing_rates,
    }


@router.get("/requests/{request_id}/roi", response=RoiOut, summary="What the activity brought, and its ROI")
def request_roi(request, request_id: UUID):
    _view(request)
    fund_request = request_get(actor=request.actor, public_id=request_id)
    roi = activities_roi(actor=request.actor, requests=[fund_request])[fund_request.pk]
    return _roi_out(roi, money_visible(request.actor))


@router.get(
    "/roi/partners",
    response=list[PartnerRoiOut],
    summary="ROI per partner over its funded activities (staff)",
)
@paginate(KanalPagination)
def roi_per_partner(request):
    _staff(request)
    funded = list(requests_visible(actor=request.actor).filter(status__in=FUNDED_STATUSES))
    return [
        {
            "partner_id": row["partner"].public_id,
            "partner_name": row["partner"].name,
            "roi": _roi_out(row["roi"], True),
        }
        for row in partners_roi(actor=request.actor, requests=funded)
    ]


@router.get("/roi/activities", response=list[ActivityRoiOut], summary="ROI per funded activity")
@paginate(KanalPagination)
def roi_per_activity(request):
    _view(request)
    funded = list(
        requests_visible(actor=request.actor).filter(status__in=FUNDED_STATUSES).order_by("-starts_on")
    )
    per_activity = activities_roi(actor=request.actor, requests=funded)
    money = money_visible(request.actor)
    return [
        {
            "request_id": r.public_id,
            "code": r.code,
            "title": r.title,
            "roi": _roi_out(per_activity[r.pk], money),
        }
        for r in funded
    ]


# --- claims -------------------------------------------------------------------------------------------------


@router.post(
    "/requests/{request_id}/claims",
    response={201: ClaimDetailOut},
    summary="Claim for an approved activity that is over (then upload the invoice and the proof)",
)
def create_claim(request, request_id: UUID, payload: ClaimIn):  # type: ignore[valid-type]
    fund_request = request_get(actor=request.actor, public_id=request_id)
    claim = services.claim_create(actor=request.actor, request=fund_request, data=body_values(payload))
    return Status(201, claim_get(actor=request.actor, public_id=claim.public_id))


@router.get("/claims", response=list[ClaimOut], summary="List fund claims (a partner: its own)")
@paginate(KanalPagination)
def list_claims(request, filters: Query[ClaimQuery]):  # type: ignore[valid-type]
    _view(request)
    return claim_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/claims/{claim_id}",
    response=ClaimDetailOut,
    summary="A fund claim, its files and its possible duplicates",
)
def get_claim(request, claim_id: UUID):
    _view(request)
    return claim_get(actor=request.actor, public_id=claim_id)


@router.post(
    "/claims/{claim_id}/files",
    response={201: ClaimDetailOut},
    summary="Add a file to a claim awaiting a decision (multipart field `file`; `kind` in the query)",
    openapi_extra=file_upload_body("file"),
)
def add_claim_file(
    request,
    claim_id: UUID,
    kind: Literal[tuple(ClaimFileKind.values)] | None = None,  # type: ignore[valid-type]
    file: UploadedFile | None = File(None),  # noqa: B008
):
    claim = claim_get(actor=request.actor, public_id=claim_id)
    if kind is None:
        raise field_error(
            "kind", _("Say what the file is: invoice, proof, attendees, screenshot or other."), E.FILE_KIND
        )
    if file is None:
        raise field_error("file", _("Choose a file."), "required")
    CLAIM_ACTIONS["add_file"].run(actor=request.actor, obj=claim, data={"kind": kind, "file": file})
    return Status(201, claim_get(actor=request.actor, public_id=claim_id))


@router.post(
    "/claims/{claim_id}/approve",
    response=ClaimDetailOut,
    summary="Approve fully or in part; a possible duplicate needs `override_reason`",
)
def approve_claim(request, claim_id: UUID, payload: ClaimApproveIn):  # type: ignore[valid-type]
    claim = claim_get(actor=request.actor, public_id=claim_id)
    CLAIM_ACTIONS["approve"].run(actor=request.actor, obj=claim, data=body_values(payload))
    return claim_get(actor=request.actor, public_id=claim_id)


@router.post("/claims/{claim_id}/reject", response=ClaimDetailOut, summary="Reject a claim with a reason")
def reject_claim(request, claim_id: UUID, payload: RejectIn):  # type: ignore[valid-type]
    claim = claim_get(actor=request.actor, public_id=claim_id)
    CLAIM_ACTIONS["reject"].run(actor=request.actor, obj=claim, data=body_values(payload))
    return claim_get(actor=request.actor, public_id=claim_id)
