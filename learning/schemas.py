"""API outputs of learning; inputs are generated from the pages' inputs (`learning/inputs.py`).

A partner never receives a question's right answers before grading: `QuestionOut` has no `is_correct`, and
a graded attempt says per question whether the answer was right, not which choice was."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictStr

from core.inputs import api_schema
from core.schemas import AudienceOut, InputSchema, staff_only
from learning.inputs import (
    CertificationInput,
    CourseInput,
    LessonInput,
    QuestionInput,
    QuizInput,
    RevokeInput,
)


class CourseOut(AudienceOut):
    id: UUID = Field(alias="public_id")
    title: str
    title_en: str
    title_ru: str
    description: str
    updated_at: datetime


class LessonOut(Schema):
    id: UUID = Field(alias="public_id")
    position: int
    title: str
    kind: str
    body: str
    url: str
    file_url: str | None = Field(
        None, description="A signed download link for the caller, valid a few minutes"
    )


class QuizOut(Schema):
    passing_score: int
    attempt_limit: int
    time_limit_minutes: int
    questions_per_attempt: int


class CourseProgressOut(Schema):
    id: UUID = Field(alias="public_id")
    course_id: UUID
    course: str
    person: str
    partner: str | None = None
    state: str
    lessons_done: list[UUID]
    completed_at: datetime | None
    round: int


class CourseDetailOut(CourseOut):
    lessons: list[LessonOut]
    quiz: QuizOut | None
    progress: CourseProgressOut | None = Field(None, description="The caller's own progress")


class ChoiceOut(Schema):
    id: UUID = Field(alias="public_id")
    text: str


class QuestionOut(Schema):
    id: UUID = Field(alias="public_id")
    text: str
    kind: str
    choices: list[ChoiceOut]


class ChoiceAdminOut(Schema):
    id: UUID = Field(alias="public_id")
    text_en: str
    text_ru: str
    is_correct: bool


class QuestionAdminOut(Schema):
    """A question of the pool with its right answers: for those who manage courses only."""

    id: UUID = Field(alias="public_id")
    text_en: str
    text_ru: str
    kind: str
    is_active: bool
    choices: list[ChoiceAdminOut]


class GradedOut(Schema):
    question_id: UUID
    correct: bool


class AttemptOut(Schema):
    id: UUID = Field(alias="public_id")
    course_id: UUID
    number: int
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    score: int | None
    passed: bool
    late: bool
    questions: list[QuestionOut]
    results: list[GradedOut] = Field(description="After grading: whether each answer was right")


class AttemptSubmitIn(InputSchema):
    answers: dict[StrictStr, list[StrictStr]] = Field(
        description="question id -> the chosen choice ids (one for a single-choice question)"
    )


class CertificationOut(Schema):
    id: UUID = Field(alias="public_id")
    title: str
    title_en: str
    title_ru: str
    description: str
    validity_months: int
    course_ids: list[UUID] = Field(description="The courses it requires that the reader may see")
    # Staff only (null for partner users)
    is_active: bool | None = None
    partner_types: list[str] | None = None
    tiers: list[str] | None = None
    regions: list[str] | None = None

    resolve_is_active = staff_only("is_active")
    resolve_partner_types = staff_only("partner_types")
    resolve_tiers = staff_only("tiers")
    resolve_regions = staff_only("regions")


class AwardOut(Schema):
    id: UUID = Field(alias="public_id")
    person: str
    partner: str | None
    certification_id: UUID
    certification: str
    awarded_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: str
    verify_url: str
    certificate_url: str | None = Field(description="Signed PDF download link for the caller")
    actions: list[str]


CourseIn = api_schema(CourseInput, "CourseIn")
CourseUpdateIn = api_schema(CourseInput, "CourseUpdateIn", partial=True)
LessonIn = api_schema(LessonInput, "LessonIn", exclude=("file",))
QuizIn = api_schema(QuizInput, "QuizIn")
QuestionIn = api_schema(QuestionInput, "QuestionIn")
CertificationIn = api_schema(CertificationInput, "CertificationIn")
RevokeIn = api_schema(RevokeInput, "RevokeIn")
