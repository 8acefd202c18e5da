from django.utils.translation import gettext_lazy as _

from core import appconfig


class OnboardingConfig(appconfig.RegisteringAppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding")
    registers = ("events", "widgets")

    def ready(self) -> None:
        super().ready()
        from core.events import subscribe
        from onboarding.reactions import (
            AGREEMENT_VERB,
            PROFILE_VERB,
            TEAM_VERB,
            activation_guard,
            agreement_accepted,
            member_joined,
            profile_changed,
        )
        from partners.rules import register_transition_guard

        # Profile, team and agreement changes may finish onboarding; activation waits for it.
        subscribe(PROFILE_VERB, profile_changed)
        subscribe(TEAM_VERB, member_joined)
        subscribe(AGREEMENT_VERB, agreement_accepted)
        register_transition_guard(activation_guard)
