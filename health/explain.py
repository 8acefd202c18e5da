"""A signal's value in words, in the reader's language, from the counts its evaluation kept ("3 of 5 people
signed in in the last 90 days"): the health pages, the partner's own page and the API (`text`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from health.models import Signal


def _amount(value: Any, currency: str) -> str:
    return f"{number_format(Decimal(str(value or 0)), 0, force_grouping=True)} {currency}"


def signal_text(row: dict[str, Any], *, window_days: int | None = None) -> str:
    """What the evaluation found for one signal (`row`: an item of HealthScore.signals)."""
    key, detail = row.get("key"), row.get("detail") or {}
    applicable = row.get("applicable")
    if key == Signal.LOGINS:
        return _("People who signed in: %(active)s of %(members)s") % {
            "active": detail.get("active", 0),
            "members": detail.get("members", 0),
        }
    if key == Signal.DOWNLOADS:
        return _("Downloads: %(n)s (full marks at %(target)s)") % {
            "n": detail.get("downloads", 0),
            "target": detail.get("target", "—"),
        }
    if key == Signal.LEARNING:
        return _(
            "Courses completed: %(completed)s, started and in progress: %(started)s "
            "(full marks at %(target)s)"
        ) % {
            "completed": detail.get("completed", 0),
            "started": detail.get("in_progress", 0),
            "target": detail.get("target", "—"),
        }
    if key == Signal.LEAD_ACCEPTANCE:
        if not applicable:
            return _("No lead offer answered")
        return _("Lead offers accepted: %(accepted)s of %(answered)s") % {
            "accepted": detail.get("accepted", 0),
            "answered": detail.get("answered", 0),
        }
    if key == Signal.LEAD_SPEED:
        if not applicable:
            return _("No lead accepted")
        return _("Hours to accept, on average: %(hours)s (0 points at %(limit)s)") % {
            "hours": number_format(Decimal(row.get("raw") or 0), 1),
            "limit": detail.get("limit_hours", "—"),
        }
    if key == Signal.REGISTRATIONS:
        return _("Registrations submitted: %(n)s (full marks at %(target)s)") % {
            "n": detail.get("submitted", 0),
            "target": detail.get("target", "—"),
        }
    if key == Signal.REVENUE_TREND:
        currency = detail.get("currency", "")
        if not applicable:
            text = _("Nothing won in this period or the same period last year")
        else:
            text = _("Won: %(now)s, the same period last year: %(before)s") % {
                "now": _amount(detail.get("now"), currency),
                "before": _amount(detail.get("before"), currency),
            }
        if detail.get("missing_rates"):
            text += " " + _("(left out, no exchange rate: %(currencies)s)") % {
                "currencies": ", ".join(detail["missing_rates"])
            }
        return text
    if key == Signal.ONBOARDING:
        if not applicable:
            return _("Onboarding is over")
        return _("Days in onboarding: %(days)s (allowed: %(allowed)s)") % {
            "days": detail.get("days", 0),
            "allowed": detail.get("allowed_days", "—"),
        }
    return ""


def signal_rows(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The signals of a score as the pages show them: label and text added, in the order of `Signal`."""
    labels = dict(Signal.choices)
    return [dict(row, label=labels.get(row["key"], row["key"]), text=signal_text(row)) for row in signals]
