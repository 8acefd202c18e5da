"""Writes for recruitment: applications (submit, approve, reject), prospects (pipeline, convert), targets."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import cams
from accounts.services import invitation_create_for_partner
from competition.services import declarations_from_application
from core.emails import queue_email
from core.events import changes, record_event
from core.exceptions import require
from core.roles import PartnerRole
from core.scoping import lock_visible
from partners.choices import CamBasis, PartnerStatus
from partners.services import partner_create
from partners.territories import cam_is_assignable, cam_proposal
from recruitment.duplicates import find_duplicates
from recruitment.errors import RecruitmentErrorCode as E
from recruitment.fit import WEIGHT_FIELDS, fit_score
from recruitment.inputs import ApplicationInput, ProspectInput, StageInput, TargetsInput
from recruitment.models import (
    Application,
    ApplicationCompetitor,
    ApplicationSource,
    ApplicationStatus,
    Prospect,
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
    from core.actor import Actor

FIT_FIELDS = ("region", "verticals", "partner_type", "size")
# What a converted prospect passes on to its application: what both inputs hold (its country as a code).
CONVERTED_FIELDS = [
    name for name in ApplicationInput.base_fields if name in ProspectInput.base_fields and name != "country"
]


def _current_language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = translation.get_language() or settings.LANGUAGE_CODE
    for candidate in (language, language.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def _current_targets() -> RecruitmentTargets:
    return RecruitmentTargets.objects.order_by("id").first() or RecruitmentTargets()


def _refit(obj: Application | Prospect) -> None:
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
    *,
    actor: Actor,
    cleaned: dict[str, Any],
    source: str,
    ip: str | None = None,
    prospect: Prospect | None = None,
) -> Application:
    values = dict(cleaned)
    competing = values.pop("competing", None) or []
    application = Application(
        **values,
        source=source,
        submitted_ip=ip or None,
        prospect=prospect,
        language=_current_language(),
        status=ApplicationStatus.SUBMITTED,
    )
    application.duplicate_flags = find_duplicates(
        web_domain=application.web_domain, contact_email=application.contact_email
    )
    application.save()
    ApplicationCompetitor.objects.bulk_create(
        ApplicationCompetitor(
            application=application,
            vendor=row["vendor_id"],
            line=row.get("line_id"),
            since=row.get("since"),
            share=row.get("share"),
        )
        for row in competing
    )
    _refit(application)  # with its competing products
    application.save(update_fields=["fit_score", "fit_reasons"])
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
    *,
    actor: Actor,
    data: Mapping[str, Any] | ApplicationInput,
    ip: str | None = None,
    honeypot: str = "",
) -> Application | None:
    """The public form (and API). A filled honeypot looks like success but stores nothing: returns None."""
    if (honeypot or "").strip():
        return None
    cleaned = ApplicationInput.bind(data).cleaned()
    if _rate_limited(ip):
        raise _too_many_applications()
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


def _lock_open_application(
    *, actor: Actor, application: Application, action: ApplicationAction
) -> Application:
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
        basis: str
        if cam is not None:
            cam = User.objects.select_for_update().get(pk=cam.pk)  # still active, still a CAM?
            if not cam_is_assignable(cam):
                raise _refuse_cam(_("Choose an active channel account manager."))
            basis = CamBasis.CHOSEN
        else:
            proposal = cam_proposal(
                actor=actor, country=application.country.code or "", region=application.region
            )
            cam = proposal.cam if isinstance(proposal.cam, User) else None
            basis = proposal.basis
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
                "capabilities": application.capabilities,
                "size": application.size,
                "phone": application.contact_phone,
                "cam": cam,
            },
            status=PartnerStatus.ONBOARDING,
            note=_("Approved application of %(company)s") % {"company": application.company_name},
        )
        if application.sells_competing is not None:  # the application asked: its answer is the partner's
            declarations_from_application(
                actor=actor,
                partner=partner,
                declarations=[
                    {"vendor": c.vendor, "line": c.line, "since": c.since, "share": c.share}
                    for c in application.competitors.select_related("vendor", "line")
                ],
                answered_at=application.created_at,
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


def application_reject(*, actor: Actor, application: Application, reason: str) -> Application:
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


def _prospect_input(actor: Actor, data: Mapping[str, Any] | ProspectInput, *, partial: bool) -> ProspectInput:
    return ProspectInput.bind(data, partial=partial, owners=cams(actor=actor))


def prospect_create(*, actor: Actor, data: Mapping[str, Any] | ProspectInput) -> Prospect:
    """A new prospect in the first stage; its owner is the one who creates it unless another is named."""
    require(actor, "recruitment.manage_prospects")
    cleaned = _prospect_input(actor, data, partial=False).cleaned()
    cleaned["owner"] = cleaned.get("owner") or actor.user
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


def prospect_update(*, actor: Actor, prospect: Prospect, data: Mapping[str, Any] | ProspectInput) -> Prospect:
    """The page sends every field, the API only those that change."""
    require(actor, "recruitment.manage_prospects")
    cleaned = _prospect_input(actor, data, partial=True).cleaned()
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.EDIT)
        current = {
            name: (prospect.country.code or "" if name == "country" else getattr(prospect, name))
            for name in cleaned
        }
        before, after = _changed(current, cleaned)
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
    actor: Actor,
    prospect: Prospect,
    stage: str,
    next_step: str | None = None,
    next_step_date: date | str | None = None,
    note: str = "",
) -> Prospect:
    """Open stages move freely among themselves or to lost; lost may be reopened; converted is final.
    A next step (or its date) left out (None) stays as it is."""
    require(actor, "recruitment.manage_prospects")
    given = {"stage": stage, "next_step": next_step, "next_step_date": next_step_date, "note": note}
    values = StageInput.from_api({k: v for k, v in given.items() if v is not None}, partial=True).cleaned()
    stage = values["stage"]
    if stage == ProspectStage.CONVERTED:
        _refuse_stage(prospect, stage)  # whatever the prospect's stage: converting is an action of its own
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.MOVE)
        _refuse_stage(prospect, stage)
        before = {
            "stage": prospect.stage,
            "next_step": prospect.next_step,
            "next_step_date": prospect.next_step_date,
        }
        prospect.stage = stage
        if next_step is not None:
            prospect.next_step = values["next_step"]
        if next_step is not None or next_step_date is not None:
            prospect.next_step_date = values.get("next_step_date")
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
            note=values.get("note", ""),
        )
    return prospect


def _refuse_stage(prospect: Prospect, stage: str) -> None:
    if (refused := stage_refusal(prospect, stage)) is not None:
        raise refused


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def prospect_convert(*, actor: Actor, prospect: Prospect) -> Application:
    """Turns an open prospect into a submitted (outbound) application; the prospect becomes converted."""
    require(actor, "recruitment.manage_prospects")
    with transaction.atomic():
        prospect = lock_visible(Prospect.objects, actor=actor, pk=prospect.pk)
        require_action(actor, prospect, ProspectAction.CONVERT)
        # The prospect's values pass the application's checks (the notes become the motivation as they are).
        values = {name: getattr(prospect, name) for name in CONVERTED_FIELDS}
        form = ApplicationInput.from_api(values | {"country": prospect.country.code or ""}, partial=True)
        cleaned = form.cleaned() | {"motivation": prospect.notes or _("Converted from an outbound prospect.")}
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


def targets_update(*, actor: Actor, data: Mapping[str, Any] | TargetsInput) -> RecruitmentTargets:
    """Saves the targets and recomputes the fit score of every open application and prospect. The page
    and the API's PUT send every field; a mapping changes only what it names."""
    require(actor, "recruitment.configure")
    cleaned = TargetsInput.bind(data, partial=True).cleaned()
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
            .prefetch_related("competitors__vendor", "competitors__line")
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
