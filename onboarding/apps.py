from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self):
        from onboarding import (
            events,  # noqa: F401  (registers event labels)
            widgets,  # noqa: F401  (registers dashboard widgets)
        )
