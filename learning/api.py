"""The learning API: courses, lessons, progress, quiz attempts, certifications and awards.

Every read goes through the selectors (`visible_to`); a partner reads the published courses meant for its
company, its own progress (a partner admin: the team's), and never a question's right answers."""

from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.files import file_link
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from learning import selectors as s
from learning import services
from learning.certificate import verification_url
from learning.filters import AwardFilterSet, CourseFilterSet, ProgressFilterSet
from learning.inputs import QuestionInput
from learning.models import Attempt, CertificationAward, Course, Enrollment
from learning.rules import allowed_actions
from learning.schemas import (
    AttemptOut,
    AttemptSubmitIn,
    AwardOut,
    CertificationIn,
    CertificationOut,
    CourseDetailOut,
    CourseIn,
    CourseOut,
    CourseProgressOut,
    CourseUpdateIn,
    LessonIn,
    LessonOut,
    QuestionAdminOut,
    QuestionIn,
    QuizIn,
    RevokeIn,
)
from learning.tables import award_state
from learning.views import CERTIFICATE_SOURCE, LESSON_SOURCE

router = Router(tags=["learning"])

CourseQuery = filterset_schema(CourseFilterSet, "CourseQuery")
AwardQuery = filterset_schema(AwardFilterSet, "AwardQuery")
ProgressQuery = filterset_schema(ProgressFilterSet, "ProgressQuery")


def _view(request) -> None:
    request.actor.require("enablement.view")


def _lesson(request, lesson) -> dict[str, Any]:
    return {
        "public_id": lesson.public_id,
        "position": lesson.position,
        "title": lesson.title,
        "kind": lesson.kind,
        "body": lesson.body,
        "url": lesson.url,
        "file_url": file_link(LESSON_SOURCE, lesson.public_id, user_id=request.user.pk)
        if lesson.file
        else None,
    }


def _progress(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "public_id": enrollment.public_id,
        "course_id": enrollment.course.public_id,
        "course": enrollment.course.title,
        "person": enrollment.user.display_name,
        "partner": enrollment.partner.name if enrollment.partner else None,
        "state": enrollment.state,
        "lessons_done": [lesson.public_id for lesson in enrollment.lessons_done.all()],
        "completed_at": enrollment.completed_at,
        "round": enrollment.round,
    }


def _course_detail(request, course: Course) -> dict[str, Any]:
    actor = request.actor
    enrollment = s.my_enrollment(actor=actor, course=course)
    quiz = s.quiz_of(actor=actor, course=course)
    return {
        "public_id": course.public_id,
        "title": course.title,
        "title_en": course.title_en,
        "title_ru": course.title_ru,
        "description": course.description,
        "status": course.status,
        "partner_types": course.partner_types,
        "tiers": course.tiers,
        "regions": course.regions,
        "updated_at": course.updated_at,
        "lessons": [_lesson(request, lesson) for lesson in s.lessons_of(actor=actor, course=course)],
        "quiz": quiz,
        "progress": _progress(enrollment) if enrollment else None,
    }


@router.get(
    "/courses", response=list[CourseOut], summary="Courses (partners: the published ones meant for them)"
)
@paginate(KanalPagination)
def list_courses(request, filters: Query[CourseQuery]):  # type: ignore[valid-type]
    _view(request)
    return s.course_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/courses", response={201: CourseDetailOut}, summary="Create a course (channel marketing, operations)"
)
def create_course(request, payload: CourseIn):  # type: ignore[valid-type]
    course = services.course_create(actor=request.actor, data=body_values(payload))
    return Status(201, _course_detail(request, course))


@router.get(
    "/courses/{course_id}", response=CourseDetailOut, summary="A course with its lessons and your progress"
)
def get_course(request, course_id: UUID):
    _view(request)
    return _course_detail(request, s.course_get(actor=request.actor, public_id=course_id))


