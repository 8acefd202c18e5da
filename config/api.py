"""One NinjaAPI for the whole product; each app contributes a router.

The input contract lives here, once for every operation: what a refused input answers (422 with error
codes, `core/errors.py`), which bodies are refused before validation (not an object, NUL, lone
surrogates, over the upload limit), and which error responses the OpenAPI schema documents.
"""

from types import UnionType
from typing import Union, get_args, get_origin

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import BaseModel

from accounts.api_auth import API_AUTH, api_auth
from accounts.scopes import API_AREAS
from core import errors
from core.errors import ErrorCode
from core.openapi import UniqueNamesSchema, add_error_responses


class InputRefused(Exception):
    """Raised by the parser for input refused before validation; answered with 422 and its items."""

    def __init__(self, items: list[dict]):
        self.items = items
        super().__init__(items[0]["message"])


def _unstorable(text: str) -> str | None:
    """Why PostgreSQL (and UTF-8) cannot keep this text, or None."""
    if "\x00" in text:
        return _("Null characters are not allowed.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("The text holds an invalid character (a lone UTF-16 surrogate).")
    return None


def _refuse_unstorable(value, path: tuple = ()) -> None:
    """Walk parsed input, keys included; refuse NUL and lone surrogates, which would fail in the database."""
    if isinstance(value, str):
        reason = _unstorable(value)
        if reason:
            raise InputRefused([errors.error_item(errors.field_path(path), ErrorCode.INVALID, reason)])
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (reason := _unstorable(key)):
                raise InputRefused([errors.error_item(errors.field_path(path), ErrorCode.INVALID, reason)])
            _refuse_unstorable(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_unstorable(item, (*path, index))


class KanalParser(Parser):
    """A JSON body must be an object; no text in it (keys included) or in the query may hold NUL or a lone
    surrogate: PostgreSQL cannot store them, so they are refused here (422) instead of failing later (500)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise InputRefused(
                [errors.error_item(None, ErrorCode.NOT_AN_OBJECT, _("The body must be a JSON object."))]
            )
        _refuse_unstorable(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_unstorable(result)
        return result


def _client_loc(model, loc) -> tuple:
    """Drop the operation's parameter name (`payload`, `filters`) when it stands for a whole schema: the
    client sent that schema's fields, not the parameter."""
    if loc and (field := model.model_fields.get(loc[0])) is not None:
        annotation = field.annotation
        if get_origin(annotation) in (Union, UnionType):
            annotation = next((a for a in get_args(annotation) if a is not type(None)), None)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return tuple(loc[1:])
    return tuple(loc)


class KanalAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        """As ninja's, but keeps each error's input (our handler needs it to tell null from a wrong type)."""
        found = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
                found.append({**error, "loc": (model.__ninja_param_source__, *_client_loc(model, loc))})
        return NinjaValidationError(found)

    def on_exception(self, request, exc):
        # ninja wraps any failure to parse the body in HttpError(400) "Cannot parse request body". Refused
        # input answers 422 with codes, like every other refusal.
        if isinstance(exc, HttpError) and exc.status_code == 400 and exc.__cause__ is not None:
            cause = exc.__cause__
            if isinstance(cause, InputRefused):
                return refused(request, cause.items)
            if isinstance(cause, RequestDataTooBig):
                return too_large(request, cause)
            if isinstance(cause, ValueError):  # json.JSONDecodeError, UnicodeDecodeError
                message = _("The body is not valid JSON.")
                return refused(request, [errors.error_item(None, ErrorCode.INVALID_JSON, message)])
        return super().on_exception(request, exc)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = UniqueNamesSchema(self, path_prefix)
        add_error_responses(self, schema)
        return schema


api = KanalAPI(
    title="Kanal API",
    version="1",
    description=(
        "Partner relationship management: partners, users, recruitment and onboarding.\n\n"
        "Every refused input answers 422 with `detail` and `errors` "
        '(`[{"field": ..., "code": ..., "message": ...}]`); lists answer `{"items": [...], "count": N}` '
        "and take `limit` and `offset`."
    ),
    auth=API_AUTH,
    parser=KanalParser(),
    urls_namespace="api",
    # The Swagger UI at /api/docs works under the site's CSP as it is (static scripts, no inline code);
    # validatorUrl None: it fetches no badge from outside (that would break img-src 'self' and leak the URL).
    docs=Swagger(settings={"validatorUrl": None}),
)


def refused(request, items: list[dict]):
    return api.create_response(request, errors.error_body(items), status=422)


@api.exception_handler(InputRefused)
def input_refused(request, exc):
    return refused(request, exc.items)


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    message = _("The request body is too large.")
    return api.create_response(
        request, errors.error_body([errors.error_item(None, ErrorCode.TOO_LARGE, message)]), status=413
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    detail = _("Authentication credentials were not provided or are not valid.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Throttled)
def throttled(request, exc):
    return api.create_response(request, {"detail": _("Too many requests.")}, status=429)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return refused(request, errors.django_error_items(exc))


@api.exception_handler(NinjaValidationError)
def request_validation_error(request, exc):
    """ninja's own validation of path, query and body (pydantic), as error items with stable codes."""
    items = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))[1:]  # after the source: body, query, path
        code = errors.pydantic_code({**error, "loc": loc})
        items.append(errors.error_item(errors.field_path(loc), code, errors.pydantic_message(error, code)))
    return refused(request, items)


# Each router is one API area (accounts.scopes.API_AREAS): a token's scopes are checked against the area
# of the router an endpoint belongs to, never per endpoint.
ROUTERS = [
    # (area, prefix, router)
    ("accounts", "/", "accounts.api.router"),
    ("partners", "/partners", "partners.api.router"),
    ("partners", "/territories", "partners.api.territory_router"),
    ("partners", "/competition", "competition.api.router"),  # what partners also sell: their profile
    ("recruitment", "/recruitment", "recruitment.api.router"),
    ("program", "/program", "programs.api.router"),
    ("program", "/tiers", "tiers.api.router"),  # tier criteria and progress: the program's token scope
    ("program", "/programs", "programs.api.programs_router"),
    ("onboarding", "/onboarding", "onboarding.api.router"),
    ("events", "/events", "core.api.router"),
    ("direct", "/direct", "direct.api.router"),
    ("catalog", "/catalog", "catalog.api.router"),
    ("deals", "/deals", "deals.api.router"),
    ("engagement", "/engagement", "engagement.api.router"),
    ("notifications", "/notifications", "notifications.api.router"),
    ("search", "/search", "search.api.router"),
    ("content", "/library", "content.api.router"),
    ("collateral", "/collateral", "collateral.api.router"),
    ("learning", "/learning", "learning.api.router"),
    ("announcements", "/announcements", "announcements.api.router"),
    ("leads", "/leads", "leads.api.router"),
    ("imports", "/imports", "imports.api.router"),
    ("referrals", "/referrals", "referrals.api.router"),
    ("leads", "/campaigns", "campaigns.api.router"),  # campaigns bring leads: the same token scope
    ("money", "/ledger", "ledger.api.router"),
    ("incentives", "/incentives", "incentives.api.router"),
    ("funds", "/funds", "funds.api.router"),
    ("partners", "/health", "health.api.router"),  # a partner's health and its risk reviews
    ("partners", "/offboarding", "offboarding.api.router"),  # a partner's wind-down
    ("program", "/recognition", "recognition.api.router"),  # leaderboards and awards: the program's area
]


def _register_routers() -> None:
    areas = {area for area, _prefix, _router in ROUTERS}
    if areas != set(API_AREAS):
        raise ImproperlyConfigured("config.api.ROUTERS and accounts.scopes.API_AREAS name different areas.")
    for area, prefix, router in ROUTERS:
        api.add_router(prefix, import_string(router), auth=api_auth(area))


_register_routers()
