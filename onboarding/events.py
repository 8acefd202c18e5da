from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from notifications.kinds import Audience, register_kind
from onboarding.models import CompletionState

register_events(
    {
        "checklist_step.created": EventText(
            _("Checklist step added"),
            _("%(actor)s added the step “%(target)s” to the checklist for %(partner_type)s partners"),
        ),
        "checklist_step.updated": EventText(
            _("Checklist step changed"), _("%(actor)s changed the checklist step “%(target)s”")
        ),
        "checklist_step.moved": EventText(
            _("Checklist step moved"),
            _("%(actor)s moved the checklist step “%(target)s” from place %(old_position)s to %(position)s"),
        ),
        "checklist_step.deleted": EventText(
            _("Checklist step removed"), _("%(actor)s removed the checklist step “%(target)s”")
        ),
        "onboarding.step_completed": EventText(
            _("Onboarding step done"),
            _("%(actor)s completed the onboarding step “%(target)s”"),
            implied=("state",),
        ),
        "onboarding.step_submitted": EventText(
            _("Onboarding step submitted for confirmation"),
            _("%(actor)s submitted the onboarding step “%(target)s” for confirmation"),
            implied=("state",),
        ),
        "onboarding.step_confirmed": EventText(
            _("Onboarding step confirmed"),
            _("%(actor)s confirmed the onboarding step “%(target)s”"),
            implied=("state",),
        ),
        "onboarding.step_reopened": EventText(
            _("Onboarding step reopened"),
            _("%(actor)s reopened the onboarding step “%(target)s”"),
            implied=("state",),
        ),
    }
)

# Completions are recorded on their step: the state is the completion's.
register_event_fields(
    "onboarding.checkliststep",
    {
        "state": EventField(_("state"), [("todo", _("To do")), *CompletionState.choices]),
        "title": EventField(_("Title")),
    },
)


register_event_link("onboarding.checkliststep", staff="onboarding:checklists", partner="onboarding:mine")


# The notification onboarding sends (onboarding/services.py): each CAM chooses how they hear about it.
register_kind(
    "onboarding.ready_for_activation",
    _("Partner ready for activation"),
    audiences=(Audience.STAFF,),
)
