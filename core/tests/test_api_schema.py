"""Every API operation follows the one shape: InputSchema bodies, KanalPagination lists, documented errors,
limits and enums in the OpenAPI schema."""

from types import UnionType
from typing import Union, get_args, get_origin

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja.signature.details import is_collection_type

from config.api import api
from core.errors import NOT_BLANK
from core.schemas import InputSchema, OrBlank

GOLD_ONLY = ["gold"]


def operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _schemas(annotation):
    if get_origin(annotation) in (Union, UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def test_every_body_is_an_input_schema():
    checked = 0
    for operation in operations():
        for model in operation.models:
            if model.__ninja_param_source__ != "body":
                continue
            for field in model.model_fields.values():
                for schema in _schemas(field.annotation):
                    assert isinstance(schema, type) and issubclass(schema, InputSchema), (
                        operation.view_func.__qualname__,
                        schema,
                    )
                    checked += 1
    assert checked >= 30


def test_every_list_is_paginated():
    for operation in operations():
        paginated = getattr(operation.view_func, "_ninja_is_paginated", False)
        for model in operation.response_models.values():
            if model is None or not hasattr(model, "__annotations__"):
                continue
            response = model.__annotations__.get("response")
            assert paginated or not is_collection_type(response), operation.view_func.__qualname__


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def test_every_operation_documents_its_errors(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = {int(code) for code in operation["responses"]}
            where = f"{method.upper()} {path}"
            if operation.get("security"):
                assert {401, 403} <= responses, where
            if "{" in path:
                assert 404 in responses, where
            if method != "get" or operation.get("parameters"):
                assert 422 in responses, where
            if method != "get":
                assert 413 in responses, where


def test_refusals_share_one_documented_shape(schema):
    invalid = {"$ref": "#/components/schemas/ValidationErrorOut"}
    imports = schema["paths"]["/api/catalog/products/import"]["post"]["responses"]
    assert imports[422]["content"]["application/json"]["schema"] == invalid
    for path in ("/api/direct/accounts/import", "/api/direct/deals/import"):
        assert (
            schema["paths"][path]["post"]["responses"][422]["content"]["application/json"]["schema"]
            == invalid
        )
    error = schema["components"]["schemas"]["FieldErrorOut"]
    assert set(error["required"]) == {"field", "code", "message"}


def test_limits_and_enums_come_from_the_model(schema):
    components = schema["components"]["schemas"]
    partner = components["PartnerCreateIn"]
    assert partner["additionalProperties"] is False
    assert partner["properties"]["name"]["maxLength"] == 200
    assert partner["properties"]["name"]["pattern"] == NOT_BLANK
    assert partner["properties"]["partner_type"]["enum"] == [
        "affiliate",
        "alliance",
        "dealer",
        "distributor",
        "franchisee",
        "reseller",
        "agent",
        "retailer",
    ]
    assert (
        "" in partner["properties"]["region"]["enum"] and "europe" in partner["properties"]["region"]["enum"]
    )
    account = components["AccountIn"]["properties"]
    employees = next(a for a in account["employees"]["anyOf"] if a.get("type") == "integer")
    # the column's floor and the input's ceiling (the one the page and the API enforce)
    assert (employees["minimum"], employees["maximum"]) == (0, 10_000_000)
    days = components["RuleIn"]["properties"]["protection_days"]["anyOf"][0]
    assert (days["minimum"], days["maximum"]) == (1, 365)
    params = {p["name"]: p for p in schema["paths"]["/api/partners"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 500 and params["offset"]["schema"]["minimum"] == 0
    # the directory's FilterSet: an optional choice (an enum, or absent)
    status = next(a for a in params["status"]["schema"]["anyOf"] if "enum" in a)
    assert "at_risk" in status["enum"]


def test_a_choice_field_without_its_choices_is_refused_at_import():
    from partners.models import Partner

    with pytest.raises(ImproperlyConfigured):

        class Wrong(InputSchema, model=Partner):
            tier: str

    with pytest.raises(ImproperlyConfigured):

        class Union(InputSchema, model=Partner):
            tier: OrBlank[GOLD_ONLY]
