"""Error codes clients can rely on, and the one shape every refused API input takes.

Every refusal of input is HTTP 422 with

    {"detail": "<the first message>",
     "errors": [{"field": "lines.2.quantity", "code": "max_value", "message": "<translated>"}]}

`field` names the input as the client sent it (dotted for nested values, list positions counted from 0);
it is null for an error about the request as a whole. `code` is stable and never translated; `message`
is in the request's language.

The generic codes below are shared by every app. An app adds its own domain codes by raising
`ValidationError(message, code=...)` with a code from its own `errors.py` (a `StrEnum`, as Saleor keeps
one error-code enum per domain). A service's `ValidationError` without a code answers "invalid".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import AMOUNT_PATTERN

# The pattern of required text: one character that is not white space as Python's str.strip() sees it.
# Spelled out, because `\S` differs between the regex engines of pydantic, JSON Schema and Python (U+0085).
_SPACE = r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{_SPACE}]"


class ErrorCode(StrEnum):
    """The generic vocabulary. Keep the values stable: clients branch on them."""

    REQUIRED = "required"  # a required value is missing
    BLANK = "blank"  # a required text is empty (Django's code)
    NULL = "null"  # null where a value is needed (Django's code)
    INVALID = "invalid"  # wrong type or format, or a rule of the service without a code of its own
    INVALID_CHOICE = "invalid_choice"  # not one of the allowed values
    MAX_LENGTH = "max_length"  # text or list too long
    MIN_LENGTH = "min_length"  # text or list too short
    MAX_VALUE = "max_value"  # number too large
    MIN_VALUE = "min_value"  # number too small
    UNKNOWN_FIELD = "unknown_field"  # a field the operation does not take
    UNKNOWN_ID = "unknown_id"  # a well-formed id that names nothing you may use here
    NOT_AN_OBJECT = "not_an_object"  # the JSON body is not an object ({...})
    INVALID_JSON = "invalid_json"  # the body is not JSON, or holds text PostgreSQL cannot store
    TOO_LARGE = "too_large"  # the body is over DATA_UPLOAD_MAX_MEMORY_SIZE (HTTP 413)
    RATE_LIMITED = "rate_limited"  # too many requests (HTTP 429)


# Codes that say "the input breaks a limit the schema can declare". A request that is valid by the
# published OpenAPI schema must never be refused with one of these: the API check (`config/apicheck.py`)
# fails if it is, because it means a limit or an enum is missing from the schema.
SCHEMA_CODES = frozenset(
    {
        ErrorCode.REQUIRED,
        ErrorCode.BLANK,
        ErrorCode.NULL,
        ErrorCode.INVALID_CHOICE,
        ErrorCode.MAX_LENGTH,
        ErrorCode.MIN_LENGTH,
        ErrorCode.MAX_VALUE,
        ErrorCode.MIN_VALUE,
        ErrorCode.UNKNOWN_FIELD,
        ErrorCode.NOT_AN_OBJECT,
        "max_digits",
        "max_decimal_places",
        "max_whole_digits",
    }
)


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A coded refusal of one field, raised by services and rules: `raise field_error("status", …, E.X)`."""
    return ValidationError({field: ValidationError(message, code=code)})


