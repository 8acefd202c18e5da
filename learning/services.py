"""Writes of courses and certifications.

Channel marketing and operations build courses (lessons, a quiz and its question pool) and certifications.
A person takes a course: lessons marked done, then the quiz, whose questions are drawn at random from the
pool for each attempt; the grade is the share of questions answered exactly right. The time limit is
enforced on submission: answers arriving after the deadline (plus `GRACE_SECONDS`) are graded and kept, and
the attempt counts as failed. A course is completed when every lesson is done and the quiz (if any) passed;
completing it completes the onboarding steps it is linked to (through onboarding's own service) and awards
every certification whose required courses the person has now all completed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.models import Product
from core.actor import Actor, system_actor
from core.events import record_event, save_changes
from core.roles import PartnerRole
from core.scoping import lock_visible
from learning.errors import LearningErrorCode as E
from learning.inputs import (
    CertificationInput,
    CourseInput,
    LessonInput,
    QuestionInput,
    QuizInput,
    RevokeInput,
)
from learning.models import (
    Attempt,
    AttemptAnswer,
    Certification,
    CertificationAward,
    Choice,
    Course,
    CourseStatus,
    Enrollment,
    EnrollmentState,
    Lesson,
    Question,
    QuestionKind,
    Quiz,
)
from learning.rules import AwardAction, require_action
from learning.selectors import lessons_of, quiz_of, reminder_days, valid_q
from notifications.services import Email, notify
from onboarding.models import ChecklistStep

GRACE_SECONDS = 30  # the network's share of a timed quiz


def _manage(actor: Actor) -> None:
    actor.require("enablement.manage")


def step_choices(actor: Actor) -> QuerySet[ChecklistStep]:

    return ChecklistStep.objects.visible_to(actor).filter(is_active=True)


def product_choices(actor: Actor) -> QuerySet[Product]:

    return Product.objects.visible_to(actor)


def course_input(
    *, actor: Actor, data: Mapping[str, Any] | CourseInput, course: Course | None = None
) -> CourseInput:
    return CourseInput.bind(
        data,
        instance=course,
        partial=course is not None,
        products=product_choices(actor),
        steps=step_choices(actor),
    )


M2M = ("products", "onboarding_steps")


def _split(cleaned: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {k: v for k, v in cleaned.items() if k not in names}, {
        k: v for k, v in cleaned.items() if k in names
    }


def course_create(*, actor: Actor, data: Mapping[str, Any] | CourseInput) -> Course:
    _manage(actor)
    cleaned, related = _split(course_input(actor=actor, data=data).cleaned(), M2M)
    with transaction.atomic():
        course = Course.objects.create(**cleaned)
        for name, values in related.items():
            getattr(course, name).set(values)
        record_event(actor=actor, verb="learning.course_created", target=course, after=cleaned)
    return course


def course_update(*, actor: Actor, course: Course, data: Mapping[str, Any] | CourseInput) -> Course:
    _manage(actor)
    cleaned, related = _split(course_input(actor=actor, data=data, course=course).cleaned(), M2M)
    with transaction.atomic():
        course = lock_visible(Course.objects, actor=actor, pk=course.pk)
        changed = save_changes(course, cleaned, actor=actor, verb="learning.course_updated")
        for name, values in related.items():
            before = set(getattr(course, name).values_list("pk", flat=True))
            if before != {v.pk for v in values}:
                getattr(course, name).set(values)
                if not changed:
                    record_event(
                        actor=actor, verb="learning.course_updated", target=course, after={name: values}
                    )
                    changed = True
    return course


# --- lessons -------------------------------------------------------------------------------------------


def _store_file(cleaned: dict[str, Any]) -> dict[str, Any]:
    upload = cleaned.pop("file", None)
    if upload:
        cleaned["file"] = upload
        cleaned["file_type"] = upload.file_type.extension
    return cleaned


def lesson_create(*, actor: Actor, course: Course, data: Mapping[str, Any] | LessonInput) -> Lesson:
    _manage(actor)
    cleaned = _store_file(LessonInput.bind(data).cleaned())
    with transaction.atomic():
        course = lock_visible(Course.objects, actor=actor, pk=course.pk)
        last = Lesson.objects.filter(course=course).aggregate(n=Max("position"))["n"] or 0
        lesson = Lesson.objects.create(course=course, position=last + 1, **cleaned)
        record_event(
            actor=actor, verb="learning.lesson_created", target=lesson, after={"course": course.title_en}
        )
    return lesson


def lesson_update(*, actor: Actor, lesson: Lesson, data: Mapping[str, Any] | LessonInput) -> Lesson:
    _manage(actor)
    cleaned = _store_file(LessonInput.bind(data, instance=lesson, partial=True).cleaned())
    with transaction.atomic():
        lesson = lock_visible(Lesson.objects, actor=actor, pk=lesson.pk)
        if "file" in cleaned:
            lesson.file = cleaned.pop("file")
            lesson.file_type = cleaned.pop("file_type")
            lesson.save(update_fields=["file", "file_type", "updated_at"])
            record_event(
                actor=actor,
                verb="learning.lesson_updated",
                target=lesson,
                after={"file_type": lesson.file_type},
            )
        save_changes(lesson, cleaned, actor=actor, verb="learning.lesson_updated")
    return lesson


def lesson_delete(*, actor: Actor, lesson: Lesson) -> None:
    _manage(actor)
    with transaction.atomic():
        lesson = lock_visible(Lesson.objects, actor=actor, pk=lesson.pk)
        record_event(
            actor=actor,
            verb="learning.lesson_deleted",
            target=lesson.course,
            before={"lesson": lesson.title_en},
        )
        lesson.delete()


def lesson_move(*, actor: Actor, lesson: Lesson, direction: str) -> Lesson:
    """Move a lesson one place up or down in its course."""
    _manage(actor)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a lesson up or down.")})
    with transaction.atomic():
        course = lock_visible(Course.objects, actor=actor, pk=lesson.course_id)
        siblings = list(Lesson.objects.visible_to(actor).filter(course=course).order_by("position", "id"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return siblings[index]
        before = [sibling.title_en for sibling in siblings]
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        Lesson.objects.bulk_update(siblings, ["position"])
        record_event(
            actor=actor,
            verb="learning.course_updated",
            target=course,
            before={"lessons": before},
            after={"lessons": [sibling.title_en for sibling in siblings]},
        )
    return siblings[other]


# --- quiz and questions --------------------------------------------------------------------------------


def quiz_save(*, actor: Actor, course: Course, data: Mapping[str, Any] | QuizInput) -> Quiz:
    """The course's quiz settings (the quiz is created with them)."""
    _manage(actor)
    with transaction.atomic():
        course = lock_visible(Course.objects, actor=actor, pk=course.pk)
        quiz = Quiz.objects.filter(course=course).first()
        cleaned = QuizInput.bind(data, instance=quiz, partial=quiz is not None).cleaned()
        if quiz is None:
            quiz = Quiz.objects.create(course=course, **cleaned)
            record_event(actor=actor, verb="learning.quiz_updated", target=course, after=cleaned)
        else:
            before = {k: getattr(quiz, k) for k in cleaned}
            after = {k: v for k, v in cleaned.items() if before[k] != v}
            if after:
                for k, v in after.items():
                    setattr(quiz, k, v)
                quiz.save()
                record_event(
                    actor=actor,
                    verb="learning.quiz_updated",
                    target=course,
                    before={k: before[k] for k in after},
                    after=after,
                )
    return quiz


