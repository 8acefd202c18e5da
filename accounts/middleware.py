from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import check_for_language
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
    """`User.language` is the language a person chose; Kanal speaks it to them and writes their emails in it.

    - The language switch (a POST to `set_language`) and the settings page store the choice.
    - Signing in applies the stored language to the browser (its language cookie), whatever the browser
      asked for before; someone who has not chosen yet keeps the language they signed in with, and until
      they choose, the language they use on the pages is remembered.
    - Nothing else changes it: a browser asking for another language, or an old cookie on another device,
      does not silently move someone's emails to another language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        from accounts.language import SIGNED_IN, set_language_cookie
        from accounts.services import user_language_remember, user_language_set

        if request.method == "POST" and request.path == reverse("set_language"):
            chosen = request.POST.get("language") or ""
            if check_for_language(chosen) and getattr(request, "actor", None) is not None:
                user_language_set(actor=request.actor, language=chosen)
        elif getattr(request, SIGNED_IN, False) and user.language:
            set_language_cookie(response, user.language)
        elif not request.path.startswith(_API_PREFIX):  # an API client's language says nothing about its user
            user_language_remember(user=user, language=getattr(request, "LANGUAGE_CODE", ""))
        return response
