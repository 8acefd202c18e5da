from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels
from notifications.kinds import Audience, register_kind

register_event_labels(
    {
        "checklist_step.created": _("Checklist step added"),
        "checklist_step.updated": _("Checklist step changed"),
        "checklist_step.moved": _("Checklist step moved"),
        "checklist_step.deleted": _("Checklist step removed"),
        "onboarding.step_completed": _("Onboarding step done"),
        "onboarding.step_submitted": _("Onboarding step submitted for confirmation"),
        "onboarding.step_confirmed": _("Onboarding step confirmed"),
        "onboarding.step_reopened": _("Onboarding step reopened"),
    }
)

# The notification onboarding sends (onboarding/services.py): each CAM chooses how they hear about it.
register_kind(
    "onboarding.ready_for_activation",
    _("Partner ready for activation"),
    audiences=(Audience.STAFF,),
)
