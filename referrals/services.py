"""Writes of referrals: links (made by partners, switched off by the vendor too), the clicks on them, the
program's settings, and attributing a new lead to the partner who brought it — or recording why not.

Attribution (`attribute_new_lead`): the visitor's clicks within the window set in the settings, the first or
the last of them as the model says, credit the link's partner; a landing page credits its own partner even
without a click. It is excluded, with its reason, when the click was a bot's, the partner's own or part of a
flood, when the lead is the partner itself (its domain, its people), or when the company is a customer the
vendor already knows (the conflict engine's index: a direct account or a registration). An attributed lead
is offered to its partner (`leads.services.lead_create(brought_by=…)`); an excluded one is routed like any.
"""

from __future__ import annotations

import functools
import secrets
import string
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from conflicts.search import find_candidates
from core.actor import Actor, system_actor
from core.events import record_event, save_changes
from core.normalize import email_domain
from core.scoping import lock_visible
from leads.inputs import LeadInput
from leads.models import Lead, LeadSource
from leads.services import lead_create, lead_products
from matching.normalize import name_key
from partners.models import Partner
from referrals.inputs import LinkInput, SettingsInput
from referrals.models import (
    CODE_LENGTH,
    Attribution,
    AttributionModel,
    AttributionSource,
    AttributionStatus,
    Click,
    ClickFlag,
    ExclusionReason,
    ReferralLink,
    ReferralSettings,
)
from referrals.rules import LinkAction, require_action
from referrals.selectors import LinkTarget, forget_settings, referral_settings

_ALPHABET = string.ascii_letters + string.digits
EXISTING_CUSTOMER_SOURCES = frozenset({"direct_account", "registration"})


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


# --- links -------------------------------------------------------------------------------------------------


def _require_use(actor: Actor) -> None:
    if not (actor.is_partner and actor.can("referrals.use")):
        raise PermissionDenied


def link_create(*, actor: Actor, data: Mapping[str, Any] | LinkInput) -> ReferralLink:
    """A new link of the actor's company (its own link when `personal`), to Kanal's own page (a campaign's
    landing page) or an approved destination."""
    _require_use(actor)
    form = LinkInput.bind(data, allowed_hosts=referral_settings(fresh=True).allowed_hosts)
    cleaned = form.cleaned()
    personal = cleaned.pop("personal", False)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                link = ReferralLink.objects.create(
                    partner=actor.partner,
                    owner=actor.user if personal else None,
                    created_by=actor.user,
                    code=new_code(),
                    **cleaned,
                )
                record_event(
                    actor=actor,
                    verb="referral_link.created",
                    target=link,
                    partner=link.partner,
                    after={"name": link.name, "destination": link.destination, "code": link.code},
                )
            return link
        except IntegrityError:  # the code drawn was taken (one chance in 10^14): draw again
            continue
    raise RuntimeError("no free link code after 5 draws")


def link_update(*, actor: Actor, link: ReferralLink, data: Mapping[str, Any] | LinkInput) -> ReferralLink:
    with transaction.atomic():
        link = lock_visible(ReferralLink.objects, actor=actor, pk=link.pk)
        require_action(actor, link, LinkAction.EDIT)
        # A copy: the input's validation writes onto its instance, and save_changes compares with the row.
        form = LinkInput.bind(
            data, partial=True, instance=copy(link), allowed_hosts=referral_settings(fresh=True).allowed_hosts
        )
        cleaned = form.cleaned()
        save_changes(link, cleaned, actor=actor, verb="referral_link.updated", partner=link.partner)
    return link


def link_set_active(*, actor: Actor, link: ReferralLink, active: bool) -> ReferralLink:
    with transaction.atomic():
        link = lock_visible(ReferralLink.objects, actor=actor, pk=link.pk)
        require_action(actor, link, LinkAction.ACTIVATE if active else LinkAction.DEACTIVATE)
        link.active = active
        link.save(update_fields=["active", "updated_at"])
        record_event(
            actor=actor,
            verb="referral_link.activated" if active else "referral_link.deactivated",
            target=link,
            partner=link.partner,
        )
    return link


