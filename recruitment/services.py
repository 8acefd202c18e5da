"""Writes for recruitment: applications (submit, approve, reject), prospects (pipeline, convert), targets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import invitation_create_for_partner
from core.emails import queue_email
from core.events import changes, record_event
from core.exceptions import require
from core.normalize import normalize_domain
from core.roles import PERMISSIONS, PartnerRole
from core.scoping import lock_visible
from partners.choices import CamBasis, CompanySize, PartnerStatus, PartnerType, Region, Vertical
from partners.services import partner_create, tax_id_error
from partners.territories import cam_is_assignable, cam_proposal
from recruitment.duplicates import find_duplicates
from recruitment.errors import RecruitmentErrorCode as E
from recruitment.fit import WEIGHT_FIELDS, fit_score
from recruitment.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Prospect,
    ProspectSource,
    ProspectStage,
    RecruitmentTargets,
)
from recruitment.rules import (
    OPEN_STAGES,
    ApplicationAction,
    ProspectAction,
    require_action,
    stage_refusal,
)

if TYPE_CHECKING:
    from accounts.models import User
    from core.actor import Actor

APPLICATION_FIELDS = (
    "company_name",
    "legal_name",
    "tax_id",
    "web_domain",
    "country",
    "region",
    "city",
    "partner_type",
    "verticals",
    "size",
    "contact_name",
    "contact_email",
    "contact_phone",
    "motivation",
)
APPLICATION_REQUIRED = (
    "company_name",
    "web_domain",
    "country",
    "region",
    "partner_type",
    "contact_name",
    "contact_email",
    "motivation",
)
PROSPECT_FIELDS = (
    "company_name",
    "web_domain",
    "country",
    "region",
    "city",
    "partner_type",
    "verticals",
    "size",
    "contact_name",
    "contact_email",
    "source",
    "owner",
    "next_step",
    "next_step_date",
    "notes",
)
PROSPECT_REQUIRED = ("company_name", "partner_type", "source")
FIT_FIELDS = ("region", "verticals", "partner_type", "size")
TARGET_LISTS = {"regions": Region, "verticals": Vertical, "partner_types": PartnerType, "sizes": CompanySize}

_CHOICES = {"region": Region, "partner_type": PartnerType, "size": CompanySize, "source": ProspectSource}


# --- cleaning ---------------------------------------------------------------------------------------------


def _clean(model, data: dict[str, Any], *, required: tuple[str, ...]) -> dict[str, Any]:
    """Normalise and check the given fields of an application or prospect; raise one ValidationError."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    for name, value in list(cleaned.items()):
        field = model._meta.get_field(name)
        if isinstance(value, str) or (
            value is None and isinstance(field, (models.CharField, models.TextField))
        ):
            cleaned[name] = value = (value or "").strip()
            if field.max_length and not field.choices and len(value) > field.max_length:
                fail(name, _("Keep this under %(n)s characters.") % {"n": field.max_length})
    if message := tax_id_error(cleaned.get("tax_id") or ""):
        fail("tax_id", message)
    if cleaned.get("web_domain"):
        try:
            cleaned["web_domain"] = normalize_domain(cleaned["web_domain"])
        except ValidationError as exc:
            fail("web_domain", exc.messages[0])
    if cleaned.get("contact_email"):
        cleaned["contact_email"] = cleaned["contact_email"].lower()
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            fail("contact_email", _("Enter a valid email address."))
    if cleaned.get("country"):
        from django_countries import countries

        code = str(cleaned["country"]).upper()
        if code not in dict(countries):
            fail("country", _("Choose a valid country."))
        cleaned["country"] = code
    for name, enum in _CHOICES.items():
        if cleaned.get(name) and cleaned[name] not in enum.values:
            fail(name, _("Choose a valid option."))
    if "verticals" in cleaned:
        values = list(dict.fromkeys(cleaned["verticals"] or []))
        unknown = [v for v in values if v not in Vertical.values]
        if unknown:
            fail("verticals", _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, unknown))})
        cleaned["verticals"] = values
    if (
        "next_step_date" in cleaned
        and cleaned["next_step_date"] is not None
        and not isinstance(cleaned["next_step_date"], date)
    ):
        fail("next_step_date", _("Enter a valid date."))
    owner = cleaned.get("owner")
    if owner is not None and (
        not owner.is_active or owner.staff_role not in PERMISSIONS["recruitment.manage_prospects"][0]
    ):
        fail("owner", _("The owner must be a channel account manager or the channel chief."))
    for name in required:
        if name in cleaned and not cleaned[name] and name not in errors:
            fail(name, _("This field is required."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _current_language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = translation.get_language() or settings.LANGUAGE_CODE
    for candidate in (language, language.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def _current_targets() -> RecruitmentTargets:
    return RecruitmentTargets.objects.order_by("id").first() or RecruitmentTargets()


def _refit(obj) -> None:
    obj.fit_score, obj.fit_reasons = fit_score(candidate=obj, targets=_current_targets())


# --- applications -----------------------------------------------------------------------------------------

RATE_LIMITED = E.RATE_LIMITED


def _too_many_applications() -> ValidationError:
    return ValidationError(
        _("Too many applications were sent from your network in the last hour. Please try again later."),
        code=RATE_LIMITED,
    )


def _rate_limited(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - timedelta(hours=1)
    recent = Application.objects.filter(submitted_ip=ip, created_at__gte=since).count()
    return recent >= settings.APPLICATIONS_PER_IP_PER_HOUR


def _application_create(
    *, actor, cleaned: dict[str, Any], source: str, ip: str | None = None, prospect: Prospect | None = None
) -> Application:
    application = Application(
        **cleaned,
        source=source,
        submitted_ip=ip or None,
        prospect=prospect,
        language=_current_language(),
        status=ApplicationStatus.SUBMITTED,
    )
    _refit(application)
    application.duplicate_flags = find_duplicates(
        web_domain=application.web_domain, contact_email=application.contact_email
    )
    application.save()
    record_event(
        actor=actor,
        verb="application.submitted",
        target=application,
        after={
            "source": source,
            "fit_score": application.fit_score,
            "duplicates": len(application.duplicate_flags),
        },
    )
    return application


def application_submit(
    *, actor, data: dict[str, Any], ip: str | None = None, honeypot: str = ""
) -> Application | None:
    """The public form (and API). A filled honeypot looks like success but stores nothing: returns None."""
    if (honeypot or "").strip():
        return None
    if _rate_limited(ip):
        raise _too_many_applications()
    fields = _pick(data, APPLICATION_FIELDS)
    cleaned = _clean(
        Application, {name: fields.get(name) for name in APPLICATION_FIELDS}, required=APPLICATION_REQUIRED
    )
    cleaned["verticals"] = cleaned.get("verticals") or []
    with transaction.atomic():
        if _rate_limited(ip):  # checked again inside the transaction, next to the write
            raise _too_many_applications()
        application = _application_create(
            actor=actor, cleaned=cleaned, source=ApplicationSource.INBOUND, ip=ip
        )
        queue_email(
            to=application.contact_email,
            subject=gettext_lazy("We received your application"),
            template="recruitment/email/application_received.txt",
            context={"application": application},
            language=application.language,
        )
    return application


def _lock_open_application(*, actor, application: Application, action: ApplicationAction) -> Application:
    application = lock_visible(Application.objects, actor=actor, pk=application.pk)
    require_action(actor, application, action)
    return application


def _refuse_cam(message: str) -> ValidationError:
    return ValidationError({"cam": ValidationError(message, code=E.CAM_NOT_ASSIGNABLE)})


def application_approve(*, actor: Actor, application: Application, cam: User | None = None) -> Application:
    """Creates the partner (onboarding) and invites the applicant as its admin, in one transaction.

    The partner's CAM is the one whose territory covers the applicant's country (partners/territories.py),
    or nobody when no territory does; `cam` (an active CAM or the chief) overrides it explicitly. The
    approving user is never assigned just for approving.
    """
    require(actor, "recruitment.review")
    if cam is not None and not cam_is_assignable(cam):
        raise _refuse_cam(_("Choose an active channel account manager."))
    with transaction.atomic():
        application = _lock_open_application(
            actor=actor, application=application, action=ApplicationAction.APPROVE
        )
        if cam is not None:
            cam = type(cam).objects.select_for_update().get(pk=cam.pk)  # still active, still a CAM?
            if not cam_is_assignable(cam):
                raise _refuse_cam(_("Choose an active channel account manager."))
            basis = CamBasis.CHOSEN
        else:
            proposal = cam_proposal(actor=actor, country=application.country.code, region=application.region)
            cam, basis = proposal.cam, proposal.basis
        partner = partner_create(
            actor=actor,
            data={
                "name": application.company_name,
                "legal_name": application.legal_name,
                "tax_id": application.tax_id,
                "web_domain": application.web_domain,
                "country": application.country.code,
                "region": application.region,
                "city": application.city,
                "partner_type": application.partner_type,
                "verticals": application.verticals,
                "size": application.size,
                "phone": application.contact_phone,
                "cam": cam,
            },
            status=PartnerStatus.ONBOARDING,
            note=_("Approved application of %(company)s") % {"company": application.company_name},
        )
        with translation.override(application.language):
            invitation_create_for_partner(
                actor=actor,
                partner=partner,
                email=application.contact_email,
                role=PartnerRole.ADMIN,
                full_name=application.contact_name,
            )
        application.status = ApplicationStatus.APPROVED
        application.decided_by = actor.user
        application.decided_at = timezone.now()
        application.partner = partner
        application.cam, application.cam_basis = cam, basis
        application.save(
            update_fields=["status", "decided_by", "decided_at", "partner", "cam", "cam_basis", "updated_at"]
        )
        record_event(
            actor=actor,
            verb="application.approved",
            target=application,
            before={"status": ApplicationStatus.SUBMITTED},
            after={
                "status": ApplicationStatus.APPROVED,
                "partner": partner.name,
                "cam": cam.display_name if cam else None,
                "cam_reason": application.cam_reason,
            },
        )
    return application


def application_reject(*, actor, application: Application, reason: str) -> Application:
    """Needs a reason, which is recorded and emailed to the applicant in their language."""
    require(actor, "recruitment.review")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give a reason; it is sent to the applicant."), code=E.REASON_REQUIRED
                )
            }
        )
    with transaction.atomic():
        application = _lock_open_application(
            actor=actor, application=application, action=ApplicationAction.REJECT
        )
        application.status = ApplicationStatus.REJECTED
        application.decided_by = actor.user
        application.decided_at = timezone.now()
        application.rejection_reason = reason
        application.save(
            update_fields=["status", "decided_by", "decided_at", "rejection_reason", "updated_at"]
        )
        record_event(
            actor=actor,
            verb="application.rejected",
            target=application,
            before={"status": ApplicationStatus.SUBMITTED},
            after={"status": ApplicationStatus.REJECTED},
            note=reason,
        )
        queue_email(
            to=application.contact_email,
            subject=gettext_lazy("Your application to the partner program"),
            template="recruitment/email/application_rejected.txt",
            context={"application": application, "reason": reason},
            language=application.language,
        )
    return application


# --- prospects --------------------------------------------------------------------------------------------


def prospect_create(*, actor, data: dict[str, Any]) -> Prospect:
    require(actor, "recruitment.manage_prospects")
    fields = _pick(data, PROSPECT_FIELDS)
    if fields.get("owner") is None:
        fields["owner"] = actor.user
    for name in PROSPECT_REQUIRED:
        fields.setdefault(name, "")
    cleaned = _clean(Prospect, fields, required=PROSPECT_REQUIRED)
    if "verticals" in cleaned:
        cleaned["verticals"] = cleaned["verticals"] or []
    with transaction.atomic():
        prospect = Prospect(**cleaned)
        _refit(prospect)
        prospect.save()
        record_event(
            actor=actor,
            verb="prospect.created",
            target=prospect,
            after={
                "stage": prospect.stage,
                "source": prospect.source,
                "owner": str(prospect.owner or ""),
            },
        )
    return prospect


def prospect_update(*, actor, prospect: Prospect, data: dict[str, Any]) -> Prospect:
    require(actor, "recruitment.manage_prospects")
    cleaned = _clean(Prospect, _pick(data, PROSPECT_FIELDS), required=PROSPECT_REQUIRED)
    if "verticals" in cleaned:
        cleaned["verticals"] = cleaned["verticals"] or []
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.EDIT)
        current = {
            name: (prospect.country.code if name == "country" else getattr(prospect, name))
            for name in cleaned
        }
        before, after = {}, {}
        for name, value in cleaned.items():
            if current[name] != value:
                before[name], after[name] = current[name], value
        if not after:
            return prospect
        for name in after:
            setattr(prospect, name, cleaned[name])
        if set(after) & set(FIT_FIELDS):
            _refit(prospect)
        prospect.save()
        record_event(
            actor=actor,
            verb="prospect.updated",
            target=prospect,
            before=before,
            after=after,
        )
    return prospect


