from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from notifications.kinds import Audience, register_kind
from partners.choices import PartnerType, Tier

register_events(
    {
        "charter.updated": EventText(
            _("Program charter updated"), _("%(actor)s updated the program charter")
        ),
        "agreement.published": EventText(
            _("Agreement version published"), _("%(actor)s published %(target)s")
        ),
        "agreement.accepted": EventText(
            _("Agreement accepted"), _("%(actor)s accepted %(target)s for %(partner)s")
        ),
    }
)

register_event_fields("programs.agreementversion", {"ip_address": EventField(_("IP address"))})


register_event_link(
    "programs.agreementversion", staff="programs:agreement", partner="programs:agreements_mine"
)
register_event_link("programs.programcharter", staff="programs:admin")


# The notification programs sends (programs/services.py): each admin chooses how they hear about it.
register_kind(
    "agreement.published",
    _("New agreement version to accept"),
    audiences=(Audience.PARTNER_ADMIN,),
)

register_events(
    {
        "program_membership.joined": EventText(
            _("Joined a program"), _("%(actor)s added the program membership %(target)s")
        ),
        "program_membership.ended": EventText(
            _("Left a program"), _("%(actor)s ended the program membership %(target)s")
        ),
        "program_membership.tier_changed": EventText(
            _("Tier changed"), _("%(actor)s changed the tier of %(target)s")
        ),
    }
)
register_event_fields(
    "programs.programmembership",
    {"tier": EventField(_("tier"), Tier.choices), "program": EventField(_("program"))},
)

register_events(
    {
        "program.created": EventText(_("Program created"), _("%(actor)s created the program %(target)s")),
        "program.updated": EventText(_("Program changed"), _("%(actor)s changed the program %(target)s")),
        "program_tier.updated": EventText(
            _("Tier benefits changed"), _("%(actor)s changed what %(target)s gives")
        ),
    }
)
register_event_fields(
    "programs.partnerprogram",
    {"partner_types": EventField(_("partner types"), PartnerType.choices)},
)
register_event_link("programs.partnerprogram", staff="programs:program", partner="programs:mine")
register_event_link("programs.programmembership", staff="programs:member", partner="programs:mine")
