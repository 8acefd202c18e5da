"""Pages of courses and certifications: the staff editor, the partner catalogue and course pages, the quiz,
certifications (mine, the team's, staff lists), analytics, and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import file_link
from core.http import (
    REFUSED,
    hx_redirect,
    login_required,
    run_button,
    staff_required,
    submit_form,
    submit_record,
)
from core.listing import list_page
from learning import selectors as s
from learning import services
from learning.inputs import (
    CertificationInput,
    CourseInput,
    LessonInput,
    QuestionInput,
    QuizInput,
    RevokeInput,
)
from learning.models import LessonKind
from learning.rules import allowed_actions
from learning.tables import award_table, course_table, progress_table

CERTIFICATE_SOURCE = "learning.certificate"
LESSON_SOURCE = "learning.lesson"


def _view(request) -> None:
    request.actor.require("enablement.view")


# --- courses: catalogue and staff list ------------------------------------------------------------------


@login_required
def course_list(request):
    """The courses: for partners those meant for them (published); staff see every course here."""
    _view(request)
    actor = request.actor
    mine = s.my_enrollments(actor=actor)
    return list_page(
        request,
        filterset=s.course_filters(actor=actor, data=request.GET),
        table=course_table(staff=actor.is_staff, mine=mine),
        template="learning/course_list.html",
        context={"can_manage": actor.can("enablement.manage")},
    )


@login_required
def course(request, course_id):
    _view(request)
    actor = request.actor
    course = s.course_get(actor=actor, public_id=course_id)
    enrollment = s.my_enrollment(actor=actor, course=course)
    lessons = list(s.lessons_of(actor=actor, course=course))
    done = {lesson.pk for lesson in enrollment.lessons_done.all()} if enrollment else set()
    quiz = s.quiz_of(actor=actor, course=course)
    attempts = list(s.attempts_of(actor=actor, enrollment=enrollment)) if enrollment else []
    return render(
        request,
        "learning/course.html",
        {
            "course": course,
            "enrollment": enrollment,
            "lessons": [(lesson, lesson.pk in done) for lesson in lessons],
            "quiz": quiz,
            "attempts": attempts,
            "progress": s.progress_of(actor=actor, enrollment=enrollment, course=course),
            "attempts_left": (quiz.attempt_limit - len(attempts)) if quiz and quiz.attempt_limit else None,
            "can_manage": actor.can("enablement.manage"),
        },
    )


@login_required
def lesson(request, lesson_id):
    _view(request)
    actor = request.actor
    lesson = s.lesson_get(actor=actor, public_id=lesson_id)
    enrollment = s.my_enrollment(actor=actor, course=lesson.course)
    done = bool(enrollment and enrollment.lessons_done.filter(pk=lesson.pk).exists())
    link = file_link(LESSON_SOURCE, lesson.public_id, user_id=request.user.pk) if lesson.file else None
    return render(
        request,
        "learning/lesson.html",
        {
            "lesson": lesson,
            "course": lesson.course,
            "done": done,
            "file_url": link,
            "video": lesson.kind == LessonKind.VIDEO,
        },
    )


@login_required
@require_POST
def lesson_done(request, lesson_id):
    _view(request)
    lesson = s.lesson_get(actor=request.actor, public_id=lesson_id)
    run_button(
        request, lambda: services.lesson_mark_done(actor=request.actor, lesson=lesson), _("Lesson done.")
    )
    return hx_redirect(request, "learning:course", lesson.course.public_id)


@login_required
@require_POST
def quiz_start(request, course_id):
    _view(request)
    course = s.course_get(actor=request.actor, public_id=course_id)
    attempt = run_button(request, lambda: services.attempt_start(actor=request.actor, course=course))
    if attempt is REFUSED:
        return hx_redirect(request, "learning:course", course.public_id)
    return hx_redirect(request, "learning:attempt", attempt.public_id)


@login_required
@require_POST
def course_retake(request, course_id):
    _view(request)
    course = s.course_get(actor=request.actor, public_id=course_id)
    run_button(
        request,
        lambda: services.course_retake(actor=request.actor, course=course),
        _("Course started again."),
    )
    return hx_redirect(request, "learning:course", course.public_id)


@login_required
def attempt(request, attempt_id):
    """The quiz while the attempt is open (a POST submits it), its result once graded."""
    _view(request)
    actor = request.actor
    attempt = s.attempt_get(actor=actor, public_id=attempt_id)
    if attempt.user_id != request.user.pk:
        raise Http404
    questions = s.attempt_questions(actor=actor, attempt=attempt)
    if request.method == "POST" and attempt.is_open:
        answers = {str(q.public_id): request.POST.getlist(f"q-{q.public_id}") for q in questions}
        answers = {k: v for k, v in answers.items() if v}
        graded = run_button(
            request, lambda: services.attempt_submit(actor=actor, attempt=attempt, answers=answers)
        )
        if graded is not REFUSED:
            if graded.passed:
                messages.success(request, _("Passed with %(score)s %%.") % {"score": graded.score})
            else:
                messages.warning(request, _("Not passed: %(score)s %%.") % {"score": graded.score})
        return hx_redirect(request, "learning:attempt", attempt.public_id)
    chosen = {int(k): set(v) for k, v in attempt.answers.items()}
    rows = [(q, [(c, c.pk in chosen.get(q.pk, set())) for c in q.choices.all()]) for q in questions]
    results = {}
    if not attempt.is_open:
        results = dict(attempt.graded.values_list("question_id", "correct"))
    return render(
        request,
        "learning/attempt.html",
        {
            "attempt": attempt,
            "course": attempt.quiz.course,
            "rows": rows,
            "results": results,
            "seconds_left": max(0, int((attempt.deadline - timezone.now()).total_seconds()))
            if attempt.deadline
            else None,
        },
    )


# --- certifications: mine, team, staff ------------------------------------------------------------------


@login_required
def mine(request):
    """My certifications, each with its certificate (a signed download link)."""
    _view(request)
    actor = request.actor
    now = timezone.now()
    awards = [
        (a, file_link(CERTIFICATE_SOURCE, a.public_id, user_id=request.user.pk))
        for a in s.my_awards(actor=actor)
    ]
    return render(
        request,
        "learning/mine.html",
        {"awards": awards, "now": now, "certifications": s.certification_list(actor=actor)},
    )


@login_required
def team(request):
    """Partners: who on the team holds which certification and what expires soon (a rep sees their own).
    Staff: every award, with revocation."""
    _view(request)
    actor = request.actor
    return list_page(
        request,
        filterset=s.award_filters(actor=actor, data=request.GET),
        table=award_table(
            staff=actor.is_staff, can_revoke=actor.can("enablement.revoke"), now=timezone.now()
        ),
        template="learning/team.html",
        context={"expiring": s.expiring_soon(actor=actor)[:20], "staff_view": actor.is_staff},
    )


@login_required
def progress(request):
    """Progress per person: a rep's own, a partner admin's team, every partner's for staff."""
    _view(request)
    actor = request.actor
    return list_page(
        request,
        filterset=s.progress_filters(actor=actor, data=request.GET),
        table=progress_table(staff=actor.is_staff),
        template="learning/progress.html",
        context={"staff_view": actor.is_staff},
    )


