"""Routing rules for leads, versioned like the rules of engagement: draft → published → retired; one published
set routes, at most one draft is being edited, a published set never changes.

Owned by leads/routing/ (the engine, explanations, simulation, SLA and reassignment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import choice_field
from core.versions import VersionedRule, VersionedRuleSet, VersionStatus, version_constraints

RoutingStatus = VersionStatus  # draft → published → retired, shared with every versioned rule set


class TerritoryMatch(models.TextChoices):
    """Where an eligible partner sits, compared with the lead."""

    ANY = "any", _("Anywhere")
    REGION = "region", _("In the lead's region")
    COUNTRY = "country", _("In the lead's country")


class RoutingRuleSet(VersionedRuleSet):
    # Staff only (core.scoping's default): partners learn why they got a lead from its explanation.
    Status = RoutingStatus

    # Hours a partner has to accept or decline, by tier (tier -> hours); `default_sla_hours` otherwise.
    default_sla_hours = models.PositiveSmallIntegerField(_("hours to accept"), default=48)
    tier_sla_hours = models.JSONField(_("hours to accept per tier"), default=dict, blank=True)
    # Most open leads a partner holds at once, unless a rule says otherwise.
    default_capacity = models.PositiveSmallIntegerField(_("open leads per partner"), default=10)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(VersionedRuleSet.Meta):
        verbose_name = _("lead routing rules")
        verbose_name_plural = _("lead routing rules")
        constraints = version_constraints("routing")

    def __str__(self) -> str:
        return str(_("Routing rules v%(version)s") % {"version": self.version})

    def sla_hours_for(self, tier: str) -> int:
        hours = (self.tier_sla_hours or {}).get(tier)
        return int(hours) if hours else self.default_sla_hours


class RoutingRule(VersionedRule):
    """One rule: which leads it takes (empty condition = any) and which partners are eligible for them.
    Rules are tried in order; the first that matches the lead and has an eligible partner with room wins
    (a rule sending its leads to direct sales wins as soon as it matches)."""

    Territory = TerritoryMatch

    ruleset = models.ForeignKey(RoutingRuleSet, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=100)
    # Lead conditions (JSON lists of codes; empty = any)
    lead_regions = models.JSONField(_("lead regions"), default=list, blank=True)
    lead_countries = models.JSONField(_("lead countries"), default=list, blank=True)
    lead_verticals = models.JSONField(_("lead verticals"), default=list, blank=True)
    lead_products = models.JSONField(_("products of interest"), default=list, blank=True)  # product ids
    # [{"key", "op", "value"}] on Lead.attributes
    lead_attributes = models.JSONField(_("lead attributes"), default=list, blank=True)
    # Partner eligibility (empty = any)
    partner_types = models.JSONField(_("partner types"), default=list, blank=True)
    partner_tiers = models.JSONField(_("partner tiers"), default=list, blank=True)
    territory = choice_field(_("partner's territory"), TerritoryMatch, default=TerritoryMatch.REGION)
    partner_verticals = models.BooleanField(_("partner serves the lead's vertical"), default=False)
    certifications = models.JSONField(_("certifications held"), default=list, blank=True)  # certification ids
    capacity = models.PositiveSmallIntegerField(_("open leads per partner"), null=True, blank=True)
    direct = models.BooleanField(_("send to direct sales"), default=False)

    class Meta(VersionedRule.Meta):
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name
