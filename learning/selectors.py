"""Reads of courses, progress, attempts and certifications. Every query starts from `visible_to(actor)`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.actor import Actor, system_actor
from core.listing import bind_filters
from core.scoping import get_visible_or_404
from learning.filters import AwardFilterSet, CourseFilterSet, ProgressFilterSet
from learning.models import (
    Attempt,
    AttemptAnswer,
    Certification,
    CertificationAward,
    Choice,
    Course,
    Enrollment,
    EnrollmentState,
    Lesson,
    Question,
    Quiz,
)

EXPIRING_DAYS = 60  # the team page's "expires soon"


# --- courses -------------------------------------------------------------------------------------------


def courses_visible(*, actor: Actor) -> QuerySet[Course]:
    return Course.objects.visible_to(actor).order_by("title_en", "id")


def course_list(*, actor: Actor, status: str | None = None) -> QuerySet[Course]:
    qs = Course.objects.visible_to(actor)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(lesson_count=Count("lessons", distinct=True)).order_by("title_en", "id")


def course_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> CourseFilterSet:
    """The courses list's bound FilterSet (page and API)."""
    return bind_filters(CourseFilterSet, data, queryset=course_list(actor=actor), strict=strict, actor=actor)


def course_get(*, actor: Actor, public_id: UUID | str) -> Course:
    return get_visible_or_404(Course.objects.visible_to(actor), public_id=public_id)


def lessons_of(*, actor: Actor, course: Course) -> QuerySet[Lesson]:
    return Lesson.objects.visible_to(actor).filter(course=course).order_by("position", "id")


def lesson_get(*, actor: Actor, public_id: UUID | str) -> Lesson:
    return get_visible_or_404(Lesson.objects.visible_to(actor).select_related("course"), public_id=public_id)


def quiz_of(*, actor: Actor, course: Course) -> Quiz | None:
    return Quiz.objects.visible_to(actor).filter(course=course).first()


def questions_of(*, actor: Actor, quiz: Quiz, active_only: bool = False) -> QuerySet[Question]:
    qs = Question.objects.visible_to(actor).filter(quiz=quiz)
    if active_only:
        qs = qs.filter(is_active=True)
    choices = Choice.objects.visible_to(actor).order_by("position", "id")
    return qs.prefetch_related(Prefetch("choices", queryset=choices)).order_by("position", "id")


def question_get(*, actor: Actor, public_id: UUID | str) -> Question:
    return get_visible_or_404(
        Question.objects.visible_to(actor).select_related("quiz__course"), public_id=public_id
    )


# --- progress ------------------------------------------------------------------------------------------


def enrollments_visible(*, actor: Actor) -> QuerySet[Enrollment]:
    return Enrollment.objects.visible_to(actor)


def my_enrollment(*, actor: Actor, course: Course) -> Enrollment | None:
    """The actor's own progress in `course`, for the partner they act for."""
    if actor.user is None:
        return None
    return (
        enrollments_visible(actor=actor)
        .filter(user=actor.user, partner=actor.partner, course=course)
        .prefetch_related("lessons_done")
        .first()
    )


def my_enrollments(*, actor: Actor) -> dict[int, Enrollment]:
    """course pk -> the actor's own enrollment."""
    if actor.user is None:
        return {}
    rows = enrollments_visible(actor=actor).filter(user=actor.user, partner=actor.partner)
    return {e.course_id: e for e in rows}


def enrollment_list(*, actor: Actor, course: Course | None = None) -> QuerySet[Enrollment]:
    qs = enrollments_visible(actor=actor).select_related("user", "partner", "course")
    if course is not None:
        qs = qs.filter(course=course)
    return qs.annotate(done_count=Count("lessons_done", distinct=True)).order_by("-updated_at", "id")


def progress_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> ProgressFilterSet:
    """Who is where in which course (a rep: themselves; a partner admin: the team; staff: everyone)."""
    return bind_filters(
        ProgressFilterSet, data, queryset=enrollment_list(actor=actor), strict=strict, actor=actor
    )


def enrollment_get(*, actor: Actor, public_id: UUID | str) -> Enrollment:
    return get_visible_or_404(
        enrollments_visible(actor=actor).select_related("user", "partner", "course"), public_id=public_id
    )


@dataclass(frozen=True)
class CourseProgress:
    lessons_total: int
    lessons_done: int
    passed: bool
    has_quiz: bool
    completed: bool

    @property
    def percent(self) -> int:
        steps = self.lessons_total + (1 if self.has_quiz else 0)
        done = self.lessons_done + (1 if self.has_quiz and self.passed else 0)
        return 100 if self.completed or not steps else (100 * done) // steps


