from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_link, register_events
from engagement.choices import Segment
from engagement.rules import VERSIONS
from notifications.kinds import Audience, register_kind
from partners.choices import Region, Tier

VERSIONS.register_events(
    labels={
        "draft_created": _("Rules of engagement draft created"),
        "draft_updated": _("Rules of engagement draft updated"),
        "rule_added": _("Rule of engagement added"),
        "rule_updated": _("Rule of engagement updated"),
        "rule_deleted": _("Rule of engagement deleted"),
        "rule_moved": _("Rule of engagement moved"),
        "published": _("Rules of engagement published"),
        "retired": _("Rules of engagement retired"),
    },
    rule_sentences={
        "rule_added": _("%(actor)s added the rule “%(label)s” to %(target)s"),
        "rule_updated": _("%(actor)s changed rule %(position)s of %(target)s"),
        "rule_deleted": _("%(actor)s deleted the rule “%(old_label)s” from %(target)s"),
        "rule_moved": _(
            "%(actor)s moved the rule “%(label)s” of %(target)s from place %(old_position)s to %(position)s"
        ),
    },
    fields={
        "segments": EventField(_("segments"), Segment.choices),
        "regions": EventField(_("regions"), Region.choices),
        "countries": EventField(_("countries"), kind="country"),
        "tier_protection_days": EventField(_("protection days by tier"), Tier.choices),
        "ip_address": EventField(_("IP address")),
    },
)

register_events(
    {
        "engagement.accepted": EventText(
            _("Rules of engagement accepted"), _("%(actor)s accepted %(target)s for %(partner)s")
        ),
    }
)

# Publishing a version asks the admins of the partners it is in force for to accept it (engagement/notify.py).
register_kind(
    "engagement.to_accept",
    _("Rules of engagement to accept"),
    audiences=(Audience.PARTNER_ADMIN,),
)

# Partners read the published set, the only one their scope holds.
register_event_link("engagement.ruleset", staff="engagement:version", partner="engagement:rules")
