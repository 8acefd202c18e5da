"""A model's calibration as the pages show it: per decile of the score, predicted vs observed conversion."""

from __future__ import annotations

from django.utils.formats import number_format

from leads.models import ScoringModel


def _percent(value: float) -> str:
    return number_format(round(value * 100, 1), decimal_pos=1) + "%"


def calibration_rows(model: ScoringModel) -> list[dict]:
    """[{decile, predicted, observed, count, predicted_text, observed_text}], lowest scores first."""
    return [
        {
            "decile": position,
            "predicted": part["predicted"],
            "observed": part["observed"],
            "count": part["count"],
            "predicted_text": _percent(part["predicted"]),
            "observed_text": _percent(part["observed"]),
        }
        for position, part in enumerate(model.calibration or [], start=1)
    ]
