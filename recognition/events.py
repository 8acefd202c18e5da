"""What recognition records and notifies, registered when the app is ready."""

from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from notifications.kinds import Audience, register_kind
from partners.choices import Tier
from recognition.models import Anonymity, AwardRule, Metric

register_events(
    {
        "award.created": EventText(_("Award created"), _("%(actor)s created the award %(target)s")),
        "award.updated": EventText(_("Award changed"), _("%(actor)s changed the award %(target)s")),
        "award.granted": EventText(
            _("Award granted"), _("%(actor)s: %(partner)s received the award %(target)s")
        ),
        "award.revoked": EventText(
            _("Award revoked"), _("%(actor)s: the award %(target)s of %(partner)s is revoked")
        ),
        "leaderboard_setting.updated": EventText(
            _("Leaderboard setting changed"),
            _("%(actor)s changed what partners see on the leaderboards of %(target)s"),
        ),
        "leaderboard_setting.cleared": EventText(
            _("Leaderboard setting removed"),
            _("%(actor)s: the leaderboards of %(target)s follow the setting for every program again"),
        ),
        "tier_up_draft.created": EventText(
            _("Tier-up announcement drafted"),
            _("%(actor)s: an announcement congratulating %(target)s on %(tier_after)s is drafted"),
            implied=("tier_after",),
        ),
    }
)

register_event_fields(
    "recognition.award",
    {
        "rule": EventField(_("how it is granted"), AwardRule.choices),
        "metric": EventField(_("leaderboard"), Metric.choices),
        "program": EventField(_("program")),
    },
)
register_event_fields(
    "recognition.awardgrant",
    {
        "award": EventField(_("award")),
        "period": EventField(_("period")),
        "rank": EventField(_("rank")),
        "automatic": EventField(_("granted by its rule"), kind="bool"),
    },
)
register_event_fields(
    "recognition.leaderboardsetting",
    {
        "anonymity": EventField(_("partners see"), Anonymity.choices),
        "top_n": EventField(_("top positions shown")),
    },
)
register_event_fields(
    "recognition.tierupdraft",
    {
        "tier_before": EventField(_("tier before"), Tier.choices),
        "tier_after": EventField(_("new tier"), Tier.choices),
        "program": EventField(_("program")),
        "announcement": EventField(_("announcement")),
    },
)

register_event_link("recognition.award", staff="recognition:award")
register_event_link("recognition.awardgrant", staff="recognition:grant", partner="recognition:grant")
register_event_link("recognition.leaderboardsetting", staff="recognition:settings")


# The notifications recognition sends: a partner's users hear of an award their company received; channel
# marketing hears of a tier-up announcement waiting to be published.
register_kind("award.granted", _("Your company received an award"), audiences=(Audience.PARTNER,))
register_kind(
    "tier_up.draft_ready",
    _("An announcement of a partner's new tier is ready to publish"),
    audiences=(Audience.STAFF,),
)
