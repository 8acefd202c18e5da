"""The inputs of direct sales' write actions, each used by its page form and its API endpoint: an account, a
deal, closing a deal and the CSV imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from catalog.inputs import ImportInput as CatalogImportInput
from core.inputs import AmountField, CodeChoiceField, IdChoiceField, Input, ModelInput
from core.money import Currency
from core.normalize import normalize_domain
from core.schemas import OptionalCountryCode
from direct.models import DirectAccount, DirectDeal
from partners.regions import derive_region, show_region_from_country
from partners.services import tax_id_error

REVENUE_DIGITS = 16
MAX_EMPLOYEES = 10_000_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CountryChoiceField(CodeChoiceField):
    """A country code or none; the API takes it in any case, as it always did."""

    api_type = OptionalCountryCode

    def __init__(self, **kwargs: Any):
        super().__init__(choices=[("", "—"), *countries], **kwargs)


class _OwnedInput(ModelInput):
    """An account or a deal: its owner is a vendor staff user, chosen by public id (the API names them by
    email and looks them up first)."""

    owner = IdChoiceField(label=_("Owner"), required=False, queryset=User.objects.none())

    def __init__(self, *args: Any, owners: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            field = self.fields["owner"]
            if owners is not None:
                field.queryset = owners  # type: ignore[attr-defined]
            field.error_messages["unknown_id"] = field.error_messages["invalid_choice"] = _(
                "The owner must be an active member of the vendor's staff."
            )
        if self.instance.pk is not None and self.instance.owner is not None:
            self.initial["owner"] = self.instance.owner.public_id  # the choice is by public id


class AccountInput(_OwnedInput):
    """A direct account: created (every field) or changed (the API and imports may send only some)."""

    country = CountryChoiceField(label=_("Country"), required=False)
    annual_revenue = AmountField(label=_("Annual revenue"), required=False)
    currency = CodeChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    employees = forms.IntegerField(
        label=_("Employees"),
        required=False,
        min_value=0,
        max_value=MAX_EMPLOYEES,
        error_messages={
            "invalid": _("Enter a whole number of employees."),
            "min_value": _("Enter a number of employees between 0 and 10,000,000."),
            "max_value": _("Enter a number of employees between 0 and 10,000,000."),
        },
    )

    class Meta:
        model = DirectAccount
        fields = [
            "name",
            "legal_name",
            "web_domain",
            "tax_id",
            "country",
            "region",
            "segment",
            "annual_revenue",
            "currency",
            "employees",
            "owner",
            "is_named_account",
            "notes",
        ]
        labels = {
            "owner": _("Owner (direct sales rep)"),
            "is_named_account": _("Named account (reserved for direct sales)"),
        }
        widgets = {
            "web_domain": forms.TextInput(attrs={"placeholder": "example.com"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"tax_id": _("For example ИНН, VAT or EIN."), "is_named_account": ""}
        error_messages = {"name": {"required": _("Enter the account's name.")}}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["country"] = self.instance.country.code or ""
        show_region_from_country(self)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        derive_region(self)  # the customer's region follows its country, as a partner's does
        return cleaned

    def clean_web_domain(self) -> str:
        return normalize_domain(self.cleaned_data.get("web_domain") or "")

    def clean_tax_id(self) -> str:
        value = self.cleaned_data.get("tax_id") or ""
        if message := tax_id_error(value):
            raise ValidationError(message, code="invalid")
        return value

    def clean_annual_revenue(self) -> Any:
        amount = self.cleaned_data.get("annual_revenue")
        if amount is not None and len(amount.as_tuple().digits) > REVENUE_DIGITS:
            raise ValidationError(_("The amount is too large."), code="max_value")
        return amount


class DealInput(_OwnedInput):
    """A direct deal of an account: created (every field) or changed (the API and imports may send only
    some). Its account is the page's (in the URL) or the API's `account_id`."""

    amount = AmountField(label=_("Amount"), error_messages={"required": _("Enter the deal's amount.")})
    currency = CodeChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)

    class Meta:
        model = DirectDeal
        fields = ["name", "amount", "currency", "stage", "expected_close_date", "owner"]
        widgets = {"expected_close_date": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "name": {"required": _("Enter the deal's name.")},
            "expected_close_date": {"invalid": _("Enter a date such as 2026-12-31.")},
        }


class CloseDealInput(Input):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("won", _("Won")), ("lost", _("Lost"))],
        error_messages={"required": _("Choose whether the deal was won or lost.")},
    )


class ImportInput(CatalogImportInput):
    """A CSV file of accounts or deals: uploaded or pasted on the page, whose preview posts the text again
    with `confirm`; its text in the API."""

    max_bytes = MAX_UPLOAD_BYTES
    too_large = _("The file is too large (20 MB at most).")
    not_text = _("The file must be UTF-8 encoded text.")

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["csv"].label = _("Or paste CSV")
