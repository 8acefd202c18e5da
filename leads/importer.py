"""The leads import: a CSV of leads (historical closed ones too) with their custom attributes, through the
generic `imports` flow. Staff with `leads.manage` run it.

Columns may go to the lead's standard fields, to an existing custom attribute ("attr:<key>", parsed by its
kind), or become a new custom attribute (its kind inferred from the column's values in the dry run, the
definition created when the import starts). Placeholders such as "Select" count as empty. Rows are written
with `source=import` (unless a column says otherwise) through `core.db.insert_rows` (COPY on PostgreSQL), the
products of interest through the M2M's own table; `after_import` then gets the new leads' ids.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from catalog.models import Product
from core.db import insert_rows
from core.normalize import normalize_domain
from imports.models import ImportJob
from imports.registry import NEW_ATTRIBUTE, Importer, RowError, TargetField, register
from leads.models import Lead, LeadAttribute
from leads.models.lead import AttributeKind, LeadSource, LeadStatus, LostReason
from partners.choices import CompanySize, Region, Vertical
from partners.regions import region_for_country

PLACEHOLDERS = frozenset({"select", "выберите", "выбрать", "-", "—", "n/a", "null", "none", "nan"})
TRUE_WORDS = frozenset({"yes", "true", "1", "y", "да", "д", "истина"})
FALSE_WORDS = frozenset({"no", "false", "0", "n", "нет", "н", "ложь"})
IMPORT_STATUSES = (LeadStatus.NEW, LeadStatus.CONVERTED, LeadStatus.LOST)
# Names in common use that are not django_countries' own.
COUNTRY_ALIASES = {
    "usa": "US",
    "united states": "US",
    "сша": "US",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "russia": "RU",
    "russian federation": "RU",
    "россия": "RU",
    "south korea": "KR",
    "czech republic": "CZ",
    "vietnam": "VN",
    "iran": "IR",
    "uae": "AE",
}
# What a refused value is called in its message (made once: rows are many).
_LABEL_THE_COMPANY = gettext_lazy("The company")
_LABEL_THE_CONTACT_NAME = gettext_lazy("The contact name")
_LABEL_THE_JOB_TITLE = gettext_lazy("The job title")
_LABEL_THE_PHONE = gettext_lazy("The phone")
_LABEL_THE_SOURCE_DETAIL = gettext_lazy("The source detail")
_LABEL_REGION = gettext_lazy("region")
_LABEL_VERTICAL = gettext_lazy("vertical")
_LABEL_COMPANY_SIZE = gettext_lazy("company size")
_LABEL_SOURCE = gettext_lazy("source")
_LABEL_LOST_REASON = gettext_lazy("lost reason")
_LABEL_STATUS = gettext_lazy("status")
CHOICE_INFER_MAX = 50  # a new attribute with at most this many distinct values is a choice
TEXT_MAX = 1000
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
# The common spellings, checked without the general validators (which then judge the rest).
_SIMPLE_SITE = re.compile(
    r"^(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})/?$"
)
_SIMPLE_EMAIL = re.compile(
    r"^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def after_import(lead_ids: list[int]) -> None:
    """Leads just imported: scored and routed in the background, a chunk of them per task."""
    from leads.tasks import IMPORTED_CHUNK, process_imported_leads

    for start in range(0, len(lead_ids), IMPORTED_CHUNK):
        process_imported_leads.enqueue(lead_ids=lead_ids[start : start + IMPORTED_CHUNK])


# --- parsing of values ------------------------------------------------------------------------------------


def is_blank(value: str) -> bool:
    return not value or value.strip().lower() in PLACEHOLDERS


def parse_number(value: str) -> float | int | None:
    """ "1 234,5", "1,234.5", "1.234,5", "12" → a number, or None. A lone comma is a decimal comma."""
    text = _SPACES.sub("", value)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return None
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def parse_boolean(value: str) -> bool | None:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_date(value: str) -> str | None:
    """ISO (2026-03-01, with or without a time after it) or dd.mm.yyyy / dd/mm/yyyy → "YYYY-MM-DD"."""
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DOTTED_DATE.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _choice_lookup(choices) -> dict[str, str]:
    """Lower-cased value and labels (English and Russian) → value."""
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        with translation.override("en"):
            lookup[str(label).lower()] = value
        with translation.override("ru"):
            lookup[str(label).lower()] = value
    return lookup


def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for language in ("en", "ru"):
        with translation.override(language):
            for code, name in countries:
                lookup[str(name).lower()] = code
    for code, _name in countries:
        lookup[code.lower()] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            lookup[alpha3.lower()] = code
    lookup.update(COUNTRY_ALIASES)
    return lookup


def _attribute_choices(attribute: LeadAttribute) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for choice in attribute.choices or []:
        value = str(choice.get("value", ""))
        for text in (value, choice.get("label_en"), choice.get("label_ru")):
            if text:
                lookup[str(text).strip().lower()] = value
    return lookup


class _ColumnKind:
    """What a new attribute's column could be, narrowed value by value in the dry run."""

    def __init__(self) -> None:
        self.number = self.boolean = self.date = True
        self.values: dict[str, str] = {}  # lower-cased → as first written
        self.seen = 0

    def observe(self, value: str) -> None:
        self.seen += 1
        if self.boolean and parse_boolean(value) is None:
            self.boolean = False
        if self.number and parse_number(value) is None:
            self.number = False
        if self.date and parse_date(value) is None:
            self.date = False
        if len(self.values) <= CHOICE_INFER_MAX:
            self.values.setdefault(value.lower(), value)

    def kind(self) -> dict[str, Any]:
        if not self.seen:
            return {"kind": AttributeKind.TEXT}
        words = set(self.values)
        if self.boolean and not words <= {"0", "1"}:
            return {"kind": AttributeKind.BOOLEAN}
        if self.number:
            return {"kind": AttributeKind.NUMBER}
        if self.date:
            return {"kind": AttributeKind.DATE}
        if self.boolean:
            return {"kind": AttributeKind.BOOLEAN}
        if len(self.values) <= CHOICE_INFER_MAX and self.seen >= 2 * len(self.values):
            return {"kind": AttributeKind.CHOICE, "choices": sorted(self.values.values())}
        return {"kind": AttributeKind.TEXT}