def prospect_move_stage(
    *,
    actor,
    prospect: Prospect,
    stage: str,
    next_step: str | None = None,
    next_step_date: date | None = None,
    note: str = "",
) -> Prospect:
    """Open stages move freely among themselves or to lost; lost may be reopened; converted is final."""
    require(actor, "recruitment.manage_prospects")
    if stage not in ProspectStage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage == ProspectStage.CONVERTED:
        raise stage_refusal(prospect, stage)
    extra = _clean(Prospect, {"next_step": next_step or ""}, required=())
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.MOVE)
        if (refused := stage_refusal(prospect, stage)) is not None:
            raise refused
        before = {
            "stage": prospect.stage,
            "next_step": prospect.next_step,
            "next_step_date": prospect.next_step_date,
        }
        prospect.stage = stage
        if next_step is not None:
            prospect.next_step = extra["next_step"]
        if next_step is not None or next_step_date is not None:
            prospect.next_step_date = next_step_date
        prospect.save(update_fields=["stage", "next_step", "next_step_date", "updated_at"])
        after = {
            "stage": prospect.stage,
            "next_step": prospect.next_step,
            "next_step_date": prospect.next_step_date,
        }
        before, after = _changed(before, after)
        record_event(
            actor=actor,
            verb="prospect.stage_changed",
            target=prospect,
            before=before,
            after=after,
            note=(note or "").strip(),
        )
    return prospect


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def prospect_convert(*, actor, prospect: Prospect) -> Application:
    """Turns an open prospect into a submitted (outbound) application; the prospect becomes converted."""
    require(actor, "recruitment.manage_prospects")
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.CONVERT)
        cleaned = _clean(
            Application,
            {
                "company_name": prospect.company_name,
                "web_domain": prospect.web_domain,
                "country": prospect.country.code,
                "region": prospect.region,
                "city": prospect.city,
                "partner_type": prospect.partner_type,
                "verticals": list(prospect.verticals or []),
                "size": prospect.size,
                "contact_name": prospect.contact_name,
                "contact_email": prospect.contact_email,
                "motivation": prospect.notes or _("Converted from an outbound prospect."),
            },
            required=APPLICATION_REQUIRED,
        )
        application = _application_create(
            actor=actor, cleaned=cleaned, source=ApplicationSource.OUTBOUND, prospect=prospect
        )
        before = prospect.stage
        prospect.stage = ProspectStage.CONVERTED
        prospect.save(update_fields=["stage", "updated_at"])
        record_event(
            actor=actor,
            verb="prospect.converted",
            target=prospect,
            before={"stage": before},
            after={"stage": prospect.stage, "application": str(application.public_id)},
        )
    return application