@staff_required
def award_revoke(request, award_id):
    actor = request.actor
    award = s.award_get(actor=actor, public_id=award_id)
    actor.require("enablement.revoke")
    form = RevokeInput(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda: services.award_revoke(actor=actor, award=award, data=form),
        _("Certification revoked."),
    )
    if done is not REFUSED:
        return hx_redirect(request, "learning:team")
    return render(
        request,
        "learning/revoke.html",
        {"form": form, "award": award, "actions": allowed_actions(actor, award)},
    )


@staff_required
def certified(request):
    """Staff: certified people per partner and per product."""
    _view(request)
    actor = request.actor
    return render(
        request,
        "learning/certified.html",
        {
            "per_partner": s.certified_per_partner(actor=actor),
            "per_product": s.certified_per_product(actor=actor),
        },
    )


@staff_required
def analytics(request):
    _view(request)
    actor = request.actor
    courses = []
    for c in s.course_rates(actor=actor):
        courses.append(
            {
                "course": c,
                "completion": round(100 * c.completed / c.enrolled) if c.enrolled else None,
                "pass_rate": round(100 * c.passes / c.attempts) if c.attempts else None,
            }
        )
    return render(
        request,
        "learning/analytics.html",
        {
            "courses": courses,
            "failed": s.most_failed_questions(actor=actor),
            "outcomes": s.registration_outcomes_by_certification(actor=actor),
        },
    )


