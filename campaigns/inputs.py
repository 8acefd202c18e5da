"""The write actions of campaigns, each one input for the staff page and the API: a kit (written or
changed), one of its messages, and a launch (the API names the kit; the page has it in its URL)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.errors import CampaignErrorCode as E
from campaigns.models import IMAGE_MAX_BYTES, CampaignKit, FormField, KitMessage, MessageKind
from campaigns.placeholders import PLACEHOLDERS, check_placeholders
from collateral.models import CollateralTemplate
from content.models import Asset
from core.files import UploadField
from core.inputs import IdChoiceField, IdMultipleChoiceField, Input, ModelInput
from partners.audience import audience_form_fields

_AUDIENCE = audience_form_fields()
PLACEHOLDER_HELP = _("Placeholders: %(names)s.") % {"names": ", ".join("{" + n + "}" for n in PLACEHOLDERS)}
MARKDOWN_HELP = _("Markdown; each line starting with ## begins a section. Placeholders as in the texts.")


class KitInput(ModelInput):
    """A campaign kit: what it is, whom it is for, what it holds and its landing page."""

    partner_types = _AUDIENCE["partner_types"]
    tiers = _AUDIENCE["tiers"]
    regions = _AUDIENCE["regions"]
    assets = IdMultipleChoiceField(
        label=_("Library assets"),
        queryset=Asset.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    templates = IdMultipleChoiceField(
        label=_("Co-branded PDFs"),
        queryset=CollateralTemplate.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Collateral templates each launching partner downloads with its logo and contacts."),
    )
    image = UploadField(
        label=_("Landing page image"),
        kinds=("image",),
        max_bytes=IMAGE_MAX_BYTES,
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB."),
    )
    form_fields = forms.MultipleChoiceField(
        label=_("Lead form fields"),
        choices=FormField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Company, name and email are always asked."),
    )

    class Meta:
        model = CampaignKit
        fields = [
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "partner_types",
            "tiers",
            "regions",
            "assets",
            "templates",
            "landing_en",
            "landing_ru",
            "image",
            "form_fields",
        ]
        labels = {
            "title_en": _("Title (English)"),
            "title_ru": _("Title (Russian)"),
            "description_en": _("Description (English)"),
            "description_ru": _("Description (Russian)"),
            "landing_en": _("Landing page (English)"),
            "landing_ru": _("Landing page (Russian)"),
        }
        help_texts = {
            "landing_en": MARKDOWN_HELP,
            "landing_ru": _("Optional: Russian visitors see the English page when it is empty."),
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
            "landing_en": forms.Textarea(attrs={"rows": 10}),
            "landing_ru": forms.Textarea(attrs={"rows": 10}),
        }
        error_messages = {"title_en": {"required": _("Give the kit a title.")}}

    def __init__(
        self,
        *args: Any,
        assets: QuerySet | None = None,
        templates: QuerySet | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        for name, queryset in (("assets", assets), ("templates", templates)):
            if name in self.fields and queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
            if name in self.fields and self.instance.pk is not None and not self.is_bound:
                self.initial[name] = [o.public_id for o in getattr(self.instance, name).all()]

    def clean_landing_en(self) -> str:
        return check_placeholders(self.cleaned_data.get("landing_en") or "")

    def clean_landing_ru(self) -> str:
        return check_placeholders(self.cleaned_data.get("landing_ru") or "")

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        file_type = getattr(image, "file_type", None)
        if file_type is not None and file_type.extension not in ("png", "jpg"):
            raise forms.ValidationError(_("Upload a PNG or JPEG image."), code=E.IMAGE_TYPE)
        return image


class MessageInput(ModelInput):
    """An email template or a social post of a kit, in English and Russian, with placeholders."""

    class Meta:
        model = KitMessage
        fields = ["kind", "subject_en", "subject_ru", "body_en", "body_ru"]
        labels = {
            "kind": _("Kind"),
            "subject_en": _("Subject (English)"),
            "subject_ru": _("Subject (Russian)"),
            "body_en": _("Text (English)"),
            "body_ru": _("Text (Russian)"),
        }
        help_texts = {
            "subject_en": _("Emails only."),
            "body_en": PLACEHOLDER_HELP,
            "body_ru": _("Optional: Russian-speaking partners get the English text when it is empty."),
        }
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "body_ru": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {"body_en": {"required": _("Write the text.")}}

    def _placeholders(self, name: str) -> str:
        return check_placeholders(self.cleaned_data.get(name) or "")

    def clean_subject_en(self) -> str:
        return self._placeholders("subject_en")

    def clean_subject_ru(self) -> str:
        return self._placeholders("subject_ru")

    def clean_body_en(self) -> str:
        return self._placeholders("body_en")

    def clean_body_ru(self) -> str:
        return self._placeholders("body_ru")

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        kind = self.cleaned_data.get("kind", self.instance.kind)
        subject = self.cleaned_data.get("subject_en", self.instance.subject_en)
        if kind == MessageKind.EMAIL and not (subject or "").strip() and "subject_en" not in self.errors:
            self.add_error(
                "subject_en", forms.ValidationError(_("An email needs a subject."), code=E.SUBJECT_MISSING)
            )
        return cleaned


class LaunchInput(Input):
    """A launch through the API: the kit (a published one meant for the caller's company)."""

    kit = IdChoiceField(label=_("Kit"), queryset=CampaignKit.objects.none(), to_field_name="public_id")

    def __init__(self, *args: Any, kits: QuerySet | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if kits is not None:
            self.fields["kit"].queryset = kits  # type: ignore[attr-defined]
