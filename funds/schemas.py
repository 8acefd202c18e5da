"""The API's answers about market development funds, and its bodies (generated from the inputs). Amounts are
text ("1250.00") with their currency; a partner's rep who may not see the company's money gets null for
every amount."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from core.schemas import AmountText, staff_only
from funds.filters import AllocationFilterSet, BudgetFilterSet, ClaimFilterSet, RequestFilterSet
from funds.inputs import (
    AllocationAdjustInput,
    AllocationInput,
    ApproveInput,
    BudgetAdjustInput,
    BudgetInput,
    CancelInput,
    ClaimApproveInput,
    ClaimInput,
    RejectInput,
    RequestInput,
)
from funds.models import money_visible
from funds.rules import AllocationAction, BudgetAction, ClaimAction, RequestAction, allowed_actions


def _money(attribute: str) -> Any:
    """A resolver: the amount as text for whoever may see the money, null for a rep who may not."""

    def resolve(obj: Any, context: Any) -> str | None:
        if not money_visible(context["request"].actor):
            return None
        value = getattr(obj, attribute)
        return None if value is None else str(value)

    return staticmethod(resolve)


class BudgetOut(Schema):
    id: UUID = Field(alias="public_id")
    period: str = Field(description="The fiscal period's code: FY2026 or FY2026-Q3")
    period_label: str
    starts_on: date
    ends_on: date = Field(description="The period's last day")
    currency: str
    amount: AmountText = Field(description="Authorised")
    allocated: AmountText = Field(description="Allocated to partners so far")
    partners: int = Field(description="Partners with an allocation")
    closed_at: datetime | None = Field(description="When its unused funds expired; null while open")
    notes: str
    created_at: datetime

    @staticmethod
    def resolve_allocated(obj: Any) -> str:
        return str(getattr(obj, "allocated_total", None) or Decimal("0.00"))

    @staticmethod
    def resolve_partners(obj: Any) -> int:
        return getattr(obj, "partner_total", None) or 0


class BudgetDetailOut(BudgetOut):
    unallocated: AmountText = Field(description="Left to allocate")
    actions: list[BudgetAction] = Field(description="What you may do next with this budget")

    @staticmethod
    def resolve_unallocated(obj: Any, context: Any) -> str:
        from funds.books import unallocated

        return str(unallocated(obj, actor=context["request"].actor))

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class AllocationOut(Schema):
    id: UUID = Field(alias="public_id")
    budget_id: UUID = Field(alias="budget.public_id")
    period: str = Field(alias="budget.period")
    currency: str = Field(alias="budget.currency")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    basis: str = Field(description="fixed: an amount; accrual: a share of the revenue won in the period")
    amount: AmountText | None = Field(None, description="A fixed allocation's amount")
    rate: AmountText | None = Field(None, description="A share's percentage of won revenue")
    cap: AmountText | None = Field(None, description="A share's most")
    tier: str = Field(description="The tier that gave it; empty for one partner's own")
    allocated: AmountText = Field(description="Booked to the partner so far")
    created_at: datetime


class AllocationsCreatedOut(Schema):
    allocations: list[AllocationOut] = Field(description="One per partner given funds")


class AllocationDetailOut(AllocationOut):
    available: AmountText = Field(description="What the partner has available of the period's funds now")
    actions: list[AllocationAction]

    @staticmethod
    def resolve_available(obj: Any, context: Any) -> str:
        from funds.books import available

        return str(available(actor=context["request"].actor, budget=obj.budget, partner=obj.partner))

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class RequestOut(Schema):
    """A partner's activity and its request for funds; `code` goes on the leads and deals it brings."""

    id: UUID = Field(alias="public_id")
    code: str
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    period: str = Field(alias="budget.period")
    activity_type: str
    title: str
    plan: str
    starts_on: date
    ends_on: date
    expected_leads: int
    status: str
    currency: str
    expected_revenue: str | None = None
    cost: str | None = None
    amount: str | None = Field(None, description="Funds requested")
    recommended_amount: str | None = Field(None, description="Marketing's recommendation to the chief")
    approved_amount: str | None = None
    released: str | None = Field(
        None, description="Given back to the funds available (a claim for less, a cancellation)"
    )
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None

    resolve_expected_revenue = _money("expected_revenue")
    resolve_cost = _money("cost")
    resolve_amount = _money("amount")
    resolve_recommended_amount = _money("recommended_amount")
    resolve_approved_amount = _money("approved_amount")
    resolve_released = _money("released")


