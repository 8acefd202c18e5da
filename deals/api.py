from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from deals.models import RegistrationStage, RegistrationStatus
from deals.schemas import CloseIn, RegistrationIn, RegistrationOut, RegistrationPatch, RejectIn
from deals.selectors import RegistrationFilter, registering_partners, registration_get, registration_list
from deals.services import (
    registration_approve,
    registration_close,
    registration_create,
    registration_reject,
    registration_submit,
    registration_update,
)

router = Router(tags=["deals"])


class RegistrationFilters(Schema):
    q: str = ""
    status: str = ""
    stage: str = ""
    partner: str = ""
    cam: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
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
)
def approve_registration(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_approve(actor=request.actor, registration=registration)
    return _fresh(request, registration)


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
