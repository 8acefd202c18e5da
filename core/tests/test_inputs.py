"""The shared input and listing machinery: one definition gives the page's form, the API's schema and the
same validation with error codes."""

import pydantic
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from core.errors import NOT_BLANK
from core.inputs import AmountField, Input, InputInvalid, api_schema, validate_json


class RowInput(Input):
    sku = forms.CharField(max_length=5)
    quantity = forms.IntegerField(min_value=1, max_value=10)


class OrderInput(Input):
    nested = {"rows": formset_factory(RowInput, max_num=3, validate_max=True)}

    name = forms.CharField(max_length=10)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    urgent = forms.BooleanField(required=False)
    price = AmountField(required=False)


def test_cleaned_values_come_with_their_nested_rows():
    values = OrderInput.from_api(
        {
            "name": "Order",
            "kind": "a",
            "urgent": True,
            "price": "12,50",
            "rows": [{"sku": "X1", "quantity": 2}],
        }
    ).cleaned()
    assert values["name"] == "Order" and values["urgent"] is True and str(values["price"]) == "12.50"
    assert values["rows"] == [{"sku": "X1", "quantity": 2}]


def test_errors_keep_their_codes_and_point_into_nested_rows():
    form = OrderInput.from_api(
        {"name": "", "kind": "z", "rows": [{"sku": "X1", "quantity": 1}, {"sku": "X2"}]}
    )
    with pytest.raises(InputInvalid) as refused:
        form.cleaned()
    codes = {field: [e.code for e in errors] for field, errors in refused.value.error_dict.items()}
    assert codes == {"name": ["required"], "kind": ["invalid_choice"], "rows.1.quantity": ["required"]}


def test_too_many_rows_are_refused_not_cut():
    rows = [{"sku": "X", "quantity": 1}] * 4
    with pytest.raises(InputInvalid) as refused:
        OrderInput.from_api({"name": "n", "rows": rows}).cleaned()
    assert "rows" in refused.value.error_dict


def test_a_partial_input_changes_only_what_it_names():
    form = OrderInput.from_api({"kind": "b"}, partial=True)
    assert set(form.fields) == {"kind"} and "rows" not in form.formsets
    assert form.cleaned() == {"kind": "b"}


@pytest.mark.parametrize("value", ["1e28", "1E+30", "1e400", "NaN", "Infinity", "-1", "12.345.6", "x" * 41])
def test_amounts_in_exponent_form_and_other_oddities_are_refused(value):
    with pytest.raises(InputInvalid) as refused:
        OrderInput.from_api({"name": "n", "price": value}).cleaned()
    assert [e.code for e in refused.value.error_dict["price"]] == ["invalid"]


def test_the_api_schema_declares_limits_choices_and_strict_types():
    schema = api_schema(OrderInput, "OrderIn")
    json_schema = schema.model_json_schema()
    props = json_schema["properties"]
    assert props["name"]["maxLength"] == 10 and props["name"]["pattern"] == NOT_BLANK
    assert props["kind"]["anyOf"][0]["enum"] == ["a", "b"]
    assert props["rows"]["maxItems"] == 3
    assert json_schema["additionalProperties"] is False
    assert set(json_schema["required"]) == {"name", "urgent"}  # a JSON boolean is stated, never implied
    schema.model_validate({"name": "n", "urgent": False, "rows": [{"sku": "A", "quantity": 3}]})
    for bad in (
        {"name": "n", "urgent": False, "rows": [{"sku": "A", "quantity": True}]},  # true is not a quantity
        {"name": 5, "urgent": False},  # a number is not a name
        {"name": "n", "urgent": False, "surprise": 1},  # unknown fields are refused, not ignored
        {"name": "n", "urgent": "yes"},
    ):
        with pytest.raises(pydantic.ValidationError):
            schema.model_validate(bad)


def test_validate_json_refuses_with_field_names_and_codes():
    schema = api_schema(OrderInput, "OrderIn2")
    with pytest.raises(ValidationError) as refused:
        validate_json(schema, {"name": "n", "urgent": False, "extra": 1})
    assert [e.code for e in refused.value.error_dict["extra"]] == ["unknown_field"]
    with pytest.raises(ValidationError) as refused:
        validate_json(schema, [1, 2])
    assert "__all__" in refused.value.error_dict


def test_nullable_names_the_only_fields_that_take_null():
    strict = api_schema(OrderInput, "OrderStrictIn", nullable=())
    props = strict.model_json_schema()["properties"]
    assert props["kind"]["enum"] == ["", "a", "b"]  # an optional choice is cleared with ""
    assert strict.model_validate({"name": "n", "urgent": False}).dict()["kind"] == ""
    with pytest.raises(pydantic.ValidationError):
        strict.model_validate({"name": "n", "urgent": False, "kind": None})
    patch = api_schema(OrderInput, "OrderStrictPatch", partial=True, nullable=())
    assert patch.model_validate({}).dict(exclude_unset=True) == {}
    with pytest.raises(pydantic.ValidationError):
        patch.model_validate({"name": None})
    # without `nullable`, every optional field still takes null (the default)
    loose = api_schema(OrderInput, "OrderLooseIn")
    assert loose.model_validate({"name": "n", "urgent": False, "kind": None}).dict()["kind"] is None