def _save_choices(question: Question, rows: list[dict[str, Any]]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=index,
            text_en=row["text_en"],
            text_ru=row.get("text_ru", ""),
            is_correct=bool(row.get("is_correct")),
        )
        for index, row in enumerate(r for r in rows if r.get("text_en"))
    )


def question_create(*, actor: Actor, quiz: Quiz, data: Mapping[str, Any] | QuestionInput) -> Question:
    _manage(actor)
    cleaned = QuestionInput.bind(data).cleaned()
    rows = cleaned.pop("choices", [])
    with transaction.atomic():
        quiz = lock_visible(Quiz.objects, actor=actor, pk=quiz.pk)
        last = Question.objects.filter(quiz=quiz).aggregate(n=Max("position"))["n"] or 0
        question = Question.objects.create(quiz=quiz, position=last + 1, **cleaned)
        _save_choices(question, rows)
        record_event(
            actor=actor, verb="learning.question_created", target=question, after={"kind": question.kind}
        )
    return question


def question_update(*, actor: Actor, question: Question, data: Mapping[str, Any] | QuestionInput) -> Question:
    """Changing a question's answers replaces them; attempts already graded keep their grade."""
    _manage(actor)
    form = QuestionInput.bind(data, instance=question, partial=True)
    cleaned = form.cleaned()
    rows = cleaned.pop("choices", None)
    with transaction.atomic():
        question = lock_visible(Question.objects, actor=actor, pk=question.pk)
        changed = save_changes(question, cleaned, actor=actor, verb="learning.question_updated")
        if rows is not None:
            _save_choices(question, rows)
            if not changed:
                record_event(
                    actor=actor,
                    verb="learning.question_updated",
                    target=question,
                    after={"answers": len(rows)},
                )
    return question


