"""The incentives API (token area "incentives"): programs, their rules and tiers, targets, accrual runs,
earnings (entries, totals and forecast, per-registration lines, accruals) and disputes."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.errors import field_error
from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from incentives import selectors
from incentives.schemas import (
    AccrualOut,
    AccrualRunOut,
    DisputeApprovalIn,
    DisputeDecisionIn,
    DisputeDetailOut,
    DisputeIn,
    DisputeOut,
    DisputeQuery,
    EarningEntryOut,
    EarningLineOut,
    EarningLinesQuery,
    EarningQuery,
    EarningsQuery,
    EarningsSummaryOut,
    IncentiveProgramDetailOut,
    IncentiveProgramOut,
    IncentiveRuleOut,
    IncentiveTargetOut,
    ProgramIn,
    ProgramPatch,
    ProgramQuery,
    RuleIn,
    RulePatch,
    TargetIn,
    TargetQuery,
)
from incentives.services import (
    dispute_approve,
    dispute_decide,
    dispute_raise,
    program_activate,
    program_create,
    program_end,
    program_new_version,
    program_update,
    rule_add,
    rule_delete,
    rule_update,
    run_now,
    target_delete,
    target_set,
)
from ledger.periods import period_of
from ledger.selectors import money_settings

router = Router(tags=["incentives"])


def _view(request) -> None:
    request.actor.require("incentives.view")


def _program(request, program_id: UUID):
    return selectors.program_get(actor=request.actor, public_id=program_id)


# --- programs -----------------------------------------------------------------------------------------------


@router.get(
    "/programs", response=list[IncentiveProgramOut], summary="List incentive programs (partners: theirs)"
)
@paginate(KanalPagination)
def list_programs(request, filters: Query[ProgramQuery]):  # type: ignore[valid-type]
    _view(request)
    return selectors.program_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/programs", response={201: IncentiveProgramDetailOut}, summary="Create a program, as a draft (ops)"
)
def create_program(request, payload: ProgramIn):  # type: ignore[valid-type]
    program = program_create(actor=request.actor, data=body_values(payload))
    return Status(201, _program(request, program.public_id))


@router.get(
    "/programs/{program_id}",
    response=IncentiveProgramDetailOut,
    summary="A program, its rules and tiers, and its plain-language summary in English and Russian",
)
def get_program(request, program_id: UUID):
    _view(request)
    return _program(request, program_id)


@router.patch(
    "/programs/{program_id}",
    response=IncentiveProgramDetailOut,
    summary="Change a draft, or an active program nothing was earned under yet (ops); volume_tiers replace",
)
def update_program(request, program_id: UUID, payload: ProgramPatch):  # type: ignore[valid-type]
    program = _program(request, program_id)
    program_update(actor=request.actor, program=program, data=body_values(payload, exclude_unset=True))
    return _program(request, program_id)


@router.post(
    "/programs/{program_id}/activate", response=IncentiveProgramDetailOut, summary="Activate a draft (ops)"
)
def activate_program(request, program_id: UUID):
    program_activate(actor=request.actor, program=_program(request, program_id))
    return _program(request, program_id)


@router.post(
    "/programs/{program_id}/end",
    response=IncentiveProgramDetailOut,
    summary="End an active program today (ops): deals closed until today still accrue",
)
def end_program(request, program_id: UUID):
    program_end(actor=request.actor, program=_program(request, program_id))
    return _program(request, program_id)


@router.post(
    "/programs/{program_id}/new-version",
    response={201: IncentiveProgramDetailOut},
    summary="Start a new version (a draft copy) of a program partners have earned under (ops)",
)
def new_version(request, program_id: UUID):
    draft = program_new_version(actor=request.actor, program=_program(request, program_id))
    return Status(201, _program(request, draft.public_id))


@router.post(
    "/programs/{program_id}/rules",
    response={201: IncentiveRuleOut},
    summary="Add a rule at the end of the program's rules (ops)",
)
def add_rule(request, program_id: UUID, payload: RuleIn):  # type: ignore[valid-type]
    rule = rule_add(actor=request.actor, program=_program(request, program_id), data=body_values(payload))
    return Status(201, selectors.rule_get(actor=request.actor, public_id=rule.public_id))


@router.patch("/rules/{incentive_rule_id}", response=IncentiveRuleOut, summary="Change a rule (ops)")
def update_rule(request, incentive_rule_id: UUID, payload: RulePatch):  # type: ignore[valid-type]
    rule = selectors.rule_get(actor=request.actor, public_id=incentive_rule_id)
    rule_update(actor=request.actor, rule=rule, data=body_values(payload, exclude_unset=True))
    return selectors.rule_get(actor=request.actor, public_id=incentive_rule_id)


@router.delete("/rules/{incentive_rule_id}", response={204: None}, summary="Remove a rule (ops)")
def delete_rule(request, incentive_rule_id: UUID):
    rule_delete(
        actor=request.actor, rule=selectors.rule_get(actor=request.actor, public_id=incentive_rule_id)
    )
    return Status(204, None)


# --- targets ------------------------------------------------------------------------------------------------


@router.get(
    "/targets", response=list[IncentiveTargetOut], summary="Partners' volume targets (partners: their own)"
)
@paginate(KanalPagination)
def list_targets(request, filters: Query[TargetQuery]):  # type: ignore[valid-type]
    _view(request)
    return selectors.target_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/targets", response=IncentiveTargetOut, summary="Set a partner's target for a period (ops)")
def set_target(request, payload: TargetIn):  # type: ignore[valid-type]
    target = target_set(actor=request.actor, data=body_values(payload))
    return selectors.target_get(actor=request.actor, public_id=target.public_id)


@router.delete("/targets/{target_id}", response={204: None}, summary="Remove a target (ops)")
def delete_target(request, target_id: UUID):
    target = selectors.target_get(actor=request.actor, public_id=target_id)
    target_delete(actor=request.actor, target=target)
    return Status(204, None)


# --- runs ---------------------------------------------------------------------------------------------------


@router.get("/runs", response=list[AccrualRunOut], summary="Recent accrual runs (staff)")
@paginate(KanalPagination)
def list_runs(request):
    if not request.actor.is_staff:
        raise PermissionDenied
    return selectors.recent_runs(actor=request.actor, limit=100)


@router.post("/runs", response={201: AccrualRunOut}, summary="Run the accrual now (ops): idempotent")
def create_run(request):
    return Status(201, run_now(actor=request.actor))


# --- earnings -----------------------------------------------------------------------------------------------


@router.get("/earnings", response=list[EarningEntryOut], summary="Entries on earnings payable you may see")
@paginate(KanalPagination)
def list_earnings(request, filters: Query[EarningQuery]):  # type: ignore[valid-type]
    _view(request)
    return selectors.earning_filters(actor=request.actor, data=query_data(filters), strict=True).qs


def _partner(request, public_id):
    partner = selectors.money_partner(actor=request.actor, public_id=public_id)
    if public_id and partner is None and request.actor.is_staff:
        raise field_error("partner", _("No partner has this id."), "unknown_id")
    return partner


@router.get(
    "/earnings/summary",
    response=EarningsSummaryOut,
    summary="Earned, clawed back, paid and pending per currency, and the forecast of open protected deals",
)
def earnings_summary(request, query: Query[EarningsQuery]):  # type: ignore[valid-type]
    _view(request)
    partner = _partner(request, body_values(query).get("partner"))
    return selectors.earnings_summary(actor=request.actor, partner=partner)


@router.get(
    "/earnings/lines",
    response=list[EarningLineOut],
    summary="Per registration: what each earned or gave back, booked in [start, end) (a statement's detail)",
)
@paginate(KanalPagination)
def earning_lines(request, query: Query[EarningLinesQuery]):  # type: ignore[valid-type]
    _view(request)
    values = body_values(query)
    partner = _partner(request, values.get("partner"))
    if partner is None:
        return []
    start, end = values.get("start"), values.get("end")
    if start is None or end is None:
        start_month = money_settings().fiscal_year_start_month
        quarter = period_of(timezone.localdate(), kind="quarter", start_month=start_month)
        start, end = start or quarter.start, end or quarter.end
    return selectors.earning_lines(actor=request.actor, partner=partner, start=start, end=end)


@router.get(
    "/accruals/{accrual_id}", response=AccrualOut, summary="An accrual and which registrations earned it"
)
def get_accrual(request, accrual_id: UUID):
    _view(request)
    return selectors.accrual_get(actor=request.actor, public_id=accrual_id)


# --- disputes -----------------------------------------------------------------------------------------------


@router.get("/disputes", response=list[DisputeOut], summary="Disputes (partner admins: their company's)")
@paginate(KanalPagination)
def list_disputes(request, filters: Query[DisputeQuery]):  # type: ignore[valid-type]
    _view(request)
    return selectors.dispute_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/disputes",
    response={201: DisputeDetailOut},
    summary="Dispute the earning of a won registration, or its absence (partner admins)",
)
def create_dispute(request, payload: DisputeIn):  # type: ignore[valid-type]
    dispute = dispute_raise(actor=request.actor, data=body_values(payload))
    return Status(201, selectors.dispute_get(actor=request.actor, public_id=dispute.public_id))


@router.get("/disputes/{dispute_id}", response=DisputeDetailOut, summary="A dispute")
def get_dispute(request, dispute_id: UUID):
    _view(request)
    return selectors.dispute_get(actor=request.actor, public_id=dispute_id)


@router.post(
    "/disputes/{dispute_id}/decision",
    response=DisputeDetailOut,
    summary="Uphold (with the adjustment) or reject a dispute, with a note (ops)",
)
def decide_dispute(request, dispute_id: UUID, payload: DisputeDecisionIn):  # type: ignore[valid-type]
    dispute = selectors.dispute_get(actor=request.actor, public_id=dispute_id)
    dispute_decide(actor=request.actor, dispute=dispute, data=body_values(payload))
    return selectors.dispute_get(actor=request.actor, public_id=dispute_id)


@router.post(
    "/disputes/{dispute_id}/approval",
    response=DisputeDetailOut,
    summary="Approve an adjustment above the threshold, or send it back to ops (channel chief)",
)
def approve_dispute(request, dispute_id: UUID, payload: DisputeApprovalIn):  # type: ignore[valid-type]
    dispute = selectors.dispute_get(actor=request.actor, public_id=dispute_id)
    dispute_approve(actor=request.actor, dispute=dispute, data=body_values(payload))
    return selectors.dispute_get(actor=request.actor, public_id=dispute_id)