def progress_of(*, actor: Actor, enrollment: Enrollment | None, course: Course) -> CourseProgress:
    lessons = lessons_of(actor=actor, course=course)
    total = lessons.count()
    quiz = quiz_of(actor=actor, course=course)
    if enrollment is None:
        return CourseProgress(total, 0, False, quiz is not None, False)
    done = enrollment.lessons_done.filter(pk__in=lessons.values("pk")).count()
    passed = attempts_of(actor=actor, enrollment=enrollment).filter(passed=True).exists()
    return CourseProgress(
        total, done, passed, quiz is not None, enrollment.state == EnrollmentState.COMPLETED
    )


# --- attempts ------------------------------------------------------------------------------------------


def attempts_of(*, actor: Actor, enrollment: Enrollment) -> QuerySet[Attempt]:
    return Attempt.objects.visible_to(actor).filter(enrollment=enrollment, round=enrollment.round)


def attempt_list(*, actor: Actor) -> QuerySet[Attempt]:
    return (
        Attempt.objects.visible_to(actor)
        .select_related("quiz__course", "user")
        .order_by("-started_at", "-id")
    )


def attempt_get(*, actor: Actor, public_id: UUID | str) -> Attempt:
    return get_visible_or_404(
        Attempt.objects.visible_to(actor).select_related("quiz__course", "enrollment", "user"),
        public_id=public_id,
    )


def attempt_questions(*, actor: Actor, attempt: Attempt) -> list[Question]:
    """The questions drawn for the attempt, in the order drawn, with their choices."""
    by_pk = {
        q.pk: q for q in questions_of(actor=actor, quiz=attempt.quiz).filter(pk__in=attempt.question_ids)
    }
    return [by_pk[pk] for pk in attempt.question_ids if pk in by_pk]


# --- certifications ------------------------------------------------------------------------------------


def certification_list(*, actor: Actor) -> QuerySet[Certification]:
    # Only the courses the reader may see: a certification may require one meant for others, or a draft.
    courses = Prefetch("courses", queryset=Course.objects.visible_to(actor))
    return Certification.objects.visible_to(actor).prefetch_related(courses).order_by("title_en", "id")


def certification_get(*, actor: Actor, public_id: UUID | str) -> Certification:
    return get_visible_or_404(Certification.objects.visible_to(actor), public_id=public_id)


def valid_q(prefix: str = "", *, at: Any = None) -> Q:
    """Awards valid at `at` (now): not revoked and not expired."""
    at = at or timezone.now()
    return Q(**{f"{prefix}revoked_at__isnull": True}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": at})
    )


def award_list(*, actor: Actor, valid_only: bool = False) -> QuerySet[CertificationAward]:
    qs = CertificationAward.objects.visible_to(actor).select_related("user", "partner", "certification")
    if valid_only:
        qs = qs.filter(valid_q())
    return qs.order_by("-awarded_at", "-id")


def award_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> AwardFilterSet:
    """The awards list's bound FilterSet (the team page, the API, the home cards' figures)."""
    return bind_filters(AwardFilterSet, data, queryset=award_list(actor=actor), strict=strict, actor=actor)


def my_awards(*, actor: Actor) -> QuerySet[CertificationAward]:
    if actor.user is None:
        return CertificationAward.objects.none()
    return award_list(actor=actor).filter(user=actor.user)


def award_get(*, actor: Actor, public_id: UUID | str) -> CertificationAward:
    return get_visible_or_404(
        CertificationAward.objects.visible_to(actor).select_related("user", "partner", "certification"),
        public_id=public_id,
    )


def award_verify(*, code: str) -> CertificationAward:
    """The public verification page's award: the code is the capability (128 random bits, only on the
    holder's certificate), so it is read with the system's scope; the page shows holder, certification,
    partner and validity only. Unknown code: 404."""
    return get_visible_or_404(
        CertificationAward.objects.visible_to(system_actor()).select_related(
            "user", "partner", "certification"
        ),
        code=code,
    )


def team_awards(*, actor: Actor) -> QuerySet[CertificationAward]:
    """Who on the actor's team holds which certification (valid ones), soonest expiry first."""
    return award_list(actor=actor, valid_only=True).order_by(F("expires_at").asc(nulls_last=True), "id")


