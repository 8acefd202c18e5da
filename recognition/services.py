"""Writes of recognition: awards, granting and revoking them (by hand and by their rules), the leaderboard
settings, and the announcement draft of a partner's new tier.

Channel marketing, operations and the chief manage recognition (`recognition.manage`, checked again by
`rules.require_action` on the locked row). The automatic awards (`badges_grant_due`, the periodic
`recognition.grant_badges`) and the tier-up drafts (`tier_up_draft`, subscribed to
"program_membership.tier_changed") act as the system; both are idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import Membership
from announcements.services import announcement_create
from core.actor import Actor, system_actor
from core.errors import field_error
from core.events import record_event, save_changes
from core.models import Event
from core.roles import StaffRole
from core.scoping import lock_visible
from deals.models import DealRegistration, RegistrationStatus
from learning.models import CertificationAward
from learning.selectors import valid_q
from ledger.periods import period_by_code
from ledger.selectors import money_settings
from notifications.services import notify
from partners.choices import Tier
from partners.models import Partner
from programs.models import TIER_RANK, PartnerProgram, ProgramMembership
from programs.services import JOINED_STATUSES
from recognition.boards import leaderboard
from recognition.errors import RecognitionErrorCode as E
from recognition.inputs import AwardInput, GrantInput, RevokeInput, SettingInput
from recognition.models import (
    Award,
    AwardGrant,
    AwardRule,
    BoardPeriod,
    LeaderboardSetting,
    Metric,
    TierUpDraft,
)
from recognition.rules import AwardAction, GrantAction, require_action

LANGUAGES = ("en", "ru")


# --- awards -------------------------------------------------------------------------------------------------


def _award_values(cleaned: dict[str, Any]) -> dict[str, Any]:
    values = dict(cleaned)
    for name in ("name_en", "name_ru", "description_en", "description_ru"):
        if name in values:
            values[name] = values[name].strip()
    if values.get("rule", AwardRule.LEADERBOARD_TOP) != AwardRule.LEADERBOARD_TOP and "metric" in values:
        values["metric"] = ""
    return values


def award_create(*, actor: Actor, data: Mapping[str, Any] | AwardInput) -> Award:
    actor.require("recognition.manage")
    values = _award_values(AwardInput.bind(data).cleaned())
    with transaction.atomic():
        award = Award.objects.create(created_by=actor.user, **values)
        after = {k: v for k, v in values.items() if v not in ("", None) and not k.startswith("description")}
        record_event(actor=actor, verb="award.created", target=award, after=after)
    return award


def award_update(*, actor: Actor, award: Award, data: Mapping[str, Any] | AwardInput) -> Award:
    """Change an award (the page sends every field, the API only those it changes): its grants keep their
    citations."""
    actor.require("recognition.manage")
    cleaned = AwardInput.bind(data, instance=award, partial=True).cleaned()
    values = _award_values(cleaned)
    with transaction.atomic():
        award = lock_visible(Award.objects, actor=actor, pk=award.pk)
        require_action(actor, award, AwardAction.EDIT)
        save_changes(award, values, actor=actor, verb="award.updated")
    return award


# --- grants -------------------------------------------------------------------------------------------------


def _period_label(code: str) -> str:
    if not code:
        return ""
    return period_by_code(code, start_month=money_settings().fiscal_year_start_month).label


def _partner_users(partner: Partner) -> list[int]:
    return list(
        Membership.objects.filter(partner=partner, is_active=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def _grant(
    *,
    actor: Actor,
    award: Award,
    partner: Partner,
    period: str,
    citation_en: str,
    citation_ru: str,
    rank: int | None = None,
    automatic: bool = False,
) -> AwardGrant:
    """The grant, its event and the partner users' notification, in the caller's transaction."""
    grant = AwardGrant.objects.create(
        award=award,
        partner=partner,
        period=period,
        citation_en=citation_en,
        citation_ru=citation_ru,
        rank=rank,
        automatic=automatic,
        granted_by=actor.user,
        granted_at=timezone.now(),
    )
    after: dict[str, Any] = {"award": award.name_en, "period": period}
    if rank is not None:
        after["rank"] = rank
    if automatic:
        after["automatic"] = True
    record_event(actor=actor, verb="award.granted", target=grant, partner=partner, after=after)
    notify(
        users=_partner_users(partner),
        verb="award.granted",
        message=gettext_noop("Your company received the award %(award)s"),
        params={"award": award.name_en},
        link=reverse("recognition:grant", args=[grant.public_id]),
        partner=partner,
    )
    return grant


def grant_create(*, actor: Actor, data: Mapping[str, Any] | GrantInput) -> AwardGrant:
    """Staff grant an award to a partner for a period (once while the grant is live)."""
    actor.require("recognition.manage")
    cleaned = GrantInput.bind(data).cleaned()
    with transaction.atomic():
        award = lock_visible(Award.objects, actor=actor, pk=cleaned["award"].pk)
        require_action(actor, award, AwardAction.GRANT)
        partner = lock_visible(Partner.objects, actor=actor, pk=cleaned["partner"].pk)
        if partner.status not in JOINED_STATUSES:
            raise field_error(
                "partner",
                _("Awards go to partners in the network (onboarding, active or at risk)."),
                E.NOT_IN_NETWORK,
            )
        live = AwardGrant.objects.visible_to(actor).filter(
            award=award, partner=partner, period=cleaned["period"], revoked_at__isnull=True
        )
        if live.exists():
            raise field_error(
                "partner",
                _("%(partner)s holds this award for this period already.") % {"partner": partner.name},
                E.ALREADY_GRANTED,
            )
        return _grant(
            actor=actor,
            award=award,
            partner=partner,
            period=cleaned["period"],
            citation_en=cleaned["citation_en"].strip(),
            citation_ru=cleaned["citation_ru"].strip(),
        )


def grant_revoke(*, actor: Actor, grant: AwardGrant, data: Mapping[str, Any] | RevokeInput) -> AwardGrant:
    """Take an award back, saying why: the grant stays, revoked (who, when, why), and the event records it.
    The partner no longer sees it; the automatic run never grants it again for the same period."""
    actor.require("recognition.manage")
    reason = RevokeInput.bind(data).cleaned()["reason"].strip()
    if not reason:
        raise field_error("reason", _("Say why the award is revoked."), "required")
    with transaction.atomic():
        grant = lock_visible(AwardGrant.objects.select_related("award", "partner"), actor=actor, pk=grant.pk)
        require_action(actor, grant, GrantAction.REVOKE)
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor.user
        grant.revoke_reason = reason
        grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
        record_event(
            actor=actor,
            verb="award.revoked",
            target=grant,
            partner=grant.partner,
            note=reason,
        )
    return grant


# --- the automatic awards ---------------------------------------------------------------------------------


def _citations(make: Any) -> tuple[str, str]:
    """The citation written in each language (`make()` under that language)."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            texts.append(str(make()))
    return texts[0], texts[1]


