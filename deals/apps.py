from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "deals"
    verbose_name = _("Deal registrations")

    def ready(self) -> None:
        from deals import events  # noqa: F401  (registers event labels)
