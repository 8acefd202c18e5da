"""Writes for co-branded collateral: templates and their versions (marketing and operations), and the PDFs
partners generate (the cache).

A template's source is Typst markup. Every version is compiled against a sample partner before it is saved
(`TemplateInput`), so partners never meet a template that does not compile. A version never changes: a
changed source is a new version, and publishing makes the newest version the one partners get.

Generating is one click for a partner user: the current version's file for their company, language and
profile version is served when it exists (the cache), else made, stored and served. A template that prints
the person asking (`rep_name`, `rep_email`: the version is `personal`) is made per person: the cache key
then holds a digest of who asked and what of them is printed, so nobody gets a colleague's name and a
renamed person a new file. Generating is not a state change of anything the partner or the vendor keeps
(a cache fill, safe to repeat), so it records no event.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from collateral.errors import CollateralErrorCode as E
from collateral.inputs import TemplateInput
from collateral.models import CollateralTemplate, GeneratedCollateral, TemplateStatus, TemplateVersion
from collateral.render import Logo, partner_inputs, person_inputs, render_pdf, uses_personal
from collateral.rules import TemplateAction, require_action
from collateral.selectors import cached_file, current_version, latest_version
from core.actor import Actor
from core.events import record_event, save_changes
from core.scoping import lock_visible
from partners.models import Partner

logger = logging.getLogger(__name__)
META_FIELDS = (
    "title_en",
    "title_ru",
    "description_en",
    "description_ru",
    "partner_types",
    "tiers",
    "regions",
)
SOURCE_FIELDS = ("source_en", "source_ru")


def _record(actor: Actor, template: CollateralTemplate, verb: str, **values: Any) -> None:
    record_event(actor=actor, verb=verb, target=template, **values)


def _add_version(
    actor: Actor, template: CollateralTemplate, *, source_en: str, source_ru: str
) -> TemplateVersion:
    number = (template.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        source_en=source_en,
        source_ru=source_ru,
        personal=uses_personal(source_en, source_ru),
        created_by=actor.user,
    )
    _record(actor, template, "collateral.version_created", after={"number": number})
    return version


def template_create(*, actor: Actor, data: Mapping[str, Any] | TemplateInput) -> CollateralTemplate:
    """A new template (a draft) with its first version."""
    actor.require("enablement.manage")
    cleaned = TemplateInput.bind(data).cleaned()
    with transaction.atomic():
        template = CollateralTemplate.objects.create(
            **{name: cleaned[name] for name in META_FIELDS}, created_by=actor.user
        )
        _record(actor, template, "collateral.template_created", after={"status": template.status})
        _add_version(actor, template, source_en=cleaned["source_en"], source_ru=cleaned["source_ru"])
    return template


def template_update(
    *, actor: Actor, template: CollateralTemplate, data: Mapping[str, Any] | TemplateInput
) -> CollateralTemplate:
    """Change a template: a page sends every field, the API only what changes. A source that differs from
    the newest version's is a new version (partners get it once it is published)."""
    actor.require("enablement.manage")
    form = TemplateInput.bind(data, partial=True, instance=template)
    cleaned = form.cleaned()
    with transaction.atomic():
        template = lock_visible(CollateralTemplate.objects, actor=actor, pk=template.pk)
        require_action(actor, template, TemplateAction.EDIT)
        save_changes(
            template,
            {name: cleaned[name] for name in META_FIELDS if name in cleaned},
            actor=actor,
            verb="collateral.template_updated",
        )
        latest = template.versions.order_by("-number").first()
        sources = {name: cleaned.get(name, getattr(latest, name) if latest else "") for name in SOURCE_FIELDS}
        if latest is None or any(sources[name] != getattr(latest, name) for name in SOURCE_FIELDS):
            _add_version(actor, template, **sources)
    return template


def template_publish(*, actor: Actor, template: CollateralTemplate) -> CollateralTemplate:
    """Partners get the newest version from now on (the versions before stay, as do their files)."""
    with transaction.atomic():
        template = lock_visible(CollateralTemplate.objects, actor=actor, pk=template.pk)
        require_action(actor, template, TemplateAction.PUBLISH)
        latest = template.versions.order_by("-number").first()
        assert latest is not None  # the rules refuse publishing a template without versions
        before = template.status
        template.status = TemplateStatus.PUBLISHED
        template.current_version = latest
        template.save(update_fields=["status", "current_version", "updated_at"])
        _record(
            actor,
            template,
            "collateral.template_published",
            before={"status": before},
            after={"status": template.status, "number": latest.number},
        )
    return template


