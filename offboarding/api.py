"""The offboarding API (staff): the wind-downs, starting one, its checklist, a step done or run, cancelling.
`/api/offboarding`; the same selectors, services and FilterSet as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from offboarding.inputs import StartInput
from offboarding.models import StepKey
from offboarding.rules import allowed_actions
from offboarding.schemas import (
    CancelIn,
    OffboardingDetailOut,
    OffboardingOut,
    OffboardingQuery,
    StartIn,
    StepNoteIn,
    WindDownRunOut,
    steps_out,
)
from offboarding.selectors import checklist, offboarding_filters, offboarding_get, start_partners
from offboarding.services import offboarding_cancel, offboarding_start, step_done, step_run

router = Router(tags=["offboarding"])


def _staff(request) -> None:
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("offboarding.view")


def _detail(request, public_id: Any) -> dict[str, Any]:
    actor = request.actor
    found = offboarding_get(actor=actor, public_id=public_id)
    return {
        **OffboardingOut.from_orm(found).model_dump(by_alias=True),
        "steps": steps_out(checklist(actor=actor, offboarding=found)),
        "actions": allowed_actions(actor, found),
    }


@router.get(
    "", response=list[OffboardingOut], summary="Offboardings (staff); without status, those in progress"
)
@paginate(KanalPagination)
def list_offboardings(request, filters: Query[OffboardingQuery]):  # type: ignore[valid-type]
    _staff(request)
    return offboarding_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "", response={201: OffboardingDetailOut}, summary="Start a partner's wind-down (its CAM, the chief)"
)
def start_offboarding(request, payload: StartIn):  # type: ignore[valid-type]
    _staff(request)
    actor = request.actor
    values = body_values(payload)
    partners = start_partners(actor=actor)
    cleaned = StartInput.bind(values, partners=partners).cleaned()
    offboarding = offboarding_start(
        actor=actor,
        partner=cleaned["partner"],
        data={"reason": cleaned["reason"], "access_ends_on": cleaned["access_ends_on"]},
    )
    return Status(201, _detail(request, offboarding.public_id))


@router.get("/{offboarding_id}", response=OffboardingDetailOut, summary="An offboarding with its checklist")
def get_offboarding(request, offboarding_id: UUID):
    _staff(request)
    return _detail(request, offboarding_id)


@router.post(
    "/{offboarding_id}/steps/{step}/done",
    response=OffboardingDetailOut,
    summary="Mark a step done (once its check passes; the payout step also with a note while it does not)",
)
def mark_step_done(request, offboarding_id: UUID, step: StepKey, payload: StepNoteIn | None = None):  # type: ignore[valid-type]
    _staff(request)
    found = offboarding_get(actor=request.actor, public_id=offboarding_id)
    note = (payload.note if payload is not None else "") or ""
    step_done(actor=request.actor, offboarding=found, key=step, note=note)
    return _detail(request, offboarding_id)


@router.post(
    "/{offboarding_id}/steps/{step}/run",
    response=WindDownRunOut,
    summary="Run a step's action through the owning app (close registrations, route leads, pay out …)",
)
def run_step(request, offboarding_id: UUID, step: StepKey):
    _staff(request)
    found = offboarding_get(actor=request.actor, public_id=offboarding_id)
    message = step_run(actor=request.actor, offboarding=found, key=step)
    return {"message": message, "offboarding": _detail(request, offboarding_id)}


@router.post("/{offboarding_id}/cancel", response=OffboardingDetailOut, summary="Cancel a wind-down")
def cancel_offboarding(request, offboarding_id: UUID, payload: CancelIn):  # type: ignore[valid-type]
    _staff(request)
    found = offboarding_get(actor=request.actor, public_id=offboarding_id)
    offboarding_cancel(actor=request.actor, offboarding=found, reason=body_values(payload)["reason"])
    return _detail(request, offboarding_id)
