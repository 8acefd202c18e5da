"""A lead as numbers a model reads: its standard fields and its custom attributes.

`FeatureSpec.fit(rows, attributes)` decides the columns from the training leads (vocabularies of the
categorical ones, rare levels grouped as "other", columns that never vary dropped); `spec.matrix(rows)` turns
any leads into a float32 matrix with those columns, and `column.raw(row)` gives the lead's own value of a
column for its reasons. The spec is plain JSON (`to_json`/`from_json`) stored with the model, so a model
always reads leads the way it was trained, even after attributes were added or renamed.

Column kinds:
- number: a float (missing: NaN)
- flag: 1/0 (missing: NaN)
- category: the code of the value in the column's vocabulary; `len(vocabulary)` for a level too rare (or
  unseen in training) to learn from; NaN when missing. Read by LightGBM as a native categorical feature.
- days: how many days before the lead was created a date attribute lies (after: negative).

Rows come from `lead_rows(queryset)`: two queries however many leads (the leads' values, and the number of
products of interest per lead), streamed in chunks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

import numpy as np

from leads.models import AttributeKind, Lead, LeadAttribute

NUMBER, FLAG, CATEGORY, DAYS = "number", "flag", "category", "days"
ATTRIBUTE_PREFIX = "attr."

# What a form or a spreadsheet leaves in a field nobody filled in ("Select" is an untouched drop-down). Read
# as missing, whatever the attribute, so "nobody answered" is one level and not several.
PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "?",
        "select",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "unknown",
        "not provided",
        "not specified",
    }
)

# Free mail providers: a lead writing from one is a person more often than a company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "ymail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "zoho.com",
        "yandex.ru",
        "yandex.com",
        "ya.ru",
        "mail.ru",
        "bk.ru",
        "inbox.ru",
        "list.ru",
        "rambler.ru",
        "qq.com",
        "163.com",
        "126.com",
        "rediffmail.com",
    }
)

MAX_LEVELS = 100  # most frequent levels kept per categorical column; the rest are "other"
CHUNK = 2000


class LeadRow(NamedTuple):
    id: int
    created_at: datetime
    country: str
    region: str
    vertical: str
    company_size: str
    source: str
    source_detail: str
    contact_title: str
    contact_email: str
    contact_phone: str
    attributes: dict
    status: str
    products_count: int = 0


ROW_FIELDS = LeadRow._fields[:-1]  # read from the lead; products_count is counted apart


def lead_rows(queryset) -> Iterator[LeadRow]:
    """The leads of `queryset` as rows, streamed: one query for their values and one for the products of
    interest of each chunk of leads."""
    chunk: list[tuple] = []

    def flush() -> Iterator[LeadRow]:
        counts = products_counts([values[0] for values in chunk])
        for values in chunk:
            yield LeadRow._make((*values, counts.get(values[0], 0)))
        chunk.clear()

    for values in queryset.order_by("id").values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) >= CHUNK:
            yield from flush()
    if chunk:
        yield from flush()


def products_counts(lead_ids: list[int]) -> dict[int, int]:
    """How many products of interest each of these leads names (one query)."""
    links = Lead.products.through.objects.filter(lead_id__in=lead_ids).values_list("lead_id", flat=True)
    return dict(Counter(links))


def lead_row(lead: Lead, *, products_count: int | None = None) -> LeadRow:
    """One lead in memory as a row (its products counted with one query unless given)."""
    if products_count is None:
        products_count = lead.products.count() if lead.pk else 0
    values = [getattr(lead, name) for name in ROW_FIELDS]
    values[ROW_FIELDS.index("country")] = str(lead.country or "")
    return LeadRow._make((*values, products_count))


def clean_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return None if text.lower() in PLACEHOLDERS else text


def parse_number(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else math.nan
    text = clean_text(value)
    if text is None:
        return math.nan
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def parse_flag(value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    text = clean_text(value)
    if text is None:
        return math.nan
    lowered = text.lower()
    if lowered in {"1", "true", "yes", "y", "да", "on"}:
        return 1.0
    if lowered in {"0", "false", "no", "n", "нет", "off"}:
        return 0.0
    return math.nan


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if email and "@" in email else ""


# The standard fields: (column name, kind, how to read it from a row).
STANDARD: tuple[tuple[str, str], ...] = (
    ("country", CATEGORY),
    ("region", CATEGORY),
    ("vertical", CATEGORY),
    ("company_size", CATEGORY),
    ("source", CATEGORY),
    ("source_detail", CATEGORY),
    ("products_count", NUMBER),
    ("has_contact_title", FLAG),
    ("free_mail", FLAG),
    ("has_phone", FLAG),
)


def standard_value(row: LeadRow, name: str) -> Any:
    """The lead's raw value of a standard column (what its reason shows)."""
    if name == "products_count":
        return row.products_count
    if name == "has_contact_title":
        return bool(clean_text(row.contact_title))
    if name == "has_phone":
        return bool(clean_text(row.contact_phone))
    if name == "free_mail":
        domain = email_domain(row.contact_email)
        return (domain in FREE_MAIL_DOMAINS) if domain else None
    return clean_text(getattr(row, name))


