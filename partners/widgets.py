"""The partners app's cards: partners by status, partners in onboarding and the CAM's portfolio on the
staff home; the partner's own summary, profile, activity and resellers on the partner home."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import StaffRole
from dashboard.widgets import (
    MAIN,
    SIDE,
    STAFF_HOME,
    TOP,
    Figure,
    PartnerHomeWidget,
    Widget,
    register_widget,
)
from partners.choices import PartnerStatus
from partners.selectors import directory_rows, resellers_of, status_counts


def directory_url(**filters: str) -> str:
    """The staff directory with these filters (`partners.filters.PartnerFilterSet`)."""
    return f"{reverse('partners:directory')}?{urlencode(filters)}"


class DirectoryCard(Widget):
    """On the staff home, for those who may open the partner directory. A CAM's cards count the partners
    they manage; the other roles' the whole channel."""

    page = STAFF_HOME
    permission = "partners.view_directory"

    def scope(self) -> dict[str, str]:
        if self.actor.staff_role == StaffRole.CAM:
            return self.mine()
        return {}

    def mine(self) -> dict[str, str]:
        return {"cam": str(self.actor.user.public_id)}

    def status_counts(self, filters: dict[str, str]) -> dict[str, int]:
        """Partners per status among the directory's rows for `filters`, read once per page (the status card
        and the onboarding card count the same rows; for a CAM, their portfolio too)."""
        return self.shared_value(
            ("partners.status_counts", tuple(filters.items())),
            lambda: status_counts(actor=self.actor, filters=filters),
        )


class CompanyCard(PartnerHomeWidget):
    """On a partner user's home, about their own company."""


@register_widget
class PartnersByStatus(DirectoryCard):
    name = "partners.by_status"
    title = _("Partners by status")
    column = TOP
    order = 10

    def figures(self) -> list[Figure]:
        counts = self.status_counts(self.scope())
        return [
            Figure(label, counts.get(value, 0), directory_url(status=value, **self.scope()))
            for value, label in PartnerStatus.choices
        ]


@register_widget
class PartnersOnboarding(DirectoryCard):
    name = "partners.onboarding"
    title = _("Partners in onboarding")
    column = MAIN
    order = 30

    def figures(self) -> list[Figure]:
        count = self.status_counts(self.scope()).get(PartnerStatus.ONBOARDING, 0)
        label = ngettext("partner onboarding", "partners onboarding", count)
        return [Figure(label, count, directory_url(status=PartnerStatus.ONBOARDING, **self.scope()))]

    def get_context(self) -> dict:
        filters = {"status": PartnerStatus.ONBOARDING} | self.scope()  # the card names each one's CAM
        rows = directory_rows(actor=self.actor, filters=filters).select_related("cam")
        rows = rows.order_by("created_at", "id")[:10]
        return {"onboarding_partners": rows}


@register_widget
class MyPortfolio(DirectoryCard):
    """The partners the viewer manages: for the roles a partner can be assigned to."""

    name = "partners.my_portfolio"
    title = _("My portfolio")
    column = SIDE
    order = 10

    def is_shown(self) -> bool:
        # A CAM always has a portfolio, if an empty one; the chief only when partners are assigned to them.
        if self.actor.staff_role == StaffRole.CAM:
            return True
        return self.actor.staff_role == StaffRole.CHIEF and sum(self.status_counts(self.mine()).values()) > 0

    def figures(self) -> list[Figure]:
        count = sum(self.status_counts(self.mine()).values())
        label = ngettext("partner", "partners", count)
        return [Figure(label, count, directory_url(**self.mine()))]

    def get_context(self) -> dict:
        filters = self.mine() | {"status": PartnerStatus.AT_RISK}
        return {"my_at_risk": directory_rows(actor=self.actor, filters=filters).order_by("name", "id")[:10]}


# --- the partner's own home ---------------------------------------------------------------------------------


@register_widget
class PartnerSummary(CompanyCard):
    name = "partners.summary"
    title = _("Your company")
    column = TOP
    order = 10


@register_widget
class CompanyProfile(CompanyCard):
    name = "partners.company_profile"
    title = _("Company profile")
    column = MAIN
    order = 20


@register_widget
class RecentActivity(CompanyCard):
    name = "partners.recent_activity"
    title = _("Recent activity")
    column = SIDE
    order = 20

    def get_context(self) -> dict:
        partner = self.actor.partner
        return {"timeline": partner.events.visible_to(self.actor).select_related("actor")[:20]}


@register_widget
class YourResellers(CompanyCard):
    name = "partners.resellers"
    title = _("Your resellers")
    column = SIDE
    order = 30

    def _resellers(self):
        if not hasattr(self, "_found"):
            self._found = list(resellers_of(actor=self.actor, partner=self.actor.partner))
        return self._found

    def is_shown(self) -> bool:
        return bool(self._resellers())

    def get_context(self) -> dict:
        return {"resellers": self._resellers()}
