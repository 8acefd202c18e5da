from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.models import ChecklistStep, StepKind
from partners.choices import PartnerType


class PartnerTypeForm(forms.Form):
    partner_type = forms.ChoiceField(label=_("Partner type"), choices=PartnerType.choices)


class ChecklistStepForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_ru = forms.CharField(
        label=_("Description (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("How it is completed"), choices=StepKind.choices, initial=StepKind.MANUAL
    )
    requires_confirmation = forms.BooleanField(
        label=_("The channel account manager confirms"),
        required=False,
        help_text=_("Only for steps done by hand: the partner's mark counts once the CAM confirms it."),
    )

    @classmethod
    def initial_for(cls, step: ChecklistStep) -> dict:
        return {name: getattr(step, name) for name in cls.base_fields}


class CompleteStepForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveStepForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class StepActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", _("Reactivate")), ("0", _("Deactivate"))], coerce=lambda v: v == "1"
    )
