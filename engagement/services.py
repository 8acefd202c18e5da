"""Writes for the rules of engagement: drafts, their rules, publishing. Channel chief and operations only.

A published rule set never changes: editing starts a new draft copied from the published one, and
publishing the draft retires the previous set — one published and at most one draft per program at any time.
The writes are those of every versioned rule set (`core.versions`), with this app's models, inputs and event
verbs; publishing asks the partners the version is now in force for to accept it (`engagement.notify`).
Accepting is a partner admin's (`rules_accept`)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actor import Actor
from core.events import record_event
from core.inputs import Input
from core.scoping import lock_visible
from engagement.errors import EngagementErrorCode as E
from engagement.models import RuleSet, RuleSetAcceptance
from engagement.rules import VERSIONS
from engagement.selectors import acceptance_of, ruleset_for_partner
from partners.models import Partner
from programs.models import PartnerProgram

ruleset_update = VERSIONS.update
ruleset_publish = VERSIONS.publish
rule_create = VERSIONS.rule_create
rule_update = VERSIONS.rule_update
rule_delete = VERSIONS.rule_delete
rule_move = VERSIONS.rule_move


def rules_accept(*, actor: Actor, ruleset: RuleSet, ip_address: str | None = None) -> RuleSetAcceptance:
    """A partner admin accepts, for the company they act for, the rules of engagement in force for it (the
    published version of its program's rules: `engagement.selectors.ruleset_for_partner`). Another version,
    or the same one twice, is refused with a code and changes nothing."""
    if not actor.can("engagement.accept") or actor.partner is None:
        raise PermissionDenied
    with transaction.atomic():
        partner = lock_visible(Partner.objects, actor=actor, pk=actor.partner.pk)
        in_force = ruleset_for_partner(partner)
        if in_force is None or in_force.pk != ruleset.pk:
            raise ValidationError(
                _("Version %(version)s is not the rules of engagement in force for %(partner)s.")
                % {"version": ruleset.version, "partner": partner.name},
                code=E.NOT_IN_FORCE,
            )
        if acceptance_of(partner=partner, ruleset=in_force) is not None:
            raise ValidationError(
                _("%(partner)s has already accepted these rules.") % {"partner": partner.name},
                code=E.ALREADY_ACCEPTED,
            )
        acceptance = RuleSetAcceptance.objects.create(
            ruleset=in_force, partner=partner, accepted_by=actor.user, ip_address=ip_address or None
        )
        record_event(
            actor=actor,
            verb="engagement.accepted",
            target=in_force,
            partner=partner,
            after={"version": in_force.version, "ip_address": ip_address or ""},
        )
    return acceptance


def ruleset_create_draft(
    *, actor: Actor, data: Mapping[str, Any] | Input | None = None, program: PartnerProgram | None = None
) -> RuleSet:
    """A new draft of `program`'s rules (the default program's when None), copied from its published set."""
    if program is None:
        program = PartnerProgram.objects.filter(is_default=True).first()
        if program is None:
            raise ValidationError(_("There is no default program to write rules for."), code=E.NO_PROGRAM)
    return VERSIONS.create_draft(actor=actor, data=data, group=program)