# --- the importer ----------------------------------------------------------------------------------------


@register
class LeadImporter(Importer):
    key = "leads"
    label = gettext_lazy("Leads")
    permission = "leads.manage"
    creates_attributes = True
    batch_size = 2000

    def fields(self) -> list[TargetField]:
        text = gettext_lazy
        return [
            TargetField(
                "company_name",
                text("Company"),
                required=True,
                aliases=("company", "account", "organisation", "organization", "компания", "организация"),
            ),
            TargetField("domain", text("Web domain"), aliases=("website", "web site", "site", "url", "сайт")),
            TargetField(
                "country",
                text("Country"),
                kind="choice",
                help=text("ISO code or name, English or Russian"),
                aliases=("страна",),
            ),
            TargetField(
                "region",
                text("Region"),
                kind="choice",
                choices=tuple(Region.choices),
                help=text("Follows from the country when left empty"),
                aliases=("регион",),
            ),
            TargetField(
                "vertical",
                text("Vertical"),
                kind="choice",
                choices=tuple(Vertical.choices),
                aliases=("industry", "отрасль"),
            ),
            TargetField(
                "company_size",
                text("Size"),
                kind="choice",
                choices=tuple(CompanySize.choices),
                aliases=("company size", "employees", "размер"),
            ),
            TargetField(
                "contact_name",
                text("Contact name"),
                aliases=("name", "full name", "contact", "имя", "контакт"),
            ),
            TargetField(
                "contact_email",
                text("Contact email"),
                kind="email",
                aliases=("email", "e-mail", "mail", "почта"),
            ),
            TargetField("contact_phone", text("Contact phone"), aliases=("phone", "telephone", "телефон")),
            TargetField("contact_title", text("Job title"), aliases=("title", "position", "должность")),
            TargetField(
                "products",
                text("Products of interest"),
                kind="list",
                help=text("SKUs separated by ; or ,"),
                aliases=("products", "sku", "skus", "продукты"),
            ),
            TargetField(
                "source",
                text("Source"),
                kind="choice",
                choices=tuple(LeadSource.choices),
                help=text("Import when left empty"),
                aliases=("источник",),
            ),
            TargetField("source_detail", text("Source detail"), aliases=("campaign", "кампания")),
            TargetField(
                "notes", text("Notes"), aliases=("note", "comment", "comments", "заметки", "комментарий")
            ),
            TargetField(
                "status",
                text("Status"),
                kind="choice",
                choices=tuple((s.value, s.label) for s in IMPORT_STATUSES),
                help=text("new, converted or lost (closed leads of the past)"),
                aliases=("статус",),
            ),
            TargetField(
                "lost_reason",
                text("Lost reason"),
                kind="choice",
                choices=tuple(LostReason.choices),
                aliases=("reason lost", "причина"),
            ),
        ]

    def extra_targets(self) -> list[TargetField]:
        return [
            TargetField(
                f"attr:{attribute.key}",
                _("Attribute: %(label)s") % {"label": attribute.label},
                kind=attribute.kind,
                aliases=(attribute.key, attribute.label_en, attribute.label_ru),
            )
            for attribute in LeadAttribute.objects.filter(active=True)
        ]

    # --- preparing

    def prepare(self, job: ImportJob, *, writing: bool) -> None:
        self.job = job
        self.countries = _country_lookup()
        self.regions = _choice_lookup(Region.choices)
        self.verticals = _choice_lookup(Vertical.choices)
        self.sizes = _choice_lookup(CompanySize.choices)
        self.sources = _choice_lookup(LeadSource.choices)
        self.statuses = _choice_lookup(LeadStatus.choices)
        self.lost_reasons = _choice_lookup(LostReason.choices)
        self.products = {sku.lower(): pk for pk, sku in Product.objects.values_list("pk", "sku")}
        self.attributes = {a.key: a for a in LeadAttribute.objects.all()}
        self.attribute_choices = {key: _attribute_choices(a) for key, a in self.attributes.items()}
        self.new_columns: dict[str, _ColumnKind] = {}
        self.new_keys: dict[str, str] = {}  # column → attribute key
        self.now = timezone.now()
        self.parsed_targets: frozenset[str] | None = None
        self.new_parsers: dict[str, Any] = {}
        if writing:
            self._create_attributes(job)

    def _create_attributes(self, job: ImportJob) -> None:
        """The new attributes the dry run inferred, created once (a resumed import finds them made)."""
        inferred = self.state.get("new_attributes", {})
        position = max((a.position for a in self.attributes.values()), default=0)
        for column, spec in inferred.items():
            key = spec["key"]
            if key not in self.attributes:
                position += 1
                choices = [{"value": v, "label_en": v, "label_ru": ""} for v in spec.get("choices", [])]
                attribute, _created = LeadAttribute.objects.get_or_create(
                    key=key,
                    defaults={
                        "label_en": column[:100],
                        "kind": spec["kind"],
                        "choices": choices,
                        "position": position,
                    },
                )
                self.attributes[key] = attribute
                self.attribute_choices[key] = _attribute_choices(attribute)
            self.new_keys[column] = key

    def _new_key(self, column: str) -> str:
        key = self.new_keys.get(column)
        if key is None:
            base = slugify(column).replace("-", "_")[:50] or "attribute"
            key, n = base, 1
            taken = set(self.new_keys.values())
            while key in taken:
                n += 1
                key = f"{base[:46]}_{n}"
            self.new_keys[column] = key
        return key

    def dry_run_state(self) -> dict[str, Any]:
        return {
            "new_attributes": {
                column: {"key": self._new_key(column), **stats.kind()}
                for column, stats in self.new_columns.items()
            }
        }

    # --- checking a row

    def _attribute_parser(self, key: str):
        """(key, parse → value or None, error code, message) for an attribute's values; None when unknown."""
        attribute = self.attributes.get(key)
        if attribute is None:
            return None
        kind = attribute.kind
        if kind == AttributeKind.NUMBER:
            return key, parse_number, _("Enter a number, such as 1 234,5 or 1234.5.")
        if kind == AttributeKind.BOOLEAN:
            return key, parse_boolean, _("Enter yes or no.")
        if kind == AttributeKind.DATE:
            return key, parse_date, _("Enter a date as 2026-03-31 or 31.03.2026.")
        if kind == AttributeKind.CHOICE:
            choices = self.attribute_choices[key]
            message = _("This is not one of the choices of %(label)s.") % {"label": attribute.label}
            return key, lambda value: choices.get(value.lower()), message
        return key, lambda value: value[:TEXT_MAX], ""

    def _parsers(self, raw: dict[str, str]) -> None:
        """Each target's parser, looked up once per run (the first row names every mapped target)."""
        self.field_parsers: dict[str, Any] = {}
        self.attribute_parsers: dict[str, Any] = {}
        for target in raw:
            if target.startswith("attr:"):
                self.attribute_parsers[target] = self._attribute_parser(target[5:])
            elif target.startswith(NEW_ATTRIBUTE):
                column = target.split(":", 1)[1]
                key = self.new_keys.get(column)
                if key in self.attributes:  # writing: the attribute exists now
                    self.attribute_parsers[target] = self._attribute_parser(key)
            else:
                self.field_parsers[target] = getattr(self, f"_field_{target}", None)
        self.parsed_targets = frozenset(raw)

    def validate_row(self, raw: dict[str, str]) -> tuple[dict[str, Any], list[RowError]]:
        if getattr(self, "parsed_targets", None) != raw.keys():
            self._parsers(raw)
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        attributes: dict[str, Any] = {}
        fields, attribute_parsers = self.field_parsers, self.attribute_parsers
        for target, value in raw.items():
            if not value or value.lower() in PLACEHOLDERS:
                continue
            if target in fields:
                parse = fields[target]
                if parse is None:
                    values[target] = value[:TEXT_MAX]
                    continue
                try:
                    values[target] = parse(value)
                except ValidationError as exc:
                    errors.append(RowError(target, exc.code or "invalid", exc.messages[0], value))
            elif target in attribute_parsers:
                parser = attribute_parsers[target]
                if parser is None:
                    errors.append(
                        RowError(
                            target, "unknown_attribute", _("No such custom attribute exists now."), value
                        )
                    )
                    continue
                key, parse, message = parser
                parsed = parse(value)
                if parsed is None:
                    kind = self.attributes[key].kind
                    errors.append(RowError(target, f"invalid_{kind}", message, value))
                else:
                    attributes[key] = parsed
            else:  # a new attribute's column: its kind is known once the dry run saw every value
                column = target.split(":", 1)[1]
                self.new_columns.setdefault(column, _ColumnKind()).observe(value)
                values.setdefault("new_attributes", {})[column] = value
        if not values.get("company_name") and not any(e.target == "company_name" for e in errors):
            errors.append(RowError("company_name", "required", _("The company is required."), ""))
        if values.get("lost_reason") and values.get("status", LeadStatus.NEW) != LeadStatus.LOST:
            errors.append(
                RowError(
                    "lost_reason",
                    "lost_reason_without_lost",
                    _("A lost reason is for lost leads only."),
                    raw.get("lost_reason", ""),
                )
            )
        if "region" not in values and "country" in values:
            region = region_for_country(values["country"])
            if region:
                values["region"] = region
        if attributes:
            values["attributes"] = attributes
        return values, errors

    @staticmethod
    def _limited(value: str, limit: int, label: Any) -> str:
        if len(value) > limit:
            raise ValidationError(
                _("%(field)s may be at most %(limit)s characters long.") % {"field": label, "limit": limit},
                code="max_length",
            )
        return value

    def _field_company_name(self, value: str) -> str:
        return self._limited(value, 200, _LABEL_THE_COMPANY)

    def _field_contact_name(self, value: str) -> str:
        return self._limited(value, 200, _LABEL_THE_CONTACT_NAME)

    def _field_contact_title(self, value: str) -> str:
        return self._limited(value, 200, _LABEL_THE_JOB_TITLE)

    def _field_contact_phone(self, value: str) -> str:
        return self._limited(value, 40, _LABEL_THE_PHONE)

    def _field_source_detail(self, value: str) -> str:
        return self._limited(value, 200, _LABEL_THE_SOURCE_DETAIL)

    def _field_notes(self, value: str) -> str:
        return value

    def _field_domain(self, value: str) -> str:
        simple = _SIMPLE_SITE.match(value.lower())
        if simple:
            return simple.group(1)
        try:
            return normalize_domain(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid_domain") from None

    def _field_contact_email(self, value: str) -> str:
        email = value.strip().lower()
        if _SIMPLE_EMAIL.match(email) and len(email) <= 254:
            return email
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address."), code="invalid_email") from None
        if len(email) > 254:
            raise ValidationError(_("Enter a valid email address."), code="invalid_email")
        return email

    def _field_country(self, value: str) -> str:
        code = self.countries.get(value.strip().lower())
        if code is None:
            raise ValidationError(
                _("%(value)s is not a country: enter its ISO code (DE) or its name.") % {"value": value},
                code="invalid_country",
            )
        return code

    def _choice(self, lookup: dict[str, str], value: str, label: Any) -> str:
        found = lookup.get(value.strip().lower())
        if found is None:
            raise ValidationError(
                _("%(value)s is not a known %(field)s.") % {"value": value, "field": label},
                code="invalid_choice",
            )
        return found

    def _field_region(self, value: str) -> str:
        return self._choice(self.regions, value, _LABEL_REGION)

    def _field_vertical(self, value: str) -> str:
        return self._choice(self.verticals, value, _LABEL_VERTICAL)

    def _field_company_size(self, value: str) -> str:
        return self._choice(self.sizes, value, _LABEL_COMPANY_SIZE)

    def _field_source(self, value: str) -> str:
        return self._choice(self.sources, value, _LABEL_SOURCE)

    def _field_lost_reason(self, value: str) -> str:
        return self._choice(self.lost_reasons, value, _LABEL_LOST_REASON)

    def _field_status(self, value: str) -> str:
        status = self._choice(self.statuses, value, _LABEL_STATUS)
        if status not in IMPORT_STATUSES:
            raise ValidationError(
                _("An imported lead is new, converted or lost; %(value)s is none of them.")
                % {"value": value},
                code="invalid_status",
            )
        return status

    def _field_products(self, value: str) -> list[int]:
        ids = []
        for sku in re.split(r"[;,]", value):
            sku = sku.strip()
            if not sku:
                continue
            pk = self.products.get(sku.lower())
            if pk is None:
                raise ValidationError(
                    _("No product has the SKU %(sku)s.") % {"sku": sku}, code="unknown_product"
                )
            if pk not in ids:
                ids.append(pk)
        return ids

    # --- writing

    def write_batch(self, rows: list[tuple[int, dict[str, Any]]], job: ImportJob) -> int:
        prefix = f"import:{job.public_id}:"
        leads = []
        products: list[tuple[int, list[int]]] = []
        now = self.now
        for index, (row, values) in enumerate(rows):
            product_ids = values.pop("products", None)
            new_values = values.pop("new_attributes", None)
            if new_values:
                self._new_attribute_values(values, new_values)
            status = values.get("status") or LeadStatus.NEW
            values.setdefault("source", LeadSource.IMPORT)
            values["created_by_id"] = job.created_by_id
            values["idempotency_key"] = f"{prefix}{row}"
            if status in (LeadStatus.CONVERTED, LeadStatus.LOST):
                values["closed_at"] = now
            leads.append(values)
            if product_ids:
                products.append((index, product_ids))
        ids = insert_rows(Lead, leads, with_ids=bool(products)) or []
        if products:
            links = [{"lead_id": ids[index], "product_id": pk} for index, pks in products for pk in pks]
            insert_rows(Lead.products.through, links)
        return len(leads)

    def _new_attribute_values(self, values: dict[str, Any], new_values: dict[str, str]) -> None:
        """The dry run kept a new attribute's texts as written; parsed now by the kind it inferred."""
        attributes = values.setdefault("attributes", {})
        parsers = self.new_parsers
        for column, text in new_values.items():
            if column not in parsers:
                key = self.new_keys.get(column)
                parsers[column] = self._attribute_parser(key) if key else None
            parser = parsers[column]
            if parser is not None:
                parsed = parser[1](text)
                if parsed is not None:
                    attributes[parser[0]] = parsed

    def finish(self, job: ImportJob) -> None:
        lead_ids = list(
            Lead.objects.filter(idempotency_key__startswith=f"import:{job.public_id}:").values_list(
                "pk", flat=True
            )
        )
        after_import(lead_ids)

    def result_url(self, job: ImportJob) -> str | None:
        try:
            return reverse("leads:list") + "?source=import"
        except Exception:
            return None
