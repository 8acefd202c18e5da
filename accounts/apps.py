from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import (
            events,  # noqa: F401  (registers event labels)
            widgets,  # noqa: F401  (registers dashboard widgets)
        )
        from accounts.actor import actor_for_user
        from core.actor import set_actor_builder

        set_actor_builder(actor_for_user)
