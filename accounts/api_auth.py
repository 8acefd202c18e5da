from ninja.security import HttpBearer, SessionAuth

from accounts.services import api_token_authenticate
from core.actor import build_actor


class TokenAuth(HttpBearer):
    """`Authorization: Bearer knl_…` with a personal API token."""

    openapi_description = "Personal API token created under Settings → API tokens."

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        request.actor = build_actor(user)
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for writes)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and request.actor.is_authenticated else None


API_AUTH = [TokenAuth(), BrowserSessionAuth(csrf=True)]
