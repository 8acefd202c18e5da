from django.utils.translation import gettext_lazy as _

from core.events import register_event_labels

register_event_labels(
    {
        "application.submitted": _("Application received"),
        "application.approved": _("Application approved"),
        "application.rejected": _("Application rejected"),
        "prospect.created": _("Prospect created"),
        "prospect.updated": _("Prospect updated"),
        "prospect.stage_changed": _("Prospect stage changed"),
        "prospect.converted": _("Prospect converted to applicant"),
        "recruitment.targets_updated": _("Recruitment targets updated"),
    }
)
