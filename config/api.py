"""One NinjaAPI for the whole product; each app contributes a router."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser

from accounts.api_auth import API_AUTH, api_auth
from accounts.scopes import API_AREAS


def _refuse_nul(value) -> None:
    if isinstance(value, str):
        ProhibitNullCharactersValidator()(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)


class KanalParser(Parser):
    """PostgreSQL text cannot hold NUL characters: refuse them in the input (422), as the HTML forms do,
    instead of failing in the database (500)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        _refuse_nul(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


api = NinjaAPI(
    title="Kanal API",
    version="1",
    description="Partner relationship management: partners, users, recruitment and onboarding.",
    auth=API_AUTH,
    parser=KanalParser(),
    urls_namespace="api",
    # The Swagger UI at /api/docs works under the site's CSP as it is (static scripts, no inline code);
    # validatorUrl None: it fetches no badge from outside (that would break img-src 'self' and leak the URL).
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    first = next(iter(errors.values()))[0]
    return api.create_response(request, {"detail": first, "errors": errors}, status=422)


# Each router is one API area (accounts.scopes.API_AREAS): a token's scopes are checked against the area
# of the router an endpoint belongs to, never per endpoint.
ROUTERS = [
    # (area, prefix, router)
    ("accounts", "/", "accounts.api.router"),
    ("partners", "/partners", "partners.api.router"),
    ("partners", "/territories", "partners.api.territory_router"),
    ("recruitment", "/recruitment", "recruitment.api.router"),
    ("program", "/program", "programs.api.router"),
    ("onboarding", "/onboarding", "onboarding.api.router"),
    ("events", "/events", "core.api.router"),
    ("direct", "/direct", "direct.api.router"),
    ("catalog", "/catalog", "catalog.api.router"),
    ("deals", "/deals", "deals.api.router"),
    ("engagement", "/engagement", "engagement.api.router"),
    ("notifications", "/notifications", "notifications.api.router"),
]


def _register_routers() -> None:
    areas = {area for area, _prefix, _router in ROUTERS}
    if areas != set(API_AREAS):
        raise ImproperlyConfigured("config.api.ROUTERS and accounts.scopes.API_AREAS name different areas.")
    for area, prefix, router in ROUTERS:
        api.add_router(prefix, import_string(router), auth=api_auth(area))


_register_routers()
