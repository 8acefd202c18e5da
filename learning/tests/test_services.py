from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.actor import system_actor
from core.models import Event
from core.testing import snapshot
from learning.models import Attempt, CertificationAward, Enrollment
from learning.selectors import certified_people_count
from learning.services import (
    attempt_start,
    attempt_submit,
    award_revoke,
    awards_remind,
    course_retake,
    lesson_mark_done,
)
from learning.testing import answers, finish_lessons, make_certification, make_course
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_quiz_opens_after_the_lessons(world):
    rep = world.actor(world.rep_a)
    course = make_course()
    with pytest.raises(ValidationError) as refused:
        attempt_start(actor=rep, course=course)
    assert refused.value.code == "lessons_first"
    assert not Attempt.objects.exists()


def test_grading_counts_exactly_right_answers(world):
    rep = world.actor(world.rep_a)
    course = make_course(questions=4, passing_score=75)
    finish_lessons(rep, course)
    attempt = attempt_start(actor=rep, course=course)
    graded = attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt, right=2))
    assert (graded.score, graded.passed) == (50, False)
    assert Enrollment.objects.get(user=world.rep_a).state == "in_progress"
    second = attempt_start(actor=rep, course=course)
    assert second.number == 2
    graded = attempt_submit(actor=rep, attempt=second, answers=answers(second, right=3))
    assert (graded.score, graded.passed) == (75, True)
    assert Enrollment.objects.get(user=world.rep_a).state == "completed"


def test_multiple_choice_needs_every_right_answer(world):
    rep = world.actor(world.rep_a)
    course = make_course(questions=1, lessons=0, passing_score=100)
    question = course.quiz.questions.get()
    question.kind = "multiple"
    question.save()
    extra = question.choices.create(position=2, text_en="Also right", is_correct=True)
    attempt = attempt_start(actor=rep, course=course)
    first_right = question.choices.filter(is_correct=True).exclude(pk=extra.pk).get()
    partial = {str(question.public_id): [str(first_right.public_id)]}
    graded = attempt_submit(actor=rep, attempt=attempt, answers=partial)
    assert graded.score == 0
    attempt = attempt_start(actor=rep, course=course)
    full = answers(attempt)
    assert len(full[str(question.public_id)]) == 2
    assert attempt_submit(actor=rep, attempt=attempt, answers=full).passed


def test_single_choice_takes_one_answer(world):
    rep = world.actor(world.rep_a)
    course = make_course(questions=1, lessons=0)
    attempt = attempt_start(actor=rep, course=course)
    question = course.quiz.questions.get()
    both = {str(question.public_id): [str(c.public_id) for c in question.choices.all()]}
    with pytest.raises(ValidationError):
        attempt_submit(actor=rep, attempt=attempt, answers=both)
    assert snapshot(attempt)["submitted_at"] is None


def test_attempt_limit(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0, attempt_limit=2)
    for _i in range(2):
        attempt = attempt_start(actor=rep, course=course)
        attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt, right=0))
    before = Attempt.objects.count()
    with pytest.raises(ValidationError) as refused:
        attempt_start(actor=rep, course=course)
    assert refused.value.code == "attempts_exhausted"
    assert Attempt.objects.count() == before


def test_open_attempt_is_returned_not_duplicated(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0)
    assert attempt_start(actor=rep, course=course) == attempt_start(actor=rep, course=course)
    assert Attempt.objects.count() == 1


def test_questions_drawn_from_the_pool(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0, questions=5, per_attempt=2)
    attempt = attempt_start(actor=rep, course=course)
    pool = set(course.quiz.questions.values_list("pk", flat=True))
    assert len(attempt.question_ids) == 2 and set(attempt.question_ids) <= pool


def test_late_submission_fails(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0, time_limit=5)
    attempt = attempt_start(actor=rep, course=course)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    attempt.refresh_from_db()
    graded = attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt))
    assert graded.score == 100 and graded.late and not graded.passed
    assert Enrollment.objects.get(user=world.rep_a).state == "in_progress"


def test_submitted_attempt_cannot_be_resubmitted(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0)
    attempt = attempt_start(actor=rep, course=course)
    attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt, right=0))
    before = snapshot(attempt)
    with pytest.raises(ValidationError) as refused:
        attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt))
    assert refused.value.code == "attempt_closed"
    assert snapshot(attempt) == before


