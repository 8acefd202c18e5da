from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject

from core.actor import SESSION_PARTNER_KEY, build_actor
from core.http import FieldAnswer, validated_field_name


class ActorMiddleware:
    """Attaches `request.actor`, built once per request from the signed-in user and chosen partner."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(
            lambda: build_actor(request.user, requested_partner_id=request.session.get(SESSION_PARTNER_KEY))
        )
        return self.get_response(request)


class _Unanswered(Exception):
    pass


class FieldValidationMiddleware:
    """On-blur validation (`core.http.VALIDATE_HEADER`): the view's `submit_form` answers the field's partial
    by raising `FieldAnswer`, returned here as the response. A view that does not validate through
    `submit_form` would treat the request as a submit: whatever it wrote is rolled back, its flashed messages
    are dropped and the answer is 204 (nothing to show), so a validation request never changes anything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if validated_field_name(request) is None:
            return self.get_response(request)
        response = None
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if not getattr(response, "field_answer", False):
                    raise _Unanswered
        except _Unanswered:
            list(messages.get_messages(request))  # consumed: not stored for the next page
            if response is not None and response.status_code >= 400:
                return response
            return HttpResponse(status=204)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, FieldAnswer):
            return exception.response
        return None
