from django.utils.translation import gettext_lazy as _

from core import appconfig


class ProgramsConfig(appconfig.RegisteringAppConfig):
    name = "programs"
    verbose_name = _("Program")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from programs.services import partner_joined_or_left

        # New partners join the default program; offboarded ones leave every program.
        subscribe(("partner.created", "partner.status_changed"), partner_joined_or_left)
