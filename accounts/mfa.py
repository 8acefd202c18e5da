"""Who must enrol a TOTP authenticator before using Kanal: one rule for pages, the API and tokens."""

from __future__ import annotations

from django.conf import settings


def mfa_enrolment_required(user) -> bool:
    """True when policy requires `user` to have a TOTP authenticator and they have none yet.

    Today the policy (KANAL_REQUIRE_STAFF_MFA) covers vendor staff only; partner users are not asked.
    The session pages, the API (session or token) and token creation all ask this one function.
    """
    if not settings.KANAL_REQUIRE_STAFF_MFA:
        return False
    if user is None or not user.is_authenticated or not user.staff_role:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
