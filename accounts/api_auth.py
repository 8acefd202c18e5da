from django.core.exceptions import ImproperlyConfigured
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from accounts.scopes import API_AREAS
from accounts.services import ApiTokenRefused, api_token_authenticate
from core.actor import build_actor


class ApiTokenError(HttpError):
    """A refused token: the message says what to do; `code` is stable for clients."""

    def __init__(self, refused: ApiTokenRefused):
        super().__init__(refused.status, refused.message)
        self.code = refused.code


class TokenAuth(HttpBearer):
    """`Authorization: Bearer knl_…` with a personal API token, for the endpoints of one API area.

    `config/api.py` gives each router its own instance, so the area an endpoint belongs to is its router's.
    """

    openapi_description = "Personal API token created under Settings → API tokens."

    def __init__(self, area: str | None = None):
        if area is not None and area not in API_AREAS:
            raise ImproperlyConfigured(f"Unknown API area {area!r}; add it to accounts.scopes.API_AREAS.")
        self.area = area
        super().__init__()

    def authenticate(self, request, token):
        try:
            api_token = api_token_authenticate(token, area=self.area, method=request.method)
        except ApiTokenRefused as refused:
            raise ApiTokenError(refused) from None
        if api_token is None:
            return None
        request.user = api_token.user
        request.actor = build_actor(api_token.user)
        request.api_token = api_token
        return api_token.user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for writes). Token scopes do not apply to it."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and request.actor.is_authenticated else None


def api_auth(area: str | None) -> list:
    """The auth of one router: a token scoped to its area, or the browser session."""
    return [TokenAuth(area), BrowserSessionAuth(csrf=True)]


# Routers mounted without an area accept unrestricted tokens only.
API_AUTH = api_auth(None)
