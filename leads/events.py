"""What the lead lifecycle records, registered when the leads app is ready (routing's own verbs are in
leads/routing/events.py, scoring's in leads/scoring/events.py)."""

from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_events

register_events(
    {
        "lead.created": EventText(_("Lead created"), _("%(actor)s created the lead %(target)s")),
        "lead.merged": EventText(
            _("Lead received again"), _("%(actor)s sent %(target)s again: what was new was added to the lead")
        ),
        "lead.updated": EventText(_("Lead changed"), _("%(actor)s changed %(target)s")),
        "lead.progressed": EventText(_("Lead progressed"), _("%(actor)s updated where %(target)s stands")),
        "lead.lost": EventText(_("Lead lost"), _("%(actor)s closed %(target)s as lost"), implied=("status",)),
        "lead.converted": EventText(
            _("Lead converted"),
            _("%(actor)s converted %(target)s into a deal registration"),
            implied=("status", "closed_at"),
        ),
        "lead.noted": EventText(_("Note added to a lead"), _("%(actor)s added a note to %(target)s")),
        "lead_attribute.created": EventText(
            _("Lead attribute added"), _("%(actor)s added the lead attribute %(target)s")
        ),
        "lead_attribute.updated": EventText(
            _("Lead attribute changed"), _("%(actor)s changed the lead attribute %(target)s")
        ),
    }
)