# --- staff: the course editor ---------------------------------------------------------------------------


@staff_required
def course_form(request, course_id=None):
    actor = request.actor
    _view(request)
    course = s.course_get(actor=actor, public_id=course_id) if course_id else None
    form = CourseInput(
        request.POST or None,
        instance=course,
        products=services.product_choices(actor),
        steps=services.step_choices(actor),
    )
    if not actor.can("enablement.manage"):
        form.read_only()
    if request.method == "POST":
        actor.require("enablement.manage")
    saved = submit_record(
        request,
        form,
        course,
        create=lambda: services.course_create(actor=actor, data=form),
        update=lambda: services.course_update(actor=actor, course=course, data=form),
        created=_("Course created."),
        updated=_("Course saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "learning:course_edit", saved.public_id)
    context = {"form": form, "course": course, "can_manage": actor.can("enablement.manage")}
    if course is not None:
        quiz = s.quiz_of(actor=actor, course=course)
        context |= {
            "lessons": s.lessons_of(actor=actor, course=course),
            "quiz": quiz,
            "quiz_form": QuizInput(instance=quiz),
            "questions": s.questions_of(actor=actor, quiz=quiz) if quiz else [],
        }
    return render(request, "learning/course_form.html", context)


@staff_required
@require_POST
def quiz_save(request, course_id):
    actor = request.actor
    course = s.course_get(actor=actor, public_id=course_id)
    actor.require("enablement.manage")
    form = QuizInput(request.POST, instance=s.quiz_of(actor=actor, course=course))
    saved = submit_form(
        request, form, lambda: services.quiz_save(actor=actor, course=course, data=form), _("Quiz saved.")
    )
    if saved is REFUSED:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return hx_redirect(request, reverse("learning:course_edit", args=[course.public_id]) + "#quiz")


@staff_required
def lesson_form(request, course_id=None, lesson_id=None):
    actor = request.actor
    _view(request)
    lesson = s.lesson_get(actor=actor, public_id=lesson_id) if lesson_id else None
    course = lesson.course if lesson else s.course_get(actor=actor, public_id=course_id)
    if request.method == "POST":
        actor.require("enablement.manage")
    form = LessonInput(request.POST or None, request.FILES or None, instance=lesson)
    saved = submit_record(
        request,
        form,
        lesson,
        create=lambda: services.lesson_create(actor=actor, course=course, data=form),
        update=lambda: services.lesson_update(actor=actor, lesson=lesson, data=form),
        created=_("Lesson added."),
        updated=_("Lesson saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, reverse("learning:course_edit", args=[course.public_id]) + "#lessons")
    return render(request, "learning/lesson_form.html", {"form": form, "lesson": lesson, "course": course})


@staff_required
@require_POST
def lesson_delete(request, lesson_id):
    actor = request.actor
    lesson = s.lesson_get(actor=actor, public_id=lesson_id)
    run_button(request, lambda: services.lesson_delete(actor=actor, lesson=lesson), _("Lesson removed."))
    return hx_redirect(request, reverse("learning:course_edit", args=[lesson.course.public_id]) + "#lessons")


@staff_required
@require_POST
def lesson_move(request, lesson_id):
    actor = request.actor
    lesson = s.lesson_get(actor=actor, public_id=lesson_id)
    direction = request.POST.get("direction", "")
    run_button(request, lambda: services.lesson_move(actor=actor, lesson=lesson, direction=direction))
    return hx_redirect(request, reverse("learning:course_edit", args=[lesson.course.public_id]) + "#lessons")


@staff_required
def question_form(request, course_id=None, question_id=None):
    actor = request.actor
    _view(request)
    question = s.question_get(actor=actor, public_id=question_id) if question_id else None
    course = question.quiz.course if question else s.course_get(actor=actor, public_id=course_id)
    quiz = s.quiz_of(actor=actor, course=course)
    if quiz is None:
        messages.error(request, _("Save the quiz settings first."))
        return redirect(reverse("learning:course_edit", args=[course.public_id]) + "#quiz")
    if request.method == "POST":
        actor.require("enablement.manage")
    form = QuestionInput(request.POST or None, instance=question)
    saved = submit_record(
        request,
        form,
        question,
        create=lambda: services.question_create(actor=actor, quiz=quiz, data=form),
        update=lambda: services.question_update(actor=actor, question=question, data=form),
        created=_("Question added."),
        updated=_("Question saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, reverse("learning:course_edit", args=[course.public_id]) + "#quiz")
    return render(
        request, "learning/question_form.html", {"form": form, "question": question, "course": course}
    )


@staff_required
def certifications(request):
    """Staff: the certifications, and a form for a new one."""
    actor = request.actor
    _view(request)
    form = CertificationInput(request.POST or None, courses=s.courses_visible(actor=actor))
    if request.method == "POST":
        actor.require("enablement.manage")
    created = submit_form(
        request,
        form,
        lambda: services.certification_create(actor=actor, data=form),
        _("Certification created."),
    )
    if created is not REFUSED:
        return hx_redirect(request, "learning:certifications")
    return render(
        request,
        "learning/certifications.html",
        {
            "certifications": s.certification_list(actor=actor),
            "form": form,
            "can_manage": actor.can("enablement.manage"),
        },
    )


@staff_required
def certification_form(request, certification_id):
    actor = request.actor
    _view(request)
    certification = s.certification_get(actor=actor, public_id=certification_id)
    form = CertificationInput(
        request.POST or None, instance=certification, courses=s.courses_visible(actor=actor)
    )
    if request.method == "POST":
        actor.require("enablement.manage")
    saved = submit_form(
        request,
        form,
        lambda: services.certification_update(actor=actor, certification=certification, data=form),
        _("Certification saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "learning:certifications")
    return render(request, "learning/certification_form.html", {"form": form, "certification": certification})


# --- public --------------------------------------------------------------------------------------------


def verify(request, code):
    """Public: whether a certificate is genuine. Holder, certification, partner and validity; nothing else."""
    award = s.award_verify(code=code)
    now = timezone.now()
    if award.revoked_at is not None:
        state = "revoked"
    elif award.expires_at is not None and award.expires_at <= now:
        state = "expired"
    else:
        state = "valid"
    return render(request, "learning/verify.html", {"award": award, "state": state})


# --- file sources (core.files) --------------------------------------------------------------------------


def resolve_lesson_file(actor, public_id, version):
    from core.files import TYPES

    lesson = s.lesson_get(actor=actor, public_id=public_id)
    if not lesson.file or lesson.file_type not in TYPES:
        raise Http404
    return lesson.file, lesson.title_en, TYPES[lesson.file_type]


def resolve_certificate(actor, public_id, version):
    from django.core.files.base import ContentFile

    from core.files import TYPES
    from learning.certificate import certificate_pdf

    if not actor.is_authenticated:
        raise PermissionDenied
    award = s.award_get(actor=actor, public_id=public_id)
    if award.revoked_at is not None:  # a revoked certificate is not handed out again (its check says so)
        raise Http404
    pdf = ContentFile(certificate_pdf(award), name="certificate.pdf")
    return pdf, f"certificate-{slugify(award.certification.title_en)[:80]}", TYPES["pdf"]
