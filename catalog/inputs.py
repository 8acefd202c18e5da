"""The catalogue's write actions, each one input for the staff page and the API: a product, a family, and
the CSV import."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, ProductFamily
from core.inputs import AmountField, CodeChoiceField, IdChoiceField, Input, ModelInput
from core.money import Currency

SKU_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class _OwnChecks:
    """Uniqueness is checked by the input's own `clean_…` (case-insensitively, with a message that names the
    clash), not by the model's generic unique and constraint checks."""

    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class ProductInput(_OwnChecks, ModelInput):
    """A product: created (every field) or changed (the API may send only some). The import checks its rows
    with it too, without the family (a new family is created by the import) and without a query per SKU."""

    family = IdChoiceField(label=_("Family"), queryset=ProductFamily.objects.none())
    list_price = AmountField(label=_("List price"), error_messages={"required": _("Enter the list price.")})
    currency = CodeChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)

    class Meta:
        model = Product
        fields = [
            "sku",
            "name",
            "family",
            "list_price",
            "currency",
            "channel_eligibility",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"sku": _("Letters, digits, '-' and '_'; unique.")}
        error_messages = {
            "sku": {"required": _("Enter the SKU.")},
            "name": {"required": _("Enter the product's name.")},
            "family": {"required": _("Choose the product family.")},
        }

    def __init__(self, *args: Any, families: QuerySet[ProductFamily] | None = None, **kwargs: Any):
        self.check_unique = kwargs.pop("check_unique", True)
        super().__init__(*args, **kwargs)
        if families is not None and "family" in self.fields:
            self.fields["family"].queryset = families  # type: ignore[attr-defined]
        if self.instance.pk is not None:
            self.initial["family"] = self.instance.family.public_id  # the choice is by public id

    def clean_sku(self) -> str:
        sku = self.cleaned_data["sku"]
        if not SKU_RE.match(sku):
            raise ValidationError(_("A SKU has at most 40 letters, digits, '-' or '_'."), code="invalid")
        if self.check_unique:
            clash = Product.objects.filter(sku__iexact=sku).exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(
                    _("Another product already has the SKU %(sku)s.") % {"sku": sku}, code="unique"
                )
        return sku


class FamilyInput(_OwnChecks, ModelInput):
    class Meta:
        model = ProductFamily
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("Enter the family's name.")}}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if ProductFamily.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A product family with this name already exists."), code="unique")
        return name


class ImportInput(Input):
    """A CSV file to import: uploaded or pasted on the page (its preview posts the text again to confirm),
    its text in the API."""

    max_bytes = MAX_UPLOAD_BYTES
    too_large = _("The file is larger than 5 MB.")
    not_text = _("Save the file as UTF-8 text and upload it again.")

    file = forms.FileField(label=_("CSV file"), required=False)
    csv = forms.CharField(
        label=_("…or paste the CSV"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload:
            if upload.size > self.max_bytes:
                raise _invalid("file", self.too_large, "too_large")
            try:
                cleaned["csv"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _invalid("file", self.not_text, "invalid") from exc
        elif not (cleaned.get("csv") or "").strip():
            raise _invalid("csv", _("Choose a CSV file or paste its contents."), "required")
        return cleaned


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})
