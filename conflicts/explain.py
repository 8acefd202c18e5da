"""Conflict reasons in the reader's language. Stored as codes with parameters, rendered when shown."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from conflicts.models import Source
from conflicts.sources import choice_label


def _key_kind(kind: str) -> str:
    return {
        "tax": pgettext("customer key", "tax id"),
        "domain": pgettext("customer key", "web domain"),
        "name": pgettext("customer key", "name and country"),
    }.get(kind, kind)


def _status(value: str) -> str:
    return choice_label(Source.REGISTRATION, "status", value)


def _similar_name(params: dict) -> str:
    score, how = params.get("score", 0), params.get("how", "fuzzy")
    if how == "exact":
        return _("Same name after normalisation")
    if how == "abbreviated":
        return _("Same name with common words abbreviated, e.g. “Intl” for “International” (%(score)s%%)") % {
            "score": score
        }
    if how == "acronym":
        return _("One name is the abbreviation of the other (%(score)s%%)") % {"score": score}
    if how == "word order":
        return _("Same words in a different order (%(score)s%%)") % {"score": score}
    if how == "sound":
        return _("Names spelled differently but read alike, e.g. transliterated (%(score)s%%)") % {
            "score": score
        }
    if how == "contained":
        return _("One name contains the other (%(score)s%%)") % {"score": score}
    return _("Name %(score)s%% similar after normalisation") % {"score": score}


def render_reason(code: str, params: dict | None = None) -> str:
    params = params or {}
    if code == "same_tax_id":
        return _("Same tax id")
    if code == "same_domain":
        return _("Same web domain (%(domain)s)") % {"domain": params.get("domain", "")}
    if code == "similar_name":
        return _similar_name(params)
    if code == "claimed_first":
        return _("Registered first by another registration with the same %(key)s") % {
            "key": _key_kind(params.get("key", ""))
        }
    if code == "named_account":
        return _("Named account reserved for direct sales")
    if code == "open_direct_deal":
        stage = choice_label(Source.DIRECT_ACCOUNT, "stage", params.get("stage", ""))
        return _("Open direct deal “%(deal)s” (%(stage)s, %(amount)s %(currency)s)") % {
            "deal": params.get("deal", ""),
            "stage": stage,
            "amount": params.get("amount", ""),
            "currency": params.get("currency", ""),
        }
    if code == "partner_registration":
        values = {"partner": params.get("partner", ""), "status": _status(params.get("status", ""))}
        if params.get("earlier") is True:
            return _("Registered earlier by %(partner)s (%(status)s)") % values
        if params.get("earlier") is False:
            return _("Registered later by %(partner)s (%(status)s)") % values
        return _("Registered by %(partner)s (%(status)s)") % values
    if code == "tie_break":
        from engagement.evaluate import render_reason as rule_text

        why = rule_text(params.get("rule", ""), params.get("rule_params") or {})
        if params.get("winner") == "this":
            return _("The tie-breaker between competing partners favours this registration: %(why)s") % {
                "why": why
            }
        if params.get("winner") == "other":
            return _("The tie-breaker between competing partners favours the other registration: %(why)s") % {
                "why": why
            }
        return _(
            "The tie-breaker between competing partners leaves it to the channel account manager: %(why)s"
        ) % {"why": why}
    if code == "own_registration":
        return _("The same partner registered this customer already (%(status)s)") % {
            "status": _status(params.get("status", ""))
        }
    return code


def render_reasons(reasons: list[dict]) -> list[str]:
    return [render_reason(r.get("code", ""), r.get("params")) for r in reasons or []]
