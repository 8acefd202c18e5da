"""The partners' write actions, each one input for its page and its API operation: the company profile (a
partner admin's), the whole partner record (staff), a lifecycle step and a CAM's territories. Limits and
choices come from the model; validation happens here, once."""

from __future__ import annotations

from typing import Annotated, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from pydantic import Field

from core.actor import Actor
from core.files import UploadField
from core.inputs import IdChoiceField, Input, ModelInput
from core.normalize import normalize_domain
from core.schemas import CountryCode, OptionalCountryCode
from partners.choices import Capability, PartnerStatus, Region, Vertical
from partners.errors import PartnerErrorCode
from partners.logo import image_is_drawable
from partners.models import Partner
from partners.regions import derive_region, show_region_from_country
from partners.selectors import account_managers, distributors

MAX_COUNTRIES = 300  # a CAM's countries in one request (there are fewer, but repeats are tolerated)


def tax_id_error(tax_id: str) -> str | None:
    """Why a partner record refuses this tax id, or None (applications are checked the same way)."""
    if tax_id and not all(ch.isalnum() or ch in "-/ " for ch in tax_id):
        return gettext("A tax id may contain only letters, digits, spaces, '-' and '/'.")
    return None


class ChoiceList(forms.MultipleChoiceField):
    """Several values of a TextChoices, ticked as boxes; repeats are kept once, in the order given."""

    widget: type[forms.Widget] | forms.Widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str]:
        return list(dict.fromkeys(super().clean(value)))


class CountryList(ChoiceList):
    """ISO country codes chosen from a list (lower case is taken too)."""

    widget = forms.SelectMultiple(attrs={"size": 12})
    api_type = Annotated[
        list[CountryCode], Field(max_length=MAX_COUNTRIES, description="ISO 3166-1 alpha-2 codes")
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=countries, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        return [code.upper() for code in super().to_python(value)]


class CountryChoice(forms.ChoiceField):
    """An ISO country code (lower case is taken too in the API), or none."""

    api_type = OptionalCountryCode

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("", "—"), *countries], **kwargs)


class ProfileInput(ModelInput):
    """The company profile a partner admin edits (the portal's profile page, PATCH by a partner user)."""

    country = CountryChoice(label=_("Country"), required=False)
    verticals = ChoiceList(label=_("Verticals"), required=False, choices=Vertical.choices)
    capabilities = ChoiceList(label=_("Capabilities"), required=False, choices=Capability.choices)

    class Meta:
        model = Partner
        fields = [
            "name",
            "legal_name",
            "tax_id",
            "web_domain",
            "country",
            "city",
            "phone",
            "email",
            "size",
            "verticals",
            "capabilities",
            "description",
        ]
        labels = {"description": _("About the company")}
        widgets = {
            "web_domain": forms.TextInput(attrs={"placeholder": "example.com"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField):  # the model's choices: none is a dash
                choices = cast("list[tuple[str, Any]]", field.choices)  # the field keeps them as a list
                field.choices = [("", "—") if value == "" else (value, label) for value, label in choices]

    def clean_tax_id(self) -> str:
        value = self.cleaned_data["tax_id"]
        if message := tax_id_error(value):
            raise ValidationError(message, code="invalid")
        return value

    def clean_web_domain(self) -> str:
        return normalize_domain(self.cleaned_data["web_domain"])


class PartnerInput(ProfileInput):
    """Everything the vendor keeps about a partner (the staff's new and edit page, POST and PATCH by staff).
    Whether the distributor and the type fit together is the service's to check, on the locked row."""

    cam = IdChoiceField(label=_("Channel account manager"), required=False)
    parent = IdChoiceField(label=_("Distributor (two-tier)"), required=False)

    # No tier: it is the best tier of the partner's program memberships, changed there (programs).
    class Meta(ProfileInput.Meta):
        fields = [*ProfileInput.Meta.fields, "partner_type", "cam", "parent", "region"]

    # the vendor's fields next to the name, the region after the country; the rest as in the profile
    field_order = [
        "name",
        "legal_name",
        "partner_type",
        "cam",
        "parent",
        "tax_id",
        "web_domain",
        "country",
        "region",
    ]

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        """`actor`: whose managers and distributors may be chosen (none: the API schema is being built)."""
        super().__init__(*args, **kwargs)
        show_region_from_country(self)
        if actor is None:
            return
        choices = {
            "cam": (
                account_managers(actor=actor),
                _("The assigned manager must be a channel account manager or the channel chief."),
            ),
            "parent": (distributors(actor=actor), _("The parent must be a distributor.")),
        }
        for name, (queryset, refusal) in choices.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = queryset
                field.error_messages["invalid_choice"] = refusal
        if self.instance.pk is not None:
            # The page's choices are ids, not the row numbers a model form starts from.
            self.initial.update(cam=self.instance.cam, parent=self.instance.parent)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        derive_region(self)
        return cleaned


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = ("png", "jpg")  # what a PDF and a page can show as is; no SVG (it is code a browser runs)


class LogoInput(Input):
    """A partner's logo: a PNG or a JPEG of at most 2 MB, its type read from its content, and an image that
    can actually be drawn (checked by drawing it, as the co-branded PDFs will)."""

    logo = UploadField(
        label=_("Logo"), kinds=("image",), max_bytes=LOGO_MAX_BYTES, help_text=_("PNG or JPEG, at most 2 MB.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget.attrs["accept"] = ".png,.jpg,.jpeg"

    def clean_logo(self) -> Any:
        upload = self.cleaned_data["logo"]
        found = upload.file_type
        if found.extension not in LOGO_TYPES:
            raise ValidationError(
                _("%(found)s files cannot be uploaded here; allowed: %(allowed)s."),
                code="file_type_not_allowed",
                params={"found": found.extension.upper(), "allowed": "png, jpg"},
            )
        if not image_is_drawable(upload, extension=found.extension):
            raise ValidationError(
                _("This image could not be read: save it again as PNG or JPEG and upload it."),
                code=PartnerErrorCode.LOGO_UNREADABLE,
            )
        return upload


class StatusInput(Input):
    """A step of the lifecycle: the status it leads to (the page's buttons) and why."""

    status = forms.ChoiceField(label=_("New status"), choices=PartnerStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CamAssignInput(Input):
    """The channel account manager given to several partners at once (the directory's bulk action)."""

    cam = IdChoiceField(label=_("Channel account manager"))

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actor is not None:
            field = cast(forms.ModelChoiceField, self.fields["cam"])
            field.queryset = account_managers(actor=actor)
            field.error_messages["invalid_choice"] = _(
                "The assigned manager must be a channel account manager or the channel chief."
            )


class TerritoryInput(Input):
    """The whole set of regions and countries one channel account manager looks after: what is not listed
    is no longer held."""

    regions = ChoiceList(
        label=_("Regions"),
        required=False,
        choices=Region.choices,
        help_text=_("Partners from anywhere in a region, unless a country is held by someone."),
    )
    countries = CountryList(
        label=_("Countries"),
        required=False,
        help_text=_("More specific than a region: a country's partners go to whoever holds the country."),
    )
