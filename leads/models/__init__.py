"""Leads: the vendor's demand that partners work (lead.py), the rules that route it (routing.py) and the
models that score it (scoring.py)."""

from leads.models.lead import (
    AssignmentMethod,
    AssignmentOutcome,
    AttributeKind,
    DeclineReason,
    Destination,
    Lead,
    LeadAssignment,
    LeadAttribute,
    LeadNote,
    LeadSource,
    LeadStatus,
    LostReason,
)
from leads.models.routing import RoutingRule, RoutingRuleSet, RoutingStatus, TerritoryMatch
from leads.models.scoring import ScoringModel, ScoringStatus

__all__ = [
    "RoutingRule",
    "RoutingRuleSet",
    "RoutingStatus",
    "TerritoryMatch",
    "ScoringModel",
    "ScoringStatus",
    "AssignmentMethod",
    "AssignmentOutcome",
    "AttributeKind",
    "DeclineReason",
    "Destination",
    "Lead",
    "LeadAssignment",
    "LeadAttribute",
    "LeadNote",
    "LeadSource",
    "LeadStatus",
    "LostReason",
]
