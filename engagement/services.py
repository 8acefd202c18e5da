"""Writes for the rules of engagement: drafts, their rules, publishing. Channel chief and operations only.

A published rule set never changes: editing starts a new draft copied from the published one, and
publishing the draft retires the previous set — one published and at most one draft at any time. The writes
are those of every versioned rule set (`core.versions`), with this app's models, inputs and event verbs."""

from engagement.rules import VERSIONS

ruleset_create_draft = VERSIONS.create_draft
ruleset_update = VERSIONS.update
ruleset_publish = VERSIONS.publish
rule_create = VERSIONS.rule_create
rule_update = VERSIONS.rule_update
rule_delete = VERSIONS.rule_delete
rule_move = VERSIONS.rule_move
