"""Content kept in both languages (charter, agreements, checklist steps) as `<field>_en` / `<field>_ru`."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop


class Language(models.TextChoices):
    """The languages content is kept in (a library file's, a template's)."""

    EN = "en", gettext_lazy("English")
    RU = "ru", gettext_lazy("Russian")


def localized(obj, field: str) -> str:
    language = (translation.get_language() or "en")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language != "en" else ""
    return value or getattr(obj, f"{field}_en", "")


class TitleAndBody:
    """The title and the text in the reader's language (English when there is no Russian text)."""

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")


class TitleAndDescription:
    """The title and the description in the reader's language (English when there is no Russian one)."""

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


# Django 6.1 labels an empty choice "- Select an option -" (django.db.models.fields.BLANK_CHOICE_LABEL) and
# its own Russian catalogue has no translation yet; naming it here puts it in ours, which Django reads first.
DJANGO_STRINGS = (gettext_noop("- Select an option -"),)
