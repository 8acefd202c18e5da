from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, create_model

from core.inputs import api_schema
from onboarding.inputs import NoteInput, StepInput
from onboarding.rules import StepAction


class StepOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_type: str
    position: int
    title: str
    title_en: str
    title_ru: str
    description_en: str
    description_ru: str
    kind: str
    requires_confirmation: bool
    is_active: bool


# Bodies: generated from the page's inputs (onboarding/inputs.py): fields, limits, choices declared once.
# A new step needs no confirmation unless it says so (a JSON boolean is otherwise always stated).
StepCreateIn: type = create_model(
    "StepCreateIn",
    __base__=api_schema(StepInput, "StepCreateBase", exclude=("is_active",)),
    requires_confirmation=(StrictBool, False),
)
StepUpdateIn = api_schema(StepInput, "StepUpdateIn", partial=True, exclude=("partner_type",))
StepNoteIn = api_schema(NoteInput, "StepNoteIn")


class StepStateOut(Schema):
    step_id: UUID
    title: str
    kind: str
    requires_confirmation: bool
    automatic: bool
    state: str
    completed_by: str | None = None
    completed_at: datetime | None = None
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    note: str = ""
    actions: list[StepAction] = Field(description="What you may do next with this step")


class ProgressOut(Schema):
    partner_id: UUID
    percent: int
    done: int
    total: int
    steps: list[StepStateOut]


def progress_out(partner, progress) -> dict:
    steps = []
    for s in progress.steps:
        c = s.completion if not s.automatic else None
        steps.append(
            {
                "step_id": s.step.public_id,
                "title": s.step.title,
                "kind": s.step.kind,
                "requires_confirmation": s.step.requires_confirmation,
                "automatic": s.automatic,
                "state": s.state,
                "completed_by": c.completed_by.email if c and c.completed_by else None,
                "completed_at": c.created_at if c else None,
                "confirmed_by": c.confirmed_by.email if c and c.confirmed_by else None,
                "confirmed_at": c.confirmed_at if c else None,
                "note": s.note if c else "",
                "actions": list(s.actions),
            }
        )
    return {
        "partner_id": partner.public_id,
        "percent": progress.percent,
        "done": progress.done,
        "total": progress.total,
        "steps": steps,
    }
