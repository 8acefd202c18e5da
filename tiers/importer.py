"""The custom metric values import: a CSV (or Excel) file of values per partner and period, through the
generic `imports` flow (upload, mapping, dry run, import). Ops and the channel chief run it.

A row names the custom metric by its code, the partner by its name, web domain or id, the period by its first
and last day (2026-01-01, or 01.01.2026), and the value (1234.5, or 1 234,5). A value already entered for the
same metric, partner and first day, or twice in the file, is refused: correct it on its page instead.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import insert_rows
from core.normalize import normalize_domain
from imports.models import ImportJob
from imports.registry import Importer, RowError, TargetField, register
from partners.models import Partner
from tiers.errors import TierErrorCode as E
from tiers.models import CustomMetric, CustomMetricValue

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
VALUE_LIMIT = Decimal("99999999999999.99")


def domain_key(text: str) -> str:
    """A web domain as partners' are kept ("" for text that is none)."""
    try:
        return normalize_domain(text)
    except ValidationError:
        return ""


def parse_day(text: str) -> date | None:
    text = text.strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
        found = pattern.match(text)
        if found:
            parts = [int(found.group(i + 1)) for i in range(3)]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def parse_number(text: str) -> Decimal | None:
    cleaned = _SPACES.sub("", text.strip())
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > VALUE_LIMIT:
        return None
    return value.quantize(Decimal("0.01"))


@register
class MetricValueImporter(Importer):
    key = "tier_metric_values"
    label = gettext_lazy("Custom metric values (tiers)")
    permission = "tiers.manage"
    batch_size = 2000

    def fields(self) -> list[TargetField]:
        return [
            TargetField(
                "metric", gettext_lazy("Metric code"), required=True, aliases=("metric", "code", "метрика")
            ),
            TargetField(
                "partner",
                gettext_lazy("Partner (name, web domain or id)"),
                required=True,
                aliases=("partner", "company", "партнер", "партнёр", "компания"),
            ),
            TargetField(
                "period_start",
                gettext_lazy("Period from"),
                required=True,
                kind="date",
                aliases=("from", "start", "с"),
            ),
            TargetField(
                "period_end",
                gettext_lazy("Period to"),
                required=True,
                kind="date",
                aliases=("to", "end", "по"),
            ),
            TargetField("value", gettext_lazy("Value"), required=True, kind="number", aliases=("значение",)),
            TargetField("note", gettext_lazy("Note"), aliases=("comment", "примечание")),
        ]

    def prepare(self, job: ImportJob, *, writing: bool) -> None:
        self.metrics = {m.code: m.pk for m in CustomMetric.objects.filter(is_active=True)}
        self.partners: dict[str, int] = {}
        for pk, public_id, name, domain in Partner.objects.values_list(
            "pk", "public_id", "name", "web_domain"
        ):
            self.partners[str(public_id)] = pk
            self.partners.setdefault(name.strip().lower(), pk)
            if domain and (key := domain_key(domain)):
                self.partners.setdefault(key, pk)
        self.existing = set(CustomMetricValue.objects.values_list("metric_id", "partner_id", "period_start"))
        self.seen: set[tuple[int, int, date]] = set()

    def _partner(self, text: str) -> int | None:
        text = text.strip()
        domain = domain_key(text)
        return self.partners.get(text) or self.partners.get(text.lower()) or self.partners.get(domain or "-")

    def validate_row(self, raw: dict[str, str]) -> tuple[dict[str, Any], list[RowError]]:
        errors: list[RowError] = []
        values: dict[str, Any] = {}
        code = (raw.get("metric") or "").strip()
        metric = self.metrics.get(code)
        if metric is None:
            errors.append(
                RowError("metric", E.UNKNOWN_METRIC, _("No custom metric in use has this code."), code)
            )
        partner_text = raw.get("partner") or ""
        partner = self._partner(partner_text) if partner_text.strip() else None
        if partner is None:
            errors.append(
                RowError(
                    "partner",
                    E.UNKNOWN_PARTNER,
                    _("No partner has this name, web domain or id."),
                    partner_text,
                )
            )
        days: dict[str, date | None] = {}
        for target in ("period_start", "period_end"):
            text = raw.get(target) or ""
            days[target] = parse_day(text)
            if days[target] is None:
                errors.append(RowError(target, "invalid", _("Write a day such as 2026-03-31."), text))
        start, end = days["period_start"], days["period_end"]
        if start and end and end < start:
            errors.append(
                RowError(
                    "period_end",
                    E.PERIOD_ORDER,
                    _("The period ends on or after the day it starts."),
                    raw.get("period_end") or "",
                )
            )
        number = parse_number(raw.get("value") or "")
        if number is None:
            errors.append(
                RowError("value", "invalid", _("Write a number such as 12.5."), raw.get("value") or "")
            )
        note = (raw.get("note") or "").strip()
        if len(note) > 200:
            errors.append(RowError("note", "max_length", _("A note has 200 characters at most."), note[:50]))
        if metric and partner and start:
            key = (metric, partner, start)
            if key in self.existing or key in self.seen:
                errors.append(
                    RowError(
                        "period_start",
                        E.DUPLICATE_VALUE,
                        _("This partner already has a value of this metric for a period starting that day."),
                        raw.get("period_start") or "",
                    )
                )
            self.seen.add(key)
        if errors:
            return {}, errors
        values = {
            "metric_id": metric,
            "partner_id": partner,
            "period_start": start,
            "period_end": end,
            "value": number,
            "note": note,
        }
        return values, []

    def write_batch(self, rows: list[tuple[int, dict[str, Any]]], job: ImportJob) -> int:
        import uuid

        from django.utils import timezone

        now = timezone.now()
        entries = [
            dict(
                values,
                public_id=uuid.uuid4(),
                created_at=now,
                updated_at=now,
                entered_by_id=job.created_by_id,
            )
            for _row, values in rows
        ]
        insert_rows(CustomMetricValue, entries)
        return len(entries)

    def result_url(self, job: ImportJob) -> str | None:
        return reverse("tiers:values")
