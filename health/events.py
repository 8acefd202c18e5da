"""What partner health records, how it reads, and who hears about it."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from health.models import Signal
from notifications.kinds import Audience, register_kind

register_events(
    {
        "health_settings.updated": EventText(
            _("Health settings changed"), _("%(actor)s changed the health settings")
        ),
        "health.evaluated": EventText(
            _("Partner health scored"),
            _(
                "%(actor)s scored partner health for %(day)s (partners scored: %(partners)s, below the "
                "threshold: %(below)s, newly at risk: %(flagged)s)"
            ),
            implied=("day", "partners", "below", "flagged"),
        ),
        "risk_review.opened": EventText(
            _("Risk review opened"), _("%(actor)s opened a risk review of %(target)s")
        ),
        "risk_review.planned": EventText(
            _("Recovery plan recorded"),
            _("%(actor)s recorded the recovery plan for %(target)s"),
            implied=("status",),
        ),
        "risk_review.score_recovered": EventText(
            _("Health back above the threshold"),
            _("%(actor)s found %(target)s healthy again: health %(score)s (threshold %(threshold)s)"),
            implied=("score", "threshold"),
        ),
        "risk_review.recovered": EventText(
            _("Risk review closed: recovered"),
            _("%(actor)s closed the risk review of %(target)s: the partner recovered"),
            implied=("status",),
        ),
        "risk_review.offboarded": EventText(
            _("Risk review closed: offboarding"),
            _("%(actor)s closed the risk review of %(target)s: the partner is being offboarded"),
            implied=("status",),
        ),
    }
)

register_event_fields(
    "health.riskreview",
    {
        "weakest": EventField(_("weakest signals"), Signal.choices),
        "score": EventField(_("health score")),
        "threshold": EventField(_("threshold")),
        "cam": EventField(_("channel account manager"), kind="user"),
    },
)
register_event_fields(
    "health.healthsettings",
    {
        "day": EventField(_("day"), kind="date"),
        "partners": EventField(_("partners scored")),
        "below": EventField(_("below the threshold")),
        "flagged": EventField(_("newly at risk")),
    },
)
register_event_link("health.riskreview", staff="health:review")
register_event_link("health.healthsettings", staff="health:settings")

register_kind("risk_review.opened", _("A partner flagged at risk"), audiences=(Audience.STAFF,))
register_kind(
    "risk_review.score_recovered", _("A partner at risk healthy again"), audiences=(Audience.STAFF,)
)
