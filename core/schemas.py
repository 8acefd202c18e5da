"""Shared API schemas: the base of every input, the query base, shared types and the error shapes.

`InputSchema` is the base of every API body. It refuses unknown fields (422 "unknown_field") and takes
scalars only in their own JSON type: `true` is not a number, `5` is not text, and ids and dates are
strings. Declared with `model=SomeModel`, each field named like a model field takes its limits from the
model, so they are written once and shown in the OpenAPI schema:

    class PartnerCreateIn(InputSchema, model=Partner):
        name: str                      # maxLength 200 from Partner.name
        partner_type: PartnerType      # the enum comes from the TextChoices
        region: OrBlank[Region] = ""   # a choice that may be left empty
        phone: str | None = None       # not nullable: Partner.phone is not null, so null is refused

A field whose model field has choices must be annotated with that TextChoices (checked when the class
is built). Integers without a model field are kept inside the 32-bit range the database stores.
`QuerySchema` is the base of query-string filters: the same enums, but values arrive as text.
"""

from __future__ import annotations

import types
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar, Union, get_args, get_origin
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_countries import countries
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from core.errors import NOT_BLANK
from core.money import AMOUNT_PATTERN

# --- shared types -----------------------------------------------------------------------------------------


if TYPE_CHECKING:
    # For the type checker an optional choice is its enum or "" (text).
    _Choice = TypeVar("_Choice")
    # not the `type` statement: the shared app-graph tool parses the code with Python 3.11
    OrBlank: TypeAlias = Union[_Choice, str]  # noqa: UP007, UP040
else:

    class OrBlank:
        """An optional choice: `region: OrBlank[Region] = ""` takes one of Region's values or "" (none).

        One flat enum rather than a union, so a refusal names the field once ("invalid_choice")."""

        def __class_getitem__(cls, choices) -> Any:
            values = [getattr(choice, "value", choice) for choice in choices]
            return Literal[("", *values)]  # type: ignore[valid-type]


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


Country = StrEnum("Country", {code: code for code, _name in countries})  # type: ignore[misc]
CountryCode = Annotated[Country, BeforeValidator(_upper)]
"""ISO 3166-1 alpha-2 codes, as django-countries knows them (lower case is taken too)."""
OptionalCountryCode = Annotated[OrBlank[Country], BeforeValidator(_upper)]
"""A country code or "" (none)."""

NotBlank = Annotated[str, Field(pattern=NOT_BLANK)]
"""Required text that is not a model field of the same name (a reason, a note that must be given)."""

UUID_PATTERN = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
IdOrNone = Annotated[str, Field(pattern=f"^(|none|{UUID_PATTERN})$", description='An id, or "none"')]
"""A query filter on a reference that may be empty: an id, "none" (no reference) or "" (any)."""


Amount = Annotated[
    str,
    Field(
        pattern=AMOUNT_PATTERN,
        description="A decimal amount as text, at most two decimals: 1250.00",
        examples=["1250.00"],
    ),
]


