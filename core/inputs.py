"""One input definition per write action, used by the page and by the API.

An input is a Django form (`Input`, or `ModelInput` when the limits and choices come from a model): the page
renders and binds it as usual; the API binds the same class from JSON (`Input.from_api`) and documents it
with a schema generated from its fields (`api_schema`), so limits, choices and required fields are declared
once. Validation happens once, in the form; a service receives a bound input and calls `input.cleaned()`,
which returns the cleaned values or raises `InputInvalid` — a `ValidationError` whose items keep their codes
(Django's own: "required", "max_length", "invalid_choice" …, or a domain's codes from its `errors.py`).

Nested lists (a registration's product lines) are formsets named in `nested`; the API sends them as JSON lists
and errors point at "lines.2.quantity".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from itertools import islice
from typing import Annotated, Any, ClassVar, Literal, Self
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from pydantic import Field, StrictBool, StrictInt, StrictStr, create_model

from core.errors import NOT_BLANK
from core.schemas import InputSchema


class InputInvalid(ValidationError):
    """The input's own validation failed; the bound form already carries the errors."""


# A choice among this many options or more is a searchable select on the page (forms.js, Tom Select); so is
# every choice among rows (products, managers), whose number grows with the data.
SEARCHABLE_FROM = 12


def mark_searchable(fields: Mapping[str, forms.Field]) -> None:
    """Mark the long selects of a form for forms.js (`data-searchable`), with the texts it shows."""
    for field in fields.values():
        widget = field.widget
        if not isinstance(widget, forms.Select) or "data-searchable" in widget.attrs:
            continue
        if isinstance(field, forms.ModelChoiceField) or (
            isinstance(field, forms.ChoiceField)
            and len(list(islice(field.choices, SEARCHABLE_FROM))) >= SEARCHABLE_FROM  # type: ignore[arg-type]
        ):
            widget.attrs["data-searchable"] = ""
            widget.attrs["data-no-results"] = _("Nothing matches.")


