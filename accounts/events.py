from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "invitation.sent": _("Invitation sent"),
        "invitation.accepted": _("Invitation accepted"),
        "invitation.revoked": _("Invitation revoked"),
        "member.role_changed": _("Member role changed"),
        "member.deactivated": _("Member deactivated"),
        "member.reactivated": _("Member reactivated"),
        "member.joined": _("Member joined"),
        "staff.joined": _("Staff member joined"),
        "token.created": _("API token created"),
        "token.revoked": _("API token revoked"),
    }
)
