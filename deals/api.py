import json
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from conflicts.explain import render_reason
from conflicts.selectors import check_matches, engagement_reasons_for, latest_check_for
from deals.models import RegistrationStage, RegistrationStatus
from deals.schemas import (
    AppealDecisionIn,
    AppealIn,
    ApproveIn,
    CloseIn,
    ConflictCheckOut,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationPatch,
    RejectIn,
)
from deals.selectors import (
    RegistrationFilter,
    extension_get,
    registering_partners,
    registration_extensions,
    registration_get,
    registration_list,
)
from deals.services import (
    extension_decide,
    extension_request,
    registration_appeal,
    registration_approve,
    registration_check,
    registration_close,
    registration_create,
    registration_decide_appeal,
    registration_reject,
    registration_submit,
    registration_update,
)

router = Router(tags=["deals"])
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class RegistrationFilters(Schema):
    q: str = ""
    status: str = ""
    stage: str = ""
    partner: str = ""
    cam: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    conflict: str = ""
    limit: int = 50
    offset: int = 0


def _check_filters(filters: RegistrationFilters) -> None:
    errors = {}
    if filters.limit < 1 or filters.limit > 500 or filters.offset < 0:
        errors["limit"] = [_("limit must be 1–500 and offset at least 0.")]
    if filters.status and filters.status not in RegistrationStatus.values:
        errors["status"] = [_("Choose a valid status.")]
    if filters.stage and filters.stage not in RegistrationStage.values:
        errors["stage"] = [_("Choose a valid stage.")]
    if filters.conflict not in ("", "conflict", "clear"):
        errors["conflict"] = [_('conflict must be "conflict" or "clear".')]
    for field in ("partner", "cam"):
        value = getattr(filters, field)
        if value:
            try:
                UUID(value)
            except ValueError:
                errors[field] = [_("%(field)s must be an id.") % {"field": field}]
    if errors:
        raise ValidationError(errors)


def _lines(lines) -> list[dict] | None:
    if lines is None:
        return None
    return [{"product": ln.product_id, "quantity": ln.quantity, "unit_price": ln.unit_price} for ln in lines]


def _fresh(request, registration):
    return registration_get(actor=request.actor, public_id=registration.public_id)


@router.post(
    "/registrations",
    response={200: RegistrationOut, 201: RegistrationOut},
    summary="Register a deal as a draft (partner admins and reps). An Idempotency-Key header makes a "
    "repeat return the original (200) instead of creating a second one.",
)
def create_registration(request, payload: RegistrationIn):
    actor = request.actor
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied
    data = payload.dict()
    partner = None
    if partner_id := data.pop("partner_id"):
        partner = next((p for p in registering_partners(actor=actor) if p.public_id == partner_id), None)
        if partner is None:
            raise ValidationError(
                {"partner_id": _("You can register deals only for your company or its resellers.")}
            )
    lines = _lines(payload.lines)
    data.pop("lines")
    registration, created = registration_create(
        actor=actor,
        data=data,
        lines=lines,
        partner=partner,
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    return Status(201 if created else 200, _fresh(request, registration))


@router.get("/registrations", response=list[RegistrationOut], summary="List deal registrations in your scope")
def list_registrations(request, filters: Query[RegistrationFilters]):
    _check_filters(filters)
    f = RegistrationFilter(**filters.dict(exclude={"limit", "offset"}))
    qs = registration_list(actor=request.actor, filters=f).prefetch_related("lines__product")
    return qs[filters.offset : filters.offset + filters.limit]


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def get_registration(request, registration_id: UUID):
    return registration_get(actor=request.actor, public_id=registration_id)


@router.patch(
    "/registrations/{registration_id}",
    response=RegistrationOut,
    summary="Change a draft (lines, when given, replace all lines)",
)
def patch_registration(request, registration_id: UUID, payload: RegistrationPatch):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    data = payload.dict(exclude_unset=True)
    lines = _lines(payload.lines) if "lines" in data else None
    data.pop("lines", None)
    registration_update(actor=request.actor, registration=registration, data=data, lines=lines)
    return _fresh(request, registration)


@router.post("/registrations/{registration_id}/submit", response=RegistrationOut, summary="Submit a draft")
def submit_registration(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_submit(actor=request.actor, registration=registration)
    return _fresh(request, registration)


@router.post(
    "/registrations/{registration_id}/approve",
    response=RegistrationOut,
    summary="Approve a submitted registration (channel chief, CAM)",
    description='The body is optional: {"note": "…"}. The note is required when the conflict check '
    "or the rules of engagement raise a question.",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": ApproveIn.model_json_schema()}},
        }
    },
)
def approve_registration(request, registration_id: UUID):
    # The body is optional, so integrations that approved without one keep working; ninja would demand it.
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_approve(actor=request.actor, registration=registration, note=_optional_note(request))
    return _fresh(request, registration)


