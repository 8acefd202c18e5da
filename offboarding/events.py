"""What offboarding records and how it reads."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from offboarding.models import StepKey

register_events(
    {
        "offboarding.started": EventText(
            _("Offboarding started"), _("%(actor)s started offboarding %(target)s")
        ),
        "offboarding.step_done": EventText(
            _("Wind-down step done"),
            _("%(actor)s completed the wind-down step “%(step)s” for %(target)s"),
            implied=("step",),
        ),
        "offboarding.completed": EventText(
            _("Offboarding completed"),
            _("%(actor)s completed the offboarding of %(target)s"),
            implied=("status",),
        ),
        "offboarding.cancelled": EventText(
            _("Offboarding cancelled"),
            _("%(actor)s cancelled the offboarding of %(target)s"),
            implied=("status",),
        ),
    }
)

register_event_fields(
    "offboarding.offboarding",
    {
        "step": EventField(_("step"), StepKey.choices),
        "access_ends_on": EventField(_("access ends on"), kind="date"),
    },
)
register_event_link("offboarding.offboarding", staff="offboarding:detail")