class RequestDetailOut(RequestOut):
    links: list[UUID] = Field(description="Referral links whose credited leads count for the activity")
    launches: list[UUID] = Field(description="Campaign launches whose leads count for the activity")
    actions: list[RequestAction] = Field(description="What you may do next with this request")

    @staticmethod
    def resolve_links(obj: Any, context: Any) -> list[UUID]:
        from funds.selectors import request_links

        links, _launches = request_links(actor=context["request"].actor, request=obj)
        return [link.public_id for link in links]

    @staticmethod
    def resolve_launches(obj: Any, context: Any) -> list[UUID]:
        from funds.selectors import request_links

        _links, launches = request_links(actor=context["request"].actor, request=obj)
        return [launch.public_id for launch in launches]

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class RoiOut(Schema):
    """What activities brought: leads (by code, or credited through their links), registrations, won deals,
    revenue and pipeline per currency; cost, revenue and ROI in the program currency at today's rates (null
    when a rate is missing, or for a rep who may not see the money)."""

    activities: int
    leads: int
    registrations: int
    won: int
    revenue: dict[str, Decimal] = Field(description="Won per currency")
    pipeline: dict[str, Decimal] = Field(description="Open registrations per currency")
    currency: str = Field(description="The program currency")
    cost: Decimal | None = None
    revenue_total: Decimal | None = None
    pipeline_total: Decimal | None = None
    roi: Decimal | None = Field(None, description="(revenue − cost) / cost; 1.5 is 150 %")
    missing_rates: list[str] = Field(description="Currencies without an exchange rate to the program's")


class PartnerRoiOut(Schema):
    partner_id: UUID
    partner_name: str
    roi: RoiOut


class ActivityRoiOut(Schema):
    request_id: UUID
    code: str
    title: str
    roi: RoiOut


class ClaimOut(Schema):
    id: UUID = Field(alias="public_id")
    request_id: UUID = Field(alias="request.public_id")
    code: str = Field(alias="request.code")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    amount: AmountText = Field(description="Claimed")
    actual_cost: AmountText
    currency: str
    invoice_number: str
    invoice_date: date
    attendees: int | None
    results: str
    status: str
    recommended_amount: AmountText | None = None
    approved_amount: AmountText | None = None
    decision_reason: str
    flagged: bool = Field(description="Possible duplicates were found that you may see")
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_flagged(obj: Any) -> bool:
        return bool(getattr(obj, "flagged", False))


class ClaimFileOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    name: str
    size: int
    file_type: str
    sha256: str
    url: str = Field(description="A signed download link, for you, for a short while")


class DuplicateOut(Schema):
    reason: str
    detail: str = Field(description="What matched")
    other_claim_id: UUID = Field(alias="other.public_id")
    other_partner_name: str = Field(alias="other.partner.name")
    other_status: str = Field(alias="other.status")


class ClaimDetailOut(ClaimOut):
    override_reason: str | None = Field(
        None, description="Staff only: why it was approved despite possible duplicates"
    )
    files: list[ClaimFileOut]
    duplicates: list[DuplicateOut] = Field(description="Staff: every possible duplicate; a partner: its own")
    actions: list[ClaimAction]

    resolve_override_reason = staff_only("override_reason")

    @staticmethod
    def resolve_files(obj: Any, context: Any) -> list[dict[str, Any]]:
        from funds.downloads import claim_file_link
        from funds.selectors import claim_files

        request = context["request"]
        return [
            {
                "public_id": f.public_id,
                "kind": f.kind,
                "name": f.name,
                "size": f.size,
                "file_type": f.file_type,
                "sha256": f.sha256,
                "url": request.build_absolute_uri(claim_file_link(f, user_id=request.user.pk)),
            }
            for f in claim_files(actor=request.actor, claim=obj)
        ]

    @staticmethod
    def resolve_duplicates(obj: Any, context: Any) -> list[Any]:
        from funds.selectors import claim_duplicates

        return list(claim_duplicates(actor=context["request"].actor, claim=obj))

    @staticmethod
    def resolve_actions(obj: Any, context: Any) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class PeriodFundsOut(Schema):
    budget_id: UUID
    period: str
    period_label: str
    currency: str
    allocated: AmountText
    available: AmountText
    committed: AmountText = Field(description="Committed to approved activities, not yet claimed")


class FundsOut(Schema):
    """A partner's funds: per open period, and what it is owed (claims approved, not yet paid)."""

    periods: list[PeriodFundsOut]
    payable: dict[str, Decimal] = Field(description="Per currency")


BudgetIn = api_schema(BudgetInput, "FundBudgetIn")
BudgetAdjustIn = api_schema(BudgetAdjustInput, "FundBudgetAdjustIn")
AllocationIn = api_schema(AllocationInput, "FundAllocationIn")
AllocationAdjustIn = api_schema(AllocationAdjustInput, "FundAllocationAdjustIn")
RequestIn = api_schema(RequestInput, "FundRequestIn")
ApproveIn = api_schema(ApproveInput, "FundApproveIn")
ClaimApproveIn = api_schema(ClaimApproveInput, "FundClaimApproveIn")
RejectIn = api_schema(RejectInput, "FundRejectIn")
CancelIn = api_schema(CancelInput, "FundCancelIn")
ClaimIn = api_schema(ClaimInput, "FundClaimIn", exclude=tuple(ClaimInput.FILE_FIELDS))
BudgetQuery = filterset_schema(BudgetFilterSet, "FundBudgetQuery")
AllocationQuery = filterset_schema(AllocationFilterSet, "FundAllocationQuery")
RequestQuery = filterset_schema(RequestFilterSet, "FundRequestQuery")
ClaimQuery = filterset_schema(ClaimFilterSet, "FundClaimQuery")
