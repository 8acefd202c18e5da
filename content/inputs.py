"""The library's write actions, each one input for the staff pages and the API: an asset's description and
audience, a new version (a file, or an address for a link), a category."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from content.errors import ContentErrorCode as E
from content.models import UPLOAD_KINDS, Asset, AssetKind, Category, Language
from core.files import UploadField, allowed_types
from core.inputs import IdChoiceField, Input, ModelInput
from partners.audience import audience_form_fields

MAX_TAGS = 12
TAG_RE = re.compile(r"^[\w][\w .+&-]{0,39}$")


class TagsField(forms.Field):
    """Tags: typed comma-separated on a page, a list of strings in the API. Kept lower-case, each once."""

    widget = forms.TextInput(attrs={"placeholder": _("pricing, 2026, bikes")})
    api_type = list[str]

    def to_python(self, value: Any) -> list[str]:
        if value in self.empty_values:
            return []
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
            raise ValidationError(_("Tags are a list of words."), code="invalid")
        tags = list(dict.fromkeys(item.strip().casefold() for item in items if item.strip()))
        if len(tags) > MAX_TAGS:
            raise ValidationError(_("At most %(limit)s tags."), code="max_length", params={"limit": MAX_TAGS})
        for tag in tags:
            if not TAG_RE.match(tag):
                raise ValidationError(
                    _("“%(tag)s” is not a tag: up to 40 letters, digits, spaces and - + & ."),
                    code="invalid",
                    params={"tag": tag[:60]},
                )
        return tags

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, (list, tuple)) else value


class AssetInput(ModelInput):
    """An asset's description, shelf, audience and publication window."""

    category = IdChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    tags = TagsField(label=_("Tags"), required=False)
    products = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=Product.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Partners who may not sell any of them do not see the asset."),
    )

    class Meta:
        model = Asset
        fields = [
            "kind",
            "title_en",
            "title_ru",
            "description_en",
            "description_ru",
            "category",
            "tags",
            "products",
            "partner_types",
            "tiers",
            "regions",
            "publish_on",
            "available_until",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "publish_on": forms.DateInput(attrs={"type": "date"}),
            "available_until": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "description_en": _("Markdown."),
            "publish_on": _("Empty: the day it is published."),
            "available_until": _("The last day partners see it; empty: no end."),
        }
        error_messages = {"title_en": {"required": _("Enter the English title.")}}

    def __init__(self, *args, categories: QuerySet | None = None, products: QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in audience_form_fields().items():
            if name in self.fields:
                self.fields[name] = field
        if "category" in self.fields:
            self.fields["category"].queryset = (
                categories if categories is not None else Category.objects.none()
            )
        if "products" in self.fields:
            self.fields["products"].queryset = products if products is not None else Product.objects.none()
        if self.instance.pk and "kind" in self.fields:
            # The kind decides what its versions hold; it is chosen once.
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        # A partial change (API) compares with the day it leaves as it is.
        start = cleaned.get("publish_on") if "publish_on" in self.fields else self.instance.publish_on
        end = (
            cleaned.get("available_until")
            if "available_until" in self.fields
            else self.instance.available_until
        )
        if start and end and end < start:
            self.add_error(
                "available_until",
                ValidationError(_("The last day comes before the first."), code=E.AVAILABLE_BEFORE_PUBLISHED),
            )
        return cleaned

    # The model's checks would re-validate the JSON lists against the model field; the input has done it.
    def validate_unique(self) -> None:
        pass


class VersionInput(Input):
    """A new version of an asset in one language: a file, or for a link its address."""

    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    file = UploadField(label=_("File"), kinds=("document", "archive", "image", "video"), required=False)
    url = forms.URLField(label=_("Address"), max_length=1000, required=False, assume_scheme="https")
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args, asset: Asset | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asset = asset
        if asset is not None:
            if asset.is_link:
                del self.fields["file"]
            else:
                del self.fields["url"]
                self.fields["file"] = UploadField(
                    label=_("File"), kinds=UPLOAD_KINDS[asset.kind], required=False
                )

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) and "file" in self.fields
        has_url = bool(cleaned.get("url")) and "url" in self.fields
        if self.errors:
            return cleaned
        if has_file == has_url:
            field = "url" if "url" in self.fields else "file"
            message = (
                _("Enter the address the link opens.") if field == "url" else _("Choose the file to upload.")
            )
            self.add_error(field, ValidationError(message, code=E.FILE_OR_URL))
        return cleaned


class AssetCreateInput(AssetInput):
    """A new asset (a draft), with its first version when a file (or for a link its address) is given; a
    draft without one gets its files on its page, or through the API's versions."""

    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    file = UploadField(label=_("File"), kinds=("document", "archive", "image", "video"), required=False)
    url = forms.URLField(label=_("Address"), max_length=1000, required=False, assume_scheme="https")

    class Meta(AssetInput.Meta):
        pass

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind is None or "file" in self.errors:
            return cleaned
        upload, url = cleaned.get("file"), cleaned.get("url")
        if kind == AssetKind.LINK:
            if upload:
                self.add_error(
                    "file", ValidationError(_("A link holds an address, not a file."), code=E.FILE_OR_URL)
                )
        elif url:
            self.add_error("url", ValidationError(_("Only a link holds an address."), code=E.FILE_OR_URL))
        elif upload and upload.file_type.extension not in kind_extensions(kind):
            self.add_error(
                "file",
                ValidationError(
                    _("This kind of asset cannot be a .%(type)s file."),
                    code="file_type_not_allowed",
                    params={"type": upload.file_type.extension},
                ),
            )
        return cleaned


def kind_extensions(kind: str) -> set[str]:
    return {file_type.extension for file_type in allowed_types(UPLOAD_KINDS[kind])}


class CategoryInput(ModelInput):
    class Meta:
        model = Category
        fields = ["name_en", "name_ru"]
        error_messages = {"name_en": {"required": _("Enter the English name.")}}


def version_values(cleaned: dict[str, Any]) -> dict[str, Any]:
    """What a new AssetVersion is made of, from a version's cleaned values."""
    upload = cleaned.get("file")
    values: dict[str, Any] = {"language": cleaned["language"], "note": cleaned.get("note", "")}
    if upload:
        values |= {
            "file": upload,
            "file_type": upload.file_type.extension,
            "file_name": (upload.name or "")[:255],
            "size": upload.size,
        }
    else:
        values["url"] = cleaned["url"]
    return values
