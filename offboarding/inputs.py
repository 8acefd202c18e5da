"""The inputs of offboarding's writes, each used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import IdChoiceField, Input
from offboarding.errors import OffboardingErrorCode as E

TEXT_LENGTH = 2000


class StartInput(Input):
    """Start a partner's wind-down: why, and the day its people lose access (the API names the partner; the
    page has it in its address)."""

    partner = IdChoiceField(label=_("Partner"), queryset=None)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the offboarding and written on the partner's status change."),
        error_messages={"required": _("Say why the partnership ends.")},
    )
    access_ends_on = forms.DateField(
        label=_("Access ends on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("That night the partner is offboarded and its people can no longer act for it."),
        error_messages={"required": _("Give the day access ends.")},
    )

    def __init__(self, *args: Any, partners=None, page: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if page:
            self.fields.pop("partner", None)
        elif "partner" in self.fields:
            field = self.fields["partner"]
            assert isinstance(field, IdChoiceField)
            field.queryset = partners

    def clean_access_ends_on(self):
        day = self.cleaned_data["access_ends_on"]
        if day < timezone.localdate():
            raise ValidationError(_("Access cannot end in the past."), code=E.ACCESS_DATE_PAST)
        return day


class NoteInput(Input):
    """The note that goes with marking a step done."""

    note = forms.CharField(
        label=_("Note"), max_length=TEXT_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelInput(Input):
    reason = forms.CharField(
        label=_("Why the wind-down stops"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the offboarding is cancelled.")},
    )
