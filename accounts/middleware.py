from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.mfa import mfa_enrolment_required

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/invitations/")
_API_PREFIX = "/api/"


class StaffMfaMiddleware:
    """In production, vendor staff must enrol a TOTP authenticator before using the portal.

    API calls riding on the browser session are refused like the pages are; API calls with a personal token
    carry no session user here and are refused by the token auth (`accounts/api_auth.py`), which asks the
    same rule (`accounts.mfa.mfa_enrolment_required`), so neither is a way around enrolment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.KANAL_REQUIRE_STAFF_MFA and self._needs_enrolment(request):
            if request.path.startswith(_API_PREFIX):
                return JsonResponse(
                    {"detail": _("Set up two-factor authentication before using the API.")}, status=403
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_enrolment(request) -> bool:
        if request.path.startswith(_EXEMPT_PREFIXES):
            return False
        return mfa_enrolment_required(getattr(request, "user", None))


class RememberLanguageMiddleware:
    """Keeps User.language equal to the language a signed-in person uses, so emails reach them in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = (getattr(request, "LANGUAGE_CODE", "") or "")[:2]
        if user is not None and user.is_authenticated and language and user.language != language:
            from accounts.models import User

            User.objects.filter(pk=user.pk).update(language=language)
        return response