def expiring_soon(*, actor: Actor, days: int = EXPIRING_DAYS) -> QuerySet[CertificationAward]:
    until = timezone.now() + timedelta(days=days)
    return team_awards(actor=actor).filter(expires_at__lte=until)


def certified_people_count(partner: Any, product: Any = None, *, at: Any = None) -> int:
    """People of `partner` holding a valid certification (for `product`: one requiring a course about it).

    For later tiers' requirements ("certified people"): a system read, one COUNT query."""
    qs = CertificationAward.objects.visible_to(system_actor()).filter(valid_q(at=at), partner=partner)
    if product is not None:
        qs = qs.filter(certification__courses__products=product)
    return qs.values("user").distinct().count()


def certified_per_partner(*, actor: Actor) -> QuerySet:
    """Staff: (partner, certified people) for every partner with at least one, most first."""
    actor.require("enablement.view")
    return (
        award_list(actor=actor, valid_only=True)
        .exclude(partner=None)
        .values("partner__public_id", "partner__name")
        .annotate(people=Count("user", distinct=True))
        .order_by("-people", "partner__name")
    )


def certified_per_product(*, actor: Actor) -> QuerySet:
    """Staff: (product, certified people) over the products the certifications' courses name."""
    return (
        award_list(actor=actor, valid_only=True)
        .filter(certification__courses__products__isnull=False)
        .values("certification__courses__products__sku", "certification__courses__products__name")
        .annotate(people=Count("user", distinct=True), partners=Count("partner", distinct=True))
        .order_by("-people", "certification__courses__products__sku")
    )


# --- analytics -----------------------------------------------------------------------------------------


def course_rates(*, actor: Actor) -> QuerySet[Course]:
    """Per course: people enrolled, completed, attempts graded and passed (aggregate subqueries)."""
    actor.require("enablement.view")
    return (
        Course.objects.visible_to(actor)
        .annotate(
            enrolled=Count("enrollments", distinct=True),
            completed=Count(
                "enrollments", filter=Q(enrollments__state=EnrollmentState.COMPLETED), distinct=True
            ),
            attempts=Count(
                "quiz__attempts", filter=Q(quiz__attempts__submitted_at__isnull=False), distinct=True
            ),
            passes=Count("quiz__attempts", filter=Q(quiz__attempts__passed=True), distinct=True),
        )
        .order_by("title_en", "id")
    )


def most_failed_questions(*, actor: Actor, limit: int = 10) -> QuerySet:
    """The questions most often answered wrong (at least one wrong answer), with their answer counts."""
    actor.require("enablement.view")
    return (
        AttemptAnswer.objects.visible_to(actor)
        .filter(question__in=Question.objects.visible_to(actor))
        .values(
            "question__public_id",
            "question__text_en",
            "question__text_ru",
            "question__quiz__course__title_en",
        )
        .annotate(answered=Count("id"), wrong=Count("id", filter=Q(correct=False)))
        .filter(wrong__gt=0)
        .order_by("-wrong", "-answered", "question__public_id")[:limit]
    )


@dataclass(frozen=True)
class Outcome:
    certified: bool
    closed: int
    won: int
    average_won: dict[str, Decimal]  # currency -> average amount of won deals

    @property
    def win_rate(self) -> int | None:
        return None if not self.closed else round(100 * self.won / self.closed)


def registration_outcomes_by_certification(*, actor: Actor) -> list[Outcome]:
    """Win rate and average won deal size of registrations by partners holding at least one valid
    certification today against those without: two aggregate queries per side, by currency for amounts."""
    from deals.models import DealRegistration

    actor.require("enablement.view")
    certified = Exists(
        CertificationAward.objects.visible_to(actor).filter(valid_q(), partner=OuterRef("partner"))
    )
    base = DealRegistration.objects.visible_to(actor).annotate(certified=certified)
    outcomes = []
    for flag in (True, False):
        rows = base.filter(certified=flag, status__in=("won", "lost"))
        totals = rows.aggregate(closed=Count("id"), won=Count("id", filter=Q(status="won")))
        amounts = (
            rows.filter(status="won")
            .values("currency")
            .annotate(avg=Avg(Coalesce("won_amount", "amount")))
            .order_by("currency")
        )
        outcomes.append(
            Outcome(
                certified=flag,
                closed=totals["closed"],
                won=totals["won"],
                average_won={
                    row["currency"]: Decimal(row["avg"]).quantize(Decimal("0.01")) for row in amounts
                },
            )
        )
    return outcomes


def reminder_days() -> int:
    return int(settings.CERTIFICATION_REMINDER_DAYS)
