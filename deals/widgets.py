"""Deals' card on the staff home: registrations awaiting a decision, oldest first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dashboard.widgets import MAIN, STAFF_HOME, Figure, Widget, register_widget
from deals.models import RegistrationStatus
from deals.selectors import registration_list


@register_widget
class AwaitingDecision(Widget):
    name = "deals.awaiting_decision"
    title = _("Deal registrations awaiting a decision")
    page = STAFF_HOME
    permission = "deals.view_pipeline"
    column = MAIN
    order = 10
    template_name = "deals/widgets/awaiting_decision.html"

    def _submitted(self):
        return registration_list(actor=self.actor, filters={"status": RegistrationStatus.SUBMITTED})

    def figures(self) -> list[Figure]:
        url = f"{reverse('deals:pipeline')}?{urlencode({'status': RegistrationStatus.SUBMITTED})}"
        count = self._submitted().count()
        label = ngettext("registration submitted", "registrations submitted", count)
        return [Figure(label, count, url)]

    def get_context(self) -> dict:
        return {"oldest_submitted": self._submitted().order_by("submitted_at", "id")[:5]}
