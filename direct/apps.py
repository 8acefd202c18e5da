from django.utils.translation import gettext_lazy as _

from core import appconfig


class DirectConfig(appconfig.RegisteringAppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "direct"
    verbose_name = _("Direct sales")
    registers = ("events", "search")

    def ready(self) -> None:
        super().ready()
        from conflicts.sources import register_source
        from direct.conflict_source import SOURCE

        register_source(SOURCE)  # the conflict engine indexes active direct accounts
