from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "direct"
    verbose_name = _("Direct sales")

    def ready(self) -> None:
        from conflicts.sources import register_source
        from direct import events  # noqa: F401  (registers event labels)
        from direct.conflict_source import SOURCE

        register_source(SOURCE)  # the conflict engine indexes active direct accounts