@router.patch("/courses/{course_id}", response=CourseDetailOut, summary="Change a course")
def update_course(request, course_id: UUID, payload: CourseUpdateIn):  # type: ignore[valid-type]
    course = s.course_get(actor=request.actor, public_id=course_id)
    services.course_update(actor=request.actor, course=course, data=body_values(payload, exclude_unset=True))
    return _course_detail(request, s.course_get(actor=request.actor, public_id=course_id))


@router.get("/courses/{course_id}/lessons", response=list[LessonOut], summary="A course's lessons")
@paginate(KanalPagination)
def list_lessons(request, course_id: UUID):
    _view(request)
    course = s.course_get(actor=request.actor, public_id=course_id)
    return [_lesson(request, lesson) for lesson in s.lessons_of(actor=request.actor, course=course)]


@router.post("/courses/{course_id}/lessons", response={201: LessonOut}, summary="Add a text or link lesson")
def create_lesson(request, course_id: UUID, payload: LessonIn):  # type: ignore[valid-type]
    course = s.course_get(actor=request.actor, public_id=course_id)
    lesson = services.lesson_create(actor=request.actor, course=course, data=body_values(payload))
    return Status(201, _lesson(request, lesson))


@router.put("/courses/{course_id}/quiz", response=CourseDetailOut, summary="Set a course's quiz")
def put_quiz(request, course_id: UUID, payload: QuizIn):  # type: ignore[valid-type]
    course = s.course_get(actor=request.actor, public_id=course_id)
    services.quiz_save(actor=request.actor, course=course, data=body_values(payload))
    return _course_detail(request, course)


@router.post("/courses/{course_id}/questions", response={201: dict[str, UUID]}, summary="Add a quiz question")
def create_question(request, course_id: UUID, payload: QuestionIn):  # type: ignore[valid-type]
    from django.http import Http404

    course = s.course_get(actor=request.actor, public_id=course_id)
    request.actor.require("enablement.manage")
    quiz = s.quiz_of(actor=request.actor, course=course)
    if quiz is None:
        raise Http404
    data = QuestionInput.from_api(body_values(payload))
    question = services.question_create(actor=request.actor, quiz=quiz, data=data)
    return Status(201, {"id": question.public_id})


@router.get(
    "/courses/{course_id}/questions",
    response=list[QuestionAdminOut],
    summary="The quiz's question pool with the right answers (channel marketing, operations)",
)
@paginate(KanalPagination)
def list_questions(request, course_id: UUID):
    course = s.course_get(actor=request.actor, public_id=course_id)
    request.actor.require("enablement.manage")
    quiz = s.quiz_of(actor=request.actor, course=course)
    return list(s.questions_of(actor=request.actor, quiz=quiz)) if quiz else []


@router.post(
    "/lessons/{lesson_id}/done", response=CourseProgressOut, summary="Mark a lesson done (your progress)"
)
def lesson_done(request, lesson_id: UUID):
    _view(request)
    lesson = s.lesson_get(actor=request.actor, public_id=lesson_id)
    enrollment = services.lesson_mark_done(actor=request.actor, lesson=lesson)
    return _progress(s.enrollment_get(actor=request.actor, public_id=enrollment.public_id))


@router.get(
    "/progress", response=list[CourseProgressOut], summary="Progress: yours (partner admins: the team's)"
)
@paginate(KanalPagination)
def list_progress(request, filters: Query[ProgressQuery]):  # type: ignore[valid-type]
    _view(request)
    bound = s.progress_filters(actor=request.actor, data=query_data(filters), strict=True)
    return [_progress(e) for e in bound.qs.prefetch_related("lessons_done")]


def _attempt(request, attempt: Attempt) -> dict[str, Any]:
    questions = s.attempt_questions(actor=request.actor, attempt=attempt)
    results = [] if attempt.is_open else list(attempt.graded.values_list("question__public_id", "correct"))
    return {
        "public_id": attempt.public_id,
        "course_id": attempt.quiz.course.public_id,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
        "late": attempt.late,
        "questions": [
            {
                "public_id": q.public_id,
                "text": q.text,
                "kind": q.kind,
                "choices": [{"public_id": c.public_id, "text": c.text} for c in q.choices.all()],
            }
            for q in questions
        ],
        "results": [{"question_id": pk, "correct": ok} for pk, ok in results],
    }


