"""Which sales region a country belongs to: the region of a partner, an applicant and a prospect follows from
its country (it is shown on the forms, not typed). One table, read by the inputs (`derive_region`) and the
page (`region_map`, for forms.js to show the region as the country is chosen).

The split is the one channel programmes commonly use: Mexico, Central America and the Caribbean with Latin
America; Turkey, Ukraine, Georgia and the Balkans with Europe; the CIS members (and Turkmenistan) in their own
region; the Middle East with Africa; South Asia and Oceania with Asia Pacific. Uninhabited territories
(Antarctica, Bouvet Island …) belong to none."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partners.choices import Region

_REGIONS: dict[Region, str] = {
    Region.NORTH_AMERICA: "US CA BM GL PM UM",
    Region.LATIN_AMERICA: (
        "MX GT BZ SV HN NI CR PA CU DO HT JM PR BS BB TT AG DM GD KN LC VC AI AW BQ CW SX MF BL GP MQ MS "
        "TC VG VI KY AR BO BR CL CO EC GY PY PE SR UY VE GF FK"
    ),
    Region.EUROPE: (
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE GB IS LI NO CH "
        "AD MC SM VA AL BA ME MK RS UA GE TR FO GI GG IM JE AX SJ"
    ),
    Region.CIS: "RU BY KZ KG TJ UZ AM AZ MD TM",
    Region.MIDDLE_EAST_AFRICA: (
        "AE SA QA KW BH OM YE IQ IR IL JO LB SY PS EG LY TN DZ MA EH SD SS MR ML NE TD NG GH CI SN GM GW "
        "GN SL LR BF TG BJ CV ST GQ GA CG CD CF CM AO ZM ZW MW MZ NA BW ZA LS SZ MG MU SC KM YT RE ET ER "
        "DJ SO KE UG TZ RW BI SH IO"
    ),
    Region.ASIA_PACIFIC: (
        "CN HK MO TW JP KR KP MN IN PK BD LK NP BT MV AF ID MY SG TH VN PH KH LA MM BN TL AU NZ PG FJ SB VU "
        "NC PF WS TO TV KI NR MH FM PW CK NU TK WF PN NF CX CC GU MP AS"
    ),
}

COUNTRY_REGIONS: Mapping[str, Region] = {
    code: region for region, codes in _REGIONS.items() for code in codes.split()
}


def region_for_country(country: str | None) -> Region | None:
    """The region of an ISO country code (any case), or None for none or a territory of no region."""
    return COUNTRY_REGIONS.get(str(country or "").strip().upper())


def region_map() -> dict[str, str]:
    """Country code → the region's label in the active language (what the page shows as it is chosen)."""
    labels = {region: str(region.label) for region in Region}
    return {code: labels[region] for code, region in COUNTRY_REGIONS.items()}


class RegionFromCountry(forms.Select):
    """The region as the page shows it: a read-only box with the region of the chosen country, kept up to
    date by forms.js as the country changes. It posts nothing (no name): the input derives the region. The API
    binds the same input from JSON, where a region sent along must agree with the country."""

    def __init__(self, *, country_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.country_id = country_id

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        labels = dict(self.choices)
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.pop("required", None)
        return format_html(
            '<input type="text" readonly class="derived" id="{}" value="{}" data-region-from="{}" '
            'data-regions="{}" data-no-region="{}"{}>',
            attrs.pop("id", ""),
            labels.get(value or "", "") if value else "",
            self.country_id,
            json.dumps(region_map(), ensure_ascii=False),
            "",
            flatatt({k: v for k, v in attrs.items() if k.startswith("aria-")}),
        )

    def use_required_attribute(self, initial: Any) -> bool:
        return False


def derive_region(form: forms.BaseForm, *, country_field: str = "country") -> None:
    """In an input's `clean()`: the region follows the country. The page posts no region, so it is the
    country's (with no country, or one of no region, it stays as it was). The API may state one: a region
    sent is kept as sent, and an empty one in a partial update (PATCH) clears it."""
    cleaned = form.cleaned_data
    country = cleaned.get(country_field)
    derived = region_for_country(country)
    if "region" not in form.fields:
        # A partial update that changes the country moves the region with it.
        if country_field in form.fields and derived is not None:
            cleaned["region"] = derived.value
        return
    if cleaned.get("region") or (getattr(form, "partial", False) and "region" in form.data):
        return
    if derived is not None:
        cleaned["region"] = derived.value
    else:
        cleaned["region"] = getattr(getattr(form, "instance", None), "region", "") or ""
    if country and not cleaned["region"] and getattr(form.fields["region"], "needed", False):
        form.add_error(
            country_field,
            ValidationError(_("Choose the country where the company is based."), code="invalid_choice"),
        )


def show_region_from_country(form: forms.BaseForm, *, country_field: str = "country") -> None:
    """In an input's `__init__`: the region is shown, derived, not typed (the API may still send one)."""
    field = form.fields.get("region")
    if field is None or country_field not in form.fields:
        return
    field.needed = field.required  # type: ignore[attr-defined]  # the record needs a region: from the country
    field.required = False
    field.widget = RegionFromCountry(
        country_id=form[country_field].auto_id,
        choices=field.choices,  # type: ignore[attr-defined]
    )
    field.help_text = _("Follows from the country.")
