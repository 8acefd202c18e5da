"""What incentives records, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from incentives.models import DealType, DisputeKind, ExceptionTrigger, RuleBasis
from ledger.models import FundPeriod
from partners.choices import PartnerType, Region, Tier

register_events(
    {
        "incentive_program.created": EventText(
            _("Incentive program created"), _("%(actor)s created the incentive program %(target)s")
        ),
        "incentive_program.updated": EventText(
            _("Incentive program changed"), _("%(actor)s changed the incentive program %(target)s")
        ),
        "incentive_program.activated": EventText(
            _("Incentive program activated"),
            _("%(actor)s: the incentive program %(target)s is active from %(starts_on)s"),
            implied=("status", "starts_on"),
        ),
        "incentive_program.superseded": EventText(
            _("Incentive program superseded"),
            _(
                "%(actor)s: the incentive program %(target)s is replaced by version %(version)s "
                "after %(ends_on)s"
            ),
            implied=("status", "ends_on", "version"),
        ),
        "incentive_program.ended": EventText(
            _("Incentive program ended"),
            _("%(actor)s: the incentive program %(target)s ends on %(ends_on)s"),
            implied=("status", "ends_on"),
        ),
        "incentive_program.version_created": EventText(
            _("New version of an incentive program"),
            _("%(actor)s: version %(version)s of the incentive program %(target)s is drafted"),
            implied=("version",),
        ),
        "incentive_program.rule_added": EventText(
            _("Incentive rule added"),
            _("%(actor)s: rule %(position)s added to %(target)s"),
            implied=("position",),
        ),
        "incentive_program.rule_updated": EventText(
            _("Incentive rule changed"),
            _("%(actor)s: rule %(position)s of %(target)s changed"),
            implied=("position",),
        ),
        "incentive_program.rule_deleted": EventText(
            _("Incentive rule removed"),
            _("%(actor)s: rule %(old_position)s of %(target)s removed"),
            implied=("position",),
        ),
        "incentive_program.target_set": EventText(
            _("Target set"),
            _("%(actor)s: the target of %(partner)s for %(period)s in %(target)s is %(target_volume)s"),
            implied=("partner", "period", "target_volume"),
        ),
        "incentive_program.target_removed": EventText(
            _("Target removed"),
            _("%(actor)s: the target of %(partner)s for %(old_period)s in %(target)s removed"),
            implied=("partner", "period", "target_volume"),
        ),
        "incentive_program.accrued": EventText(
            _("Incentive earnings accrued"),
            _("%(actor)s: earnings of %(target)s accrued until %(accrued_until)s"),
            implied=("accrued_until",),
        ),
        "incentive_dispute.raised": EventText(
            _("Earning disputed"), _("%(actor)s: the earning of the deal with %(target)s is disputed")
        ),
        "incentive_dispute.upheld": EventText(
            _("Dispute upheld"),
            _("%(actor)s: the dispute about %(target)s is upheld, adjustment %(adjustment)s"),
            implied=("status", "adjustment"),
        ),
        "incentive_dispute.awaiting_approval": EventText(
            _("Dispute upheld, awaiting the channel chief"),
            _(
                "%(actor)s: the dispute about %(target)s is upheld; the adjustment %(adjustment)s "
                "awaits approval"
            ),
            implied=("status", "adjustment"),
        ),
        "incentive_dispute.rejected": EventText(
            _("Dispute rejected"),
            _("%(actor)s: the dispute about %(target)s is rejected"),
            implied=("status",),
        ),
        "incentive_dispute.approved": EventText(
            _("Adjustment approved"),
            _("%(actor)s: the adjustment for the dispute about %(target)s is approved"),
            implied=("status",),
        ),
        "incentive_dispute.sent_back": EventText(
            _("Adjustment sent back"),
            _(
                "%(actor)s: the adjustment for the dispute about %(target)s is sent back to channel "
                "operations"
            ),
            implied=("status",),
        ),
        "earning.clawed_back": EventText(
            _("Earning clawed back"),
            _(
                "%(actor)s: %(clawed_back)s %(currency)s of what the deal with %(target)s earned is "
                "clawed back"
            ),
            implied=("clawed_back", "currency"),
        ),
        "earning.kept": EventText(
            _("Earning kept"),
            _(
                "%(actor)s: the deal with %(target)s was reopened after the clawback window; what it earned "
                "stays and it earns no more in %(program)s"
            ),
            implied=("program",),
        ),
    }
)
register_event_fields(
    "incentives.incentiveprogram",
    {
        "volume_tiers": EventField(_("volume tiers")),
        "position": EventField(_("rule")),
        "products": EventField(_("products")),
        "families": EventField(_("product families")),
        "deal_types": EventField(_("deal types"), DealType.choices),
        "basis": EventField(_("earns"), RuleBasis.choices),
        "rate": EventField(_("rate (%)"), kind="decimal"),
        "amount": EventField(_("amount"), kind="decimal"),
        "partner_types": EventField(_("partner types"), PartnerType.choices),
        "tiers": EventField(_("tiers"), Tier.choices),
        "regions": EventField(_("regions"), Region.choices),
        "partner": EventField(_("partner")),
        "period": EventField(_("period"), FundPeriod.choices),  # a program's kind of period, or a target's
        "target_volume": EventField(_("target volume"), kind="decimal"),
        "version": EventField(_("version")),
        "groups": EventField(_("earning groups")),
        "transactions": EventField(_("transactions booked")),
    },
)
register_event_fields(
    "deals.dealregistration",
    {
        "program": EventField(_("program")),
        "clawed_back": EventField(_("clawed back"), kind="decimal"),
        "earned": EventField(_("earned"), kind="decimal"),
        "currency": EventField(_("currency")),
        "trigger": EventField(_("because"), ExceptionTrigger.choices),
    },
)
register_event_fields("incentives.dispute", {"kind": EventField(_("kind"), DisputeKind.choices)})
register_event_link("incentives.incentiveprogram", staff="incentives:program", partner="incentives:program")
register_event_link("incentives.dispute", staff="incentives:dispute", partner="incentives:dispute")
