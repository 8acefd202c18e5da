"""Who may do what next with a version of the routing rules: draft → published → retired.

The shape of the rules of engagement (`engagement/rules.py`), both set up on `core.versions`:
`allowed_actions(actor, ruleset)` is the one rule behind the version page's buttons, the API's `actions` and
the services' checks (`require_action`, on the locked row). Channel operations (and the chief, and marketing)
keep the rules; every staff role reads them, and partner users never change them whatever their role.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core.versions import RuleSetVersions
from leads.errors import LeadErrorCode
from leads.models import RoutingRule, RoutingRuleSet
from leads.routing.inputs import RuleInput, RuleSetInput

MANAGE, VIEW = "leads.manage", "leads.view"


class RoutingAction(StrEnum):
    EDIT = "edit"  # the settings and the rules of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version


VERSIONS = RuleSetVersions(
    ruleset_model=RoutingRuleSet,
    rule_model=RoutingRule,
    actions=RoutingAction,
    manage=MANAGE,
    staff_only=True,
    verb_prefix="lead_routing",
    codes=LeadErrorCode,
    draft_exists_message=_(
        "A draft of the routing rules is already being edited: finish or publish it first."
    ),
    ruleset_input=RuleSetInput,
    rule_input=RuleInput,
    ruleset_fields=("default_sla_hours", "tier_sla_hours", "default_capacity", "notes"),
    rule_fields=(
        "name",
        "direct",
        "lead_regions",
        "lead_countries",
        "lead_verticals",
        "lead_products",
        "lead_attributes",
        "partner_types",
        "partner_tiers",
        "territory",
        "partner_verticals",
        "certifications",
        "capacity",
    ),
    rule_name="name",
    name_on_update=True,
)

RULES = VERSIONS.rules
allowed_actions = RULES.allowed
require_action = RULES.require