class InputMixin:
    """Shared by `Input` and `ModelInput`."""

    # name -> formset class; a nested list of sub-inputs (e.g. "lines")
    nested: ClassVar[dict[str, type[BaseFormSet]]] = {}

    def __init__(self, data=None, *args, partial: bool = False, **kwargs):
        super().__init__(data, *args, **kwargs)  # type: ignore[call-arg]
        self.partial = partial
        if partial and data is not None:
            # A partial update (API PATCH) changes only the fields it names.
            files = self.files or {}  # type: ignore[attr-defined]
            for name in list(self.fields):  # type: ignore[attr-defined]
                if name not in data and name not in files:
                    del self.fields[name]  # type: ignore[attr-defined]
        mark_searchable(self.fields)  # type: ignore[attr-defined]
        self.formsets: dict[str, BaseFormSet] = {}
        for name, formset_class in self.nested.items():
            if partial and data is not None and f"{name}-TOTAL_FORMS" not in data:
                continue
            self.formsets[name] = formset_class(
                data, prefix=name, initial=self.nested_initial(name), **self.nested_kwargs(name)
            )

    def nested_initial(self, name: str) -> list[dict[str, Any]] | None:
        return None

    def nested_kwargs(self, name: str) -> dict[str, Any]:
        return {}

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        return all(fs.is_valid() for fs in self.formsets.values()) and valid

    def error_dict(self) -> dict[str, list[ValidationError]]:
        """Every error as {field: [ValidationError with code]}, nested ones as "lines.2.quantity"."""
        errors: dict[str, list[ValidationError]] = {
            name: list(items)
            for name, items in self.errors.as_data().items()  # type: ignore[attr-defined]
        }
        for name, formset in self.formsets.items():
            if formset.non_form_errors():
                errors[name] = list(formset.non_form_errors().as_data())
            for index, form in enumerate(formset.forms):
                for field, items in form.errors.as_data().items():
                    key = f"{name}.{index}" if field == "__all__" else f"{name}.{index}.{field}"
                    errors[key] = list(items)
        return errors

    def read_only(self) -> Self:
        """The form shown to someone who may read it but not change it: every field disabled (a disabled
        field also ignores whatever is posted for it)."""
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.disabled = True
        return self

    def cleaned(self) -> dict[str, Any]:
        """The cleaned values (nested lists included, blank extra rows left out), or InputInvalid."""
        if not self.is_valid():
            raise InputInvalid(self.error_dict())
        data = dict(self.cleaned_data)  # type: ignore[attr-defined]
        for name, formset in self.formsets.items():
            data[name] = [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
                for index, form in enumerate(formset.forms)
                # Rows that were there keep counting when untouched; a blank new row is no row.
                if (index < formset.initial_form_count() or form.has_changed())
                and not form.cleaned_data.get("DELETE")
            ]
        return data

    @classmethod
    def from_api(cls, payload: dict[str, Any], *, partial: bool = False, **kwargs) -> Self:
        """Bind JSON values (a schema's `.dict()`) the way a browser would post them. A name the input does
        not know is refused ("unknown_field"), never silently dropped."""
        unknown = _unknown_names(cls, payload)
        if unknown:
            raise InputInvalid(
                {
                    name: [ValidationError(_("This field is not accepted here."), code="unknown_field")]
                    for name in unknown
                }
            )
        if not partial:
            payload = {name: [] for name in cls.nested} | dict(payload)
        # Files (an upload through the API, a file another app generated) go where a form reads files.
        files = {name: value for name, value in payload.items() if isinstance(value, File)}
        values = {name: value for name, value in payload.items() if name not in files}
        return cls(to_form_data(values, cls.nested), files or None, partial=partial, **kwargs)  # type: ignore[call-arg]

    @classmethod
    def bind(cls, data: Mapping[str, Any] | Self, *, partial: bool = False, **kwargs) -> Self:
        """A service's input: a page's bound input as it is, or values (the API's, an import's, another app's)
        bound as `from_api` binds them; what a new record leaves out is the input's default, as in the API."""
        if not isinstance(data, Mapping):
            return data
        values = dict(data)
        if not partial:
            fields = cls.base_fields.items()  # type: ignore[attr-defined]
            defaults = {
                name: f.initial for name, f in fields if f.initial is not None and not callable(f.initial)
            }
            values = defaults | values
        return cls.from_api(values, partial=partial, **kwargs)


def _unknown_names(input_class, payload: dict[str, Any]) -> list[str]:
    known = set(input_class.base_fields) | set(input_class.nested)
    unknown = [name for name in payload if name not in known]
    for name, formset_class in input_class.nested.items():
        row_fields = set(formset_class.form.base_fields)
        for index, row in enumerate(payload.get(name) or []):
            unknown += [f"{name}.{index}.{key}" for key in row if key not in row_fields]
    return unknown


