from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.links import object_url
from partners.choices import Capability, Vertical

register_events(
    {
        "partner.created": EventText(_("Partner created"), _("%(actor)s added the partner %(target)s")),
        "partner.updated": EventText(_("Profile updated"), _("%(actor)s updated the profile of %(target)s")),
        "partner.status_changed": EventText(
            _("Status changed"),
            _("%(actor)s changed the status of %(target)s from %(old_status)s to %(status)s"),
        ),
        "partner.logo_changed": EventText(_("Logo changed"), _("%(actor)s changed the logo of %(target)s")),
        "territories.changed": EventText(
            _("Territories changed"), _("%(actor)s changed the territories of %(target)s")
        ),
    }
)

register_event_fields(
    "partners.partner",
    {
        "verticals": EventField(_("verticals"), Vertical.choices),
        "capabilities": EventField(_("capabilities"), Capability.choices),
    },
)


def _partner_page(actor, partner):
    """Staff open the partner page; a partner user their own company profile (a distributor's resellers have
    no page of their own on the portal)."""
    if actor.is_staff:
        return object_url("partners:detail", partner.public_id)
    if actor.is_partner and partner.pk == actor.partner.pk:
        return reverse("partner_profile")
    return None


register_event_link("partners.partner", _partner_page)