def _amount_text(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else str(value)


AmountText = Annotated[str, BeforeValidator(_amount_text)]
"""An amount in an answer: the stored Decimal as text ("1250.00"), never a float."""

INT32 = (-(2**31), 2**31 - 1)
_INT_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "IntegerField": INT32,
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


def _json_string(kind: str):
    """Ids and dates travel as JSON strings; refuse other JSON types instead of coercing (a number is no
    date)."""

    def check(value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise PydanticCustomError(f"{kind}_type", "Input should be a string")
        return value

    return BeforeValidator(check)


_STRICT: dict[Any, Any] = {
    str: StrictStr,
    bool: StrictBool,
    UUID: Annotated[UUID, _json_string("uuid")],
    date: Annotated[date, _json_string("date")],
    datetime: Annotated[datetime, _json_string("datetime")],
}


def _int(field: models.Field | None):
    low, high = INT32
    if field is not None:
        low, high = _INT_RANGES.get(field.get_internal_type(), (low, high))
        for validator in field.validators:
            if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
                low = max(low, validator.limit_value)
            elif isinstance(validator, MaxValueValidator) and not callable(validator.limit_value):
                high = min(high, validator.limit_value)
    return Annotated[StrictInt, Field(ge=low, le=high)]


def _model_field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if getattr(field, "concrete", False) and not field.is_relation else None


def _refuse_union(tp, owner: str) -> None:
    """`A | B` makes pydantic report one error per member, naming the field several times: use one type
    (an enum, `OrBlank[...]`, a pattern). `A | None` is fine."""
    if len([a for a in get_args(tp) if a is not type(None)]) > 1:
        raise ImproperlyConfigured(f"{owner}: use one type, not a union (OrBlank[...] for a choice or '').")


def _check_unions(cls) -> None:
    for name, tp in cls.__dict__.get("__annotations__", {}).items():
        stack = [tp]
        while stack:
            current = stack.pop()
            if get_origin(current) in (Union, types.UnionType):
                _refuse_union(current, f"{cls.__name__}.{name}")
            if get_origin(current) is not Literal:
                stack.extend(get_args(current))


def _rewrite(tp, field: models.Field | None, owner: str, *, top: bool = True):
    """Strict scalars, the model's limits, and no null where the model stores none."""
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        return Annotated[(_rewrite(base, field, owner, top=top), *meta)]
    if origin in (Union, types.UnionType):
        _refuse_union(tp, owner)
        args = [a for a in get_args(tp) if not (a is type(None) and field is not None and not field.null)]
        rewritten = tuple(_rewrite(a, field, owner, top=top) for a in args)
        return rewritten[0] if len(rewritten) == 1 else Union[rewritten]  # noqa: UP007
    if origin is Literal and top and field is not None and field.choices:
        declared = {str(v) for v, _label in field.flatchoices}
        if {str(v) for v in get_args(tp)} - {""} != declared:
            raise ImproperlyConfigured(
                f"{owner}: the choices are not {field.name}'s; use OrBlank[TheChoices]."
            )
        return tp
    if origin is list:
        return list[_rewrite(get_args(tp)[0], None, owner, top=False)]  # type: ignore[misc]
    if origin is dict:
        key, value = get_args(tp)
        return dict[_rewrite(key, None, owner, top=False), _rewrite(value, None, owner, top=False)]  # type: ignore[misc]
    if isinstance(tp, type) and issubclass(tp, Enum) and top and field is not None and field.choices:
        declared = {str(v) for v, _label in field.flatchoices}
        if {str(m.value) for m in tp} != declared:
            raise ImproperlyConfigured(f"{owner}: {tp.__name__} does not hold {field.name}'s choices.")
        return tp
    if tp is str and top and field is not None and field.choices:
        raise ImproperlyConfigured(
            f"{owner}: annotate {field.name} with its choices (a TextChoices), not str."
        )
    if tp is int:
        return _int(field if top else None)
    if tp is str and top and isinstance(field, models.CharField | models.TextField):
        limits: dict[str, Any] = {"max_length": field.max_length} if field.max_length else {}
        if not field.blank:
            limits["pattern"] = NOT_BLANK
        return Annotated[StrictStr, Field(**limits)] if limits else StrictStr
    return _STRICT.get(tp, tp)


class InputSchema(Schema):
    """The base of every API body: unknown fields refused, scalars strict, limits from the model."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    def __init_subclass__(cls, model=None, **kwargs):
        # Runs before pydantic reads the annotations, so rewriting them here is what pydantic builds.
        annotations = cls.__dict__.get("__annotations__", {})
        for name, tp in list(annotations.items()):
            if name.startswith("_") or get_origin(tp) is type(None):
                continue
            if isinstance(tp, str):
                raise ImproperlyConfigured(f"{cls.__name__}: no string annotations in input schemas.")
            field = _model_field(model, name)
            annotations[name] = _rewrite(tp, field, f"{cls.__name__}.{name}")
        super().__init_subclass__(**kwargs)


class QuerySchema(Schema):
    """The base of query-string filters. Values arrive as text, so types are not strict; enums and limits
    still come from one declaration. Parameters a filter does not know are ignored (pagination reads
    `limit` and `offset` from the same query string)."""

    model_config = ConfigDict(use_enum_values=True)

    def __init_subclass__(cls, **kwargs):
        _check_unions(cls)
        super().__init_subclass__(**kwargs)


# --- error shapes -----------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None = Field(description="The input as sent (dotted for nested values); null: the request")
    code: str = Field(description="Stable error code, see core/errors.py (never translated)")
    message: str = Field(description="In the request's language")
    row: int | None = Field(None, description="CSV imports: the line of the file (the header is line 1)")


class ValidationErrorOut(Schema):
    detail: str = Field(description="The first message")
    errors: list[FieldErrorOut]


# --- shared output ----------------------------------------------------------------------------------------


class EventOut(Schema):
    id: UUID = Field(alias="public_id")
    occurred_at: datetime
    verb: str
    actor: str = Field(alias="actor_label")
    target: str = Field(alias="target_label")
    text: str = Field(description="What happened, as a sentence in the reader's language")
    before: dict
    after: dict
    note: str

    @staticmethod
    def resolve_note(obj, context) -> str:
        from core.events import note_visible_to

        return note_visible_to(obj, context["request"].actor)

    @staticmethod
    def resolve_text(obj, context) -> str:
        from core.timeline import EventNarrator

        request = context["request"]
        narrator = getattr(request, "_event_narrator", None)
        if narrator is None:  # one per request: it remembers the people and objects it has read
            narrator = request._event_narrator = EventNarrator(request.actor, links=False)
        return narrator.entry(obj).text


def staff_only(attribute: str) -> Any:
    """A schema's resolver (`resolve_status = staff_only("status")`): the object's `attribute` for vendor
    staff, null for everyone else (what the vendor targets and how far along it is are its business)."""

    def resolve(obj: Any, context: Any) -> Any:
        if not context["request"].actor.is_staff:
            return None
        return obj.get(attribute) if isinstance(obj, dict) else getattr(obj, attribute)

    return staticmethod(resolve)


class AudienceOut(Schema):
    """Who a piece of the vendor's content is for and where it stands: staff read them, partner users get
    null (what the vendor targets and how far along it is are its business). Announcements, library assets'
    kin (collateral templates, courses, campaign kits) take these fields from here."""

    status: str | None = None
    partner_types: list[str] | None = None
    tiers: list[str] | None = None
    regions: list[str] | None = None

    resolve_status = staff_only("status")
    resolve_partner_types = staff_only("partner_types")
    resolve_tiers = staff_only("tiers")
    resolve_regions = staff_only("regions")
