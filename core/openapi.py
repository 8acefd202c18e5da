"""The error responses every operation can give, added to the OpenAPI schema in one place.

An operation documents its own successes (and any error it answers with a body of its own); the rest
follows from its shape: 401 and 403 when it needs credentials, 404 when it addresses an object by a path
id, 422 when it takes input or writes, 413 when a body can be sent.
"""

from http.client import responses as reasons

from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from core.schemas import ErrorOut, ValidationErrorOut

WRITE_METHODS = {"post", "put", "patch", "delete"}


class UniqueNamesSchema(OpenAPISchema):
    """ninja files every schema under its class name, and a second class of the same name silently replaces
    the first: one operation would then document another's body. Refuse that instead."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise ValueError(f"Two different API schemas are both named {name!r}: rename one.")
        super().add_schema_definitions(definitions)


def _ref(name: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=name)}}}}


def _register(schema: dict, model) -> str:
    generated = model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(generated.pop("$defs", {}))
    components[model.__name__] = generated
    return model.__name__


def _no_null_body(operation: dict) -> None:
    """An optional body (`payload: X | None = None`) is sent or left out; a JSON `null` body is refused like
    any body that is not an object (config/api.py), so the schema does not offer it."""
    for content in operation.get("requestBody", {}).get("content", {}).values():
        body = content.get("schema", {})
        options = [o for o in body.get("anyOf", []) if o != {"type": "null"}]
        if "anyOf" in body and len(options) < len(body["anyOf"]):
            content["schema"] = options[0] if len(options) == 1 else {**body, "anyOf": options}


def add_error_responses(api, schema: dict) -> None:
    error = _register(schema, ErrorOut)
    invalid = _register(schema, ValidationErrorOut)
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            _no_null_body(operation)
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


def file_upload_body(field: str) -> dict:
    """`openapi_extra` of an operation that takes one file, a multipart field `field`, and nothing else.

    ninja would document the `File(None)` parameter as optional: the operation reads it as optional so that it
    can find the object in the reader's scope first (another partner's id is 404 whatever is sent), and
    refuses a missing file itself (422 on `field`), so the schema says what a client must send. A file of no
    bytes is refused too ("file_empty"), and a multipart encoder may leave an empty file out of the body
    altogether (then it is a missing one): the file has at least one byte (`minLength`)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {field: {"type": "string", "format": "binary", "minLength": 1}},
                        "required": [field],
                        "additionalProperties": False,
                    }
                }
            },
        }
    }
