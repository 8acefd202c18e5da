"""Roles and what each may do. The one table that answers "may this role do X"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    CHIEF = "chief", _("Channel chief")
    CAM = "cam", _("Channel account manager")
    MARKETING = "marketing", _("Channel marketing manager")
    OPS = "ops", _("Channel operations")


class PartnerRole(models.TextChoices):
    ADMIN = "admin", _("Partner admin")
    REP = "rep", _("Partner sales rep")


ALL_STAFF = frozenset(StaffRole.values)

# permission -> staff roles and partner roles that hold it
PERMISSIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "partners.view_directory": (ALL_STAFF, frozenset()),
    "partners.create": (frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS}), frozenset()),
    "partners.edit": (frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS}), frozenset()),
    "partners.change_status": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    "partners.edit_own_profile": (frozenset(), frozenset({PartnerRole.ADMIN})),
    "partners.manage_own_team": (frozenset(), frozenset({PartnerRole.ADMIN})),
    "partners.manage_any_team": (frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS}), frozenset()),
    "staff.manage": (frozenset({StaffRole.OPS}), frozenset()),
    "staff.view_territories": (ALL_STAFF, frozenset()),
    "staff.assign_territories": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "recruitment.review": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    "recruitment.view": (ALL_STAFF, frozenset()),
    "recruitment.manage_prospects": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    "recruitment.configure": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    # Competing vendors: channel operations, marketing and the chief keep the list; every staff role and
    # partner user reads it and the declarations it may see; a partner's admin declares the company's own.
    "competition.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "competition.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS, StaffRole.MARKETING}), frozenset()),
    "competition.declare": (frozenset(), frozenset({PartnerRole.ADMIN})),
    "program.configure": (frozenset({StaffRole.OPS}), frozenset()),
    "program.accept_agreement": (frozenset(), frozenset({PartnerRole.ADMIN})),
    # Partner programs: every staff role reads them and their members; partner users the ones they belong to.
    "program.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "onboarding.complete_step": (frozenset(), frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "onboarding.confirm_step": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    "onboarding.configure": (frozenset({StaffRole.OPS}), frozenset()),
    "audit.view": (ALL_STAFF, frozenset()),
    "direct.view": (ALL_STAFF, frozenset()),
    "direct.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "catalog.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "catalog.manage": (frozenset({StaffRole.OPS}), frozenset()),
    "deals.register": (frozenset(), frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "deals.view_pipeline": (ALL_STAFF, frozenset()),
    "deals.decide": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    "deals.decide_appeal": (frozenset({StaffRole.CHIEF}), frozenset()),
    # Correcting a won deal: reopening it (won → approved) or recording a refund to the customer.
    "deals.correct": (frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS}), frozenset()),
    "engagement.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "engagement.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "engagement.accept": (frozenset(), frozenset({PartnerRole.ADMIN})),  # the rules in force, for the company
    # Enablement: channel marketing and ops manage it, every other staff role reads, partners use it.
    "enablement.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "enablement.manage": (frozenset({StaffRole.MARKETING, StaffRole.OPS}), frozenset()),
    # Revoking a person's certification.
    "enablement.revoke": (frozenset({StaffRole.CHIEF, StaffRole.MARKETING, StaffRole.OPS}), frozenset()),
    # Leads: every staff role reads them; partners work the leads offered to them (accept, decline, progress,
    # convert); CAMs, ops and the chief assign by hand; ops, marketing and the chief run imports, attributes,
    # routing and scoring.
    "leads.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "leads.work": (frozenset(), frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "leads.assign": (frozenset({StaffRole.CHIEF, StaffRole.CAM, StaffRole.OPS}), frozenset()),
    "leads.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS, StaffRole.MARKETING}), frozenset()),
    # Referrals: partners make links and refer prospects; every staff role reads the results; channel
    # marketing, ops and the chief keep the program's settings and may switch off any link.
    "referrals.use": (frozenset(), frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "referrals.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "referrals.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS, StaffRole.MARKETING}), frozenset()),
    # Campaigns-in-a-box: channel marketing (and ops, the chief) build kits; partners launch them.
    "campaigns.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "campaigns.launch": (frozenset(), frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "campaigns.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS, StaffRole.MARKETING}), frozenset()),
    # Money (the ledger): every staff role reads the balances, transactions and statements, partner users
    # their own (a sales rep as the money settings say); channel operations keeps the exchange rates and
    # pays out (batches); operations and the chief keep the money settings, approve payouts and reverse
    # transactions; above the chief threshold only the chief approves or reverses.
    "money.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "money.settings": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "money.rates": (frozenset({StaffRole.OPS}), frozenset()),
    "money.payouts": (frozenset({StaffRole.OPS}), frozenset()),
    "money.approve": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "money.reverse": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "money.over_threshold": (frozenset({StaffRole.CHIEF}), frozenset()),
    # Incentives: every staff role and partner user reads the programs and the earnings they may see (a rep as
    # the money settings say); ops runs the programs (rules, targets, accrual runs, disputes); the channel
    # chief approves an adjustment above the approval threshold; a partner's admin disputes.
    "incentives.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "incentives.manage": (frozenset({StaffRole.OPS}), frozenset()),
    "incentives.approve": (frozenset({StaffRole.CHIEF}), frozenset()),
    "incentives.dispute": (frozenset(), frozenset({PartnerRole.ADMIN})),
    # Market development funds: channel marketing owns them (budgets, allocations, decisions on requests and
    # claims), the channel chief decides too and alone approves above the money settings' threshold; every
    # staff role reads. A partner's admin requests and claims; its reps read the company's activities (their
    # codes) and see amounts only when the money settings let reps see what the company earns.
    "funds.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "funds.manage": (frozenset({StaffRole.CHIEF, StaffRole.MARKETING}), frozenset()),
    "funds.decide": (frozenset({StaffRole.CHIEF, StaffRole.MARKETING}), frozenset()),
    "funds.approve_above_threshold": (frozenset({StaffRole.CHIEF}), frozenset()),
    "funds.request": (frozenset(), frozenset({PartnerRole.ADMIN})),
    # Partner health: every staff role reads every partner's, partner users their own company's; channel
    # operations and the chief keep the weights and the threshold and run an evaluation now; the CAMs and the
    # chief work the risk reviews (a recovery plan, back to active).
    "health.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "health.configure": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "health.evaluate": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "health.review": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    # Offboarding: every staff role reads the wind-downs; the CAMs and the chief start, work and cancel them
    # (each step's own action needs the owning app's permission: money.payouts for the payout …).
    "offboarding.view": (ALL_STAFF, frozenset()),
    "offboarding.manage": (frozenset({StaffRole.CHIEF, StaffRole.CAM}), frozenset()),
    # Recognition: every staff role and partner user reads the leaderboards (partners as the anonymity setting
    # allows) and their own badges; channel marketing, ops and the chief define awards, grant and revoke them,
    # and choose what partners see of the leaderboards.
    "recognition.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "recognition.manage": (frozenset({StaffRole.CHIEF, StaffRole.MARKETING, StaffRole.OPS}), frozenset()),
    # Tiers: every staff role and partner user reads progress (a partner its own); ops and the channel chief
    # keep the criteria, the custom metrics' values and the policy, and evaluate now; ops alone set a tier by
    # hand (through programs' tier change, `program.configure`).
    "tiers.view": (ALL_STAFF, frozenset({PartnerRole.ADMIN, PartnerRole.REP})),
    "tiers.manage": (frozenset({StaffRole.CHIEF, StaffRole.OPS}), frozenset()),
    "tiers.override": (frozenset({StaffRole.OPS}), frozenset()),
}
