from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "engagement.draft_created": _("Rules of engagement draft created"),
        "engagement.draft_updated": _("Rules of engagement draft updated"),
        "engagement.rule_added": _("Rule of engagement added"),
        "engagement.rule_updated": _("Rule of engagement updated"),
        "engagement.rule_deleted": _("Rule of engagement deleted"),
        "engagement.rule_moved": _("Rule of engagement moved"),
        "engagement.published": _("Rules of engagement published"),
        "engagement.retired": _("Rules of engagement retired"),
    }
)
