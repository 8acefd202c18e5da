"""Reads of referrals, through `visible_to`: a partner reads its own links, clicks and attributions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from core.actor import Actor
from core.scoping import get_visible_or_404
from partners.choices import PartnerStatus
from referrals.destinations import UTM_FIELDS, is_allowed, with_utm
from referrals.models import Attribution, ReferralLink, ReferralSettings

# How long a process keeps the settings it read: the redirect needs them on every click.
SETTINGS_SECONDS = 30.0
_settings: tuple[float, ReferralSettings] | None = None
# Partners whose links lead somewhere: those that may sell (a suspended or offboarded partner's links stop).
LINKING_STATUSES = (PartnerStatus.ACTIVE, PartnerStatus.AT_RISK, PartnerStatus.ONBOARDING)


def referral_settings(*, fresh: bool = False) -> ReferralSettings:
    """The referral program's settings (one row, made with the defaults the first time)."""
    global _settings
    now = time.monotonic()
    if not fresh and _settings is not None and now - _settings[0] < SETTINGS_SECONDS:
        return _settings[1]
    found = ReferralSettings.objects.order_by("pk").first() or ReferralSettings.objects.create()
    _settings = (now, found)
    return found


def forget_settings() -> None:
    global _settings
    _settings = None


@dataclass(frozen=True)
class LinkTarget:
    """What following a link needs, read in one query."""

    id: int
    partner_id: int
    url: str
    window_days: int


def link_target(code: str) -> LinkTarget | None:
    """The active link with this code of a partner that may sell, and where it sends its visitor now; None
    for an unknown or inactive code, or a destination no longer approved."""
    row = (
        ReferralLink.objects.filter(code=code, active=True, partner__status__in=LINKING_STATUSES)
        .values_list("id", "partner_id", "destination", *UTM_FIELDS)
        .first()
    )
    if row is None:
        return None
    link_id, partner_id, destination, *utm = row
    settings = referral_settings()
    if not is_allowed(destination, settings.allowed_hosts):
        return None
    url = with_utm(destination, dict(zip(UTM_FIELDS, utm, strict=True)))
    return LinkTarget(link_id, partner_id, url, settings.window_days)


def links_visible(*, actor: Actor) -> QuerySet[ReferralLink]:
    return ReferralLink.objects.visible_to(actor).select_related("partner", "owner")


def link_get(*, actor: Actor, public_id: Any) -> ReferralLink:
    return get_visible_or_404(links_visible(actor=actor), public_id=public_id)


def attributions_visible(*, actor: Actor) -> QuerySet[Attribution]:
    return Attribution.objects.visible_to(actor).select_related("partner", "link", "click", "lead")
