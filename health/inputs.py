"""The inputs of partner health's writes, each used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Input, ModelInput
from health.errors import HealthErrorCode as E
from health.models import HealthSettings, Signal

TEXT_LENGTH = 4000
NOTE_LENGTH = 2000
WEIGHT_FIELDS = [f"weight_{signal}" for signal in Signal.values]


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
