"""The error responses every operation can give, added to the OpenAPI schema in one place.

An operation documents its own successes (and any error it answers with a body of its own); the rest
follows from its shape: 401 and 403 when it needs credentials, 404 when it addresses an object by a path
id, 422 when it takes input or writes, 413 when a body can be sent.
"""

from http.client import responses as reasons

from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from core.schemas import ErrorOut, ValidationErrorOut

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _ref(name: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=name)}}}}


def _register(schema: dict, model) -> str:
    generated = model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(generated.pop("$defs", {}))
    components[model.__name__] = generated
    return model.__name__


def add_error_responses(api, schema: dict) -> None:
    error = _register(schema, ErrorOut)
    invalid = _register(schema, ValidationErrorOut)
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            has_path_id = any(p["in"] == "path" for p in params)
            has_body = "requestBody" in operation
            expected = {}
            if operation.get("security"):
                expected[401] = error
                expected[403] = error
            if has_path_id:
                expected[404] = error
            if method in WRITE_METHODS:
                expected[413] = invalid
            if params or has_body or method in WRITE_METHODS:
                expected[422] = invalid
            documented = operation.setdefault("responses", {})
            for status, name in expected.items():
                if status not in documented and str(status) not in documented:
                    documented[status] = {"description": reasons[status], **_ref(name)}
