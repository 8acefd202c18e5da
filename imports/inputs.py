"""The inputs of imports, shared by the pages and the API: the upload, the column mapping, the start."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.inputs import Input, mark_searchable
from imports.registry import IGNORE, Importer
from imports.services import all_targets


class UploadInput(Input):
    file = forms.FileField(
        label=_("CSV file or Excel workbook"),
        help_text=_(
            "A header line naming the columns. CSV: UTF-8, separated by commas or semicolons; a workbook "
            "(.xlsx): its first sheet."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.tsv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class StartInput(Input):
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the rows with errors"), required=False
    )


class MappingInput(Input):
    """One choice per column of the file: the field it goes to, or nothing. Fields are `column_<n>` (the
    column's position); the API sends {"mapping": {column name: target}} and `from_mapping` binds that."""

    def __init__(
        self,
        data=None,
        *args: Any,
        headers: list[str],
        importer: Importer,
        initial_mapping=None,
        **kwargs: Any,
    ):
        super().__init__(data, *args, **kwargs)
        self.headers = headers
        targets = all_targets(importer)
        choices = [(IGNORE, _("— leave out —"))] + [
            (name, f"{target.label}{' *' if target.required else ''}") for name, target in targets.items()
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=(initial_mapping or {}).get(header, IGNORE),
            )
        mark_searchable(self.fields)  # the columns came after the input's own marking

    @classmethod
    def from_mapping(cls, mapping: dict[str, str], *, headers: list[str], importer: Importer) -> MappingInput:
        unknown = [name for name in mapping if name not in headers]
        if unknown:
            raise ValidationError(
                {
                    name: ValidationError(
                        _("The file has no column named %(column)s.") % {"column": name},
                        code="unknown_column",
                    )
                    for name in unknown
                }
            )
        data = {
            f"column_{index}": mapping.get(header, IGNORE) or IGNORE for index, header in enumerate(headers)
        }
        return cls(data, headers=headers, importer=importer)

    def mapping(self) -> dict[str, str]:
        values = self.cleaned()
        return {header: values.get(f"column_{index}") or IGNORE for index, header in enumerate(self.headers)}

    def field_for(self, key: str) -> str | None:
        """The form field of a service error's key (a column's name), None for the whole form."""
        if key in self.headers:
            return f"column_{self.headers.index(key)}"
        return None