def template_archive(*, actor: Actor, template: CollateralTemplate) -> CollateralTemplate:
    """Partners no longer see the template; its versions and files stay with the vendor."""
    with transaction.atomic():
        template = lock_visible(CollateralTemplate.objects, actor=actor, pk=template.pk)
        require_action(actor, template, TemplateAction.ARCHIVE)
        before = template.status
        template.status = TemplateStatus.ARCHIVED
        template.save(update_fields=["status", "updated_at"])
        _record(
            actor,
            template,
            "collateral.template_archived",
            before={"status": before},
            after={"status": template.status},
        )
    return template


# --- generating -------------------------------------------------------------------------------------------


def rep_key(user: Any) -> str:
    """Who a personal file is for: their id and what of them is printed (a new name makes a new file)."""
    person = person_inputs(user)
    raw = f"{user.pk}|{person['rep_name']}|{person['rep_email']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _logo(partner: Partner) -> Logo | None:
    if not partner.logo:
        return None
    try:
        with partner.logo.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:  # the store lost it: print without, rather than fail the partner's download
        logger.warning("The logo of partner %s is missing from the file store", partner.pk)
        return None
    extension = "jpg" if PurePath(partner.logo.name or "").suffix.lower() in (".jpg", ".jpeg") else "png"
    return Logo(content, extension)


def _render(version: TemplateVersion, partner: Partner, user: Any, language: str) -> bytes:
    inputs = partner_inputs(partner, language=language) | person_inputs(user)
    made_in = version.language_made(language)
    return render_pdf(version.source(language), inputs=inputs, logo=_logo(partner), language=made_in)


def _partner_of(actor: Actor) -> Partner:
    if not actor.is_partner:
        raise ValidationError(
            _("Co-branded files are made for the partner you act for; staff preview them instead."),
            code=E.NO_PARTNER,
        )
    actor.require("enablement.view")
    return actor.partner


def collateral_cached(*, actor: Actor, template_id: Any, language: str) -> GeneratedCollateral | None:
    """The fast path: the file already made for this reader (one query), or None."""
    partner = _partner_of(actor)
    keys = ("", rep_key(actor.user)) if actor.user is not None else ("",)
    return cached_file(
        actor=actor, template_id=template_id, partner=partner, language=language, rep_keys=keys
    )


def collateral_generate(*, actor: Actor, template: CollateralTemplate, language: str) -> GeneratedCollateral:
    """The current version of `template` made for the partner `actor` acts for, in `language`: the stored
    file when there is one for this profile version (and person), else made now and stored. Files made for
    the same partner, template, language and person from an older version or profile are deleted."""
    partner = _partner_of(actor)
    version = current_version(actor=actor, template=template)
    if version is None:
        raise Http404
    key = rep_key(actor.user) if version.personal else ""
    same = GeneratedCollateral.objects.visible_to(actor).filter(
        template_version__template=template, partner=partner, language=language, rep_key=key
    )
    found = same.filter(template_version=version, profile_version=partner.profile_version).first()
    if found is not None:
        return found
    try:
        pdf = _render(version, partner, actor.user, language)
    except ValidationError as error:
        raise ValidationError(
            _("This material could not be made for your company: %(problem)s")
            % {"problem": error.messages[0]},
            code=E.GENERATION_FAILED,
        ) from error
    row = GeneratedCollateral(
        template_version=version,
        partner=partner,
        language=language,
        profile_version=partner.profile_version,
        rep_key=key,
        size=len(pdf),
        requested_by=actor.user,
    )
    row.file.save("collateral.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            row.save()
            superseded = list(same.exclude(pk=row.pk).values_list("pk", "file"))
            GeneratedCollateral.objects.filter(pk__in=[pk for pk, _file in superseded]).delete()
            _delete_after_commit([name for _pk, name in superseded if name])
    except IntegrityError:  # made at the same moment by another request: serve that one
        default_storage.delete(row.file.name or "")
        return same.get(template_version=version, profile_version=partner.profile_version)
    return row


def collateral_preview(
    *, actor: Actor, template: CollateralTemplate, partner: Partner, language: str
) -> bytes:
    """The newest version (published or not) printed for `partner`, with the staff member as the rep: what
    the partner would get once it is published. Nothing is stored."""
    if not actor.is_staff:
        raise PermissionDenied
    actor.require("enablement.view")
    version = latest_version(actor=actor, template=template)
    if version is None:
        raise Http404
    partner = _partner_in_scope(actor=actor, partner=partner)
    return _render(version, partner, actor.user, language)


def _partner_in_scope(*, actor: Actor, partner: Partner) -> Partner:
    """The partner re-read through the reader's scope (a preview reads, it locks nothing)."""
    found = Partner.objects.visible_to(actor).filter(pk=partner.pk).first()
    if found is None:
        raise Http404
    return found


def _delete_after_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)
