"""The inputs of leads' write actions: each one used by its page form and its API endpoint."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from core.inputs import Input, ModelInput
from core.normalize import normalize_code, normalize_domain
from leads.attributes import AttributeValuesField, active_attributes
from leads.errors import LeadErrorCode
from leads.models import AttributeKind, Lead, LeadAttribute, LeadStatus, LostReason
from leads.models.lead import REASON_VALUE
from partners.regions import derive_region, show_region_from_country
from recruitment.inputs import BLANK_LABEL, DOMAIN_WIDGET, CountryChoiceField

NOTE_LENGTH = 5000
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class ProductsField(forms.ModelMultipleChoiceField):
    """Products of interest by public id, shown by SKU and name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Product.objects.none(),
            to_field_name="public_id",
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.sku} {obj.name}"

    def _check_values(self, value: Any) -> Any:
        # A product the reader may not name is unknown to them, as an unknown id is everywhere else.
        try:
            return super()._check_values(value)  # type: ignore[misc]
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                raise ValidationError(exc.messages[0], code="unknown_id") from exc
            raise


class LeadInput(ModelInput):
    """A lead as the channel team, the API, the web form or a partner's referral enters it."""

    country = CountryChoiceField(label=_("Country"), required=False)
    products = ProductsField(label=_("Products of interest"))
    attributes = AttributeValuesField()

    class Meta:
        model = Lead
        fields = [
            "company_name",
            "domain",
            "country",
            "region",
            "vertical",
            "company_size",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_title",
            "products",
            "source_detail",
            "fund_activity_code",
            "notes",
            "attributes",
        ]
        widgets = {
            "domain": DOMAIN_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, products=None, definitions: list[LeadAttribute] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):  # a model field's choices, "---------" first
                choices = cast(list[tuple[str, Any]], field.choices)
                field.choices = [(value, label if value else BLANK_LABEL) for value, label in choices]
        if "products" in self.fields and products is not None:
            cast(ProductsField, self.fields["products"]).queryset = products
        if "attributes" in self.fields:
            attributes = cast(AttributeValuesField, self.fields["attributes"])
            attributes.set_definitions(definitions if definitions is not None else active_attributes())
            if self.instance.pk and not self.is_bound:
                self.initial["attributes"] = self.instance.attributes
        show_region_from_country(self)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        derive_region(self)
        return cleaned

    def clean_domain(self) -> str:
        return normalize_domain(self.cleaned_data.get("domain") or "")

    def clean_contact_email(self) -> str:
        return (self.cleaned_data.get("contact_email") or "").lower()

    def clean_fund_activity_code(self) -> str:
        return normalize_code(self.cleaned_data.get("fund_activity_code") or "")

    def _post_clean(self) -> None:
        # The attributes are merged into the lead's by the service (a partial update keeps the others).
        attributes = self.cleaned_data.pop("attributes", None)
        super()._post_clean()  # type: ignore[misc]
        if attributes is not None:
            self.cleaned_data["attributes"] = attributes


class ProgressInput(Input):
    """Where an accepted lead stands, and what happens next."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s.value, s.label) for s in (LeadStatus.ACCEPTED, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)
        ],
    )
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(label=_("Next step on"), required=False, widget=DATE_WIDGET)


class LoseInput(Input):
    reason = forms.ChoiceField(label=_("Why was it lost?"), choices=LostReason.choices)
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConvertInput(Input):
    """Converting opens a deal registration prefilled from the lead; what a lead does not say is asked."""

    expected_close_date = forms.DateField(label=_("Expected close date"), widget=DATE_WIDGET)
    customer_domain = forms.CharField(
        label=_("Customer's web domain"),
        max_length=253,
        required=False,
        widget=DOMAIN_WIDGET,
        help_text=_("Empty: the lead's. A registration needs the customer's web domain or tax id."),
    )
    customer_tax_id = forms.CharField(label=_("Customer's tax id"), max_length=40, required=False)
    quantity = forms.IntegerField(
        label=_("Quantity of each product"), min_value=1, max_value=1_000_000, initial=1, required=False
    )
    submit = forms.BooleanField(
        label=_("Submit the registration for approval now"),
        required=False,
        initial=True,
        help_text=_("Otherwise it is kept as a draft to complete."),
    )

    def clean_customer_domain(self) -> str:
        return normalize_domain(self.cleaned_data.get("customer_domain") or "")


class NoteInput(Input):
    text = forms.CharField(label=_("Note"), max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class AttributeInput(ModelInput):
    """A custom attribute's definition (channel ops). Choices: one per line, "value | English | Russian"."""

    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)

    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('For the choice kind: one per line, as "value | English label | Russian label".'),
    )

    class Meta:
        model = LeadAttribute
        fields = [
            "key",
            "label_en",
            "label_ru",
            "kind",
            "choices_text",
            "reason_en",
            "reason_ru",
            "position",
            "active",
        ]
        help_texts = {
            "reason_en": _(
                "How a score reason on this attribute reads, {value} standing for the lead's value: "
                "visited the site {value} times. Empty: the label and the value."
            ),
            "reason_ru": _("The same in Russian, such as: визиты на сайт: {value}."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The key names values already stored on leads, and the kind says how they were read.
            self.fields.pop("key", None)
            self.fields.pop("kind", None)
            if not self.is_bound:
                self.initial["choices_text"] = "\n".join(
                    " | ".join([c.get("value", ""), c.get("label_en", ""), c.get("label_ru", "")]).rstrip(
                        " |"
                    )
                    for c in self.instance.choices
                )

    def clean_choices_text(self) -> list[dict[str, str]]:
        text = self.cleaned_data.get("choices_text") or ""
        choices, seen = [], set()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            value = parts[0]
            if not value or len(value) > 100:
                raise ValidationError(
                    _("Line %(n)s: a choice needs a value of at most 100 characters.") % {"n": number},
                    code="invalid",
                )
            if value.lower() in seen:
                raise ValidationError(
                    _("Line %(n)s: %(value)s is listed twice.") % {"n": number, "value": value}
                )
            seen.add(value.lower())
            choices.append(
                {
                    "value": value,
                    "label_en": (parts[1:2] or [value])[0] or value,
                    "label_ru": (parts[2:3] or [""])[0],
                }
            )
        return choices

    def _clean_reason(self, name: str) -> str:
        phrase = (self.cleaned_data.get(name) or "").strip()
        if phrase and (phrase.count(REASON_VALUE) != 1 or phrase.replace(REASON_VALUE, "").count("{")):
            raise ValidationError(
                _("Write {value} once where the lead's value goes, and no other braces."),
                code="reason_without_value",
            )
        return phrase

    def clean_reason_en(self) -> str:
        return self._clean_reason("reason_en")

    def clean_reason_ru(self) -> str:
        return self._clean_reason("reason_ru")

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind", self.instance.kind)
        if kind == AttributeKind.CHOICE and "choices_text" in self.fields and not cleaned.get("choices_text"):
            # A rule of the kind, not a limit of the field: the field alone is optional.
            self.add_error(
                "choices_text", ValidationError(_("List the choices."), code=LeadErrorCode.CHOICES_MISSING)
            )
        return cleaned

    def save(self, commit: bool = True) -> LeadAttribute:
        self.instance.choices = self.cleaned_data.get("choices_text") or []
        return super().save(commit=commit)