# --- settings ----------------------------------------------------------------------------------------------


def settings_update(*, actor: Actor, data: Mapping[str, Any] | SettingsInput) -> ReferralSettings:
    if not (actor.is_staff and actor.can("referrals.manage")):
        raise PermissionDenied
    with transaction.atomic():
        current = referral_settings(fresh=True)
        settings = ReferralSettings.objects.select_for_update().get(pk=current.pk)
        form = SettingsInput.bind(data, partial=True, instance=copy(settings))
        cleaned = form.cleaned()
        if "allowed_hosts_text" in cleaned:
            cleaned["allowed_hosts"] = cleaned.pop("allowed_hosts_text")
        save_changes(settings, cleaned, actor=actor, verb="referral_settings.updated")
    forget_settings()
    return settings


# --- clicks ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClickFacts:
    visitor: str
    ip_hash: str
    referrer_host: str = ""
    country: str = ""
    agent: str = "other"
    own: bool = False  # clicked by a signed-in user of the link's partner


def record_click(target: LinkTarget, facts: ClickFacts) -> None:
    """The redirect's one write, committed before the redirect is answered: a stopped web server loses no
    click. Its commit does not wait for the disk (a crash of the database server may lose the last clicks,
    never half of one).

    One INSERT in autocommit, with the setting for its own transaction: one round trip to the database
    (`_insert_click`). The atomic block it replaces took four (BEGIN, SET LOCAL synchronous_commit, the
    INSERT, COMMIT) and built a model instance: the referral benchmark (bench/referrals) had the redirect at
    0.72-0.77 of the bare lookup's rate with a connection per request and 0.48-0.57 with kept connections,
    against 0.8 asked.
    Called inside a transaction, the row is part of it, and on PostgreSQL that transaction's commit does not
    wait for the disk either (as with the SET LOCAL before)."""
    flag = ClickFlag.BOT if facts.agent == "bot" else ClickFlag.SELF if facts.own else ""
    _insert_click(
        {
            "link_id": target.id,
            "partner_id": target.partner_id,
            "clicked_at": timezone.now(),
            "visitor": facts.visitor,
            "ip_hash": facts.ip_hash,
            "referrer_host": facts.referrer_host,
            "country": facts.country,
            "agent": facts.agent,
            "flag": flag,
        }
    )


# The columns `record_click` writes, in its order.
_CLICK_COLUMNS = (
    "link_id",
    "partner_id",
    "clicked_at",
    "visitor",
    "ip_hash",
    "referrer_host",
    "country",
    "agent",
    "flag",
)


@functools.cache
def _insert_click_sql(*, server_side_binding: bool = False) -> str:
    """On PostgreSQL, `synchronous_commit = off` for the click's own transaction only, in the same round trip:
    "SET LOCAL …; INSERT …" sent as one query is one implicit transaction, to which the SET LOCAL applies (a
    SET for the whole connection would relax every later write of the connection's requests too). Django's
    psycopg cursors bind parameters on the client, so the text goes as one simple query; with server-side
    binding (`OPTIONS["server_side_binding"]`) a query holds one statement, and the setting is made inside the
    INSERT by `set_config(…, true)` in a CTE instead (the same effect, its planning costs ~80 µs more).
    Written once per process: the table's and columns' names come from the model."""
    meta = Click._meta
    quote = connection.ops.quote_name
    column_of = {field.attname: field.column or field.attname for field in meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in _CLICK_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_CLICK_COLUMNS))
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns})"
    if server_side_binding:
        relaxed = "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) "
        return f"{relaxed}{insert} SELECT {placeholders} FROM relaxed"
    return f"SET LOCAL synchronous_commit = off; {insert} VALUES ({placeholders})"