def test_another_person_cannot_submit_my_attempt(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0)
    attempt = attempt_start(actor=rep, course=course)
    before = snapshot(attempt)
    with pytest.raises(PermissionDenied):
        attempt_submit(actor=world.actor(world.admin_a), attempt=attempt, answers=answers(attempt))
    assert snapshot(attempt) == before


def test_completion_awards_certification_and_completes_onboarding_step(world):
    from onboarding.models import ChecklistStep, StepCompletion

    step = ChecklistStep.objects.create(partner_type=world.partner_a.partner_type, title_en="Training")
    other_type = ChecklistStep.objects.create(partner_type="distributor", title_en="Training")
    course = make_course(lessons=1, questions=0)
    course.onboarding_steps.set([step, other_type])
    certification = make_certification(course, months=12)
    rep = world.actor(world.rep_a)
    finish_lessons(rep, course)
    completion = StepCompletion.objects.get(partner=world.partner_a, step=step)
    assert completion.state == "done" and completion.completed_by == world.rep_a
    assert not StepCompletion.objects.filter(step=other_type).exists()
    award = CertificationAward.objects.get(user=world.rep_a)
    assert award.certification == certification and award.partner == world.partner_a
    assert award.expires_at > timezone.now() + timedelta(days=360)
    assert Notification.objects.filter(user=world.rep_a, verb="learning.certified").exists()
    assert certified_people_count(world.partner_a) == 1
    assert certified_people_count(world.partner_b) == 0


def test_certification_needs_every_course(world):
    first, second = make_course("One", questions=0), make_course("Two", questions=0)
    make_certification(first, second)
    rep = world.actor(world.rep_a)
    finish_lessons(rep, first)
    assert not CertificationAward.objects.exists()
    finish_lessons(rep, second)
    assert CertificationAward.objects.count() == 1


def test_revocation(world):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    finish_lessons(world.actor(world.rep_a), course)
    award = CertificationAward.objects.get()
    with pytest.raises(PermissionDenied):
        award_revoke(actor=world.actor(world.cam), award=award, data={"reason": "x"})
    assert snapshot(award)["revoked_at"] is None
    award_revoke(actor=world.actor(world.marketing), award=award, data={"reason": "Shared answers"})
    award.refresh_from_db()
    assert award.revoked_at and award.revoked_by == world.marketing
    assert certified_people_count(world.partner_a) == 0
    with pytest.raises(ValidationError):
        award_revoke(actor=world.actor(world.marketing), award=award, data={"reason": "again"})


def test_reminders_once_per_award(world):
    course = make_course(lessons=1, questions=0)
    make_certification(course, months=12)
    finish_lessons(world.actor(world.rep_a), course)
    award = CertificationAward.objects.get()
    assert awards_remind() == 0  # a year away
    CertificationAward.objects.filter(pk=award.pk).update(expires_at=timezone.now() + timedelta(days=10))
    assert awards_remind() == 1
    told = set(Notification.objects.filter(verb="learning.reminded").values_list("user", flat=True))
    assert told == {world.rep_a.pk, world.admin_a.pk}
    assert awards_remind() == 0  # idempotent
    assert Notification.objects.filter(verb="learning.reminded").count() == 2


def test_expired_award_is_not_counted_and_retake_recertifies(world):
    course = make_course(lessons=1, questions=0)
    make_certification(course, months=12)
    rep = world.actor(world.rep_a)
    finish_lessons(rep, course)
    CertificationAward.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert certified_people_count(world.partner_a) == 0
    course_retake(actor=rep, course=course)
    finish_lessons(rep, course)
    assert CertificationAward.objects.count() == 2
    assert certified_people_count(world.partner_a) == 1


def test_partner_cannot_take_a_course_meant_for_others(world):
    course = make_course(regions=["north_america"])
    from django.http import Http404

    with pytest.raises(Http404):
        lesson_mark_done(actor=world.actor(world.rep_a), lesson=course.lessons.first())
    assert not Enrollment.objects.exists()


