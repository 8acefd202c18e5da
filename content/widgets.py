"""The library's cards: what is new for a partner user, and on the staff partner page how the partner uses
the library."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.selectors import latest_assets, new_asset_count, partner_library_use
from dashboard.widgets import MAIN, SIDE, Figure, PartnerHomeWidget, PartnerPageWidget, register_widget


@register_widget
class NewInLibrary(PartnerHomeWidget):
    name = "content.new_assets"
    title = _("New in the library")
    permission = "enablement.view"
    column = SIDE
    order = 15  # above the long list of recent events

    def figures(self) -> list[Figure]:
        url = reverse("content:library") + "?new=yes"
        return [Figure(_("New since your last visit"), new_asset_count(actor=self.actor), url)]

    def get_context(self):
        return {"latest": latest_assets(actor=self.actor)}


@register_widget
class PartnerLibraryUse(PartnerPageWidget):
    name = "content.partner_use"
    title = _("Library use (last 90 days)")
    tab = "enablement"
    column = MAIN
    order = 10
    DAYS = 90

    def get_context(self):
        since = timezone.now() - dt.timedelta(days=self.DAYS)
        return {"use": partner_library_use(actor=self.actor, partner=self.obj, since=since)}
