"""A notification's message: stored as English msgids plus parameters, rendered in the reader's language.

A message is a plain msgid (`gettext_noop("Deal registration rejected: %(customer)s")`) or a plural one whose
count is a named parameter (`ngettext_lazy("… by %(days)s day", "… by %(days)s days", "days")`: Django's
own way to mark a plural with its count left for later). Parameters are stored as JSON and keep their kind,
so that each reader sees them in their own language:

- a `date` or `datetime` is stored as `{"$date": "2026-12-01"}` and shown in the reader's date format
  ("Dec. 1, 2026", «1 декабря 2026 г.»);
- a lazy translatable string (a choice's label, `gettext_lazy`) is stored as `{"$msg": "partner agreement"}`
  and translated when read;
- a text written in both languages (`InLanguages(en=…, ru=…)`: an announcement's title) is stored as
  `{"$lang": {"en": …, "ru": …}}` and shown in the reader's language, else in English;
- numbers stay numbers (a plural's count picks the form: 1 день, 2 дня, 5 дней, 21 день), text stays text.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

DATE = "$date"
MSG = "$msg"
LANG = "$lang"


class InLanguages(dict):
    """A parameter written in several languages: `InLanguages(en="Spring prices", ru="Весенние цены")`."""


def message_parts(message: Any) -> tuple[str, str, str]:
    """(msgid, plural msgid, count parameter) of a message; the last two are "" for a message without plural.

    A plural message is Django's `ngettext_lazy(singular, plural, "<count parameter>")`; its parts are the
    ones it pickles with (`__reduce__`), the one stable way Django offers to read them back."""
    reduce = getattr(message, "__reduce__", None)
    if isinstance(message, Promise) and reduce is not None:
        try:
            _func, args = reduce()
            _translate, _result, number, kwargs = args
        except (TypeError, ValueError):
            pass
        else:
            if isinstance(number, str) and isinstance(kwargs, dict) and "plural" in kwargs:
                return str(kwargs["singular"]), str(kwargs["plural"]), number
    with translation.override(None):
        return str(message), "", ""


def encode_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """The parameters as JSON that keeps what must be rendered per reader (dates, translatable labels)."""
    encoded: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if isinstance(value, datetime.datetime):
            encoded[key] = {DATE: value.date().isoformat()}
        elif isinstance(value, datetime.date):
            encoded[key] = {DATE: value.isoformat()}
        elif isinstance(value, Promise):
            with translation.override(None):
                encoded[key] = {MSG: str(value)}
        elif isinstance(value, InLanguages):
            encoded[key] = {LANG: {language: str(text) for language, text in value.items() if text}}
        elif value is None or isinstance(value, (bool, int, float, str)):
            encoded[key] = value
        else:
            encoded[key] = str(value)
    return encoded


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if DATE in value:
            try:
                return formats.date_format(datetime.date.fromisoformat(value[DATE]), "DATE_FORMAT")
            except (TypeError, ValueError):
                return str(value[DATE])
        if MSG in value:
            return gettext(str(value[MSG]))
        if LANG in value and isinstance(value[LANG], dict):
            texts = value[LANG]
            language = (translation.get_language() or "en")[:2]
            return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
    return value


def render_message(message_id: str, plural: str, count_key: str, params: dict[str, Any] | None) -> str:
    """The message in the current language; a translation that does not fit its parameters falls back to
    English rather than failing the page."""
    values = {key: _decode(value) for key, value in (params or {}).items()}
    count = values.get(count_key) if plural else None
    if plural and not isinstance(count, int):
        try:
            count = int(str(count))
        except ValueError:
            count = None
    for translate in (True, False):
        if plural and count is not None:
            english = message_id if count == 1 else plural
            text = ngettext(message_id, plural, count) if translate else english
        else:
            text = gettext(message_id) if translate else message_id
        try:
            return text % values if values else text
        except (KeyError, TypeError, ValueError):
            continue
    return message_id


class Message:
    """A message rendered when it is turned into text, i.e. in whatever language is then active (an email's
    subject and body are rendered inside the recipient's language)."""

    def __init__(self, message_id: str, plural: str, count_key: str, params: dict[str, Any]):
        self.message_id, self.plural, self.count_key, self.params = message_id, plural, count_key, params

    def __str__(self) -> str:
        return render_message(self.message_id, self.plural, self.count_key, self.params)
