from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConflictsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conflicts"
    verbose_name = _("Channel conflicts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(rebuild_stale_index, sender=self)


def rebuild_stale_index(sender, using="default", verbosity=1, **kwargs) -> None:
    """After `migrate`: an index built with other blocking keys than the code's finds too little, so it is
    rebuilt (minutes at a million customers; nothing to do when it is current)."""
    import logging

    from conflicts.index import is_current, rebuild, refresh_statistics

    if using != "default" or is_current():
        return
    count = rebuild()
    refresh_statistics()
    if verbosity:
        logging.getLogger(__name__).info(
            "Conflict index rebuilt for the current blocking keys: %s names", count
        )
