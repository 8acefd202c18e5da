"""What the tier engine records and notifies, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from core.versions import VersionStatus
from notifications.kinds import Audience, register_kind
from partners.choices import Tier
from tiers.models import Decision, WarningStatus

register_events(
    {
        "tier_policy.updated": EventText(_("Tier policy changed"), _("%(actor)s changed %(target)s")),
        "tier_criteria.draft_created": EventText(
            _("Tier criteria draft created"), _("%(actor)s started the draft %(target)s")
        ),
        "tier_criteria.draft_updated": EventText(
            _("Tier criteria draft changed"), _("%(actor)s changed the draft %(target)s")
        ),
        "tier_criteria.requirement_added": EventText(
            _("Tier requirement added"),
            _("%(actor)s added “%(requirement)s” to %(target)s"),
            implied=("requirement",),
        ),
        "tier_criteria.requirement_updated": EventText(
            _("Tier requirement changed"),
            _("%(actor)s changed a requirement of %(target)s to “%(requirement)s”"),
            implied=("requirement",),
        ),
        "tier_criteria.requirement_deleted": EventText(
            _("Tier requirement deleted"),
            _("%(actor)s deleted “%(old_requirement)s” from %(target)s"),
            implied=("requirement",),
        ),
        "tier_criteria.published": EventText(
            _("Tier criteria published"), _("%(actor)s published %(target)s"), implied=("status",)
        ),
        "tier_criteria.retired": EventText(
            _("Tier criteria retired"), _("%(actor)s retired %(target)s"), implied=("status",)
        ),
        "tier_evaluation.completed": EventText(
            _("Tiers evaluated"),
            _("%(actor)s evaluated the tiers of %(members)s members of %(program)s"),
            implied=("members", "program"),
        ),
        "tier_warning.issued": EventText(
            _("Warned of a move down"),
            _("%(actor)s warned %(partner)s: it moves down to %(to_tier)s on %(downgrade_on)s"),
            implied=("to_tier", "downgrade_on"),
        ),
        "tier_warning.lifted": EventText(
            _("Move down called off"),
            _("%(actor)s lifted the warning of %(partner)s: it meets its tier again"),
            implied=("status",),
        ),
        "tier_warning.cancelled": EventText(
            _("Warning cancelled"), _("%(actor)s cancelled the warning of %(partner)s"), implied=("status",)
        ),
        "tier_override.set": EventText(
            _("Tier set by hand"),
            _("%(actor)s set the tier of %(partner)s to %(tier)s until %(ends_on)s"),
            implied=("tier", "ends_on"),
        ),
        "tier_override.ended": EventText(
            _("Tier override ended"), _("%(actor)s ended the override %(target)s")
        ),
        "custom_metric.created": EventText(
            _("Custom metric created"), _("%(actor)s created the custom metric %(target)s")
        ),
        "custom_metric.updated": EventText(_("Custom metric changed"), _("%(actor)s changed %(target)s")),
        "custom_metric_value.saved": EventText(
            _("Custom metric value entered"), _("%(actor)s entered the custom metric value %(target)s")
        ),
        "custom_metric_value.deleted": EventText(
            _("Custom metric value deleted"), _("%(actor)s deleted the custom metric value %(target)s")
        ),
    }
)

TIERS = Tier.choices
register_event_fields(
    "tiers.criteriaversion",
    {
        "status": EventField(_("status"), VersionStatus.choices),
        "tier": EventField(_("tier"), TIERS),
        "program": EventField(_("program")),
        "copied_from": EventField(_("copied from version")),
        "replaced_by": EventField(_("replaced by version")),
        "requirement_count": EventField(_("requirements")),
        "requirement": EventField(_("requirement")),
    },
)
register_event_fields(
    "tiers.downgradewarning",
    {
        "status": EventField(_("status"), WarningStatus.choices),
        "program": EventField(_("program")),
        "tier": EventField(_("tier"), TIERS),
    },
)
register_event_fields(
    "tiers.tieroverride", {"program": EventField(_("program")), "tier": EventField(_("tier"), TIERS)}
)
register_event_fields(
    "tiers.evaluationrun",
    {
        "program": EventField(_("program")),
        "version": EventField(_("criteria version")),
        "members": EventField(_("members")),
    }
    | {decision: EventField(label) for decision, label in Decision.choices},
)
register_event_fields("tiers.custommetricvalue", {"metric": EventField(_("metric"))})

register_event_link("tiers.criteriaversion", staff="tiers:criteria")
register_event_link("tiers.downgradewarning", staff="tiers:warnings", partner="tiers:mine")
register_event_link("tiers.custommetric", staff="tiers:custom_edit")
register_event_link("tiers.custommetricvalue", staff="tiers:value_edit")
register_event_link("tiers.evaluationrun", staff="tiers:overview")

# The notifications the evaluation sends (tiers/evaluation.py): to the partner's admins and its CAM.
register_kind(
    "tiers.moved",
    _("Tier moved up or down"),
    audiences=(Audience.PARTNER_ADMIN, Audience.STAFF),
)
register_kind(
    "tiers.downgrade_warning",
    _("At risk of moving down a tier"),
    audiences=(Audience.PARTNER_ADMIN, Audience.STAFF),
)
register_kind(
    "tiers.warning_lifted",
    _("A move down called off"),
    audiences=(Audience.PARTNER_ADMIN, Audience.STAFF),
)