# --- certifications ------------------------------------------------------------------------------------


def certification_input(
    *, actor: Actor, data: Mapping[str, Any] | CertificationInput, certification: Certification | None = None
) -> CertificationInput:
    return CertificationInput.bind(
        data,
        instance=certification,
        partial=certification is not None,
        courses=Course.objects.visible_to(actor),
    )


def certification_create(*, actor: Actor, data: Mapping[str, Any] | CertificationInput) -> Certification:
    _manage(actor)
    cleaned, related = _split(certification_input(actor=actor, data=data).cleaned(), ("courses",))
    with transaction.atomic():
        certification = Certification.objects.create(**cleaned)
        certification.courses.set(related["courses"])
        record_event(actor=actor, verb="learning.certification_created", target=certification, after=cleaned)
    return certification


def certification_update(
    *, actor: Actor, certification: Certification, data: Mapping[str, Any] | CertificationInput
) -> Certification:
    _manage(actor)
    form = certification_input(actor=actor, data=data, certification=certification)
    cleaned, related = _split(form.cleaned(), ("courses",))
    with transaction.atomic():
        certification = lock_visible(Certification.objects, actor=actor, pk=certification.pk)
        changed = save_changes(certification, cleaned, actor=actor, verb="learning.certification_updated")
        if "courses" in related:
            before = set(certification.courses.values_list("pk", flat=True))
            if before != {course.pk for course in related["courses"]}:
                certification.courses.set(related["courses"])
                if not changed:
                    record_event(
                        actor=actor,
                        verb="learning.certification_updated",
                        target=certification,
                        after={"courses": related["courses"]},
                    )
    return certification


# --- taking a course -----------------------------------------------------------------------------------


def _learner(actor: Actor) -> None:
    actor.require("enablement.view")
    if actor.user is None:
        raise PermissionDenied


def _taken(course: Course) -> None:
    if course.status != CourseStatus.PUBLISHED:
        raise ValidationError(_("This course is not published."), code=E.NOT_PUBLISHED)


def enrollment_start(*, actor: Actor, course: Course) -> Enrollment:
    """The actor's progress in the course, started now if it was not (safe to call twice)."""
    _learner(actor)
    with transaction.atomic():
        course = lock_visible(Course.objects, actor=actor, pk=course.pk)
        _taken(course)
        existing = Enrollment.objects.visible_to(actor).filter(
            user=actor.user, partner_id=actor.partner_id, course=course
        )
        enrollment = existing.first()
        if enrollment is not None:
            return enrollment
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(user=actor.user, partner=actor.partner, course=course)
        except IntegrityError:
            return existing.get()
        record_event(actor=actor, verb="learning.enrolled", target=course, partner=actor.partner)
    return enrollment


def _lock_own(actor: Actor, enrollment: Enrollment) -> Enrollment:
    enrollment = lock_visible(Enrollment.objects.select_related("course"), actor=actor, pk=enrollment.pk)
    if enrollment.user_id != actor.user.pk:
        raise PermissionDenied
    return enrollment