def error_item(field: str | None, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": str(code), "message": str(message)}


def error_body(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The 422 body: `detail` repeats the first message, for clients that show one line."""
    return {"detail": items[0]["message"] if items else _("The input is not valid."), "errors": items}


def row_errors_body(row_errors) -> dict[str, Any]:
    """A refused CSV import: one item per row error (objects with `row`, `field`, `message`), each
    keeping its `row`; `detail` says where the first one is."""
    items = [error_item(e.field or None, ErrorCode.INVALID, e.message) | {"row": e.row} for e in row_errors]
    body = error_body(items)
    if items:
        first = row_errors[0]
        where = _("Row %(row)s") % {"row": first.row}
        body["detail"] = (
            f"{where}, {first.field}: {first.message}" if first.field else f"{where}: {first.message}"
        )
    return body


def django_error_items(exc: ValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError (from a service or `full_clean`) as error items, keeping each code."""
    items = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = None if field == NON_FIELD_ERRORS else field
            items.extend(_items(name, errors))
    else:
        items.extend(_items(None, exc.error_list))
    return items


def _items(field: str | None, errors) -> list[dict[str, Any]]:
    out = []
    for error in errors:
        message = error.message % error.params if error.params else error.message
        out.append(error_item(field, error.code or ErrorCode.INVALID, message))
    return out


# --- pydantic (ninja's request validation) -----------------------------------------------------------------

_PYDANTIC_CODES = {
    "missing": ErrorCode.REQUIRED,
    "missing_argument": ErrorCode.REQUIRED,
    "extra_forbidden": ErrorCode.UNKNOWN_FIELD,
    "unexpected_keyword_argument": ErrorCode.UNKNOWN_FIELD,
    "string_too_long": ErrorCode.MAX_LENGTH,
    "too_long": ErrorCode.MAX_LENGTH,
    "string_too_short": ErrorCode.MIN_LENGTH,
    "too_short": ErrorCode.MIN_LENGTH,
    "literal_error": ErrorCode.INVALID_CHOICE,
    "enum": ErrorCode.INVALID_CHOICE,
    "less_than": ErrorCode.MAX_VALUE,
    "less_than_equal": ErrorCode.MAX_VALUE,
    "greater_than": ErrorCode.MIN_VALUE,
    "greater_than_equal": ErrorCode.MIN_VALUE,
}


def pydantic_code(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == NOT_BLANK:
        return ErrorCode.BLANK  # core.schemas.NOT_BLANK: required text
    if kind != "missing" and "input" in error and error["input"] is None:
        return ErrorCode.NULL
    if kind in _PYDANTIC_CODES:
        return _PYDANTIC_CODES[kind]
    if kind in ("model_type", "model_attributes_type", "dict_type") and not error.get("loc"):
        return ErrorCode.NOT_AN_OBJECT
    return ErrorCode.INVALID


def pydantic_message(error: dict[str, Any], code: str) -> str:
    """A translated message for one pydantic error (pydantic's own messages are English only)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if code == ErrorCode.REQUIRED:
        return _("This field is required.")
    if code == ErrorCode.UNKNOWN_FIELD:
        return _("This field is not accepted here.")
    if code == ErrorCode.BLANK:
        return _("This field cannot be blank.")
    if code == ErrorCode.NULL:
        return _("This field cannot be null.")
    if code == ErrorCode.NOT_AN_OBJECT:
        return _("Send a JSON object.")
    if code == ErrorCode.MAX_LENGTH:
        if kind == "too_long":
            return _("Give at most %(limit)s items.") % {"limit": ctx.get("max_length")}
        return _("Enter at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if code == ErrorCode.MIN_LENGTH:
        if kind == "too_short":
            return _("Give at least %(limit)s items.") % {"limit": ctx.get("min_length")}
        return _("Enter at least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if code == ErrorCode.MAX_VALUE:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Enter a number no greater than %(limit)s.") % {"limit": limit}
    if code == ErrorCode.MIN_VALUE:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Enter a number no less than %(limit)s.") % {"limit": limit}
    if code == ErrorCode.INVALID_CHOICE:
        return _("Choose one of: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == AMOUNT_PATTERN:
        text = str(error.get("input", ""))
        if "e" in text.lower() and any(ch.isdigit() for ch in text):
            return _("Write the amount in plain digits, such as 1250.00, not in exponent form.")
        return _("Enter an amount such as 1250.00.")
    return _type_message(kind)


# The message for a pydantic error type, by the type's prefix; the first that matches counts.
_TYPE_MESSAGES: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("int_", "float_", "decimal_", "multiple_of"), gettext_lazy("Enter a whole number.")),
    (("bool_",), gettext_lazy("Enter true or false.")),
    (("uuid_",), gettext_lazy("Enter a valid id.")),
    (("datetime_",), gettext_lazy("Enter a valid date and time (ISO 8601).")),
    (("date_",), gettext_lazy("Enter a valid date (YYYY-MM-DD).")),
    (("string_pattern",), gettext_lazy("Enter a value in the documented format.")),
    (("string_",), gettext_lazy("Enter text.")),
    (("list_", "tuple_", "set_", "iterable_"), gettext_lazy("Enter a list.")),
    (("dict_", "model_"), gettext_lazy("Enter an object.")),
)


def _type_message(kind: str) -> str:
    for prefixes, message in _TYPE_MESSAGES:
        if kind.startswith(prefixes):
            return str(message)
    return _("Enter a valid value.")


def field_path(loc) -> str | None:
    """("lines", 2, "quantity") -> "lines.2.quantity"; a refused mapping key names the key itself."""
    return ".".join(str(part) for part in loc if part != "[key]") or None
