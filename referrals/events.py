"""What referrals record, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_events
from referrals.models import AttributionSource, ExclusionReason

register_events(
    {
        "referral_link.created": EventText(
            _("Referral link created"), _("%(actor)s created the referral link %(target)s")
        ),
        "referral_link.updated": EventText(
            _("Referral link changed"), _("%(actor)s changed the referral link %(target)s")
        ),
        "referral_link.deactivated": EventText(
            _("Referral link switched off"), _("%(actor)s switched off the referral link %(target)s")
        ),
        "referral_link.activated": EventText(
            _("Referral link switched on"), _("%(actor)s switched on the referral link %(target)s")
        ),
        "referral_settings.updated": EventText(
            _("Referral settings changed"), _("%(actor)s changed the referral settings")
        ),
        "lead.attributed": EventText(_("Lead attributed"), _("%(target)s is credited to %(partner)s")),
        "lead.attribution_excluded": EventText(
            _("Lead not attributed"), _("%(target)s is not credited to %(partner)s")
        ),
    }
)
register_event_fields(
    "leads.lead",
    {
        "credited_via": EventField(_("credited through"), AttributionSource.choices),
        "exclusion": EventField(_("not credited because"), ExclusionReason.choices),
    },
)