def lesson_mark_done(*, actor: Actor, lesson: Lesson) -> Enrollment:
    """Mark a lesson done for the actor (starting the course if needed); may complete the course."""
    enrollment = enrollment_start(actor=actor, course=lesson.course)
    with transaction.atomic():
        enrollment = _lock_own(actor, enrollment)
        if enrollment.state == EnrollmentState.COMPLETED:
            return enrollment
        enrollment.lessons_done.add(lesson)
        enrollment.save(update_fields=["updated_at"])
        _complete_if_done(actor=actor, enrollment=enrollment)
    return enrollment


def _lessons_done(actor: Actor, enrollment: Enrollment) -> bool:
    lessons = lessons_of(actor=actor, course=enrollment.course)
    return lessons.count() == enrollment.lessons_done.filter(pk__in=lessons.values("pk")).count()


def _complete_if_done(*, actor: Actor, enrollment: Enrollment) -> bool:
    """Inside the transaction, on the locked enrollment: complete it when every lesson is done and the quiz
    (if any) passed in this round; then the onboarding steps and certifications that follow."""
    if enrollment.state == EnrollmentState.COMPLETED or not _lessons_done(actor, enrollment):
        return False
    quiz = quiz_of(actor=actor, course=enrollment.course)
    has_pool = (
        quiz is not None and quiz.questions.filter(is_active=True).exists()
    )  # an empty quiz asks nothing
    if (
        has_pool
        and not Attempt.objects.visible_to(actor)
        .filter(enrollment=enrollment, round=enrollment.round, passed=True)
        .exists()
    ):
        return False
    enrollment.state = EnrollmentState.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["state", "completed_at", "updated_at"])
    record_event(
        actor=actor,
        verb="learning.course_completed",
        target=enrollment.course,
        partner=enrollment.partner,
        after={"state": EnrollmentState.COMPLETED},
    )
    if enrollment.partner is not None:
        _complete_onboarding_steps(enrollment)
    _award_certifications(actor=actor, enrollment=enrollment)
    return True


def _complete_onboarding_steps(enrollment: Enrollment) -> None:
    """The onboarding steps the course completes, for the person's partner, through onboarding's service."""
    from onboarding.services import step_complete_automatically

    system = system_actor()
    partner = enrollment.partner
    if partner is None:
        return
    for step in enrollment.course.onboarding_steps.filter(partner_type=partner.partner_type, is_active=True):
        step_complete_automatically(
            actor=system,
            partner=partner,
            step=step,
            by=enrollment.user,
            note=_("%(person)s completed the course “%(course)s”.")
            % {"person": enrollment.user.display_name, "course": enrollment.course.title},
        )


def course_retake(*, actor: Actor, course: Course) -> Enrollment:
    """Start a completed course again (to recertify): lessons and attempts count afresh."""
    _learner(actor)
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.visible_to(actor)
            .select_for_update()
            .filter(user=actor.user, partner_id=actor.partner_id, course=course)
            .first()
        )
        if enrollment is None or enrollment.state != EnrollmentState.COMPLETED:
            raise ValidationError(_("Only a completed course can be taken again."), code=E.NOT_COMPLETED)
        _taken(lock_visible(Course.objects, actor=actor, pk=course.pk))
        enrollment.round += 1
        enrollment.state = EnrollmentState.IN_PROGRESS
        enrollment.completed_at = None
        enrollment.save(update_fields=["round", "state", "completed_at", "updated_at"])
        enrollment.lessons_done.clear()
        record_event(actor=actor, verb="learning.course_retaken", target=course, partner=enrollment.partner)
    return enrollment


# --- quiz attempts -------------------------------------------------------------------------------------


def _deadline_passed(attempt: Attempt, now: Any) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + timedelta(seconds=GRACE_SECONDS)


