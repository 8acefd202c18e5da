from django.utils.translation import gettext_lazy as _

from core.events import EventText, register_events

register_events(
    {
        "import.uploaded": EventText(
            _("File uploaded for import"), _("%(actor)s uploaded %(target)s to import")
        ),
        "import.started": EventText(_("Import started"), _("%(actor)s started importing %(target)s")),
        "import.resumed": EventText(_("Import resumed"), _("%(actor)s resumed importing %(target)s")),
        "import.cancelled": EventText(_("Import cancelled"), _("%(actor)s cancelled importing %(target)s")),
        "import.done": EventText(_("Import finished"), _("%(target)s was imported")),
    }
)
