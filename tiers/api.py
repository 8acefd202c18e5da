"""The tier API (`/api/tiers`, token area "program"): the metrics, criteria versions (drafts, their
requirements, publishing, simulation), evaluating a program now and its policy, the evaluations and each
member's assessments, pending downgrades, a partner's progress (a partner user: its own), custom metrics and
their values, and overrides. The same inputs, services, rules and FilterSets as the pages."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from core.schemas import ErrorOut
from core.scoping import get_visible_or_404
from partners.models import Partner
from programs.models import PartnerProgram
from tiers import selectors, services
from tiers.errors import TierErrorCode as E
from tiers.inputs import CriteriaInput, DraftInput, PolicyInput, RequirementInput
from tiers.models import EvaluationRun
from tiers.schemas import (
    ChangeQuery,
    CriteriaIn,
    CriteriaOut,
    CriteriaQuery,
    CriteriaSummaryOut,
    CustomMetricIn,
    CustomMetricOut,
    CustomMetricUpdateIn,
    DowngradeWarningOut,
    DraftIn,
    MetricValueOut,
    OverrideIn,
    PolicyIn,
    RequirementIn,
    TierAssessmentOut,
    TierMetricOut,
    TierOverrideOut,
    TierPolicyOut,
    TierProgressOut,
    TierRunOut,
    TierSimulationOut,
    ValueIn,
    ValueQuery,
    ValueUpdateIn,
    WarningQuery,
    check_out,
    progress_out,
)

router = Router(tags=["tiers"])


def _staff(request) -> None:
    request.actor.require("tiers.view")
    if not request.actor.is_staff:
        raise PermissionDenied


def _criteria(request, criteria_id: UUID):
    return selectors.criteria_get(actor=request.actor, public_id=criteria_id)


def _program(request, code: str) -> PartnerProgram:
    return selectors.program_get(actor=request.actor, code=code)


# --- metrics ------------------------------------------------------------------------------------------------


@router.get("/metrics", response=list[TierMetricOut], summary="The metrics criteria can require")
@paginate(KanalPagination)
def list_metrics(request):
    request.actor.require("tiers.view")
    return selectors.metric_rows()


# --- criteria versions -------------------------------------------------------------------------------------


@router.get("/criteria", response=list[CriteriaSummaryOut], summary="Every criteria version (staff)")
@paginate(KanalPagination)
def list_criteria(request, filters: Query[CriteriaQuery]):  # type: ignore[valid-type]
    _staff(request)
    return selectors.criteria_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/criteria",
    response={201: CriteriaOut},
    summary="Start a program's draft, copied from its published criteria",
)
def create_draft(request, payload: DraftIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    values = body_values(payload)
    form = DraftInput.from_api(values)
    program_code = form.cleaned()["program"]
    program = PartnerProgram.objects.visible_to(request.actor).filter(code=program_code).first()
    if program is None:
        raise ValidationError({"program": ValidationError(_("No program has this code."), code="unknown_id")})
    draft = services.criteria_create_draft(
        actor=request.actor, program=program, data=CriteriaInput.from_api({"notes": values.get("notes", "")})
    )
    return Status(201, _criteria(request, draft.public_id))


@router.get(
    "/criteria/{criteria_id}",
    response=CriteriaOut,
    summary="A criteria version with its requirements (staff)",
)
def get_criteria(request, criteria_id: UUID):
    _staff(request)
    return _criteria(request, criteria_id)


@router.patch("/criteria/{criteria_id}", response=CriteriaOut, summary="Change a draft's notes")
def update_criteria(request, criteria_id: UUID, payload: CriteriaIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    version = _criteria(request, criteria_id)
    data = CriteriaInput.from_api(body_values(payload, exclude_unset=True), partial=True)
    services.criteria_update(actor=request.actor, criteria=version, data=data)
    return _criteria(request, criteria_id)


@router.post(
    "/criteria/{criteria_id}/publish",
    response=CriteriaOut,
    summary="Publish a draft (the previous version retires)",
)
def publish_criteria(request, criteria_id: UUID):
    request.actor.require("tiers.manage")
    services.criteria_publish(actor=request.actor, criteria=_criteria(request, criteria_id))
    return _criteria(request, criteria_id)


@router.post(
    "/criteria/{criteria_id}/requirements",
    response={201: CriteriaOut},
    summary="Add a requirement to a draft",
)
def add_requirement(request, criteria_id: UUID, payload: RequirementIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    version = _criteria(request, criteria_id)
    services.requirement_create(
        actor=request.actor, criteria=version, data=RequirementInput.from_api(body_values(payload))
    )
    return Status(201, _criteria(request, criteria_id))


@router.put(
    "/requirements/{requirement_id}", response=CriteriaOut, summary="Replace a requirement of a draft"
)
def update_requirement(request, requirement_id: UUID, payload: RequirementIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    requirement = selectors.requirement_get(actor=request.actor, public_id=requirement_id)
    services.requirement_update(
        actor=request.actor, requirement=requirement, data=RequirementInput.from_api(body_values(payload))
    )
    return _criteria(request, requirement.criteria.public_id)


@router.delete(
    "/requirements/{requirement_id}", response=CriteriaOut, summary="Delete a requirement of a draft"
)
def delete_requirement(request, requirement_id: UUID):
    request.actor.require("tiers.manage")
    requirement = selectors.requirement_get(actor=request.actor, public_id=requirement_id)
    services.requirement_delete(actor=request.actor, requirement=requirement)
    return _criteria(request, requirement.criteria.public_id)


@router.get(
    "/criteria/{criteria_id}/simulation",
    response=TierSimulationOut,
    summary="What evaluating this version today would decide for every member (writes nothing)",
)
def simulate_criteria(request, criteria_id: UUID):
    _staff(request)
    from tiers.metrics import MetricUnavailable

    version = _criteria(request, criteria_id)
    try:
        plan = selectors.simulation(actor=request.actor, criteria=version)
    except MetricUnavailable as exc:
        raise ValidationError(str(exc), code="metric_unavailable") from exc
    return {
        "criteria_id": version.public_id,
        "program": version.program.code,
        "as_of": plan.as_of,
        "moving_up": plan.moving_up,
        "moving_down": plan.moving_down,
        "unchanged": plan.unchanged,
        "members": [
            {
                "partner_id": m.state.partner_public_id,
                "partner": m.state.partner_name,
                "tier": m.state.tier,
                "simulated_tier": m.qualified,
                "decision": m.decision.value,
                "deciding": [check_out(c) for c in m.deciding],
            }
            for m in plan.members
        ],
    }


# --- programs: evaluate, policy -----------------------------------------------------------------------------


@router.post(
    "/programs/{program_code}/evaluate",
    response=TierRunOut,
    summary="Evaluate the program's members now (the nightly evaluation, at once)",
)
def evaluate_program(request, program_code: str):
    request.actor.require("tiers.manage")
    outcome = services.evaluate_now(actor=request.actor, program=_program(request, program_code))
    return outcome.run


@router.get(
    "/programs/{program_code}/policy", response=TierPolicyOut, summary="A program's tier policy (staff)"
)
def get_policy(request, program_code: str):
    _staff(request)
    return services.policy_of(_program(request, program_code))


@router.patch(
    "/programs/{program_code}/policy", response=TierPolicyOut, summary="Change a program's grace period"
)
def update_policy(request, program_code: str, payload: PolicyIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    data = PolicyInput.from_api(body_values(payload, exclude_unset=True), partial=True)
    return services.policy_update(actor=request.actor, program=_program(request, program_code), data=data)


@router.get("/evaluations", response=list[TierRunOut], summary="The evaluations, newest first (staff)")
@paginate(KanalPagination)
def list_runs(request):
    _staff(request)
    return (
        EvaluationRun.objects.visible_to(request.actor)
        .select_related("program", "criteria")
        .order_by("-created_at", "-id")
    )


# --- assessments, warnings, progress ------------------------------------------------------------------------


@router.get(
    "/assessments",
    response=list[TierAssessmentOut],
    summary="Assessments, newest first: those that changed something by default (a partner: its own)",
)
@paginate(KanalPagination)
def list_assessments(request, filters: Query[ChangeQuery]):  # type: ignore[valid-type]
    return selectors.change_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/warnings",
    response=list[DowngradeWarningOut],
    summary="Downgrade warnings: pending ones by default (staff)",
)
@paginate(KanalPagination)
def list_warnings(request, filters: Query[WarningQuery]):  # type: ignore[valid-type]
    return selectors.warning_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/progress",
    response={200: TierProgressOut, 404: ErrorOut},
    summary="A partner's progress in its programs: tier, values against each tier's requirements, what is "
    "missing, a pending warning, history (a partner user: its own; staff name the partner)",
)
def get_progress(request, partner_id: UUID | None = None):
    actor = request.actor
    actor.require("tiers.view")
    if actor.is_partner and partner_id is None:
        partner = actor.partner
    elif partner_id is None:
        raise ValidationError(
            {"partner_id": ValidationError(_("Name the partner."), code=E.PARTNER_REQUIRED)}
        )
    else:
        partner = get_visible_or_404(Partner.objects.visible_to(actor), public_id=partner_id)
    return progress_out(partner, selectors.partner_progress(actor=actor, partner=partner))


# --- custom metrics and their values ------------------------------------------------------------------------


@router.get("/custom-metrics", response=list[CustomMetricOut], summary="The custom metrics")
@paginate(KanalPagination)
def list_custom_metrics(request):
    return selectors.custom_metrics(actor=request.actor)


@router.post("/custom-metrics", response={201: CustomMetricOut}, summary="Create a custom metric")
def create_custom_metric(request, payload: CustomMetricIn):  # type: ignore[valid-type]
    metric = services.custom_metric_create(actor=request.actor, data=body_values(payload))
    return Status(201, metric)


@router.patch(
    "/custom-metrics/{custom_metric_id}",
    response=CustomMetricOut,
    summary="Change a custom metric (its code stays)",
)
def update_custom_metric(request, custom_metric_id: UUID, payload: CustomMetricUpdateIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    metric = selectors.custom_metric_get(actor=request.actor, public_id=custom_metric_id)
    return services.custom_metric_update(
        actor=request.actor, metric=metric, data=body_values(payload, exclude_unset=True)
    )


@router.get("/values", response=list[MetricValueOut], summary="Custom metric values (staff)")
@paginate(KanalPagination)
def list_values(request, filters: Query[ValueQuery]):  # type: ignore[valid-type]
    return selectors.value_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/values",
    response={201: MetricValueOut},
    summary="Enter a custom metric's value for a partner and period",
)
def create_value(request, payload: ValueIn):  # type: ignore[valid-type]
    entry = services.value_create(actor=request.actor, data=body_values(payload))
    return Status(201, selectors.value_get(actor=request.actor, public_id=entry.public_id))


@router.patch(
    "/values/{metric_value_id}", response=MetricValueOut, summary="Correct a value (its period, value, note)"
)
def update_value(request, metric_value_id: UUID, payload: ValueUpdateIn):  # type: ignore[valid-type]
    request.actor.require("tiers.manage")
    entry = selectors.value_get(actor=request.actor, public_id=metric_value_id)
    services.value_update(actor=request.actor, entry=entry, data=body_values(payload, exclude_unset=True))
    return selectors.value_get(actor=request.actor, public_id=metric_value_id)


@router.delete("/values/{metric_value_id}", response={204: None}, summary="Delete a value")
def delete_value(request, metric_value_id: UUID):
    request.actor.require("tiers.manage")
    entry = selectors.value_get(actor=request.actor, public_id=metric_value_id)
    services.value_delete(actor=request.actor, entry=entry)
    return Status(204, None)


# --- overrides ----------------------------------------------------------------------------------------------


@router.post(
    "/overrides",
    response={201: TierOverrideOut},
    summary="Set a partner's tier in a program by hand until a day",
)
def create_override(request, payload: OverrideIn):  # type: ignore[valid-type]
    actor = request.actor
    actor.require("tiers.override")
    values = body_values(payload)
    partner = Partner.objects.visible_to(actor).filter(public_id=values.pop("partner_id")).first()
    if partner is None:
        raise ValidationError({"partner_id": ValidationError(_("No such partner."), code="unknown_id")})
    program = PartnerProgram.objects.visible_to(actor).filter(code=values.pop("program")).first()
    if program is None:
        raise ValidationError({"program": ValidationError(_("No program has this code."), code="unknown_id")})
    found = services.override_set(actor=actor, partner=partner, program=program, data=values)
    return Status(201, selectors.override_get(actor=actor, public_id=found.public_id))


@router.post("/overrides/{override_id}/end", response=TierOverrideOut, summary="End an override early")
def end_override(request, override_id: UUID):
    actor = request.actor
    actor.require("tiers.override")
    found = selectors.override_get(actor=actor, public_id=override_id)
    services.override_end(actor=actor, override=found)
    return selectors.override_get(actor=actor, public_id=override_id)