def attempt_start(*, actor: Actor, course: Course) -> Attempt:
    """A new attempt at the course's quiz with its questions drawn, or the open one still running.

    Refused (coded) when the course is completed, its lessons are not all done, or the attempts are used up;
    a refused start changes nothing (no enrollment is started for it). An open attempt past its deadline is
    closed as failed first, in its own transaction (it counts, and stays closed when the start is refused)."""
    _learner(actor)
    existing = _own_enrollment(actor, course)
    if existing is not None:
        _close_expired_attempt(actor, existing)
        running = _open_attempt(actor, existing)
        if running is not None:
            return running
    refused = _start_refusal(actor, course, existing)
    if refused is not None:
        raise refused
    enrollment = enrollment_start(actor=actor, course=course)
    with transaction.atomic():
        enrollment = _lock_own(actor, enrollment)
        open_attempt = _open_attempt(actor, enrollment)
        if open_attempt is not None:  # started meanwhile (another tab)
            return open_attempt
        refused = _start_refusal(actor, enrollment.course, enrollment)  # again, on the locked row
        if refused is not None:
            raise refused
        quiz = quiz_of(actor=actor, course=enrollment.course)
        assert quiz is not None  # _start_refusal says so
        used = Attempt.objects.visible_to(actor).filter(enrollment=enrollment, round=enrollment.round).count()
        pool = list(quiz.questions.filter(is_active=True).values_list("pk", flat=True))
        count = quiz.questions_per_attempt or len(pool)
        drawn = random.sample(pool, min(count, len(pool)))  # noqa: S311 (a draw, not a secret)
        now = timezone.now()
        attempt = Attempt.objects.create(
            enrollment=enrollment,
            user=actor.user,
            partner=enrollment.partner,
            quiz=quiz,
            round=enrollment.round,
            number=used + 1,
            question_ids=drawn,
            deadline=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
        )
    return attempt


def _open_attempt(actor: Actor, enrollment: Enrollment) -> Attempt | None:
    return (
        Attempt.objects.visible_to(actor)
        .filter(enrollment=enrollment, round=enrollment.round, submitted_at=None)
        .first()
    )


def _own_enrollment(actor: Actor, course: Course) -> Enrollment | None:
    return (
        Enrollment.objects.visible_to(actor)
        .filter(user=actor.user, partner_id=actor.partner_id, course=course)
        .select_related("course")
        .first()
    )


def _close_expired_attempt(actor: Actor, enrollment: Enrollment) -> None:
    """Grade an open attempt whose time is up as failed (no answers came in time)."""
    with transaction.atomic():
        enrollment = _lock_own(actor, enrollment)
        open_attempt = (
            Attempt.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .filter(enrollment=enrollment, round=enrollment.round, submitted_at=None)
            .first()
        )
        now = timezone.now()
        if open_attempt is not None and _deadline_passed(open_attempt, now):
            _grade(actor=actor, attempt=open_attempt, answers={}, now=now)


def _start_refusal(actor: Actor, course: Course, enrollment: Enrollment | None) -> ValidationError | None:
    """Why the actor may not start an attempt now, or None."""
    quiz = quiz_of(actor=actor, course=course)
    if quiz is None or not quiz.questions.filter(is_active=True).exists():
        return ValidationError(_("This course has no quiz."), code=E.NO_QUIZ)
    if enrollment is not None and enrollment.state == EnrollmentState.COMPLETED:
        return ValidationError(_("You have completed this course already."), code=E.ALREADY_PASSED)
    lessons = lessons_of(actor=actor, course=course)
    if (enrollment is None and lessons.exists()) or (
        enrollment is not None and not _lessons_done(actor, enrollment)
    ):
        return ValidationError(_("Finish every lesson before the quiz."), code=E.LESSONS_FIRST)
    if enrollment is not None and quiz.attempt_limit:
        used = Attempt.objects.visible_to(actor).filter(enrollment=enrollment, round=enrollment.round).count()
        if used >= quiz.attempt_limit:
            return ValidationError(
                _("You have used all %(n)s attempts at this quiz.") % {"n": quiz.attempt_limit},
                code=E.ATTEMPTS_EXHAUSTED,
            )
    return None


