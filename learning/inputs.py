"""The write actions of courses and certifications, each one input for the staff page and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from core.files import UploadField
from core.inputs import Input, ModelInput
from learning.errors import LearningErrorCode as E
from learning.models import Certification, Course, Lesson, LessonKind, Question, QuestionKind, Quiz
from onboarding.models import ChecklistStep
from partners.audience import audience_form_fields

MAX_CHOICES = 8


_AUDIENCE = audience_form_fields()
AUDIENCE_FIELDS = ["partner_types", "tiers", "regions"]


class CourseInput(ModelInput):
    partner_types = _AUDIENCE["partner_types"]
    tiers = _AUDIENCE["tiers"]
    regions = _AUDIENCE["regions"]
    products = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=Product.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("The products the course certifies people for."),
    )
    onboarding_steps = forms.ModelMultipleChoiceField(
        label=_("Onboarding steps it completes"),
        queryset=ChecklistStep.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_(
            "When a partner's person completes the course, these steps of the partner's checklist are done."
        ),
    )

    class Meta:
        model = Course
        fields = ["title_en", "title_ru", "description_en", "description_ru", "status", *AUDIENCE_FIELDS]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"description_en": _("Markdown.")}
        error_messages = {"title_en": {"required": _("Give the course a title.")}}

    def __init__(
        self,
        *args: Any,
        products: QuerySet[Product] | None = None,
        steps: QuerySet[ChecklistStep] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if "products" in self.fields and products is not None:
            self.fields["products"].queryset = products  # type: ignore[attr-defined]
        if "onboarding_steps" in self.fields and steps is not None:
            self.fields["onboarding_steps"].queryset = steps  # type: ignore[attr-defined]
            self.fields["onboarding_steps"].label_from_instance = (  # type: ignore[attr-defined]
                lambda step: f"{step.get_partner_type_display()}: {step.title}"
            )
        if self.instance.pk is not None:
            self.initial["products"] = [p.public_id for p in self.instance.products.all()]
            self.initial["onboarding_steps"] = [s.public_id for s in self.instance.onboarding_steps.all()]


class LessonInput(ModelInput):
    file = UploadField(label=_("File"), kinds=("document", "image", "video", "archive"), required=False)

    class Meta:
        model = Lesson
        fields = ["title_en", "title_ru", "kind", "body_en", "body_ru", "url"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "body_ru": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"body_en": _("Markdown.")}
        error_messages = {"title_en": {"required": _("Give the lesson a title.")}}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind") or (self.instance.kind if self.instance.pk else LessonKind.TEXT)
        if kind == LessonKind.LINK and not (cleaned.get("url") or self.instance.url):
            self.add_error("url", ValidationError(_("A link lesson needs its link."), code="required"))
        if kind in (LessonKind.FILE, LessonKind.VIDEO) and not (cleaned.get("file") or self.instance.file):
            self.add_error("file", ValidationError(_("Upload the lesson's file."), code="required"))
        upload = cleaned.get("file")
        if kind == LessonKind.VIDEO and upload and upload.file_type.extension not in ("mp4", "webm", "mov"):
            self.add_error(
                "file", ValidationError(_("A video lesson takes an MP4, WebM or MOV file."), code="invalid")
            )
        return cleaned


class QuizInput(ModelInput):
    class Meta:
        model = Quiz
        fields = ["passing_score", "attempt_limit", "time_limit_minutes", "questions_per_attempt"]

    def clean_passing_score(self) -> int:
        score = self.cleaned_data["passing_score"]
        if score > 100:
            raise ValidationError(_("A score is at most 100 %."), code="max_value")
        return score


class ChoiceRowInput(Input):
    text_en = forms.CharField(label=_("Answer (English)"), max_length=300)
    text_ru = forms.CharField(label=_("Answer (Russian)"), max_length=300, required=False)
    is_correct = forms.BooleanField(label=_("Right"), required=False)


class BaseChoiceFormSet(BaseFormSet):
    """A question's answers: at least two, at least one right, exactly one for a single-choice question
    (`kind` is set by the question's input before the rows are checked)."""

    kind: str = QuestionKind.SINGLE

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text_en")
        ]
        right = sum(1 for row in rows if row.get("is_correct"))
        if len(rows) < 2:
            raise ValidationError(_("Give at least two answers."), code=E.TOO_FEW_ANSWERS)
        if right == 0:
            raise ValidationError(_("Tick at least one right answer."), code=E.NO_RIGHT_ANSWER)
        if self.kind == QuestionKind.SINGLE and right != 1:
            raise ValidationError(
                _("A question with one right answer has exactly one ticked."), code=E.ONE_RIGHT_ANSWER
            )


ChoiceFormSet = formset_factory(
    ChoiceRowInput,
    formset=BaseChoiceFormSet,
    extra=0,
    max_num=MAX_CHOICES,
    validate_max=True,
    can_delete=True,
)


class QuestionInput(ModelInput):
    """A question of a quiz's pool with its answers (at least two, the right ones ticked)."""

    nested = {"choices": ChoiceFormSet}

    class Meta:
        model = Question
        fields = ["text_en", "text_ru", "kind", "is_active"]
        widgets = {"text_en": forms.Textarea(attrs={"rows": 2}), "text_ru": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text_en": {"required": _("Write the question.")}}

    def nested_initial(self, name: str) -> list[dict[str, Any]] | None:
        if self.instance.pk is None:
            return [{} for _i in range(4)]
        return [
            {"text_en": c.text_en, "text_ru": c.text_ru, "is_correct": c.is_correct}
            for c in self.instance.choices.all()
        ] + [{}]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        formset = self.formsets.get("choices")
        if formset is not None:
            formset.kind = cleaned.get("kind") or self.instance.kind or QuestionKind.SINGLE  # type: ignore[attr-defined]
        return cleaned


class CertificationInput(ModelInput):
    partner_types = _AUDIENCE["partner_types"]
    tiers = _AUDIENCE["tiers"]
    regions = _AUDIENCE["regions"]
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses required"), queryset=Course.objects.none(), to_field_name="public_id"
    )

    class Meta:
        model = Certification
        fields = [
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "validity_months",
            "is_active",
            *AUDIENCE_FIELDS,
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title_en": {"required": _("Give the certification a title.")}}

    def __init__(self, *args: Any, courses: QuerySet[Course] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "courses" in self.fields and courses is not None:
            self.fields["courses"].queryset = courses  # type: ignore[attr-defined]
        if self.instance.pk is not None:
            self.initial["courses"] = [c.public_id for c in self.instance.courses.all()]


class RevokeInput(Input):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the certification is revoked.")},
    )
