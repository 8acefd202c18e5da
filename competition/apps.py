from django.utils.translation import gettext_lazy as _

from core import appconfig


class CompetitionConfig(appconfig.RegisteringAppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "competition"
    verbose_name = _("Competing vendors")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from competition.filters import register_directory_filters

        register_directory_filters()  # the partner directory filters by the competing vendors declared
