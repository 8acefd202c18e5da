"""The program's write actions, each one input for the staff page and the API."""

from __future__ import annotations

from django import forms

from core.inputs import ModelInput
from programs.models import AgreementVersion, ProgramCharter

TEXT = {"rows": 12}


class CharterInput(ModelInput):
    class Meta:
        model = ProgramCharter
        fields = ["title_en", "title_ru", "body_en", "body_ru"]
        widgets = {"body_en": forms.Textarea(attrs=TEXT), "body_ru": forms.Textarea(attrs=TEXT)}

    @classmethod
    def initial_for(cls, charter: ProgramCharter | None) -> dict:
        if charter is None:
            return {}
        return {name: getattr(charter, name) for name in cls.base_fields}


class VersionInput(ModelInput):
    """A new version of a document; its number is given by the service."""

    class Meta:
        model = AgreementVersion
        fields = ["kind", "title_en", "title_ru", "body_en", "body_ru", "changes_en", "changes_ru"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 14}),
            "body_ru": forms.Textarea(attrs={"rows": 14}),
            "changes_en": forms.Textarea(attrs={"rows": 3}),
            "changes_ru": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self):
        pass  # the version number is the service's to give, racing publications included

    @classmethod
    def initial_for(cls, kind: str, current: AgreementVersion | None) -> dict:
        """Start from the current text so a new version is an edit of the last one."""
        initial = {"kind": kind}
        if current is not None:
            initial.update({name: getattr(current, name) for name in cls.base_fields if name != "kind"})
        return initial
