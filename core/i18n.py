"""Content kept in both languages (charter, agreements, checklist steps) as `<field>_en` / `<field>_ru`."""

from django.utils import translation


def localized(obj, field: str) -> str:
    language = (translation.get_language() or "en")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language != "en" else ""
    return value or getattr(obj, f"{field}_en", "")
