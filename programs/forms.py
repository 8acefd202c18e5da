from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import AgreementKind, AgreementVersion, ProgramCharter


class CharterForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Charter (English)"), widget=forms.Textarea(attrs={"rows": 12}))
    body_ru = forms.CharField(
        label=_("Charter (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )

    @classmethod
    def initial_for(cls, charter: ProgramCharter | None) -> dict:
        if charter is None:
            return {}
        return {name: getattr(charter, name) for name in cls.base_fields}


TEXT_FIELDS = ("title_en", "title_ru", "body_en", "body_ru")


class AgreementPublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=AgreementKind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 14}))
    body_ru = forms.CharField(
        label=_("Text (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    changes_en = forms.CharField(
        label=_("What changed (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    changes_ru = forms.CharField(
        label=_("What changed (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, kind: str, current: AgreementVersion | None) -> dict:
        """Start from the current text so a new version is an edit of the last one."""
        initial = {"kind": kind}
        if current is not None:
            initial.update({name: getattr(current, name) for name in TEXT_FIELDS})
        return initial
