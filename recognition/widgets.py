"""Recognition's cards and panels: a partner's badges on its home, on its company profile and on its staff
page; the tier-up announcements waiting for marketing on the staff home."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.roles import StaffRole
from dashboard.widgets import (
    MAIN,
    SIDE,
    PartnerHomeWidget,
    PartnerPageWidget,
    ProfilePageWidget,
    Widget,
    register_widget,
)
from recognition.selectors import partner_badges, tier_up_drafts_waiting


class _Badges:
    """The partner's live awards (read once per page)."""

    actor: Any
    partner: Any  # the widget's own: the viewer's company, or the page's partner

    def badges(self) -> list[Any]:
        partner = self.partner()
        if partner is None:  # a page asked without its partner: nothing to show rather than an error
            return []
        return self.shared_value(  # type: ignore[attr-defined]
            ("recognition.badges", partner.pk),
            lambda: partner_badges(actor=self.actor, partner=partner),
        )

    def get_context(self) -> dict[str, Any]:
        return {"badges": self.badges(), "partner": self.partner()}


@register_widget
class MyBadges(_Badges, PartnerHomeWidget):
    name = "recognition.my_badges"
    title = _("Awards and leaderboards")
    permission = "recognition.view"
    column = SIDE
    order = 35


@register_widget
class ProfileBadges(_Badges, ProfilePageWidget):
    name = "recognition.profile_badges"
    title = _("Awards")
    permission = "recognition.view"
    template_name = "recognition/widgets/my_badges.html"

    def is_shown(self) -> bool:
        return bool(self.badges())


@register_widget
class PartnerBadges(_Badges, PartnerPageWidget):
    name = "recognition.partner_badges"
    title = _("Awards")
    column = SIDE
    order = 45

    def get_context(self) -> dict[str, Any]:
        return super().get_context() | {"can_grant": self.actor.can("recognition.manage")}


@register_widget
class TierUpDrafts(Widget):
    name = "recognition.tier_up_drafts"
    title = _("New tiers to announce")
    permission = "recognition.view"
    roles = frozenset({StaffRole.MARKETING, StaffRole.OPS, StaffRole.CHIEF})
    column = MAIN
    order = 45

    def drafts(self) -> tuple[list[Any], int]:
        return self.shared_value(
            "recognition.tier_up_drafts", lambda: tier_up_drafts_waiting(actor=self.actor)
        )

    def is_shown(self) -> bool:
        return self.drafts()[1] > 0

    def get_context(self) -> dict[str, Any]:
        drafts, count = self.drafts()
        return {"drafts": drafts, "count": count}
