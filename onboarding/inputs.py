"""The inputs of onboarding's write actions: each one used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import Input, ModelInput
from onboarding.models import ChecklistStep
from partners.choices import PartnerType

NOTE_LENGTH = 2000


class StepInput(ModelInput):
    """A checklist step: added (the API names its partner type; the page has it in the address) and changed
    (the API may send only some fields, and (de)activate it)."""

    class Meta:
        model = ChecklistStep
        fields = [
            "partner_type",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "kind",
            "requires_confirmation",
            "is_active",
        ]
        labels = {
            "title_en": _("Title (English)"),
            "title_ru": _("Title (Russian)"),
            "description_en": _("Description (English)"),
            "description_ru": _("Description (Russian)"),
            "kind": _("How it is completed"),
            "requires_confirmation": _("The channel account manager confirms"),
        }
        help_texts = {
            "requires_confirmation": _(
                "Only for steps done by hand: the partner's mark counts once the CAM confirms it."
            )
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title_en": {"required": _("Give the step a title.")},
            "kind": {"invalid_choice": _("Choose how the step is completed.")},
            "partner_type": {"invalid_choice": _("Choose a valid partner type.")},
        }

    def __init__(self, *args: Any, page: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if page:
            # The page's form: the partner type comes with the address, activation has its own buttons.
            self.fields.pop("partner_type", None)
            self.fields.pop("is_active", None)

    @classmethod
    def initial_for(cls, step: ChecklistStep) -> dict[str, Any]:
        return {name: getattr(step, name) for name in cls.base_fields}

    def validate_unique(self) -> None:
        pass


class NoteInput(Input):
    """The note that goes with marking a step done or reopening it."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class PartnerTypeInput(Input):
    partner_type = forms.ChoiceField(
        label=_("Partner type"),
        choices=PartnerType.choices,
        error_messages={"invalid_choice": _("Choose a valid partner type.")},
    )


class MoveStepInput(Input):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class StepActiveInput(Input):
    active = forms.TypedChoiceField(
        choices=[("1", _("Reactivate")), ("0", _("Deactivate"))], coerce=lambda v: v == "1"
    )
