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
