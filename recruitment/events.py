from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from partners.choices import Vertical

register_events(
    {
        "application.submitted": EventText(
            _("Application received"), _("%(target)s applied to join the partner program")
        ),
        "application.approved": EventText(
            _("Application approved"),
            _("%(actor)s approved the application of %(target)s"),
            implied=("status",),
        ),
        "application.rejected": EventText(
            _("Application rejected"),
            _("%(actor)s rejected the application of %(target)s"),
            implied=("status",),
        ),
        "prospect.created": EventText(_("Prospect created"), _("%(actor)s added the prospect %(target)s")),
        "prospect.updated": EventText(_("Prospect updated"), _("%(actor)s changed the prospect %(target)s")),
        "prospect.stage_changed": EventText(
            _("Prospect stage changed"),
            _("%(actor)s moved the prospect %(target)s from %(old_stage)s to %(stage)s"),
        ),
        "prospect.converted": EventText(
            _("Prospect converted to applicant"),
            _("%(actor)s turned the prospect %(target)s into an application"),
            implied=("stage",),
        ),
        "recruitment.targets_updated": EventText(
            _("Recruitment targets updated"), _("%(actor)s updated the recruitment targets")
        ),
    }
)

register_event_fields(
    "recruitment.application",
    {
        "verticals": EventField(_("verticals"), Vertical.choices),
        "duplicates": EventField(_("possible duplicates")),
    },
)
register_event_fields(
    "recruitment.prospect",
    {
        "verticals": EventField(_("verticals"), Vertical.choices),
        "application": EventField(_("application")),
    },
)
register_event_fields(
    "recruitment.recruitmenttargets",
    {
        "verticals": EventField(_("target verticals"), Vertical.choices),
        "rescored_applications": EventField(_("applications scored again")),
        "rescored_prospects": EventField(_("prospects scored again")),
    },
)


register_event_link("recruitment.application", staff="recruitment:application")
register_event_link("recruitment.prospect", staff="recruitment:prospect")
register_event_link("recruitment.recruitmenttargets", staff="recruitment:targets")