Winners = dict[int, tuple[int | None, Any]]  # partner id -> (rank, the citation's maker)


def _leaderboard_winners(award: Award, today: dt.date | None) -> tuple[str, Winners]:
    """The last fiscal quarter's top partners on the award's leaderboard: (period code, {partner: (rank,
    citation maker)})."""
    board = leaderboard(
        program_id=award.program_id,
        period=BoardPeriod.LAST_QUARTER,
        metric=award.metric,
        today=today,
        fresh=True,
    )
    metric = Metric(award.metric)
    window = board.window

    def citation(rank: int | None) -> Any:
        return lambda: (
            _("Rank %(rank)s on the “%(board)s” leaderboard, %(period)s.")
            % {
                "rank": rank,
                "board": metric.label,
                "period": window.label,
            }
        )

    return window.code, {p.standing.partner_id: (p.rank, citation(p.rank)) for p in board.top(award.top)}


def _first_deal_winners() -> Winners:
    won = (
        DealRegistration.objects.visible_to(system_actor())
        .filter(status=RegistrationStatus.WON, partner__status__in=JOINED_STATUSES)
        .values_list("partner_id", flat=True)
        .distinct()
    )
    return {pk: (None, lambda: _("First deal won together.")) for pk in won}


def _certified_winners(award: Award) -> Winners:
    counts = (
        CertificationAward.objects.visible_to(system_actor())
        .filter(valid_q(), partner__status__in=JOINED_STATUSES)
        .values("partner_id")
        .annotate(people=Count("user", distinct=True))
        .filter(people__gte=award.threshold)
        .order_by()
    )

    def citation(people: int) -> Any:
        return lambda: (
            ngettext(
                "%(n)s person holds a valid certification.",
                "%(n)s people hold a valid certification.",
                people,
            )
            % {"n": people}
        )

    return {row["partner_id"]: (None, citation(row["people"])) for row in counts}


def badges_grant_due(*, today: dt.date | None = None) -> int:
    """Periodic (`recognition.grant_badges`): every active automatic award goes to the partners its rule names
    now — the top of its leaderboard for the last fiscal quarter, a first won deal, N certified people — once
    per partner and period. A partner that ever had it for that period (a revoked grant included) is skipped,
    so a rerun grants nothing and a revocation stands. Returns how many were granted."""
    actor = system_actor()
    granted = 0
    for award in Award.objects.visible_to(actor).filter(is_active=True).exclude(rule=AwardRule.MANUAL):
        winners: Winners
        if award.rule == AwardRule.LEADERBOARD_TOP:
            if not award.metric:
                continue
            period, winners = _leaderboard_winners(award, today)
        elif award.rule == AwardRule.FIRST_WON_DEAL:
            period, winners = "", _first_deal_winners()
        else:
            period, winners = "", _certified_winners(award)
        had = set(
            AwardGrant.objects.visible_to(actor)
            .filter(award=award, period=period, partner_id__in=list(winners))
            .values_list("partner_id", flat=True)
        )
        partners = Partner.objects.visible_to(actor).in_bulk([pk for pk in winners if pk not in had])
        for pk, partner in sorted(partners.items()):
            rank, citation = winners[pk]
            citation_en, citation_ru = _citations(citation)
            try:
                with transaction.atomic():
                    _grant(
                        actor=actor,
                        award=award,
                        partner=partner,
                        period=period,
                        citation_en=citation_en,
                        citation_ru=citation_ru,
                        rank=rank,
                        automatic=True,
                    )
            except IntegrityError:  # another run granted it at the same moment
                continue
            granted += 1
    return granted


