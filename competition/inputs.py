"""The inputs of the competing vendors' write actions (a vendor, a line) and of a partner's declaration: each
one used by its page form and its API endpoint, the declaration also as a row of the application form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.forms.formsets import BaseFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.errors import CompetitionErrorCode as E
from competition.models import SHARE_MAX, CompetingLine, CompetingVendor, family_model
from core.inputs import IdChoiceField, IdMultipleChoiceField, Input, ModelInput
from core.normalize import normalize_domain
from matching.normalize import name_key

FIRST_YEAR = 1950
MAX_DECLARATIONS = 30


def _key_of(name: str) -> str:
    key = name_key(name)
    if not key:
        raise ValidationError(_("Enter a name with letters or digits."), code="invalid")
    return key


class VendorInput(ModelInput):
    """A competing vendor: created (every field) or changed (the API may send only some)."""

    class Meta:
        model = CompetingVendor
        fields = ["name", "web_domain", "is_active"]
        labels = {"name": _("Name"), "web_domain": _("Web domain"), "is_active": _("Active")}
        widgets = {"web_domain": forms.TextInput(attrs={"placeholder": "example.com"})}
        error_messages = {"name": {"required": _("Enter the vendor's name.")}}

    def validate_unique(self) -> None:
        pass  # the name's key is checked by clean_name, with a message that names the clash

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        key = _key_of(name)
        clash = CompetingVendor.objects.filter(name_key=key).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise ValidationError(
                _("The vendor %(name)s is already on the list.") % {"name": clash.name}, code=E.NAME_TAKEN
            )
        return name

    def clean_web_domain(self) -> str:
        return normalize_domain(self.cleaned_data.get("web_domain") or "")


class LineInput(ModelInput):
    """A product line of a vendor (given by the page's address or the API's path), and our product families
    it competes with."""

    families = IdMultipleChoiceField(
        label=_("Competes with our product families"),
        queryset=CompetingLine.objects.none(),  # set in __init__: the catalogue's families
        required=False,
        help_text=_(
            "A registration for products of these families is a competitive deal for a partner that sells "
            "this line."
        ),
    )

    class Meta:
        model = CompetingLine
        fields = ["name", "families", "is_active"]
        labels = {"name": _("Name"), "is_active": _("Active")}
        error_messages = {"name": {"required": _("Enter the product line's name.")}}

    def __init__(self, *args: Any, vendor: CompetingVendor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor if vendor is not None else getattr(self.instance, "vendor", None)
        field = self.fields.get("families")
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = family_model().objects.order_by("name")
            field.error_messages["invalid_choice"] = _("Choose product families of the catalogue.")
        if self.instance.pk is not None:
            self.initial["families"] = [f.public_id for f in self.instance.families.all()]

    def validate_unique(self) -> None:
        pass

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        key = _key_of(name)
        if self.vendor is not None:
            clash = (
                CompetingLine.objects.filter(vendor=self.vendor, name_key=key)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    _("%(vendor)s already has the line %(name)s.")
                    % {"vendor": self.vendor.name, "name": clash.name},
                    code=E.NAME_TAKEN,
                )
        return name


class VendorChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class LineChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.vendor.name} — {obj.name}"


def this_year() -> int:
    return timezone.localdate().year


class DeclarationInput(Input):
    """One competing vendor a partner sells: one of its lines, or (no line) its products in general; since
    which year and what share of the business, if the partner wants to say."""

    vendor_id = VendorChoiceField(
        label=_("Vendor"),
        queryset=CompetingVendor.objects.none(),
        error_messages={"required": _("Choose the vendor.")},
    )
    line_id = LineChoiceField(
        label=_("Product line"),
        queryset=CompetingLine.objects.none(),
        required=False,
        empty_label=_("All of the vendor's products"),
    )
    since = forms.IntegerField(
        label=_("Since (year)"),
        required=False,
        min_value=FIRST_YEAR,
        # The schema's limit; the real one (this year) moves, so clean_since checks it ("year_in_future").
        max_value=2100,
    )
    share = forms.IntegerField(
        label=_("Share of your business (%)"),
        required=False,
        min_value=0,
        max_value=SHARE_MAX,
        help_text=_("Optional: roughly what share of your sales it makes."),
    )

    def __init__(
        self,
        *args: Any,
        vendors: QuerySet[CompetingVendor] | None = None,
        lines: QuerySet[CompetingLine] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        vendor_field, line_field = self.fields.get("vendor_id"), self.fields.get("line_id")
        if isinstance(vendor_field, forms.ModelChoiceField):
            vendor_field.queryset = vendors if vendors is not None else offered_vendors()
            vendor_field.error_messages["invalid_choice"] = _("Choose a vendor of the list.")
        if isinstance(line_field, forms.ModelChoiceField):
            line_field.queryset = lines if lines is not None else offered_lines()
            line_field.error_messages["invalid_choice"] = _("Choose a product line of the list.")

    @classmethod
    def initial_for(cls, declaration: Any) -> dict[str, Any]:
        return {
            "vendor_id": declaration.vendor.public_id,
            "line_id": declaration.line.public_id if declaration.line_id else None,
            "since": declaration.since,
            "share": declaration.share,
        }

    def clean_since(self) -> int | None:
        since = self.cleaned_data.get("since")
        if since is not None and since > this_year():
            raise ValidationError(_("The year cannot be in the future."), code=E.YEAR_IN_FUTURE)
        return since

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        vendor, line = data.get("vendor_id"), data.get("line_id")
        if vendor is not None and line is not None and line.vendor_id != vendor.pk:
            self.add_error(
                "line_id",
                ValidationError(
                    _("%(line)s is not a product line of %(vendor)s.")
                    % {"line": line.name, "vendor": vendor.name},
                    code=E.LINE_NOT_OF_VENDOR,
                ),
            )
        return data


def offered_vendors() -> QuerySet[CompetingVendor]:
    """The vendors anyone may declare: the active ones (public, like the list itself)."""
    return CompetingVendor.objects.filter(is_active=True).order_by("name")


def offered_lines() -> QuerySet[CompetingLine]:
    return (
        CompetingLine.objects.filter(is_active=True, vendor__is_active=True)
        .select_related("vendor")
        .order_by("vendor__name", "name")
    )


class BaseDeclarationFormSet(BaseFormSet):
    """The competing products of an application: at most one row per vendor and line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["too_many_forms"] = _("At most %(num)d competing products.")  # type: ignore[attr-defined]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[int, int | None]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("vendor_id") is None:
                continue
            key = (data["vendor_id"].pk, data["line_id"].pk if data.get("line_id") else None)
            if key in seen:
                raise ValidationError(_("Each competing product once, please."), code=E.ALREADY_DECLARED)
            seen.add(key)


DeclarationFormSet = formset_factory(
    DeclarationInput,
    formset=BaseDeclarationFormSet,
    extra=1,
    max_num=MAX_DECLARATIONS,
    validate_max=True,
    can_delete=True,
)