def test_personal_rows_visibility(world):
    course = make_course(lessons=1, questions=0)
    for user in (world.rep_a, world.admin_a, world.rep_b):
        lesson_mark_done(actor=world.actor(user), lesson=course.lessons.first())

    def seen(user):
        return set(Enrollment.objects.visible_to(world.actor(user)).values_list("user__email", flat=True))

    assert seen(world.rep_a) == {"rep@alpha.test"}
    assert seen(world.admin_a) == {"rep@alpha.test", "admin@alpha.test"}
    assert seen(world.admin_b) == {"rep@bravo.test"}
    assert len(seen(world.chief)) == 3


def test_events_recorded(world):
    course = make_course(lessons=1, questions=0)
    finish_lessons(world.actor(world.rep_a), course)
    assert set(Event.objects.values_list("verb", flat=True)) >= {
        "learning.enrolled",
        "learning.course_completed",
    }
    assert system_actor().is_staff


def test_the_reminder_job_is_scheduled_daily_and_runs_the_service(world):
    from learning.tasks import remind_expiring
    from scheduling.scheduler import registered_jobs

    job = next(j for j in registered_jobs() if j.name == "learning.remind_expiring")
    assert job.task == "learning.tasks.remind_expiring" and job.daily_at_hour is not None
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    finish_lessons(world.actor(world.rep_a), course)
    CertificationAward.objects.update(expires_at=timezone.now() + timedelta(days=3))
    assert remind_expiring.call() == 1
    assert remind_expiring.call() == 0


def test_reminder_window_follows_the_setting(world, settings):
    settings.CERTIFICATION_REMINDER_DAYS = 5
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    finish_lessons(world.actor(world.rep_a), course)
    CertificationAward.objects.update(expires_at=timezone.now() + timedelta(days=10))
    assert awards_remind() == 0
    assert awards_remind(now=timezone.now() + timedelta(days=6)) == 1


def test_revoked_award_gets_no_reminder(world):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    finish_lessons(world.actor(world.rep_a), course)
    award = CertificationAward.objects.get()
    award_revoke(actor=world.actor(world.ops), award=award, data={"reason": "Left the company"})
    CertificationAward.objects.update(expires_at=timezone.now() + timedelta(days=3))
    assert awards_remind() == 0
    assert not Notification.objects.filter(verb="learning.reminded").exists()


def test_the_last_attempt_closes_when_its_time_is_up_even_though_no_other_may_start(world):
    rep = world.actor(world.rep_a)
    course = make_course(lessons=0, attempt_limit=1, time_limit=5)
    attempt = attempt_start(actor=rep, course=course)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as refused:
        attempt_start(actor=rep, course=course)
    assert refused.value.code == "attempts_exhausted"
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.late and not attempt.passed


def test_a_refused_start_starts_no_course(world):
    rep = world.actor(world.rep_a)
    course = make_course()  # lessons first
    events = Event.objects.count()
    with pytest.raises(ValidationError):
        attempt_start(actor=rep, course=course)
    assert not Enrollment.objects.exists() and Event.objects.count() == events


def test_partners_see_only_the_required_courses_meant_for_them(world, api_client):
    from learning.selectors import certification_list

    mine = make_course("Road basics")
    elsewhere = make_course("Fleet selling", regions=["north_america"])
    draft = make_course("Next year", status="draft")
    make_certification(mine, elsewhere, draft)
    listed = certification_list(actor=world.actor(world.rep_a)).get()
    assert [c.title_en for c in listed.courses.all()] == ["Road basics"]
    body = api_client(world.rep_a).get("/api/learning/certifications").json()
    rows = body["items"] if isinstance(body, dict) else body
    assert rows[0]["course_ids"] == [str(mine.public_id)]
    assert rows[0]["regions"] is None and rows[0]["is_active"] is None  # staff's fields


def test_no_reminder_for_a_certification_already_renewed(world):
    course = make_course(lessons=1, questions=0)
    make_certification(course, months=12)
    finish_lessons(world.actor(world.rep_a), course)
    old = CertificationAward.objects.get()
    renewed = CertificationAward.objects.create(
        user=old.user,
        partner=old.partner,
        certification=old.certification,
        awarded_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=365),
    )
    CertificationAward.objects.filter(pk=old.pk).update(expires_at=timezone.now() + timedelta(days=10))
    assert awards_remind() == 0
    assert CertificationAward.objects.filter(pk=renewed.pk).exists()