def _insert_click(values: dict[str, Any]) -> None:
    """One INSERT of the click (`_CLICK_COLUMNS`), in autocommit its own transaction. Click sends no signals
    and has no field computed on save: the row is the values given (`id` drawn by the sequence). Elsewhere
    than PostgreSQL, the ORM's INSERT, which SQLite commits at once in autocommit."""
    if connection.vendor != "postgresql":
        Click.objects.create(**values)
        return
    server_side = connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_click_sql(server_side_binding=server_side), [values[name] for name in _CLICK_COLUMNS]
        )


def is_flood(click: Click, settings: ReferralSettings) -> bool:
    """Whether the click came in a flood: more clicks than allowed in the minute up to it, from its client
    on its link or on its link from anyone."""
    since = click.clicked_at - timedelta(minutes=1)
    recent = Click.objects.filter(
        link_id=click.link_id, clicked_at__gt=since, clicked_at__lte=click.clicked_at
    )
    if recent.filter(ip_hash=click.ip_hash)[: settings.client_clicks_per_minute + 1].count() > (
        settings.client_clicks_per_minute
    ):
        return True
    return recent[: settings.link_clicks_per_minute + 1].count() > settings.link_clicks_per_minute


def flag_floods(*, since_minutes: int = 15) -> int:
    """The periodic pass: clicks of the last minutes that came in a flood are flagged (idempotent: flagged
    clicks are left). Returns how many were flagged."""
    settings = referral_settings(fresh=True)
    since = timezone.now() - timedelta(minutes=since_minutes)
    flagged = []
    for click in Click.objects.filter(clicked_at__gte=since, flag="").order_by("clicked_at", "id").iterator():
        if is_flood(click, settings):
            flagged.append(click.pk)
    if flagged:
        Click.objects.filter(pk__in=flagged).update(flag=ClickFlag.FLOOD)
    return len(flagged)


# --- attribution -------------------------------------------------------------------------------------------


@dataclass
class Credit:
    """Who a new lead would be credited to, and why not when it is not."""

    partner: Partner
    source: str
    link: ReferralLink | None = None
    click: Click | None = None
    model: str = ""
    window_days: int | None = None
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> bool:
        return not self.reason


def credited_click(visitor: str, settings: ReferralSettings, *, now: datetime | None = None) -> Click | None:
    """The visitor's click that earns the credit: the first or the last within the window (clicks a bot or
    the partner itself made are passed over when there are others)."""
    if not visitor:
        return None
    now = now or timezone.now()
    clicks = Click.objects.filter(
        visitor=visitor, clicked_at__gte=now - timedelta(days=settings.window_days)
    ).select_related("link", "link__partner")
    order = "clicked_at" if settings.attribution_model == AttributionModel.FIRST_TOUCH else "-clicked_at"
    clicks = clicks.order_by(order, "id" if order == "clicked_at" else "-id")
    return clicks.exclude(flag__in=(ClickFlag.BOT, ClickFlag.SELF)).first() or clicks.first()


def credit_from_click(click: Click, settings: ReferralSettings) -> Credit:
    credit = Credit(
        partner=click.link.partner,
        source=AttributionSource.LINK,
        link=click.link,
        click=click,
        model=settings.attribution_model,
        window_days=settings.window_days,
    )
    if click.flag == ClickFlag.BOT:
        credit.reason = ExclusionReason.BOT
    elif click.flag == ClickFlag.SELF:
        credit.reason = ExclusionReason.SELF_REFERRAL
        credit.detail = {"why": "own_click"}
    elif click.flag == ClickFlag.FLOOD or is_flood(click, settings):
        credit.reason = ExclusionReason.FLOOD
    return credit


