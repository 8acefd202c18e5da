import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def normalize_domain(value: str) -> str:
    """'https://www.Example.com/about' -> 'example.com'. Raises ValidationError (code "invalid") if it is
    not a domain: every input that takes a domain reports it so."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    value = value.rsplit("@", 1)[-1].split(":", 1)[0]
    if value.startswith("www."):
        value = value[4:]
    try:
        value = value.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(_("Enter a web domain such as example.com."), code="invalid") from exc
    if not _DOMAIN_RE.match(value):
        raise ValidationError(_("Enter a web domain such as example.com."), code="invalid")
    return value


def email_domain(email: str) -> str:
    return (email or "").rsplit("@", 1)[-1].strip().lower()


_CODE_SEPARATORS = re.compile(r"[\s_./]+")
_CODE_RE = re.compile(r"^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$")
CODE_LENGTH = 20


def normalize_code(value: str) -> str:
    """A code typed by a person (a fund activity's code on a lead or a registration): ' mdf 7k2q9x ' ->
    'MDF-7K2Q9X'. Upper case, spaces, dots and underscores as single hyphens; letters and digits only
    besides. Raises ValidationError (code "invalid") for anything else, or "" for nothing typed."""
    text = _CODE_SEPARATORS.sub("-", (value or "").strip().upper()).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    if not text:
        return ""
    if len(text) > CODE_LENGTH or not _CODE_RE.match(text):
        raise ValidationError(
            _("Enter a code of letters and digits such as MDF-7K2Q9X (at most %(n)s characters).")
            % {"n": CODE_LENGTH},
            code="invalid",
        )
    return text
