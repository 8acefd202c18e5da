from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_events

register_events(
    {
        "lead.scoring_trained": EventText(
            _("Scoring model trained"), _("%(actor)s trained %(target)s (AUC %(auc)s, Brier %(brier)s)")
        ),
        "lead.scoring_activated": EventText(
            _("Scoring model activated"), _("%(actor)s activated %(target)s: it now scores leads")
        ),
    }
)
