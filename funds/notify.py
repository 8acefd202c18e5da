"""Who hears about MDF, in the app and by email, each in their own language and as they chose: channel
marketing when a request or a claim arrives, the channel chief when one awaits their approval above the
threshold, the partner's admins when their request or claim is decided. Reps hear nothing: the money is the
admins' (and what the money settings let reps see, they read on the pages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_noop

from accounts.models import Membership
from core.links import object_url
from core.roles import StaffRole
from funds.models import FundClaim, FundRequest
from notifications.services import Email, notify


def _staff(*roles: str) -> list[Any]:
    return list(get_user_model().objects.filter(staff_role__in=roles, is_active=True))


def _admins(partner: Any) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(partner=partner, role="admin", is_active=True).select_related(
            "user"
        )
    ]


def _send(
    users: list[Any],
    kind: str,
    message: Any,
    obj: FundRequest | FundClaim,
    *,
    detail: str = "",
    **params: Any,
) -> None:
    request = obj.request if isinstance(obj, FundClaim) else obj
    link = object_url("funds:claim" if isinstance(obj, FundClaim) else "funds:request", obj.public_id)
    notify(
        users=users,
        verb=kind,
        message=message,
        params={"partner": request.partner.name, "activity": request.title, "code": request.code} | params,
        link=link,
        partner=request.partner,
        email=Email(template="funds/email/notice.txt", context={"detail": detail}),
    )


def request_submitted(request: FundRequest) -> None:
    message = gettext_noop("%(partner)s requests %(amount)s for %(activity)s")
    amount = f"{request.amount} {request.currency}"
    _send(_staff(StaffRole.MARKETING), "fund_request.submitted", message, request, amount=amount)


def request_recommended(request: FundRequest) -> None:
    message = gettext_noop("Approve above the threshold: %(amount)s for %(activity)s of %(partner)s")
    amount = f"{request.recommended_amount} {request.currency}"
    _send(_staff(StaffRole.CHIEF), "fund_request.recommended", message, request, amount=amount)


def request_decided(request: FundRequest) -> None:
    if request.status == "rejected":
        message = gettext_noop("Your fund request was rejected: %(activity)s")
        _send(
            _admins(request.partner),
            "fund_request.rejected",
            message,
            request,
            detail=request.decision_reason,
        )
        return
    message = (
        gettext_noop("Your fund request was approved in part: %(amount)s for %(activity)s (%(code)s)")
        if request.is_partial
        else gettext_noop("Your fund request was approved: %(amount)s for %(activity)s (%(code)s)")
    )
    amount = f"{request.approved_amount} {request.currency}"
    _send(
        _admins(request.partner),
        "fund_request.approved",
        message,
        request,
        detail=request.decision_reason,
        amount=amount,
    )


def claim_submitted(claim: FundClaim) -> None:
    message = gettext_noop("%(partner)s claims %(amount)s for %(activity)s")
    amount = f"{claim.amount} {claim.currency}"
    _send(_staff(StaffRole.MARKETING), "fund_claim.submitted", message, claim, amount=amount)


def claim_recommended(claim: FundClaim) -> None:
    message = gettext_noop(
        "Approve above the threshold: a claim of %(amount)s for %(activity)s of %(partner)s"
    )
    amount = f"{claim.recommended_amount} {claim.currency}"
    _send(_staff(StaffRole.CHIEF), "fund_claim.recommended", message, claim, amount=amount)


def claim_decided(claim: FundClaim) -> None:
    if claim.status == "rejected":
        message = gettext_noop("Your fund claim was rejected: %(activity)s")
        _send(_admins(claim.partner), "fund_claim.rejected", message, claim, detail=claim.decision_reason)
        return
    message = gettext_noop("Your fund claim was approved: %(amount)s for %(activity)s will be paid")
    amount = f"{claim.approved_amount} {claim.currency}"
    _send(
        _admins(claim.partner),
        "fund_claim.approved",
        message,
        claim,
        detail=claim.decision_reason,
        amount=amount,
    )
