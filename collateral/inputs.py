"""The collateral templates' write actions, each one input for the page and the API: the template (its
texts, audience and Typst source: a changed source is a new version), and a preview or download request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from collateral.models import CollateralTemplate, Language
from collateral.render import MAX_SOURCE, check_compiles
from core.inputs import Input, ModelInput
from partners.audience import audience_form_fields

SOURCE_HELP = _(
    "Typst markup. The partner's details are inputs: sys.inputs.partner_name, partner_address, "
    "partner_phone, partner_email, partner_website, rep_name, rep_email (whoever downloads it), language, "
    'and logo (a file name, "" when the partner has none: draw it with #image(sys.inputs.logo) inside '
    '#if sys.inputs.logo != "" { … }). It is checked against a sample partner, with and without a logo.'
)


class TemplateInput(ModelInput):
    """A template: created with its first version, or changed (a changed source adds a version)."""

    source_en = forms.CharField(
        label=_("Typst source (English)"),
        max_length=MAX_SOURCE,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"}),
        help_text=SOURCE_HELP,
    )
    source_ru = forms.CharField(
        label=_("Typst source (Russian)"),
        max_length=MAX_SOURCE,
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"}),
        help_text=_("Optional: without it, Russian readers get the English version."),
    )

    _audience = audience_form_fields()
    partner_types = _audience["partner_types"]
    tiers = _audience["tiers"]
    regions = _audience["regions"]

    class Meta:
        model = CollateralTemplate
        fields = [
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "partner_types",
            "tiers",
            "regions",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "description_ru": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"title_en": {"required": _("Give the template a title.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = self.instance.versions.order_by("-number").first() if self.instance.pk else None
        if latest is not None:
            self.initial.setdefault("source_en", latest.source_en)
            self.initial.setdefault("source_ru", latest.source_ru)

    def clean_source_en(self) -> str:
        source = self.cleaned_data["source_en"]
        check_compiles(source, language=Language.EN)
        return source

    def clean_source_ru(self) -> str:
        source = self.cleaned_data["source_ru"]
        if source.strip():
            check_compiles(source, language=Language.RU)
        return source


class DownloadInput(Input):
    """Which language a co-branded file is made in."""

    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)


class PreviewInput(Input):
    """A staff preview: the newest version printed for a chosen partner, in one language."""

    partner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, to_field_name="public_id"
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        if partners is not None:
            field.queryset = partners
