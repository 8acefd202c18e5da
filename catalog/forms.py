from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import ChannelEligibility, ProductFamily
from catalog.selectors import family_list
from core.money import Currency

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ProductForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), max_length=40, help_text=_("Letters, digits, '-' and '_'; unique."))
    name = forms.CharField(label=_("Name"), max_length=200)
    family = forms.ModelChoiceField(
        label=_("Family"), queryset=ProductFamily.objects.none(), to_field_name="public_id"
    )
    list_price = forms.CharField(
        label=_("List price"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.USD)
    channel_eligibility = forms.ChoiceField(
        label=_("Channel eligibility"), choices=ChannelEligibility.choices, initial=ChannelEligibility.BOTH
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = family_list(actor=actor)

    @classmethod
    def initial_for(cls, product) -> dict:
        initial = {name: getattr(product, name) for name in cls.base_fields}
        return initial | {"family": product.family.public_id, "list_price": f"{product.list_price:.2f}"}


class FamilyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False)
    text = forms.CharField(
        label=_("…or paste the CSV"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            try:
                cleaned["csv"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("Save the file as UTF-8 text and upload it again.")) from exc
        elif cleaned.get("text", "").strip():
            cleaned["csv"] = cleaned["text"]
        else:
            raise forms.ValidationError(_("Choose a CSV file or paste its contents."))
        return cleaned


class ImportConfirmForm(forms.Form):
    csv = forms.CharField(widget=forms.HiddenInput, strip=False)