def _clean_answers(actor: Actor, attempt: Attempt, answers: Mapping[str, Any]) -> dict[int, set[int]]:
    """{question public id: [choice public ids]} -> {question pk: {choice pks}}, only among those drawn."""
    drawn = Question.objects.visible_to(actor).filter(pk__in=attempt.question_ids)
    questions = {str(q.public_id): q for q in drawn}
    offered = Choice.objects.visible_to(actor).filter(question_id__in=attempt.question_ids)
    choices = {str(c.public_id): c for c in offered}
    cleaned: dict[int, set[int]] = {}
    for question_id, chosen in answers.items():
        question = questions.get(str(question_id))
        if question is None:
            raise ValidationError(
                {
                    "answers": ValidationError(
                        _("An answer names a question not in this attempt."), code=E.NOT_IN_ATTEMPT
                    )
                }
            )
        chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
        picked = set()
        for choice_id in chosen:
            choice = choices.get(str(choice_id))
            if choice is None or choice.question_id != question.pk:
                raise ValidationError(
                    {
                        "answers": ValidationError(
                            _("An answer names a choice not offered for its question."), code=E.NOT_IN_ATTEMPT
                        )
                    }
                )
            picked.add(choice.pk)
        if question.kind == QuestionKind.SINGLE and len(picked) > 1:
            raise ValidationError(
                {
                    "answers": ValidationError(
                        _("Choose one answer to “%(q)s”.") % {"q": question.text}, code=E.ONE_ANSWER
                    )
                }
            )
        cleaned[question.pk] = picked
    return cleaned


def _grade(*, actor: Actor, attempt: Attempt, answers: dict[int, set[int]], now: Any) -> Attempt:
    right: dict[int, set[int]] = {}
    right_choices = Choice.objects.visible_to(actor).filter(
        question_id__in=attempt.question_ids, is_correct=True
    )
    for choice in right_choices:
        right.setdefault(choice.question_id, set()).add(choice.pk)
    results = {
        pk: answers.get(pk, set()) == right.get(pk, set()) and bool(right.get(pk))
        for pk in attempt.question_ids
    }
    total = len(attempt.question_ids)
    attempt.score = round(100 * sum(results.values()) / total) if total else 0
    attempt.late = _deadline_passed(attempt, now)
    attempt.passed = not attempt.late and attempt.score >= attempt.quiz.passing_score
    attempt.answers = {str(pk): sorted(chosen) for pk, chosen in answers.items()}
    attempt.submitted_at = now
    attempt.save(update_fields=["score", "late", "passed", "answers", "submitted_at", "updated_at"])
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(attempt=attempt, question_id=pk, correct=ok) for pk, ok in results.items()
    )
    record_event(
        actor=actor,
        verb="learning.attempt_graded",
        target=attempt.quiz.course,
        partner=attempt.partner,
        after={
            "score": attempt.score,
            "passed": attempt.passed,
            "late": attempt.late,
            "attempt": attempt.number,
        },
    )
    return attempt


def attempt_submit(*, actor: Actor, attempt: Attempt, answers: Mapping[str, Any]) -> Attempt:
    """Grade the attempt's answers; a pass may complete the course. Late answers count as a fail."""
    _learner(actor)
    with transaction.atomic():
        attempt = lock_visible(
            Attempt.objects.select_related("quiz__course", "enrollment"), actor=actor, pk=attempt.pk
        )
        if attempt.user_id != actor.user.pk:
            raise PermissionDenied
        if attempt.submitted_at is not None:
            raise ValidationError(_("This attempt has been submitted already."), code=E.ATTEMPT_CLOSED)
        cleaned = _clean_answers(actor, attempt, answers)
        _grade(actor=actor, attempt=attempt, answers=cleaned, now=timezone.now())
        if attempt.passed:
            enrollment = _lock_own(actor, attempt.enrollment)
            if enrollment.round == attempt.round:
                _complete_if_done(actor=actor, enrollment=enrollment)
    return attempt


# --- awards --------------------------------------------------------------------------------------------


