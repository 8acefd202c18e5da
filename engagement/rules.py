"""Who may do what next with a version of the rules of engagement: draft → published → retired.

`allowed_actions(actor, ruleset)` is the one rule behind the version page's buttons, the API's `actions` and
the services' checks (`require_action`, on the locked row): an action is offered only when it can succeed.
The refusals and the writes are the shared ones of versioned rule sets (`core.versions`), set up here.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core.versions import RuleSetVersions
from engagement.errors import EngagementErrorCode
from engagement.inputs import RuleInput, RuleSetInput
from engagement.models import Rule, RuleSet
from engagement.notify import on_publish


class RuleSetAction(StrEnum):
    EDIT = "edit"  # the settings and the rules of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version


VERSIONS = RuleSetVersions(
    ruleset_model=RuleSet,
    rule_model=Rule,
    actions=RuleSetAction,
    manage="engagement.manage",
    staff_only=False,
    verb_prefix="engagement",
    codes=EngagementErrorCode,
    draft_exists_message=_("A draft is already being edited: finish or publish it first."),
    ruleset_input=RuleSetInput,
    rule_input=RuleInput,
    ruleset_fields=(
        "default_protection_days",
        "tier_protection_days",
        "tie_breaker",
        "named_accounts_direct",
        "notes",
        "disclosure_required",
        "competitive_protection_days",
    ),
    rule_fields=(
        "label",
        "product_eligibility",
        "segments",
        "min_employees",
        "max_employees",
        "min_revenue",
        "max_revenue",
        "countries",
        "regions",
        "min_amount",
        "max_amount",
        "currency",
        "outcome",
        "protection_days",
    ),
    rule_name="label",
    group_field="program",  # each partner program has its own rules, numbered per program
    on_publish=on_publish,
)

RULES = VERSIONS.rules
allowed_actions = RULES.allowed
require_action = RULES.require
