"""What a registration's page says about where it stands: every sentence follows from its real state."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deals.models import DealRegistration
from deals.models import RegistrationStatus as S
from deals.rules import appeal_deadline


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def registration_status_texts(*, actor, registration: DealRegistration, check) -> dict[str, str]:
    """{"headline": where it stands and what happens next, "conflict": the partner's note on a conflict}."""
    status = registration.status
    today = timezone.localdate()
    partner_view = not actor.is_staff
    headline = ""
    if status == S.DRAFT:
        headline = _("A draft: only your company sees it until you submit it.")
    elif status == S.SUBMITTED:
        headline = (
            _("Submitted: your channel account manager will review it and explain the decision.")
            if partner_view
            else _("Submitted: waiting for a decision.")
        )
    elif status == S.APPROVED and registration.protected_until:
        if registration.protected_until >= today:
            headline = _("Approved and protected until %(day)s.") % {
                "day": _day(registration.protected_until)
            }
        else:
            headline = _("Approved; the protection ended on %(day)s.") % {
                "day": _day(registration.protected_until)
            }
    elif status == S.REJECTED:
        deadline = appeal_deadline(registration)
        if registration.appealed_at is not None:
            headline = _("Rejected; the appeal was turned down and the decision is final.")
        elif deadline is not None and deadline >= today and partner_view:
            headline = _("Rejected. You can appeal until %(day)s.") % {"day": _day(deadline)}
        else:
            headline = _("Rejected.")
    elif status == S.APPEALED:
        headline = _("Rejected and appealed: the channel chief is reviewing the appeal.")
    elif status == S.WON:
        headline = _("Closed as won.")
    elif status == S.LOST:
        headline = _("Closed as lost.")
    elif status == S.EXPIRED:
        headline = (
            _("The protection expired on %(day)s.") % {"day": _day(registration.protected_until)}
            if (registration.protected_until)
            else _("The protection expired.")
        )

    conflict = ""
    if check is not None and check.outcome == "conflict" and partner_view:
        if status == S.SUBMITTED:
            conflict = _(
                "This customer may already be covered by another registration or by the vendor's direct "
                "sales. Your channel account manager will review it and explain the decision."
            )
        elif status == S.APPEALED:
            conflict = _(
                "This customer may already be covered by another registration or by the vendor's direct "
                "sales. The channel chief is reviewing your appeal."
            )
        else:
            conflict = _(
                "This customer may already be covered by another registration or by the vendor's direct "
                "sales. Your channel account manager took this into account in the decision."
            )
    return {"headline": headline, "conflict": conflict}