def _award_certifications(*, actor: Actor, enrollment: Enrollment) -> list[CertificationAward]:
    """Award every certification (meant for the person's partner) whose courses the person has all completed,
    unless they hold it already and it is not due for renewal."""
    now = timezone.now()
    renew_from = now + timedelta(days=reminder_days())
    completed = set(
        Enrollment.objects.visible_to(actor)
        .filter(user=enrollment.user, partner=enrollment.partner, state=EnrollmentState.COMPLETED)
        .values_list("course_id", flat=True)
    )
    awarded = []
    candidates = (
        Certification.objects.visible_to(actor).filter(courses=enrollment.course, is_active=True).distinct()
    )
    for certification in candidates.prefetch_related("courses"):
        if not {c.pk for c in certification.courses.all()} <= completed:
            continue
        held = CertificationAward.objects.visible_to(actor).filter(
            valid_q(), user=enrollment.user, partner=enrollment.partner, certification=certification
        )
        if held.exclude(expires_at__lte=renew_from).exists():
            continue
        expires = (
            now + relativedelta(months=certification.validity_months)
            if certification.validity_months
            else None
        )
        award = CertificationAward.objects.create(
            user=enrollment.user,
            partner=enrollment.partner,
            certification=certification,
            awarded_at=now,
            expires_at=expires,
        )
        record_event(
            actor=actor,
            verb="learning.certified",
            target=certification,
            partner=enrollment.partner,
            after={"expires": timezone.localdate(expires) if expires else None},
        )
        notify(
            users=[enrollment.user],
            verb="learning.certified",
            message=gettext_noop("You are certified: %(certification)s"),
            params={"certification": certification.title_en},
            link=reverse("learning:mine"),
            partner=enrollment.partner,
            email=Email(template="learning/email/notice.txt"),
        )
        awarded.append(award)
    return awarded


def award_revoke(
    *, actor: Actor, award: CertificationAward, data: Mapping[str, Any] | RevokeInput
) -> CertificationAward:
    actor.require("enablement.revoke")
    reason = RevokeInput.bind(data).cleaned()["reason"]
    with transaction.atomic():
        award = lock_visible(
            CertificationAward.objects.select_related("certification", "user"), actor=actor, pk=award.pk
        )
        require_action(actor, award, AwardAction.REVOKE)
        award.revoked_at = timezone.now()
        award.revoked_by = actor.user
        award.revoke_reason = reason
        award.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
        record_event(
            actor=actor,
            verb="learning.award_revoked",
            target=award.certification,
            partner=award.partner,
            after={"holder": award.user, "revoked": timezone.localdate(award.revoked_at)},
            note=reason,
        )
        notify(
            users=[award.user],
            verb="learning.award_revoked",
            message=gettext_noop("Your certification was revoked: %(certification)s"),
            params={"certification": award.certification.title_en},
            link=reverse("learning:mine"),
            partner=award.partner,
            email=Email(template="learning/email/notice.txt"),
        )
    return award


def awards_remind(*, now: Any = None) -> int:
    """Daily: tell holders (and their partner's admins) that a certification expires within
    `CERTIFICATION_REMINDER_DAYS`. Once per award and expiry (`reminded_for`), so safe to run twice."""
    from accounts.models import Membership

    actor = system_actor()
    now = now or timezone.now()
    until = now + timedelta(days=reminder_days())
    sent = 0
    with transaction.atomic():
        due = (
            CertificationAward.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .filter(valid_q(at=now), expires_at__lte=until)
            .exclude(reminded_for=F("expires_at"))
            # Renewed already: a later award of the same certification to the same person lasts longer.
            .exclude(
                Exists(
                    CertificationAward.objects.filter(
                        user=OuterRef("user"),
                        partner=OuterRef("partner"),
                        certification=OuterRef("certification"),
                        revoked_at__isnull=True,
                        expires_at__gt=OuterRef("expires_at"),
                    )
                )
            )
            .select_related("user", "partner", "certification")
        )
        for award in due:
            admins = []
            if award.partner is not None:
                admins = [
                    m.user
                    for m in Membership.objects.filter(
                        partner=award.partner, role=PartnerRole.ADMIN, is_active=True
                    ).select_related("user")
                ]
            notify(
                users=[award.user, *admins],
                verb="learning.reminded",
                message=gettext_noop("%(person)s's certification %(certification)s expires on %(date)s"),
                params={
                    "person": award.user.display_name,
                    "certification": award.certification.title_en,
                    "date": timezone.localdate(award.expires_at),
                },
                link=reverse("learning:team"),
                partner=award.partner,
                email=Email(template="learning/email/notice.txt"),
            )
            award.reminded_for = award.expires_at
            award.save(update_fields=["reminded_for", "updated_at"])
            record_event(
                actor=actor,
                verb="learning.reminded",
                target=award.certification,
                partner=award.partner,
                after={"holder": award.user},
            )
            sent += 1
    return sent
