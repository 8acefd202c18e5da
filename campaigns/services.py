"""Writes of campaigns: kits and their messages (channel marketing, operations, the chief), publishing and
retiring a kit, a partner's launch (once per partner and kit), and what the public landing page writes: its
daily view counter and the leads its form captures (`referrals.services.capture_lead`: attributed to the
launch's partner and offered to it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from campaigns.errors import CampaignErrorCode as E
from campaigns.inputs import KitInput, LaunchInput, MessageInput
from campaigns.models import CampaignKit, KitMessage, KitStatus, Launch, PageView, PartnerSlug
from campaigns.rules import KitAction, require_action
from campaigns.selectors import asset_choices, launch_of, launchable_kits, template_choices
from core.actor import Actor
from core.events import record_event, save_changes
from core.scoping import lock_visible
from leads.inputs import LeadInput
from leads.models import Lead
from partners.models import Partner
from referrals.models import Attribution
from referrals.services import capture_lead, link_create

RELATED = ("assets", "templates")
LONG_TEXTS = ("description_en", "description_ru", "landing_en", "landing_ru", "image")


def _manage(actor: Actor) -> None:
    actor.require("campaigns.manage")


def kit_input(
    *, actor: Actor, data: Mapping[str, Any] | KitInput, kit: CampaignKit | None = None
) -> KitInput:
    return KitInput.bind(
        data,
        partial=kit is not None,
        instance=kit,
        assets=asset_choices(actor=actor),
        templates=template_choices(actor=actor),
    )


def unique_slug(model: Any, text: str, *, fallback: str) -> str:
    base = (slugify(text) or fallback)[:70].strip("-") or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _split(cleaned: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    related = {name: cleaned.pop(name) for name in RELATED if name in cleaned}
    return cleaned, related


def _summary(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cleaned.items() if k not in LONG_TEXTS and v not in ("", None, [])}


def _new_upload(value: Any) -> Any:
    """A file just uploaded (`UploadField` read its type), or None: an empty box cleans to the kept file."""
    return value if getattr(value, "file_type", None) is not None else None


def kit_create(*, actor: Actor, data: Mapping[str, Any] | KitInput) -> CampaignKit:
    """A new kit, as a draft; its address name comes from the English title."""
    _manage(actor)
    cleaned, related = _split(kit_input(actor=actor, data=data).cleaned())
    image = _new_upload(cleaned.pop("image", None))
    with transaction.atomic():
        kit = CampaignKit(created_by=actor.user, **cleaned)
        if image is not None:
            kit.image = image
        kit.slug = unique_slug(CampaignKit, cleaned["title_en"], fallback="campaign")
        kit.save()
        for name, rows in related.items():
            getattr(kit, name).set(rows)
        record_event(actor=actor, verb="campaign_kit.created", target=kit, after=_summary(cleaned))
    return kit


def kit_update(*, actor: Actor, kit: CampaignKit, data: Mapping[str, Any] | KitInput) -> CampaignKit:
    """Change a kit that is not retired: a page sends every field, the API only what changes. Its address
    name stays (launched pages keep their address)."""
    _manage(actor)
    cleaned, related = _split(kit_input(actor=actor, data=data, kit=kit).cleaned())
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=kit.pk)
        require_action(actor, kit, KitAction.EDIT)
        image = _new_upload(cleaned.pop("image", None))  # an empty file box keeps the image
        save_changes(kit, cleaned, actor=actor, verb="campaign_kit.updated")
        if image is not None:
            kit.image = image
            kit.save(update_fields=["image", "updated_at"])
            record_event(actor=actor, verb="campaign_kit.updated", target=kit, after={"image": image.name})
        for name, rows in related.items():
            if set(getattr(kit, name).values_list("pk", flat=True)) != {row.pk for row in rows}:
                getattr(kit, name).set(rows)
                record_event(
                    actor=actor, verb="campaign_kit.updated", target=kit, after={name: [str(r) for r in rows]}
                )
    return kit


def _change_status(actor: Actor, kit: CampaignKit, action: KitAction, status: str, verb: str) -> CampaignKit:
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=kit.pk)
        require_action(actor, kit, action)
        before = kit.status
        kit.status = status
        stamp = "published_at" if status == KitStatus.PUBLISHED else "retired_at"
        setattr(kit, stamp, timezone.now())
        kit.save(update_fields=["status", stamp, "updated_at"])
        record_event(actor=actor, verb=verb, target=kit, before={"status": before}, after={"status": status})
    return kit


def kit_publish(*, actor: Actor, kit: CampaignKit) -> CampaignKit:
    """Partners in its audience may launch it from now on."""
    return _change_status(actor, kit, KitAction.PUBLISH, KitStatus.PUBLISHED, "campaign_kit.published")


def kit_retire(*, actor: Actor, kit: CampaignKit) -> CampaignKit:
    """No new launches, and its landing pages close; what the launches brought stays."""
    return _change_status(actor, kit, KitAction.RETIRE, KitStatus.RETIRED, "campaign_kit.retired")


# --- messages ----------------------------------------------------------------------------------------------


def message_add(*, actor: Actor, kit: CampaignKit, data: Mapping[str, Any] | MessageInput) -> KitMessage:
    _manage(actor)
    cleaned = MessageInput.bind(data).cleaned()
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=kit.pk)
        require_action(actor, kit, KitAction.EDIT)
        message = KitMessage.objects.create(kit=kit, **cleaned)
        record_event(actor=actor, verb="campaign_kit.message_added", target=kit, after={"kind": message.kind})
    return message


def message_update(
    *, actor: Actor, message: KitMessage, data: Mapping[str, Any] | MessageInput
) -> KitMessage:
    _manage(actor)
    cleaned = MessageInput.bind(data, partial=True, instance=message).cleaned()
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=message.kit_id)
        require_action(actor, kit, KitAction.EDIT)
        message = lock_visible(KitMessage.objects, actor=actor, pk=message.pk)
        changed = [name for name, value in cleaned.items() if getattr(message, name) != value]
        if changed:
            for name in changed:
                setattr(message, name, cleaned[name])
            message.save()
            record_event(
                actor=actor, verb="campaign_kit.message_changed", target=kit, after={"kind": message.kind}
            )
    return message


def message_delete(*, actor: Actor, message: KitMessage) -> None:
    _manage(actor)
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=message.kit_id)
        require_action(actor, kit, KitAction.EDIT)
        message = lock_visible(KitMessage.objects, actor=actor, pk=message.pk)
        kind = message.kind
        message.delete()
        record_event(actor=actor, verb="campaign_kit.message_removed", target=kit, after={"kind": kind})


# --- launches ----------------------------------------------------------------------------------------------


def _partner_slug(partner: Partner) -> PartnerSlug:
    found = PartnerSlug.objects.filter(partner=partner).first()
    if found is not None:
        return found
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PartnerSlug.objects.create(
                    partner=partner, slug=unique_slug(PartnerSlug, partner.name, fallback="partner")
                )
        except IntegrityError:  # another launch made it (or took the slug) at the same moment
            found = PartnerSlug.objects.filter(partner=partner).first()
            if found is not None:
                return found
    raise RuntimeError("no free partner slug after 5 tries")


def launch_create(*, actor: Actor, kit: CampaignKit) -> tuple[Launch, bool]:
    """Launch `kit` for the company the partner user acts for: its landing page and a referral link to it.
    Once per partner and kit: launching again answers with the launch there is (created False)."""
    existing = launch_of(actor=actor, kit=kit)
    if existing is not None:
        return existing, False
    with transaction.atomic():
        kit = lock_visible(CampaignKit.objects, actor=actor, pk=kit.pk)
        require_action(actor, kit, KitAction.LAUNCH)
        partner = actor.partner
        existing = Launch.objects.filter(kit=kit, partner=partner).select_for_update().first()
        if existing is not None:
            return launch_of(actor=actor, kit=kit) or existing, False
        slug = _partner_slug(partner)
        path = f"/p/{slug.slug}/{kit.slug}/"
        link = link_create(
            actor=actor,
            data={
                "name": kit.title_en[:100],
                "destination": path,
                "utm_source": "partner",
                "utm_medium": "campaign",
                "utm_campaign": kit.slug[:100],
            },
        )
        launch = Launch.objects.create(kit=kit, partner=partner, launched_by=actor.user, link=link)
        record_event(
            actor=actor,
            verb="campaign.launched",
            target=kit,
            partner=partner,
            after={"partner": partner.name},
        )
    return launch_of(actor=actor, kit=kit) or launch, True


def launch_api_create(*, actor: Actor, data: Mapping[str, Any] | LaunchInput) -> tuple[Launch, bool]:
    cleaned = LaunchInput.bind(data, kits=launchable_kits(actor=actor)).cleaned()
    return launch_create(actor=actor, kit=cleaned["kit"])


# --- the landing page --------------------------------------------------------------------------------------


def page_viewed(*, launch: Launch) -> None:
    """Count one view of the landing page today (one UPDATE; the day's row made on its first view)."""
    day = timezone.localdate()
    if PageView.objects.filter(launch=launch, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            PageView.objects.create(launch=launch, day=day, views=1)
    except IntegrityError:  # made by a view at the same moment: count on it
        PageView.objects.filter(launch=launch, day=day).update(views=F("views") + 1)


def _rate_limited(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - timedelta(hours=1)
    return Lead.objects.filter(submitted_ip=ip, created_at__gte=since).count() >= (
        settings.LEADS_WEB_FORM_PER_IP_PER_HOUR
    )


def landing_submit(
    *,
    launch: Launch,
    data: Mapping[str, Any] | LeadInput,
    visitor: str = "",
    ip: str | None = None,
    honeypot: str = "",
) -> tuple[Lead, Attribution | None] | None:
    """A visitor's lead from the launch's landing page: credited to the visitor's click (its attribution
    cookie) when it was the launch partner's, else to the page itself, and offered to the launch's partner.
    A filled honeypot looks like success and stores nothing (None); too many leads from one network in an hour
    are refused (rate_limited)."""
    if (honeypot or "").strip():
        return None
    LeadInput.bind(data).cleaned()
    if _rate_limited(ip):
        raise ValidationError(
            _("Too many requests were sent from your network in the last hour. Please try again later."),
            code=E.RATE_LIMITED,
        )
    return capture_lead(
        data=data, visitor=visitor, partner=launch.partner, link=launch.link, ip=ip, page=launch.landing_path
    )
