"""The partner home's card: the newest announcements for the reader, the unread ones first and marked.

The home cards are kept until the event log moves (dashboard/cache.py); publishing and reading an
announcement record events, so the card shows a new one, or one just read, on the next visit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from announcements.selectors import announcements_latest
from dashboard.widgets import MAIN, PartnerHomeWidget, register_widget


@register_widget
class LatestAnnouncements(PartnerHomeWidget):
    name = "announcements.latest"
    title = _("Announcements")
    permission = "enablement.view"
    column = MAIN
    order = 15

    def _latest(self):
        return self.shared_value(("announcements.latest", self.actor.user.pk), self._read)

    def _read(self):
        return announcements_latest(actor=self.actor)

    def is_shown(self) -> bool:
        return bool(self._latest())

    def get_context(self) -> dict:
        latest = self._latest()
        return {"announcements": latest, "unread": sum(1 for a in latest if not a.is_read)}
