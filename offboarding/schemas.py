from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from offboarding.filters import OffboardingFilterSet
from offboarding.inputs import CancelInput, NoteInput, StartInput
from offboarding.models import OffboardingStatus, StepKey
from offboarding.rules import OffboardingAction, WindDownAction


class OffboardingOut(Schema):
    """A partner's wind-down."""

    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    status: OffboardingStatus
    reason: str
    access_ends_on: date
    steps_done: int
    steps_total: int
    started_by_email: str | None = Field(None, alias="started_by.email")
    created_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str


class WindDownStepOut(Schema):
    key: StepKey
    title: str
    description: str
    done: bool
    done_at: datetime | None
    done_by_email: str | None
    by_system: bool
    note: str
    check_passed: bool = Field(description="Whether the step's check finds nothing left now")
    check_text: str = Field(description="What the check finds, in the request's language")
    left: int = Field(description="How many things the check finds left")
    action: str | None = Field(description="What the step's action does (null: it has none)")
    actions: list[WindDownAction] = Field(description="What you may do next with this step")


class OffboardingDetailOut(OffboardingOut):
    steps: list[WindDownStepOut]
    actions: list[OffboardingAction] = Field(description="What you may do next with this offboarding")


class WindDownRunOut(Schema):
    message: str
    offboarding: OffboardingDetailOut


def steps_out(states: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "title": str(s.row.get_key_display()),
            "description": str(s.step.description),
            "done": s.row.done,
            "done_at": s.row.done_at,
            "done_by_email": s.row.done_by.email if s.row.done_by else None,
            "by_system": s.row.by_system,
            "note": s.note,
            "check_passed": s.check.passed,
            "check_text": s.check.text,
            "left": s.check.count,
            "action": str(s.step.action_label) if s.step.action_label is not None else None,
            "actions": list(s.actions),
        }
        for s in states
    ]


StartIn = api_schema(StartInput, "OffboardingStartIn")
StepNoteIn = api_schema(NoteInput, "WindDownNoteIn")
CancelIn = api_schema(CancelInput, "OffboardingCancelIn")
OffboardingQuery = filterset_schema(OffboardingFilterSet, "OffboardingQuery")