class UnknownIdMixin:
    """For a choice among rows by public id. The ids cannot be listed in the schema (they depend on the
    reader and the data), so a well-formed id that names nothing the reader may use is "unknown_id", not a
    choice the schema should have declared."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                message = self.error_messages["invalid_choice"]
                raise ValidationError(message, code="unknown_id") from exc
            raise


class IdChoiceField(UnknownIdMixin, forms.ModelChoiceField):
    """A choice among rows by public id ("unknown_id" for an id the reader may not use)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", None)
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(*args, **kwargs)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several rows by public id ("unknown_id" for an id the reader may not use, as `IdChoiceField`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                raise ValidationError(exc.messages[0], code="unknown_id") from exc
            raise


class CodeChoiceField(forms.TypedChoiceField):
    """A choice of upper-case codes (a currency, a country) that takes them in any case: "eur" is EUR."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper()


class Input(InputMixin, forms.Form):
    pass


class ModelInput(InputMixin, forms.ModelForm):
    pass


def body_values(payload: Any, **options: Any) -> dict[str, Any]:
    """An API body, parsed by its input's `api_schema`, as the input's values (the schemas are generated, so
    typed Any); no body at all is no values. `options` as pydantic's `dict` (exclude_unset for a PATCH)."""
    return payload.dict(**options) if payload is not None else {}


def resolve_reference(
    data: dict[str, Any],
    name: str,
    *,
    to: str,
    find: Callable[[Any], Any],
    message: str,
    code: str = "unknown_id",
    error_on: str | None = None,
) -> dict[str, Any]:
    """An API body names a related row by a key of its own (an owner by email, a family by id): `name` gives
    way to `to`, the row that `find(value)` finds in the reader's scope, or None for an empty value. A value
    that finds nothing is a field error (422, on `error_on` or `to`), never a missing route."""
    if name in data:
        value = data.pop(name)
        data[to] = find(value) if value else None
        if value and data[to] is None:
            raise ValidationError({error_on or to: ValidationError(message, code=code)})
    return data


def to_form_data(payload: dict[str, Any], nested: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in payload.items():
        if key in nested:
            rows = list(value or [])
            data |= {
                f"{key}-TOTAL_FORMS": str(len(rows)),
                f"{key}-INITIAL_FORMS": "0",
                f"{key}-MIN_NUM_FORMS": "0",
                f"{key}-MAX_NUM_FORMS": "1000",
            }
            for index, row in enumerate(rows):
                for field, item in to_form_data(row, {}).items():
                    data[f"{key}-{index}-{field}"] = item
        elif isinstance(value, UUID):
            data[key] = str(value)
        elif isinstance(value, bool):
            # A ticked checkbox posts "on"; false is said, not left out, so a partial update keeps it.
            data[key] = "on" if value else "false"
        elif value is None:
            data[key] = ""
        else:
            data[key] = value
    return data


def validate_json(schema: type, data: Any) -> dict[str, Any]:
    """Check a JSON body that ninja did not parse (an optional body) against its schema; 422 items like
    every other body."""
    import pydantic

    try:
        return schema.model_validate(data).dict(exclude_unset=True)  # type: ignore[attr-defined]
    except pydantic.ValidationError as exc:
        raise ValidationError(
            {
                ".".join(str(part) for part in error["loc"]) or "__all__": ValidationError(
                    error["msg"], code="unknown_field" if error["type"] == "extra_forbidden" else "invalid"
                )
                for error in exc.errors()
            }
        ) from exc


# --- the API schema of an input --------------------------------------------------------------------------

# A required text has at least one character other than white space; a blank one is refused as "blank".
REQUIRED_TEXT = NOT_BLANK


def _choice_values(field: forms.ChoiceField) -> list[str]:
    values: list[str] = []
    for value, label in field.choices:  # type: ignore[union-attr, misc]
        if isinstance(label, (list, tuple)):  # an option group
            values += [str(v) for v, _label in label if v not in ("", None)]
        elif value not in ("", None):
            values.append(str(value))
    return values


def field_annotation(field: forms.Field, *, blank: bool = False) -> Any:
    """The JSON type of a form field, with its limits and choices; `blank`: a choice may also be "" (none)."""
    api_type = getattr(field, "api_type", None)
    if api_type is not None:
        return api_type
    description = str(field.help_text) if field.help_text else None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return Annotated[list[UUID], Field(description=description)]
    if isinstance(field, forms.ModelChoiceField):
        return Annotated[UUID, Field(description=description)]
    if isinstance(field, forms.MultipleChoiceField):
        values = _choice_values(field)
        item: Any = Literal[tuple(values)] if values else str  # type: ignore[valid-type]
        return Annotated[list[item], Field(description=description)]
    if isinstance(field, forms.ChoiceField):
        values = ([""] if blank else []) + _choice_values(field)
        choice: Any = Literal[tuple(values)] if values else StrictStr  # type: ignore[valid-type]
        return Annotated[choice, Field(description=description)]
    if isinstance(field, forms.BooleanField):
        return Annotated[StrictBool, Field(description=description)]
    if isinstance(field, forms.IntegerField):
        limits: dict[str, Any] = {"ge": field.min_value, "le": field.max_value}
        return Annotated[StrictInt, Field(description=description, **limits)]
    if isinstance(field, forms.DateField):
        return Annotated[date, Field(description=description)]
    if isinstance(field, forms.EmailField):
        return Annotated[
            StrictStr,
            Field(
                max_length=field.max_length, description=description, json_schema_extra={"format": "email"}
            ),
        ]
    if isinstance(field, forms.CharField):
        pattern = REQUIRED_TEXT if field.required else None
        return Annotated[
            StrictStr,
            Field(max_length=field.max_length, pattern=pattern, description=description),
        ]
    return Annotated[StrictStr, Field(description=description)]


def api_schema(
    input_class: type[InputMixin],
    name: str,
    *,
    partial: bool = False,
    exclude: tuple[str, ...] = (),
    nullable: Collection[str] | None = None,
    extra: dict[str, Any] | None = None,
    **kwargs,
) -> type:
    """A ninja schema documenting `input_class` for OpenAPI (and refusing unknown fields and wrong types
    before the form sees them). Fields whose choices depend on the actor are built with `kwargs`; `extra`
    holds (annotation, default) of what the API takes besides the input (an id the page has in its URL).

    `nullable` names the fields that take null; the other optional ones are left out or sent empty ("" for
    text and choices, [] for lists: what the model stores), and null answers "null". Without it every
    optional field takes null."""
    form = input_class(**kwargs)  # type: ignore[call-arg]
    fields: dict[str, Any] = {}
    for field_name, field in form.fields.items():  # type: ignore[attr-defined]
        if field_name in exclude:
            continue
        # A required field is never cleared, so it never takes null, not even in a partial update.
        takes_null = not field.required and (nullable is None or field_name in nullable)
        annotation = field_annotation(field, blank=not (takes_null or field.required))
        if partial:
            fields[field_name] = (annotation | None, None) if takes_null else (annotation, None)
        elif isinstance(field, forms.BooleanField):
            # A JSON boolean is stated, never implied (a page's unticked box posts nothing).
            fields[field_name] = (annotation, ...)
        elif field.required and field.initial is not None:
            fields[field_name] = (annotation, field.initial)  # may be left out, never null
        elif not field.required:
            fields[field_name] = (
                (annotation | None, field.initial) if takes_null else (annotation, _empty(field))
            )
        else:
            fields[field_name] = (annotation, ...)
    for nested_name, formset_class in input_class.nested.items():
        row = api_schema(formset_class.form, f"{name}{nested_name.title()}Item")
        max_rows = getattr(formset_class, "max_num", None)
        annotation = Annotated[list[row], Field(max_length=max_rows)]  # type: ignore[valid-type]
        fields[nested_name] = (annotation | None, None) if partial else (annotation, [])
    return create_model(name, __base__=InputSchema, **(fields | (extra or {})))


def _empty(field: forms.Field) -> Any:
    """What an optional field left out of a body holds: its initial value, else nothing of its kind."""
    if field.initial is not None:
        return field.initial
    return [] if isinstance(field, forms.MultipleChoiceField) else ""


class AmountField(forms.Field):
    """A money amount typed as text ("1 234,50" on a page, "1234.50" in the API) -> Decimal, never a float."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 40})

    @property
    def api_type(self):
        from core.schemas import Amount

        return Amount

    def to_python(self, value):
        from core.money import parse_amount

        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and len(value) > 40:
            raise ValidationError(_("Enter an amount such as 1250.00."), code="invalid")
        try:
            return parse_amount(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid") from exc