@router.post(
    "/courses/{course_id}/attempts", response={201: AttemptOut}, summary="Start the quiz (or resume)"
)
def start_attempt(request, course_id: UUID):
    """Draws the questions; answers are not included. An attempt still open and in time is returned again."""
    _view(request)
    course = s.course_get(actor=request.actor, public_id=course_id)
    attempt = services.attempt_start(actor=request.actor, course=course)
    return Status(201, _attempt(request, s.attempt_get(actor=request.actor, public_id=attempt.public_id)))


@router.get("/attempts/{attempt_id}", response=AttemptOut, summary="A quiz attempt")
def get_attempt(request, attempt_id: UUID):
    _view(request)
    return _attempt(request, s.attempt_get(actor=request.actor, public_id=attempt_id))


@router.post(
    "/attempts/{attempt_id}/submit", response=AttemptOut, summary="Submit the answers and get the grade"
)
def submit_attempt(request, attempt_id: UUID, payload: AttemptSubmitIn):
    """Late answers (after the time limit) are graded and count as failed."""
    _view(request)
    attempt = s.attempt_get(actor=request.actor, public_id=attempt_id)
    services.attempt_submit(actor=request.actor, attempt=attempt, answers=payload.answers)
    return _attempt(request, s.attempt_get(actor=request.actor, public_id=attempt_id))


@router.get("/certifications", response=list[CertificationOut], summary="Certifications")
@paginate(KanalPagination)
def list_certifications(request):
    _view(request)
    return [
        {
            "public_id": c.public_id,
            "title": c.title,
            "title_en": c.title_en,
            "title_ru": c.title_ru,
            "description": c.description,
            "validity_months": c.validity_months,
            "is_active": c.is_active,
            "course_ids": [course.public_id for course in c.courses.all()],
            "partner_types": c.partner_types,
            "tiers": c.tiers,
            "regions": c.regions,
        }
        for c in s.certification_list(actor=request.actor)
    ]


@router.post("/certifications", response={201: dict[str, UUID]}, summary="Create a certification")
def create_certification(request, payload: CertificationIn):  # type: ignore[valid-type]
    certification = services.certification_create(actor=request.actor, data=body_values(payload))
    return Status(201, {"id": certification.public_id})


def _award(request, award: CertificationAward) -> dict[str, Any]:
    return {
        "public_id": award.public_id,
        "person": award.user.display_name,
        "partner": award.partner.name if award.partner else None,
        "certification_id": award.certification.public_id,
        "certification": award.certification.title,
        "awarded_at": award.awarded_at,
        "expires_at": award.expires_at,
        "revoked_at": award.revoked_at,
        "state": award_state(award, timezone.now()),
        "verify_url": verification_url(award),
        "certificate_url": None
        if award.revoked_at
        else file_link(CERTIFICATE_SOURCE, award.public_id, user_id=request.user.pk),
        "actions": allowed_actions(request.actor, award),
    }


@router.get(
    "/awards", response=list[AwardOut], summary="Certification awards (yours; partner admins: the team's)"
)
@paginate(KanalPagination)
def list_awards(request, filters: Query[AwardQuery]):  # type: ignore[valid-type]
    _view(request)
    rows = s.award_filters(actor=request.actor, data=query_data(filters), strict=True).qs
    return [_award(request, a) for a in rows]


@router.get("/awards/{award_id}", response=AwardOut, summary="A certification award")
def get_award(request, award_id: UUID):
    _view(request)
    return _award(request, s.award_get(actor=request.actor, public_id=award_id))


@router.post("/awards/{award_id}/revoke", response=AwardOut, summary="Revoke a certification (staff)")
def revoke_award(request, award_id: UUID, payload: RevokeIn):  # type: ignore[valid-type]
    award = s.award_get(actor=request.actor, public_id=award_id)
    services.award_revoke(actor=request.actor, award=award, data=body_values(payload))
    return _award(request, s.award_get(actor=request.actor, public_id=award_id))
