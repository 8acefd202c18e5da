from django.utils.translation import gettext_lazy as _

from core import appconfig


class AccountsConfig(appconfig.RegisteringAppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    registers = ("events", "widgets", "search")

    def ready(self) -> None:
        super().ready()
        from accounts.actor import actor_for_user
        from core.actor import set_actor_builder

        set_actor_builder(actor_for_user)

        from django.contrib.auth.signals import user_logged_in

        from accounts.language import on_signed_in

        user_logged_in.connect(on_signed_in, dispatch_uid="accounts.language.on_signed_in")
