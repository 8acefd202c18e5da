"""Courses (lessons and a quiz), each person's progress and attempts, certifications and their awards.

Who reads what (`core.scoping`):
- Courses, their lessons, quiz and questions, and certifications are targeted like the content library
  (`partners.audience.Audience`): partners read the published ones meant for the company they act for;
  staff read everything. A question's correct choices are in the rows but never in a partner's page or
  API answer before grading (`learning.schemas`, the quiz templates).
- Personal rows (enrollments, attempts, awards) belong to the partner the person acted for: a partner admin
  reads the team's (and, for a distributor, its resellers'), a sales rep only their own.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import TitleAndBody, TitleAndDescription, localized
from core.models import PublicIdModel, choice_field, user_reference
from core.roles import PartnerRole
from core.scoping import PUBLIC, ScopedManager
from partners.audience import NOBODY, Audience, audience_q


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def course_filter(actor: Any) -> Q:
    """Partners read the published courses meant for their company."""
    if not actor.is_partner:
        return NOBODY
    return Q(status=CourseStatus.PUBLISHED) & audience_q(actor.partner)


def _course_part_filter(prefix: str):
    def condition(actor: Any) -> Q:
        if not actor.is_partner:
            return NOBODY
        return Q(**{f"{prefix}status": CourseStatus.PUBLISHED}) & audience_q(actor.partner, prefix)

    return condition


def personal_filter_at(prefix: str):
    def condition(actor: Any) -> Q:
        """A sales rep reads only their own rows; a partner admin the whole team's."""
        if actor.is_partner and actor.partner_role != PartnerRole.ADMIN:
            return Q(**{f"{prefix}user_id": actor.user.pk})
        return Q()

    return condition


personal_filter = personal_filter_at("")


class Course(TitleAndDescription, PublicIdModel, Audience):
    partner_scope = PUBLIC
    partner_filter = staticmethod(course_filter)
    Status = CourseStatus

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    status = choice_field(_("status"), CourseStatus, default=CourseStatus.DRAFT, db_index=True)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="courses"
    )
    # Completing the course completes these onboarding steps for the person's partner.
    onboarding_steps = models.ManyToManyField(
        "onboarding.ChecklistStep",
        verbose_name=_("onboarding steps it completes"),
        blank=True,
        related_name="courses",
    )

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title_en


class LessonKind(models.TextChoices):
    TEXT = "text", _("Text")
    FILE = "file", _("File")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")


class Lesson(TitleAndBody, PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(_course_part_filter("course__"))
    Kind = LessonKind

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField(_("position"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    kind = choice_field(_("kind"), LessonKind, default=LessonKind.TEXT)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    file = models.FileField(_("file"), upload_to="learning/lessons/%Y/%m/", blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)  # core.files.TYPES key
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["course", "position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title_en


class Quiz(PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(_course_part_filter("course__"))

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="quiz")
    passing_score = models.PositiveSmallIntegerField(
        _("passing score (%)"), default=80, help_text=_("The share of questions answered right, 0–100.")
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0: no limit.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=0, help_text=_("0: no limit.")
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Drawn at random from the pool for each attempt; 0: every question."),
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return f"{self.course}: quiz"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One right answer")
    MULTIPLE = "multiple", _("Several right answers")


class Question(PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(_course_part_filter("quiz__course__"))
    Kind = QuestionKind

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    text_en = models.TextField(_("question (English)"))
    text_ru = models.TextField(_("question (Russian)"), blank=True)
    kind = choice_field(_("kind"), QuestionKind, default=QuestionKind.SINGLE)
    is_active = models.BooleanField(_("in the pool"), default=True)

    class Meta:
        ordering = ["quiz", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_en[:80]

    @property
    def text(self) -> str:
        return localized(self, "text")


class Choice(PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(_course_part_filter("question__quiz__course__"))

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(_("position"), default=0)
    text_en = models.CharField(_("answer (English)"), max_length=300)
    text_ru = models.CharField(_("answer (Russian)"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("right answer"), default=False)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text_en

    @property
    def text(self) -> str:
        return localized(self, "text")


class EnrollmentState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Enrollment(PublicIdModel):
    """One person's progress through one course (the partner they acted for when they started)."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(personal_filter)
    State = EnrollmentState

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    state = choice_field(_("state"), EnrollmentState, default=EnrollmentState.IN_PROGRESS, db_index=True)
    lessons_done = models.ManyToManyField(Lesson, blank=True, related_name="+")
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Retaking a course (to recertify) starts a new round: lessons and attempts count afresh.
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "partner", "course"], name="learning_one_enrollment")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.course}"


class Attempt(PublicIdModel):
    """One try at a course's quiz: the questions drawn, the answers given, the grade.

    The time limit is enforced when the answers arrive: a submission after the deadline (plus a short grace
    for the network) is graded, kept, and counted as failed (`late`)."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(personal_filter)

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    round = models.PositiveSmallIntegerField(default=1)
    number = models.PositiveSmallIntegerField(_("attempt"), default=1)
    question_ids = models.JSONField(default=list)  # the drawn questions' primary keys, in order
    answers = models.JSONField(default=dict)  # question pk (text) -> chosen choice pks
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    late = models.BooleanField(_("after the time limit"), default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.user}: {self.quiz} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptAnswer(models.Model):
    """One graded answer of a submitted attempt: what analytics count ("most often failed")."""

    partner_scope = "attempt__partner_id"
    partner_filter = staticmethod(personal_filter_at("attempt__"))
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="graded")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="graded_answers")
    correct = models.BooleanField()

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="learning_one_answer")]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}: {self.correct}"


class Certification(TitleAndDescription, PublicIdModel, Audience):
    partner_scope = PUBLIC
    partner_filter = staticmethod(
        lambda actor: NOBODY if not actor.is_partner else Q(is_active=True) & audience_q(actor.partner)
    )

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    courses = models.ManyToManyField(
        Course, verbose_name=_("courses required"), related_name="certifications"
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=12, help_text=_("0: never expires.")
    )
    is_active = models.BooleanField(_("awarded"), default=True)

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.title_en


def new_code() -> str:
    """The public verification code: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


class CertificationAward(PublicIdModel):
    """A person's certification: awarded when they completed every required course; it expires, and staff
    may revoke it. Its `code` is the public verification link's."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(personal_filter)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certification_awards",
    )
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="awards")
    code = models.CharField(max_length=40, unique=True, default=new_code, editable=False)
    awarded_at = models.DateTimeField(_("awarded"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = user_reference(_("revoked by"))
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # The expiry a reminder was sent for: one reminder per award and expiry.
    reminded_for = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        verbose_name = _("certification award")
        verbose_name_plural = _("certification awards")

    def __str__(self) -> str:
        return f"{self.user}: {self.certification}"

    @property
    def holder_name(self) -> str:
        """The name on the certificate and the public verification page: the person's full name, never their
        email address (a person without a name shows as the first letter of it)."""
        name = (self.user.full_name or "").strip()
        return name or f"{self.user.email[:1].upper()}***"