def _optional_note(request) -> str:
    if not request.body.strip():
        return ""
    if "json" not in request.content_type:
        # An empty form (what many clients send for a body-less POST) is no body; anything else would be
        # a note silently dropped.
        if request.content_type in FORM_TYPES and not request.POST and not request.FILES:
            return ""
        raise ValidationError({"note": _('The body must be JSON such as {"note": "…"}.')})
    try:
        data = json.loads(request.body)
    except ValueError as exc:
        raise ValidationError({"note": _('The body must be JSON such as {"note": "…"}.')}) from exc
    note = data.get("note", "") if isinstance(data, dict) else None
    if not isinstance(note, str):
        raise ValidationError({"note": _("note must be text.")})
    return note


@router.post(
    "/registrations/{registration_id}/reject",
    response=RegistrationOut,
    summary="Reject a submitted registration with a reason (channel chief, CAM)",
)
def reject_registration(request, registration_id: UUID, payload: RejectIn):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_reject(actor=request.actor, registration=registration, reason=payload.reason)
    return _fresh(request, registration)


@router.post(
    "/registrations/{registration_id}/close",
    response=RegistrationOut,
    summary="Close an approved registration as won (won_amount) or lost (lost_reason)",
)
def close_registration(request, registration_id: UUID, payload: CloseIn):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    if payload.outcome not in ("won", "lost"):
        raise ValidationError({"outcome": _('outcome must be "won" or "lost".')})
    registration_close(
        actor=request.actor,
        registration=registration,
        won=payload.outcome == "won",
        won_amount=payload.won_amount,
        lost_reason=payload.lost_reason,
    )
    return _fresh(request, registration)


def _check_out(actor, check) -> dict:
    def reasons(items, render):
        return [
            {
                "code": r.get("code", ""),
                "params": r.get("params") or {},
                "text": render(r.get("code", ""), r.get("params") or {}),
            }
            for r in items
        ]

    matches = check_matches(actor=actor, check=check) if actor.is_staff else []
    return {
        "outcome": check.outcome,
        "checked_at": check.created_at,
        "engagement_outcome": check.engagement_outcome,
        "engagement_version": check.engagement_version,
        "protection_days": check.protection_days,
        "engagement_reasons": engagement_reasons_for(actor=actor, check=check),
        "matches": [
            {
                "source": m.source,
                "matched_id": (m.matched_registration or m.matched_account).public_id
                if (m.matched_registration or m.matched_account)
                else None,
                "matched_label": m.matched_label,
                "score": m.score,
                "reasons": reasons(m.reasons, render_reason),
            }
            for m in matches
        ],
    }


@router.get(
    "/registrations/{registration_id}/conflicts",
    response={200: ConflictCheckOut, 404: dict},
    summary="The latest conflict check: staff see every match and why; partners only the outcome",
)
def get_conflicts(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    check = latest_check_for(actor=request.actor, registration=registration)
    if check is None:
        return Status(
            404, {"detail": _("This registration has not been checked yet: it is checked on submission.")}
        )
    return _check_out(request.actor, check)


@router.post(
    "/registrations/{registration_id}/check",
    response=ConflictCheckOut,
    summary="Run the conflict check again (channel chief, CAM)",
)
def run_check(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    check = registration_check(actor=request.actor, registration=registration)
    return _check_out(request.actor, check)


@router.post(
    "/registrations/{registration_id}/appeal",
    response=RegistrationOut,
    summary="Appeal a rejection, once, within DEAL_APPEAL_DAYS (partner admins and reps)",
)
def appeal_registration(request, registration_id: UUID, payload: AppealIn):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_appeal(actor=request.actor, registration=registration, reason=payload.reason)
    return _fresh(request, registration)


@router.post(
    "/registrations/{registration_id}/appeal/decision",
    response=RegistrationOut,
    summary="Grant or turn down an appeal (channel chief)",
)
def decide_appeal(request, registration_id: UUID, payload: AppealDecisionIn):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_decide_appeal(
        actor=request.actor, registration=registration, grant=payload.grant, note=payload.note
    )
    return _fresh(request, registration)


@router.get(
    "/registrations/{registration_id}/extensions",
    response=list[ExtensionOut],
    summary="Extension requests of a registration",
)
def list_extensions(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    return registration_extensions(actor=request.actor, registration=registration)


@router.post(
    "/registrations/{registration_id}/extensions",
    response={201: ExtensionOut},
    summary="Ask for more protection time on an approved registration (partner admins and reps)",
)
def request_extension(request, registration_id: UUID, payload: ExtensionIn):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    extension = extension_request(
        actor=request.actor, registration=registration, days=payload.days, reason=payload.reason
    )
    return Status(201, extension_get(actor=request.actor, public_id=extension.public_id))


@router.post(
    "/extensions/{extension_id}/decision",
    response=ExtensionOut,
    summary="Approve or deny an extension request (channel chief, CAM); denying needs a note",
)
def decide_extension(request, extension_id: UUID, payload: ExtensionDecisionIn):
    extension = extension_get(actor=request.actor, public_id=extension_id)
    extension_decide(actor=request.actor, extension=extension, approve=payload.approve, note=payload.note)
    return extension_get(actor=request.actor, public_id=extension_id)
