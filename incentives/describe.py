"""A program in plain words, written from its rules (as `engagement.evaluate.describe_ruleset` writes the
rules of engagement): what partners read on the program's page and in the API, in either language."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incentives.models import DealType, IncentiveProgram, IncentiveRule, ProgramKind, RuleBasis
from ledger.models import FundPeriod
from ledger.statements import money_text
from partners.choices import PartnerType, Region, Tier, labels


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if translation.get_language() != "ru" else text.replace(".", ",")


def _money(value: Decimal, currency: str) -> str:
    return money_text(value, currency)


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)


def _per_period(program: IncentiveProgram) -> str:
    return _("per fiscal year") if program.period == FundPeriod.YEAR else _("per fiscal quarter")


def describe_rule(rule: IncentiveRule, program: IncentiveProgram) -> str:
    """One rule as a sentence: what fits it, then what it earns."""
    fits = []
    products = [p.sku for p in rule.products.all()]
    families = [f.name for f in rule.families.all()]
    if products and families:
        fits.append(
            _("products %(products)s or the families %(families)s")
            % {"products": _listed(products), "families": _listed(families)}
        )
    elif products:
        fits.append(_("products %(products)s") % {"products": _listed(products)})
    elif families:
        fits.append(_("products of the families %(families)s") % {"families": _listed(families)})
    else:
        fits.append(_("any product"))
    if rule.deal_types:
        fits.append(
            _("on %(types)s deals") % {"types": _listed(t.lower() for t in labels(DealType, rule.deal_types))}
        )
    if rule.partner_types:
        fits.append(_("for %(types)s") % {"types": _listed(labels(PartnerType, rule.partner_types))})
    if rule.tiers:
        fits.append(_("for %(tiers)s partners") % {"tiers": _listed(labels(Tier, rule.tiers))})
    if rule.starts_on and rule.ends_on:
        fits.append(
            _("in deals closed from %(start)s to %(end)s")
            % {"start": _day(rule.starts_on), "end": _day(rule.ends_on)}
        )
    elif rule.starts_on:
        fits.append(_("in deals closed from %(start)s") % {"start": _day(rule.starts_on)})
    elif rule.ends_on:
        fits.append(_("in deals closed until %(end)s") % {"end": _day(rule.ends_on)})
    what = " ".join(fits)
    if rule.basis == RuleBasis.PERCENT:
        if rule.rate is None:
            earns = _("the volume tier's rate of the amount won")
        else:
            earns = _("%(rate)s%% of the amount won") % {"rate": _number(rule.rate)}
    elif rule.basis == RuleBasis.FIXED_UNIT:
        earns = _("%(amount)s per unit") % {"amount": _money(rule.amount or Decimal(0), program.currency)}
    else:
        earns = _("%(amount)s per deal") % {"amount": _money(rule.amount or Decimal(0), program.currency)}
    sentence = _("%(what)s: %(earns)s.") % {"what": what, "earns": earns}
    return sentence[:1].upper() + sentence[1:]


def describe_program(program: IncentiveProgram, rules: list[IncentiveRule] | None = None) -> list[str]:
    """The program as plain sentences in the active language, in the order partners need them."""
    rules = rules if rules is not None else list(program.rules.prefetch_related("products", "families"))
    sentences: list[str] = []
    dates = {"start": _day(program.starts_on), "end": _day(program.ends_on) if program.ends_on else ""}
    if program.kind == ProgramKind.SPIFF:
        opening = (
            _(
                "The partner's salesperson who registered a won deal earns a SPIFF on it, for deals closed "
                "from %(start)s to %(end)s."
            )
            if program.ends_on
            else _(
                "The partner's salesperson who registered a won deal earns a SPIFF on it, for deals closed "
                "from %(start)s on."
            )
        )
    elif program.kind == ProgramKind.REBATE:
        opening = (
            _("Partners earn a rebate on their won deal registrations closed from %(start)s to %(end)s.")
            if program.ends_on
            else _("Partners earn a rebate on their won deal registrations closed from %(start)s on.")
        )
    else:
        opening = (
            _("Partners earn a commission on their won deal registrations closed from %(start)s to %(end)s.")
            if program.ends_on
            else _("Partners earn a commission on their won deal registrations closed from %(start)s on.")
        )
    sentences.append(opening % dates)
    audience = []
    if program.partner_types:
        audience.append(_listed(labels(PartnerType, program.partner_types)))
    if program.tiers:
        audience.append(_("%(tiers)s tier") % {"tiers": _listed(labels(Tier, program.tiers))})
    if program.regions:
        audience.append(_listed(labels(Region, program.regions)))
    if audience:
        sentences.append(_("Who takes part: %(who)s.") % {"who": "; ".join(audience)})
    else:
        sentences.append(_("Every partner takes part."))
    if not rules:
        sentences.append(_("No rules yet: nothing is earned."))
    else:
        if len(rules) > 1:
            sentences.append(_("The first of these rules that fits a product line decides what it earns:"))
        sentences += [describe_rule(rule, program) for rule in rules]
        sentences.append(_("Product lines no rule fits earn nothing."))
        sentences.append(
            _(
                "Referral deals come from a lead credited to you; influenced deals from a vendor lead; "
                "sourced deals are registered without a lead."
            )
        )
    tiers = list(program.volume_tiers.all())
    if tiers:
        parts = [
            _("%(rate)s%% from %(volume)s")
            % {"rate": _number(t.rate), "volume": _money(t.from_amount, program.currency)}
            for t in tiers
        ]
        sentences.append(
            _("Volume tiers %(period)s: each part of your volume earns its own tier's rate — %(tiers)s.")
            % {"period": _per_period(program), "tiers": "; ".join(parts)}
        )
    if program.accelerator:
        sentences.append(
            _("Above your target %(period)s, earnings are multiplied by %(factor)s.")
            % {"period": _per_period(program), "factor": _number(program.accelerator)}
        )
    if program.cap is not None:
        sentences.append(
            _("Earnings are capped at %(cap)s %(period)s.")
            % {"cap": _money(program.cap, program.currency), "period": _per_period(program)}
        )
    if program.clawback_days:
        sentences.append(
            ngettext(
                "If a won deal is reopened or refunded within %(days)s day of its close, what it earned is "
                "taken back (in proportion for a partial refund).",
                "If a won deal is reopened or refunded within %(days)s days of its close, what it earned is "
                "taken back (in proportion for a partial refund).",
                program.clawback_days,
            )
            % {"days": program.clawback_days}
        )
    else:
        sentences.append(_("What a won deal earned is never taken back."))
    sentences.append(
        _(
            "Earnings are in the currency of the deal; amounts in %(currency)s are converted at the "
            "exchange rates."
        )
        % {"currency": program.currency}
    )
    # A date written "1 августа 2026 г." may end a sentence: one full stop.
    return [sentence[:-1] if sentence.endswith("..") else sentence for sentence in sentences]


def summary_in(
    program: IncentiveProgram, language: str, rules: list[IncentiveRule] | None = None
) -> list[str]:
    with translation.override(language):
        return describe_program(program, rules)
