from django.utils.functional import SimpleLazyObject

from core.actor import SESSION_PARTNER_KEY, build_actor


class ActorMiddleware:
    """Attaches `request.actor`, built once per request from the signed-in user and chosen partner."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(
            lambda: build_actor(request.user, requested_partner_id=request.session.get(SESSION_PARTNER_KEY))
        )
        return self.get_response(request)
