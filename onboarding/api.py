from typing import Any
from uuid import UUID

from ninja import Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.pagination import KanalPagination
from core.schemas import OrBlank
from onboarding.inputs import StepInput
from onboarding.schemas import ProgressOut, StepCreateIn, StepNoteIn, StepOut, StepUpdateIn, progress_out
from onboarding.selectors import checklist_for_type, onboarding_progress, step_get
from onboarding.services import step_complete, step_confirm, step_create, step_reopen, step_update
from partners.choices import PartnerType
from partners.selectors import partner_get

router = Router(tags=["onboarding"])


def _note(payload: Any) -> str:
    """The optional body's note (its limit is checked by the service, through NoteInput)."""
    return (payload.note if payload is not None else None) or ""


@router.get("/checklists", response=list[StepOut], summary="Checklist steps of a partner type, in order")
@paginate(KanalPagination)
def list_steps(request, partner_type: OrBlank[PartnerType] = "", include_inactive: bool = False):
    """Without `partner_type`, the steps of every type (ordered by type, then position)."""
    steps = checklist_for_type(
        actor=request.actor, partner_type=partner_type or None, include_inactive=include_inactive
    )
    return steps.order_by("partner_type", "position", "id")


@router.post(
    "/checklists",
    response={201: StepOut},
    summary="Add a step at the end of a checklist (channel operations)",
)
def create_step(request, payload: StepCreateIn):  # type: ignore[valid-type]
    values = body_values(payload, exclude_none=True)
    data = StepInput.from_api(values, partial=True)
    step = step_create(actor=request.actor, partner_type=values["partner_type"], data=data)
    return Status(201, step)


@router.patch(
    "/checklists/{step_id}", response=StepOut, summary="Change or (de)activate a step (channel operations)"
)
def update_step(request, step_id: UUID, payload: StepUpdateIn):  # type: ignore[valid-type]
    step = step_get(actor=request.actor, public_id=step_id)
    data = StepInput.from_api(body_values(payload, exclude_unset=True), partial=True)
    return step_update(actor=request.actor, step=step, data=data)


@router.get(
    "/partners/{partner_id}/progress", response=ProgressOut, summary="A partner's onboarding progress"
)
def partner_progress(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    return progress_out(partner, onboarding_progress(actor=request.actor, partner=partner))


def _act(request, partner_id, step_id, action, **kwargs):
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    step = step_get(actor=actor, public_id=step_id)
    action(actor=actor, partner=partner, step=step, **kwargs)
    return progress_out(partner, onboarding_progress(actor=actor, partner=partner))


@router.post(
    "/partners/{partner_id}/steps/{step_id}/complete",
    response=ProgressOut,
    summary="Mark a manual step done (partner users: their own partner; chief and CAMs: any)",
)
def complete_step(request, partner_id: UUID, step_id: UUID, payload: StepNoteIn | None = None):  # type: ignore[valid-type]
    return _act(request, partner_id, step_id, step_complete, note=_note(payload))


@router.post(
    "/partners/{partner_id}/steps/{step_id}/confirm",
    response=ProgressOut,
    summary="Confirm a submitted step (chief and CAMs)",
)
def confirm_step(request, partner_id: UUID, step_id: UUID):
    return _act(request, partner_id, step_id, step_confirm)


@router.post(
    "/partners/{partner_id}/steps/{step_id}/reopen",
    response=ProgressOut,
    summary="Send a manual step back to 'todo' (chief and CAMs)",
)
def reopen_step(request, partner_id: UUID, step_id: UUID, payload: StepNoteIn | None = None):  # type: ignore[valid-type]
    return _act(request, partner_id, step_id, step_reopen, note=_note(payload))
