"""The inputs of partner health's writes, each used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Input, ModelInput
from health.errors import HealthErrorCode as E
from health.models import HealthSettings, Signal

TEXT_LENGTH = 4000
NOTE_LENGTH = 2000
WEIGHT_FIELDS = [f"weight_{signal}" for signal in Signal.values]


def _declare_limits(form: forms.ModelForm, names: list[str]) -> None:
    """The model's limits on these numbers (its validators), declared on the form's fields too, where the
    API's schema reads them (a model's field gives its form field only the column's range)."""
    for name in names:
        field = form.fields.get(name)
        if field is None:  # a partial change without it
            continue
        validators = form._meta.model._meta.get_field(name).validators
        low = max((v.limit_value for v in validators if isinstance(v, MinValueValidator)), default=0)
        high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
        field.min_value, field.max_value = low, high  # type: ignore[attr-defined]
        field.validators = [MinValueValidator(low), MaxValueValidator(high)]
        field.widget.attrs.update(min=low, max=high)


class SettingsInput(ModelInput):
    """The threshold, the window, the grace period, what earns full marks and each signal's weight."""

    class Meta:
        model = HealthSettings
        fields = [
            "threshold",
            "window_days",
            "grace_days",
            "onboarding_days",
            "downloads_target",
            "learning_target",
            "registrations_target",
            "lead_hours_limit",
            *WEIGHT_FIELDS,
        ]
        labels = {
            "threshold": _("At-risk threshold"),
            "window_days": _("Window (days)"),
            "grace_days": _("Grace period (days)"),
            "onboarding_days": _("Onboarding time (days)"),
            "downloads_target": _("Downloads for full marks"),
            "learning_target": _("Courses completed for full marks"),
            "registrations_target": _("Registrations for full marks"),
            "lead_hours_limit": _("Hours to accept a lead that score 0"),
            "weight_logins": _("Weight of logins"),
            "weight_downloads": _("Weight of content downloads"),
            "weight_learning": _("Weight of course progress"),
            "weight_lead_acceptance": _("Weight of leads accepted"),
            "weight_lead_speed": _("Weight of time to accept leads"),
            "weight_registrations": _("Weight of deal registrations"),
            "weight_revenue_trend": _("Weight of revenue against last year"),
            "weight_onboarding": _("Weight of onboarding on time"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _declare_limits(self, self.Meta.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = [
            cleaned[name] if name in cleaned else getattr(self.instance, name)
            for name in WEIGHT_FIELDS
            if name in self.fields or self.instance.pk
        ]
        if weights and not any(weights):
            raise ValidationError(_("Give at least one signal a weight above 0."), code=E.NO_WEIGHT)
        return cleaned

    def validate_unique(self) -> None:
        pass


class PlanInput(Input):
    """The CAM's recovery plan for a partner at risk."""

    actions = forms.CharField(
        label=_("Recovery actions"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner and you will do, one action a line."),
        error_messages={"required": _("Say what will be done.")},
    )
    due = forms.DateField(
        label=_("Due"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the plan should have shown results."),
        error_messages={"required": _("Give the plan a due date.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."), code=E.DUE_IN_PAST)
        return due


class NoteInput(Input):
    """The note that goes with setting a partner active again."""

    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
