"""The language Kanal speaks to a signed-in person: the one they chose (`User.language`), applied when they
sign in and changed by the language switch and the settings page; emails follow it too (`core.emails`)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Make `language` the browser's language for Kanal (Django's LocaleMiddleware reads this cookie)."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


SIGNED_IN = "_kanal_signed_in"


def on_signed_in(sender, request=None, user=None, **kwargs) -> None:
    """`user_logged_in`: marks the request, so the middleware applies (or first remembers) the language."""
    if request is not None:
        setattr(request, SIGNED_IN, True)
