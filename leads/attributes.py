"""Custom lead attributes: how a value of each kind is read, checked and shown.

One parser (`parse_value`) serves the lead form, the API and the import, so "12,5", "yes" or "31.12.2026" mean
the same wherever they are typed. Values are stored in `Lead.attributes` as JSON: text and choice values as
strings, numbers as numbers, dates as ISO strings, yes/no as booleans.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import Field

from leads.errors import LeadErrorCode as E
from leads.models import AttributeKind, LeadAttribute

TEXT_LENGTH = 500
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "on", "да", "д", "истина"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "off", "нет", "н", "ложь"})
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d")


def _invalid(attribute: LeadAttribute, message: str) -> ValidationError:
    return ValidationError(
        _("%(label)s: %(message)s") % {"label": attribute.label, "message": message}, code=E.ATTRIBUTE_INVALID
    )


def parse_number(raw: str) -> float | int | None:
    """A number as people type it: "1234.5", "1 234,5", "1,234.5"; None when it is not one."""
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(",", "")  # "1,234.5": commas group thousands
    elif text.count(",") == 1:
        text = text.replace(",", ".")  # "12,5": a decimal comma
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else float(number)


def parse_date(raw: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_value(attribute: LeadAttribute, raw: Any) -> Any:
    """The value to store for `raw` (what was typed, or a JSON value), None for nothing; a coded
    ValidationError naming the attribute when it is not a value of its kind."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = attribute.kind
    if kind == AttributeKind.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _invalid(attribute, _("answer yes or no."))
    if kind == AttributeKind.NUMBER:
        if isinstance(raw, bool):
            raise _invalid(attribute, _("enter a number."))
        number = parse_number(str(raw))
        if number is None:
            raise _invalid(attribute, _("enter a number."))
        return number
    if kind == AttributeKind.DATE:
        day = raw if isinstance(raw, date) else parse_date(str(raw))
        if day is None:
            raise _invalid(attribute, _("enter a date such as 2026-12-31 or 31.12.2026."))
        return day.isoformat()
    text = str(raw).strip()
    if kind == AttributeKind.CHOICE:
        for choice in attribute.choices:
            names = {str(choice.get(k, "")).strip().lower() for k in ("value", "label_en", "label_ru")}
            if text.lower() in names - {""}:
                return choice["value"]
        raise _invalid(
            attribute,
            _("choose one of: %(choices)s.") % {"choices": ", ".join(c["value"] for c in attribute.choices)},
        )
    if len(text) > TEXT_LENGTH:
        raise _invalid(attribute, _("at most %(n)s characters.") % {"n": TEXT_LENGTH})
    return text


def display_value(attribute: LeadAttribute, value: Any) -> str:
    """A stored value in the reader's language."""
    if value is None or value == "":
        return ""
    if attribute.kind == AttributeKind.BOOLEAN:
        return _("Yes") if value else _("No")
    if attribute.kind == AttributeKind.CHOICE:
        return attribute.choice_label(str(value))
    if attribute.kind == AttributeKind.DATE:
        day = parse_date(str(value))
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if attribute.kind == AttributeKind.NUMBER and isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def active_attributes() -> list[LeadAttribute]:
    return list(LeadAttribute.objects.filter(active=True).order_by("position", "key"))


def shown_attributes(lead, definitions: list[LeadAttribute]) -> list[tuple[str, str]]:
    """(label, value) of the lead's attributes that have a value, in the definitions' order."""
    values = lead.attributes or {}
    return [
        (d.label, display_value(d, values[d.key])) for d in definitions if values.get(d.key) not in (None, "")
    ]


class AttributeValuesWidget(forms.Widget):
    """One input per active attribute on the page (posted as `attributes__<key>`); the API sends a dict."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.definitions: list[LeadAttribute] = []

    def value_from_datadict(self, data, files, name):
        given = data.get(name)
        if isinstance(given, dict):
            return given
        prefix = f"{name}__"
        return {key[len(prefix) :]: data.get(key) for key in data if key.startswith(prefix)} or None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(key.startswith(f"{name}__") for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        values = value if isinstance(value, dict) else {}
        rows = []
        for d in self.definitions:
            field_name = f"{name}__{d.key}"
            current = values.get(d.key)
            field_id = f"id_{field_name}"
            if d.kind == AttributeKind.CHOICE:
                options = format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (c["value"], " selected" if c["value"] == current else "", d.choice_label(c["value"]))
                        for c in d.choices
                    ),
                )
                control = format_html(
                    '<select name="{}" id="{}"><option value="">—</option>{}</select>',
                    field_name,
                    field_id,
                    options,
                )
            elif d.kind == AttributeKind.BOOLEAN:
                selected = {True: "yes", False: "no"}.get(current, "")
                control = format_html(
                    '<select name="{}" id="{}"><option value="">—</option>'
                    '<option value="yes"{}>{}</option><option value="no"{}>{}</option></select>',
                    field_name,
                    field_id,
                    " selected" if selected == "yes" else "",
                    _("Yes"),
                    " selected" if selected == "no" else "",
                    _("No"),
                )
            else:
                input_type = {AttributeKind.DATE: "date", AttributeKind.NUMBER: "text"}.get(d.kind, "text")
                control = format_html(
                    '<input type="{}" name="{}" id="{}" value="{}" inputmode="{}">',
                    input_type,
                    field_name,
                    field_id,
                    "" if current is None else current,
                    "decimal" if d.kind == AttributeKind.NUMBER else "text",
                )
            rows.append(format_html('<p><label for="{}">{}</label>{}</p>', field_id, d.label, control))
        return format_html_join("", "{}", ((row,) for row in rows))


class AttributeValuesField(forms.Field):
    """The custom attributes of a lead: {key: value}. Unknown keys and values of the wrong kind are coded
    errors naming the attribute; a key given empty clears the value."""

    widget = AttributeValuesWidget
    api_type = Annotated[
        dict[str, Any],
        Field(
            description="Custom attributes by key (GET /api/leads/attributes): text, number, choice value, "
            'ISO date or true/false; null or "" clears one'
        ),
    ]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("More about the lead"))
        super().__init__(**kwargs)
        self.definitions: list[LeadAttribute] = []

    def set_definitions(self, definitions: list[LeadAttribute]) -> None:
        self.definitions = definitions
        self.widget.definitions = definitions

    def to_python(self, value):
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise ValidationError(_("Send the attributes as an object of key: value."), code="invalid")
        by_key = {d.key: d for d in self.definitions}
        values: dict[str, Any] = {}
        errors = []
        for key, raw in value.items():
            attribute = by_key.get(str(key))
            if attribute is None:
                errors.append(
                    ValidationError(
                        _("There is no lead attribute %(key)s.") % {"key": key}, code=E.ATTRIBUTE_INVALID
                    )
                )
                continue
            try:
                values[attribute.key] = parse_value(attribute, raw)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return values