def attribute_kind_column(kind: str) -> str | None:
    columns: dict[str, str] = {
        AttributeKind.NUMBER: NUMBER,
        AttributeKind.BOOLEAN: FLAG,
        AttributeKind.CHOICE: CATEGORY,
        AttributeKind.TEXT: CATEGORY,
        AttributeKind.DATE: DAYS,
    }
    return columns.get(kind)


@dataclass
class Column:
    name: str  # a standard field's name, or ATTRIBUTE_PREFIX + the attribute's key
    kind: str
    vocabulary: list[str] = field(default_factory=list)
    _codes: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._codes = {level: code for code, level in enumerate(self.vocabulary)}

    @property
    def attribute_key(self) -> str | None:
        return self.name[len(ATTRIBUTE_PREFIX) :] if self.name.startswith(ATTRIBUTE_PREFIX) else None

    @property
    def is_categorical(self) -> bool:
        return self.kind == CATEGORY

    def raw(self, row: LeadRow) -> Any:
        key = self.attribute_key
        if key is None:
            return standard_value(row, self.name)
        value = (row.attributes or {}).get(key)
        if self.kind == CATEGORY:
            return clean_text(value)
        if self.kind == DAYS:
            parsed = parse_date(value)
            return parsed.isoformat() if parsed else None
        if self.kind == FLAG:
            flag = parse_flag(value)
            return None if math.isnan(flag) else bool(flag)
        number = parse_number(value)
        return None if math.isnan(number) else (int(number) if number.is_integer() else number)

    def encode(self, row: LeadRow) -> float:
        return self.encode_value(self.raw(row), row)

    def encode_value(self, value: Any, row: LeadRow) -> float:
        if value is None:
            return math.nan
        if self.kind == CATEGORY:
            return float(self._codes.get(value, len(self.vocabulary)))
        if self.kind == DAYS:
            return float((row.created_at.date() - date.fromisoformat(value)).days)
        return float(value)

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "vocabulary": self.vocabulary}


@dataclass
class FeatureSpec:
    columns: list[Column]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def categorical_indices(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.is_categorical]

    @classmethod
    def candidate_columns(cls, attributes: Iterable[LeadAttribute]) -> list[Column]:
        columns = [Column(name, kind) for name, kind in STANDARD]
        for attribute in attributes:
            kind = attribute_kind_column(attribute.kind)
            if kind:
                columns.append(Column(ATTRIBUTE_PREFIX + attribute.key, kind))
        return columns

    @classmethod
    def fit(cls, rows: Sequence[LeadRow], attributes: Iterable[LeadAttribute]) -> FeatureSpec:
        """The columns the training leads support: categorical levels seen at least `min_level_count` times
        (at most MAX_LEVELS of them), and only columns that vary among the training leads."""
        min_level_count = min(10, max(2, len(rows) // 50))
        kept = []
        for column in cls.candidate_columns(attributes):
            raws = [column.raw(row) for row in rows]
            if column.is_categorical:
                counts = Counter(value for value in raws if value is not None)
                frequent = [level for level, n in counts.most_common(MAX_LEVELS) if n >= min_level_count]
                column = Column(column.name, column.kind, sorted(frequent))
            values = {_same(column.encode_value(raw, row)) for raw, row in zip(raws, rows, strict=True)}
            if len(values) > 1:
                kept.append(column)
        return cls(kept)

    def matrix(self, rows: Sequence[LeadRow]) -> np.ndarray:
        matrix = np.empty((len(rows), len(self.columns)), dtype=np.float32)
        for j, column in enumerate(self.columns):
            matrix[:, j] = [column.encode(row) for row in rows]
        return matrix

    def to_json(self) -> list[dict]:
        return [column.to_json() for column in self.columns]

    @classmethod
    def from_json(cls, data: list[dict]) -> FeatureSpec:
        return cls([Column(item["name"], item["kind"], list(item.get("vocabulary", []))) for item in data])


def _same(value: float) -> float | None:
    """NaN as one value, for counting distinct values."""
    return None if math.isnan(value) else value