# --- targets ----------------------------------------------------------------------------------------------


def _clean_targets(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, enum in TARGET_LISTS.items():
        if name in data:
            values = list(dict.fromkeys(data[name] or []))
            unknown = [v for v in values if v not in enum.values]
            if unknown:
                errors.setdefault(name, []).append(
                    _("Unknown values: %(values)s.") % {"values": ", ".join(map(str, unknown))}
                )
            cleaned[name] = values
    for name in WEIGHT_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                errors.setdefault(name, []).append(_("Enter a whole number from 0 to 100."))
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def targets_update(*, actor, data: dict[str, Any]) -> RecruitmentTargets:
    """Saves the targets and recomputes the fit score of every open application and prospect."""
    require(actor, "recruitment.configure")
    cleaned = _clean_targets(data)
    with transaction.atomic():
        # One row for the whole program: whether it exists is looked up unscoped, the row itself through the
        # actor's scope.
        existing = RecruitmentTargets.objects.order_by("id").values_list("pk", flat=True).first()
        created = existing is None
        if created:
            targets = RecruitmentTargets()
        else:
            targets = lock_visible(RecruitmentTargets.objects, actor=actor, pk=existing)
        total = sum(cleaned.get(name, getattr(targets, name)) for name in WEIGHT_FIELDS)
        if total != 100:
            raise ValidationError(
                _("The weights must add up to 100 (now %(total)s).") % {"total": total}, code=E.WEIGHTS_TOTAL
            )
        before, after = changes(targets, list(cleaned), cleaned)
        if not after and not created:
            return targets
        for name, value in cleaned.items():
            setattr(targets, name, value)
        targets.updated_by = actor.user
        targets.save()
        applications = list(
            Application.objects.visible_to(actor)
            .select_for_update()
            .filter(status=ApplicationStatus.SUBMITTED)
        )
        for application in applications:
            application.fit_score, application.fit_reasons = fit_score(candidate=application, targets=targets)
        Application.objects.bulk_update(applications, ["fit_score", "fit_reasons"], batch_size=500)
        prospects = list(Prospect.objects.visible_to(actor).select_for_update().filter(stage__in=OPEN_STAGES))
        for prospect in prospects:
            prospect.fit_score, prospect.fit_reasons = fit_score(candidate=prospect, targets=targets)
        Prospect.objects.bulk_update(prospects, ["fit_score", "fit_reasons"], batch_size=500)
        record_event(
            actor=actor,
            verb="recruitment.targets_updated",
            target=targets,
            before=before,
            after={**after, "rescored_applications": len(applications), "rescored_prospects": len(prospects)},
        )
    return targets
