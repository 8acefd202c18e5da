"""Who hears about a registration's progress, in the app and by email, each in their own language and as
they chose (`notifications.services.notify` applies each person's setting for the kind).

Every message is an English msgid (marked with gettext_noop, or ngettext_lazy when it holds a count, so
makemessages finds it) plus parameters; both channels render it for the recipient: their language, their
plural forms, their date format. The kinds are registered in deals/events.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop, ngettext_lazy

from accounts.models import Membership
from core.roles import StaffRole
from notifications.services import Email, notify


def _send(users, registration, event: str, message: Any, *, detail: str = "", **params: Any) -> None:
    """Tell `users` (each once, active ones only) `message` about `registration` (the notification's verb is
    "deal_registration.<event>"); its parameters are the customer, the partner and `params` (dates stay
    dates and counts numbers, rendered for each reader)."""
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    params = {"customer": registration.customer_name, "partner": registration.partner.name} | params
    link = reverse("deals:registration", args=[registration.public_id])
    notify(
        users=users,
        verb=f"deal_registration.{event}",
        message=message,
        params=params,
        link=link,
        partner=registration.partner,
        email=Email(template="deals/email/notice.txt", context={"detail": detail}),
    )


def _partner_side(registration):
    """The registrant, or the partner's admins when the registrant has left."""
    user = registration.registered_by
    if user is not None and user.is_active:
        return [user]
    return [
        m.user
        for m in Membership.objects.filter(
            partner=registration.partner, role="admin", is_active=True
        ).select_related("user")
    ]


def _cam(registration):
    cam = registration.partner.cam
    return [cam] if cam is not None else []


def _chiefs():
    return list(get_user_model().objects.filter(staff_role=StaffRole.CHIEF, is_active=True))


def submitted(registration, *, conflict: bool) -> None:
    message = (
        gettext_noop("New deal registration from %(partner)s with a possible conflict: %(customer)s")
        if conflict
        else gettext_noop("New deal registration from %(partner)s: %(customer)s")
    )
    _send(_cam(registration), registration, "submitted", message)


def approved(registration) -> None:
    detail, until = registration.decision_reason, registration.protected_until
    if until is None:  # the rules leave a competitive deal unprotected
        message = gettext_noop("Deal registration approved without protection: %(customer)s")
        _send(_partner_side(registration), registration, "approved", message, detail=detail)
        return
    message = gettext_noop("Deal registration approved: %(customer)s, protected until %(until)s")
    _send(_partner_side(registration), registration, "approved", message, detail=detail, until=until)


def rejected(registration) -> None:
    message = gettext_noop("Deal registration rejected: %(customer)s")
    _send(_partner_side(registration), registration, "rejected", message, detail=registration.decision_reason)


def appealed(registration) -> None:
    message = gettext_noop("%(partner)s appeals the rejection of their registration for %(customer)s")
    recipients = _chiefs() + _cam(registration)
    _send(recipients, registration, "appealed", message, detail=registration.appeal_reason)


def appeal_decided(registration, *, granted: bool) -> None:
    if not granted:
        message = gettext_noop("Your appeal was turned down: %(customer)s")
    elif registration.protected_until is None:  # the rules leave a competitive deal unprotected
        message = gettext_noop("Your appeal was granted: %(customer)s is approved, without protection")
    else:
        message = gettext_noop("Your appeal was granted: %(customer)s is protected until %(until)s")
    recipients = _partner_side(registration) + _cam(registration)
    detail, until = registration.appeal_decision_note, registration.protected_until
    _send(recipients, registration, "appeal_decided", message, detail=detail, until=until)


EXTENSION_REQUESTED = ngettext_lazy(
    "%(partner)s asks to extend the protection of %(customer)s by %(days)s day",
    "%(partner)s asks to extend the protection of %(customer)s by %(days)s days",
    "days",
)


def extension_requested(extension) -> None:
    registration, detail, days = extension.registration, extension.reason, extension.days
    message = EXTENSION_REQUESTED
    _send(_cam(registration), registration, "extension_requested", message, detail=detail, days=days)


def extension_decided(extension) -> None:
    registration = extension.registration
    message = (
        gettext_noop("Protection extended: %(customer)s is protected until %(until)s")
        if extension.status == "approved"
        else gettext_noop("Extension denied: %(customer)s stays protected until %(until)s")
    )
    requester = extension.requested_by
    recipients = [requester] if requester is not None and requester.is_active else _partner_side(registration)
    detail, until = extension.decision_note, registration.protected_until
    _send(recipients, registration, "extension_decided", message, detail=detail, until=until)


def expiry_reminder(registration) -> None:
    message = gettext_noop(
        "Protection of %(customer)s ends on %(until)s: close the deal or ask for an extension"
    )
    until = registration.protected_until
    _send(_partner_side(registration), registration, "expiry_reminder", message, until=until)


def expired(registration) -> None:
    message = gettext_noop("Deal registration expired: %(customer)s")
    _send(_partner_side(registration) + _cam(registration), registration, "expired", message)
