"""One NinjaAPI for the whole product; each app contributes a router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.parser import Parser

from accounts.api_auth import API_AUTH


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


def _register_routers() -> None:
    from accounts.api import router as accounts_router
    from catalog.api import router as catalog_router
    from core.api import router as core_router
    from deals.api import router as deals_router
    from direct.api import router as direct_router
    from engagement.api import router as engagement_router
    from notifications.api import router as notifications_router
    from onboarding.api import router as onboarding_router
    from partners.api import router as partners_router
    from partners.api import territory_router
    from programs.api import router as programs_router
    from recruitment.api import router as recruitment_router

    api.add_router("/", accounts_router)
    api.add_router("/partners", partners_router)
    api.add_router("/territories", territory_router)
    api.add_router("/recruitment", recruitment_router)
    api.add_router("/program", programs_router)
    api.add_router("/onboarding", onboarding_router)
    api.add_router("/events", core_router)
    api.add_router("/direct", direct_router)
    api.add_router("/catalog", catalog_router)
    api.add_router("/deals", deals_router)
    api.add_router("/engagement", engagement_router)
    api.add_router("/notifications", notifications_router)


_register_routers()
