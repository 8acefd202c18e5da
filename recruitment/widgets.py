"""Recruitment's cards on the staff home: applications awaiting review and the viewer's next prospect
steps; and the link to the recruitment targets on the program page."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import StaffRole
from dashboard.widgets import SIDE, Figure, ProgramPageWidget, Widget, register_widget
from recruitment.selectors import application_queue_head, prospect_list

DUE_WITHIN_DAYS = 7


@register_widget
class ApplicationsAwaitingReview(Widget):
    name = "recruitment.applications_waiting"
    title = _("Applications awaiting review")
    permission = "recruitment.view"
    order = 20

    @cached_property
    def _waiting(self) -> tuple[int, list]:
        return application_queue_head(actor=self.actor, rows=5)  # awaiting review, best fit first

    def figures(self) -> list[Figure]:
        count = self._waiting[0]
        label = ngettext("application waiting", "applications waiting", count)
        return [Figure(label, count, reverse("recruitment:applications"))]

    def get_context(self) -> dict:
        return {"top_applications": self._waiting[1]}


@register_widget
class MyNextSteps(Widget):
    """The viewer's open prospects, with the next steps due within a week."""

    name = "recruitment.my_next_steps"
    title = _("My next steps (7 days)")
    permission = "recruitment.manage_prospects"
    column = SIDE
    order = 20

    @cached_property
    def _mine(self):
        return prospect_list(actor=self.actor, filters={"owner": "mine"})

    def is_shown(self) -> bool:
        # A CAM works prospects; other roles that may manage them see the card once they own one.
        return self.actor.staff_role == StaffRole.CAM or self._mine.exists()

    def figures(self) -> list[Figure]:
        url = f"{reverse('recruitment:prospects')}?{urlencode({'owner': 'mine'})}"
        count = self._mine.count()
        return [Figure(ngettext("open prospect", "open prospects", count), count, url)]

    def get_context(self) -> dict:
        horizon = timezone.localdate() + timedelta(days=DUE_WITHIN_DAYS)
        due = self._mine.select_related(None).filter(next_step_date__lte=horizon)
        return {"prospects_due": due[:10]}


@register_widget
class RecruitmentTargetsLink(ProgramPageWidget):
    name = "recruitment.targets_link"
    title = _("Recruitment")
    permission = "recruitment.view"
    order = 20