# --- leaderboard settings -----------------------------------------------------------------------------------


def setting_save(*, actor: Actor, data: Mapping[str, Any] | SettingInput) -> LeaderboardSetting:
    """What partners see on the leaderboards of a program (or of every program): made or changed."""
    actor.require("recognition.manage")
    cleaned = SettingInput.bind(data).cleaned()
    program: PartnerProgram | None = cleaned.pop("program")
    with transaction.atomic():
        rows = LeaderboardSetting.objects.visible_to(actor).select_for_update()
        setting = rows.filter(program=program).first()
        if setting is None:
            try:
                with transaction.atomic():
                    setting = LeaderboardSetting.objects.create(
                        program=program, updated_by=actor.user, **cleaned
                    )
            except IntegrityError:  # made at the same moment by someone else: change that one
                setting = rows.get(program=program)
            else:
                record_event(actor=actor, verb="leaderboard_setting.updated", target=setting, after=cleaned)
                return setting
        setting.updated_by = actor.user
        save_changes(setting, cleaned, actor=actor, verb="leaderboard_setting.updated")
    return setting


def setting_clear(*, actor: Actor, setting: LeaderboardSetting) -> None:
    """A program's own setting removed: its leaderboards follow the setting for every program again. The
    setting for every program stays (change it instead)."""
    actor.require("recognition.manage")
    with transaction.atomic():
        setting = lock_visible(
            LeaderboardSetting.objects.select_related("program"), actor=actor, pk=setting.pk
        )
        if setting.program_id is None:
            raise ValidationError(
                _("The setting for every program stays; change it instead."), code="invalid"
            )
        record_event(
            actor=actor,
            verb="leaderboard_setting.cleared",
            target=setting,
            before={"anonymity": setting.anonymity, "top_n": setting.top_n},
        )
        setting.delete()


# --- the announcement of a new tier -----------------------------------------------------------------------


def _tier_up_texts(partner: Partner, program: PartnerProgram, tier: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            names = {"partner": partner.name, "tier": str(Tier(tier).label), "program": program.name}
            values[f"title_{language}"] = (
                _("Congratulations to %(partner)s: %(tier)s in the %(program)s") % names
            )
            values[f"body_{language}"] = (
                _(
                    "**%(partner)s** has reached the **%(tier)s** tier of the %(program)s.\n\n"
                    "Their results this year have earned it: congratulations to the whole team, and thank "
                    "you for the work with our customers."
                )
                % names
            )
    return values


def tier_up_drafts_missing(*, days: int = 7) -> int:
    """The announcement drafts of the rises of the last `days` days that have none yet (their background
    task failed); returns how many were written. Safe to run twice: a draft is written once per event."""
    since = timezone.now() - dt.timedelta(days=days)
    drafted = TierUpDraft.objects.values("event_id")
    written = 0
    for event in Event.objects.filter(verb="program_membership.tier_changed", occurred_at__gte=since).exclude(
        pk__in=drafted
    ):
        if tier_up_draft(event) is not None:
            written += 1
    return written


def tier_up_draft(event: Event) -> TierUpDraft | None:
    """Subscribed to "program_membership.tier_changed": when the partner rose to a higher tier, an
    announcement DRAFT congratulating it (English and Russian, for every partner) is written for marketing to
    review and publish, and marketing is told. Nothing is published. Once per event: the same event never
    makes two drafts; a move down or sideways makes none."""
    before = (event.before or {}).get("tier")
    after = (event.after or {}).get("tier")
    if before not in TIER_RANK or after not in TIER_RANK or TIER_RANK[after] <= TIER_RANK[before]:
        return None
    if TierUpDraft.objects.filter(event=event).exists():
        return None
    actor = system_actor()
    membership = (
        ProgramMembership.objects.visible_to(actor)
        .select_related("partner", "program")
        .filter(pk=event.target_id)
    ).first()
    if membership is None:
        return None
    partner, program = membership.partner, membership.program
    announcement = announcement_create(actor=actor, data=_tier_up_texts(partner, program, after))
    draft = TierUpDraft.objects.create(
        event=event,
        partner=partner,
        program=program,
        tier_before=before,
        tier_after=after,
        announcement=announcement,
    )
    record_event(
        actor=actor,
        verb="tier_up_draft.created",
        target=draft,
        after={
            "tier_before": before,
            "tier_after": after,
            "program": program.code,
            "announcement": announcement,
        },
    )
    marketing = get_user_model().objects.filter(staff_role=StaffRole.MARKETING, is_active=True)
    notify(
        users=list(marketing.values_list("pk", flat=True)),
        verb="tier_up.draft_ready",
        message=gettext_noop("Announcement to publish: %(partner)s reached %(tier)s"),
        params={"partner": partner.name, "tier": Tier(after).label},
        link=reverse("announcements:detail", args=[announcement.public_id]),
    )
    return draft
