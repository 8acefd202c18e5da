from django import forms
from django.utils.translation import gettext_lazy as _

from core.events import EVENT_LABELS
from core.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Object, person or partner")}),
    )
    verb = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verbs = sorted(EVENT_LABELS.items(), key=lambda item: str(item[1]))
        self.fields["verb"].choices = [("", _("Any")), *verbs]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def to_filter(self) -> AuditFilter:
        if not self.is_bound:
            return AuditFilter()
        if not self.is_valid():
            return AuditFilter(**{k: v for k, v in self.cleaned_data.items() if k not in self.errors})
        return AuditFilter(**self.cleaned_data)