def check_lead(credit: Credit, values: Mapping[str, Any]) -> Credit:
    """The checks on the lead itself: the partner's own company or people, or a customer already known."""
    if credit.reason:
        return credit
    partner = credit.partner
    own_domain = (partner.web_domain or "").lower()
    email = (values.get("contact_email") or "").lower()
    domain = (values.get("domain") or "").lower()
    if own_domain and own_domain in (domain, email_domain(email)):
        credit.reason = ExclusionReason.SELF_REFERRAL
        credit.detail = {"why": "own_domain", "domain": own_domain}
        return credit
    if email and partner.memberships.filter(user__email__iexact=email).exists():
        credit.reason, credit.detail = ExclusionReason.SELF_REFERRAL, {"why": "own_person"}
        return credit
    key = name_key(values.get("company_name") or "")
    for candidate in find_candidates(name_key=key, name=values.get("company_name") or "", domain=domain):
        if candidate.source in EXISTING_CUSTOMER_SOURCES:
            credit.reason = ExclusionReason.EXISTING_CUSTOMER
            credit.detail = {"record": candidate.source, "customer": candidate.name_key}
            return credit
    return credit


def _save_attribution(lead: Lead, credit: Credit) -> Attribution:
    attribution = Attribution.objects.create(
        lead=lead,
        partner=credit.partner,
        source=credit.source,
        link=credit.link,
        click=credit.click,
        model=credit.model,
        window_days=credit.window_days,
        status=AttributionStatus.ATTRIBUTED if credit.counts else AttributionStatus.EXCLUDED,
        reason=credit.reason,
        detail=credit.detail,
    )
    record_event(
        actor=system_actor(),
        verb="lead.attributed" if credit.counts else "lead.attribution_excluded",
        target=lead,
        partner=credit.partner,
        after={"partner": credit.partner.name, "credited_via": credit.source}
        | ({"link": credit.link.name} if credit.link else {})
        | ({"exclusion": credit.reason} if credit.reason else {}),
    )
    return attribution


def capture_lead(
    *,
    data: Mapping[str, Any] | LeadInput,
    visitor: str = "",
    partner: Partner | None = None,
    link: ReferralLink | None = None,
    ip: str | None = None,
    page: str = "",
) -> tuple[Lead, Attribution | None]:
    """A lead a visitor left on a partner's landing page (`partner`, `link`: the page's own) or on a Kanal
    form after following a link: credited to the partner of the visitor's credited click within the window,
    else to the page's partner; offered to that partner unless the credit is excluded."""
    actor = system_actor()
    form = LeadInput.bind(data, products=lead_products(actor=actor))
    values = form.cleaned()
    settings = referral_settings()
    click = credited_click(visitor, settings)
    credit: Credit | None = None
    if click is not None and (partner is None or click.link.partner_id == partner.pk):
        credit = credit_from_click(click, settings)
        if partner is not None:
            credit.source = AttributionSource.LANDING_PAGE
    elif partner is not None:
        credit = Credit(partner=partner, source=AttributionSource.LANDING_PAGE, link=link)
    if credit is not None:
        credit = check_lead(credit, values)
    with transaction.atomic():
        lead, created = lead_create(
            actor=actor,
            data=form,
            source=LeadSource.LANDING_PAGE if partner is not None else LeadSource.WEB_FORM,
            ip=ip,
            source_detail=page,
            brought_by=credit.partner if credit is not None and credit.counts else None,
            brought_via=credit.link.name if credit is not None and credit.link else "",
        )
        attribution = None
        if created and credit is not None:
            attribution = _save_attribution(lead, credit)
    return lead, attribution


def attribute_referral(lead: Lead) -> Attribution:
    """A partner's referral (leads' referral form and API: the partner's own lead) credited to the partner,
    unless it is the partner itself or a customer the vendor already has. Called when the lead is created."""
    assert lead.partner is not None
    values = {"company_name": lead.company_name, "domain": lead.domain, "contact_email": lead.contact_email}
    credit = check_lead(Credit(partner=lead.partner, source=AttributionSource.REFERRAL_FORM), values)
    return _save_attribution(lead, credit)
