from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from accounts.models import Invitation
from accounts.testing import make_partner
from core.models import Event
from core.roles import PartnerRole
from core.testing import snapshot
from partners.choices import PartnerStatus
from partners.models import Partner
from recruitment.models import Application, Prospect, RecruitmentTargets
from recruitment.services import (
    application_approve,
    application_reject,
    application_submit,
    prospect_convert,
    prospect_create,
    prospect_move_stage,
    prospect_update,
    targets_update,
)
from recruitment.tests.conftest import IP, application_data, submit

pytestmark = pytest.mark.django_db


def _events(obj=None, verb_prefix="application."):
    qs = Event.objects.filter(verb__startswith=verb_prefix)
    return qs.filter(target_id=obj.pk) if obj is not None else qs


# --- submit -----------------------------------------------------------------------------------------------


def test_submit_stores_normalised_application_and_acknowledges(targets, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = submit()
    assert app.status == Application.Status.SUBMITTED and app.source == Application.Source.INBOUND
    assert app.web_domain == "nordic-gear.example"
    assert app.submitted_ip == IP and app.language == "en"
    assert app.fit_score == 100 and [r["code"] for r in app.fit_reasons][0] == "region_match"
    assert app.duplicate_flags == []
    assert _events(app).get().verb == "application.submitted"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@nordic-gear.example"]
    assert "received your application" in mail.outbox[0].subject


def test_submit_keeps_the_current_language():
    with translation.override("ru"):
        app = submit()
    assert app.language == "ru"


def test_honeypot_pretends_success_and_stores_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = application_submit(
            actor=None, data=application_data(), ip=IP, honeypot="http://spam.example"
        )
    assert result is None
    assert Application.objects.count() == 0
    assert not Event.objects.exists() and not callbacks and not mail.outbox


def test_invalid_application_stores_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        submit(
            company_name=" ",
            web_domain="not a domain",
            contact_email="nope",
            region="mars",
            verticals=["knitting"],
            motivation="",
        )
    assert set(exc.value.message_dict) >= {
        "company_name",
        "web_domain",
        "contact_email",
        "region",
        "verticals",
        "motivation",
    }
    assert Application.objects.count() == 0 and not _events().exists() and not mail.outbox


def test_a_tax_id_the_partner_record_would_refuse_is_refused_at_submit(world):
    # Otherwise the application is stored but can never be approved (partner_create refuses the tax id).
    with pytest.raises(ValidationError) as exc:
        submit(tax_id="12.345.678")
    assert set(exc.value.message_dict) == {"tax_id"}
    assert Application.objects.count() == 0 and not _events().exists()
    application = submit(tax_id="DE-123/45 6")
    application_approve(actor=world.actor(world.chief), application=application)
    assert Partner.objects.get(web_domain="nordic-gear.example").tax_id == "DE-123/45 6"


def test_rate_limit_per_ip_per_hour(settings, django_capture_on_commit_callbacks):
    settings.APPLICATIONS_PER_IP_PER_HOUR = 2
    submit(company_name="One")
    submit(company_name="Two")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as exc:
        submit(company_name="Three")
    assert "Too many applications" in exc.value.messages[0]
    assert Application.objects.count() == 2 and _events().count() == 2 and not callbacks
    submit(company_name="Other network", ip="198.51.100.7")  # another address is not affected
    Application.objects.filter(submitted_ip=IP).update(created_at=timezone.now() - timedelta(hours=2))
    submit(company_name="An hour later")
    assert Application.objects.count() == 4


def test_duplicate_flag_for_earlier_application_from_the_same_domain():
    first = submit()
    second = submit(
        company_name="Nordic Gear Sweden",
        web_domain="nordic-gear.example",
        contact_email="sales@nordic-gear.example",
    )
    flags = [(f["kind"], f["detail"]) for f in second.duplicate_flags]
    assert flags == [("application", str(first.public_id))]
    assert "Earlier application from nordic-gear.example" in second.duplicate_flags[0]["message"]
    assert first.duplicate_flags == []


def test_duplicate_flag_when_an_earlier_contact_email_used_the_domain():
    first = submit(web_domain="other-site.example", contact_email="boss@nordic-gear.example")
    second = submit()
    assert ("application", str(first.public_id)) in [(f["kind"], f["detail"]) for f in second.duplicate_flags]


def test_duplicate_flag_for_existing_partner(world):
    partner = make_partner("Nordic Gear Partner", web_domain="nordic-gear.example")
    app = submit()
    assert [(f["kind"], f["detail"]) for f in app.duplicate_flags] == [("partner", str(partner.public_id))]
    assert "Existing partner" in app.duplicate_flags[0]["message"]


# --- approve / reject -------------------------------------------------------------------------------------


def test_approve_creates_onboarding_partner_and_invites_admin(world, django_capture_on_commit_callbacks):
    app = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_approve(actor=world.actor(world.cam), application=app)
    app.refresh_from_db()
    partner = app.partner
    assert app.status == Application.Status.APPROVED and app.decided_by == world.cam and app.decided_at
    # No territory covers Sweden: nobody is assigned, and approving does not make the CAM its manager.
    assert partner.status == PartnerStatus.ONBOARDING and partner.cam is None
    assert app.cam is None and app.cam_basis == "none"
    assert partner.name == "Nordic Gear" and partner.web_domain == "nordic-gear.example"
    assert partner.verticals == ["retail", "sports"] and partner.country.code == "SE"
    invitation = Invitation.objects.get(partner=partner)
    assert invitation.email == "anna@nordic-gear.example" and invitation.partner_role == PartnerRole.ADMIN
    assert invitation.is_pending and invitation.full_name == "Anna Berg"
    assert [m.to for m in mail.outbox] == [["anna@nordic-gear.example"]]
    assert "invited" in mail.outbox[0].subject
    assert _events(app).filter(verb="application.approved").exists()
    assert Event.objects.filter(verb="partner.created", partner=partner).exists()


def test_chief_approves_without_becoming_cam(world):
    app = submit()
    application_approve(actor=world.actor(world.chief), application=app)
    app.refresh_from_db()
    assert app.partner.cam is None


def test_marketing_cannot_approve_and_nothing_changes(world, django_capture_on_commit_callbacks):
    app = submit()
    before, partners = snapshot(app), Partner.objects.count()
    events = Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
        application_approve(actor=world.actor(world.marketing), application=app)
    assert snapshot(app) == before and Partner.objects.count() == partners and Event.objects.count() == events
    assert not callbacks


def test_cannot_decide_twice(world, django_capture_on_commit_callbacks):
    app = submit()
    application_approve(actor=world.actor(world.cam), application=app)
    before, partners, events = snapshot(app), Partner.objects.count(), Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            application_approve(actor=world.actor(world.cam), application=app)
        with pytest.raises(ValidationError):
            application_reject(actor=world.actor(world.cam), application=app, reason="Changed my mind")
    assert snapshot(app) == before and Partner.objects.count() == partners and Event.objects.count() == events
    assert not callbacks


def test_failed_invitation_rolls_back_the_whole_approval(world, django_capture_on_commit_callbacks):
    app = submit(contact_email="marketing@vendor.test")  # staff cannot be invited into a partner
    before, partners, events = snapshot(app), Partner.objects.count(), Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        application_approve(actor=world.actor(world.cam), application=app)
    assert snapshot(app) == before and Partner.objects.count() == partners and Event.objects.count() == events
    assert not Invitation.objects.exists() and not callbacks


def test_reject_needs_a_reason(world, django_capture_on_commit_callbacks):
    app = submit()
    before, events = snapshot(app), Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as exc:
        application_reject(actor=world.actor(world.chief), application=app, reason="   ")
    assert "reason" in exc.value.message_dict
    assert snapshot(app) == before and Event.objects.count() == events and not callbacks


def test_reject_records_and_emails_the_reason(world, django_capture_on_commit_callbacks):
    app = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(
            actor=world.actor(world.chief), application=app, reason="We have enough resellers in Sweden."
        )
    app.refresh_from_db()
    assert app.status == Application.Status.REJECTED and app.decided_by == world.chief
    assert app.rejection_reason == "We have enough resellers in Sweden."
    event = _events(app).get(verb="application.rejected")
    assert event.note == "We have enough resellers in Sweden."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@nordic-gear.example"]
    assert "We have enough resellers in Sweden." in mail.outbox[0].body
    assert Partner.objects.filter(web_domain="nordic-gear.example").count() == 0


def test_rejection_email_uses_the_applicants_language(world, django_capture_on_commit_callbacks, monkeypatch):
    from recruitment import services

    with translation.override("ru"):
        app = submit()
    seen = []
    monkeypatch.setattr(services, "queue_email", lambda **kw: seen.append(kw))
    application_reject(actor=world.actor(world.cam), application=app, reason="Нет")
    assert seen[0]["language"] == "ru"


# --- prospects --------------------------------------------------------------------------------------------


def test_prospect_create_defaults_owner_and_scores(world, targets):
    prospect = prospect_create(
        actor=world.actor(world.cam),
        data={
            "company_name": "Riga Retail",
            "partner_type": "reseller",
            "source": "referral",
            "region": "europe",
            "web_domain": "www.riga-retail.example",
            "verticals": ["retail"],
            "size": "51-200",
        },
    )
    assert prospect.owner == world.cam and prospect.stage == Prospect.Stage.NEW
    assert prospect.web_domain == "riga-retail.example"
    assert prospect.fit_score == 30 + 15 + 25 + 15
    assert Event.objects.filter(verb="prospect.created", target_id=prospect.pk).exists()


def test_prospect_create_validates_and_needs_permission(world):
    with pytest.raises(ValidationError) as exc:
        prospect_create(actor=world.actor(world.cam), data={"company_name": "", "source": "carrier pigeon"})
    assert set(exc.value.message_dict) >= {"company_name", "partner_type", "source"}
    with pytest.raises(PermissionDenied):
        prospect_create(
            actor=world.actor(world.marketing),
            data={"company_name": "X", "partner_type": "dealer", "source": "referral"},
        )
    with pytest.raises(ValidationError) as exc:
        prospect_create(
            actor=world.actor(world.cam),
            data={
                "company_name": "X",
                "partner_type": "dealer",
                "source": "referral",
                "owner": world.marketing,
            },
        )
    assert "owner" in exc.value.message_dict
    assert Prospect.objects.count() == 0 and not Event.objects.filter(verb__startswith="prospect.").exists()


def test_prospect_stage_rules(world, make_prospect):
    actor = world.actor(world.cam)
    prospect = make_prospect()
    prospect_move_stage(
        actor=actor,
        prospect=prospect,
        stage="qualified",
        next_step="Demo",
        next_step_date=timezone.localdate(),
    )
    prospect.refresh_from_db()
    assert prospect.stage == "qualified" and prospect.next_step == "Demo"
    prospect_move_stage(actor=actor, prospect=prospect, stage="contacted")  # backwards among open stages
    prospect_move_stage(actor=actor, prospect=prospect, stage="lost", note="Went with a competitor")
    for forbidden in ("contacted", "qualified", "negotiating", "lost", "converted"):
        before = snapshot(prospect)
        with pytest.raises(ValidationError):
            prospect_move_stage(actor=actor, prospect=prospect, stage=forbidden)
        assert snapshot(prospect) == before
    prospect_move_stage(actor=actor, prospect=prospect, stage="new")  # reopen
    prospect.refresh_from_db()
    assert prospect.stage == "new"
    stages = [
        (e.before.get("stage"), e.after.get("stage"))
        for e in Event.objects.filter(verb="prospect.stage_changed").order_by("id")
    ]
    assert stages == [
        ("new", "qualified"),
        ("qualified", "contacted"),
        ("contacted", "lost"),
        ("lost", "new"),
    ]


def test_open_prospect_cannot_jump_to_converted_or_unknown(world, make_prospect):
    prospect = make_prospect()
    for stage in ("converted", "won", "new"):
        with pytest.raises(ValidationError):
            prospect_move_stage(actor=world.actor(world.cam), prospect=prospect, stage=stage)
    with pytest.raises(PermissionDenied):
        prospect_move_stage(actor=world.actor(world.ops), prospect=prospect, stage="contacted")
    assert not Event.objects.filter(verb="prospect.stage_changed").exists()


def test_convert_with_missing_fields_changes_nothing(
    world, make_prospect, django_capture_on_commit_callbacks
):
    prospect = make_prospect(web_domain="", contact_email="", region="")
    before, events = snapshot(prospect), Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError) as exc:
        prospect_convert(actor=world.actor(world.cam), prospect=prospect)
    message = exc.value.messages[0]
    assert "web domain" in message and "contact email" in message and "region" in message
    assert "company" not in message
    assert snapshot(prospect) == before and not Application.objects.exists()
    assert Event.objects.count() == events and not callbacks


def test_convert_creates_outbound_application(world, targets, make_prospect):
    partner = make_partner("Baltic Bikes Old", web_domain="baltic-bikes.example")
    prospect = make_prospect(notes="Met at ISPO")
    app = prospect_convert(actor=world.actor(world.cam), prospect=prospect)
    prospect.refresh_from_db()
    assert prospect.stage == Prospect.Stage.CONVERTED
    assert app.source == Application.Source.OUTBOUND and app.status == Application.Status.SUBMITTED
    assert app.prospect == prospect and app.motivation == "Met at ISPO" and app.submitted_ip is None
    assert app.fit_score == 30 + 15 + 0 + 0  # europe, half the verticals, dealer not targeted, size unknown
    assert [(f["kind"], f["detail"]) for f in app.duplicate_flags] == [("partner", str(partner.public_id))]
    assert Event.objects.filter(verb="prospect.converted", target_id=prospect.pk).exists()
    assert Event.objects.filter(verb="application.submitted", target_id=app.pk).exists()
    with pytest.raises(ValidationError):
        prospect_convert(actor=world.actor(world.cam), prospect=prospect)
    with pytest.raises(ValidationError):
        prospect_update(actor=world.actor(world.cam), prospect=prospect, data={"notes": "more"})
    assert Application.objects.count() == 1


def test_lost_prospect_cannot_be_converted(world, make_prospect):
    prospect = make_prospect(stage="lost")
    with pytest.raises(ValidationError):
        prospect_convert(actor=world.actor(world.cam), prospect=prospect)
    assert not Application.objects.exists()


def test_prospect_update_records_changes_and_rescores(world, targets, make_prospect):
    prospect = make_prospect()
    prospect_update(
        actor=world.actor(world.chief),
        prospect=prospect,
        data={"partner_type": "reseller", "city": "Riga", "country": "lv"},
    )
    prospect.refresh_from_db()
    assert prospect.city == "Riga" and prospect.fit_score == 30 + 15 + 25
    event = Event.objects.get(verb="prospect.updated")
    assert event.before == {"partner_type": "dealer", "city": ""}
    assert event.after == {"partner_type": "reseller", "city": "Riga"}


# --- targets ----------------------------------------------------------------------------------------------


def test_targets_update_rescores_open_work_only(world, make_prospect):
    open_app = submit(region="apac")
    decided = submit(company_name="Decided", web_domain="decided.example", region="apac")
    application_reject(actor=world.actor(world.cam), application=decided, reason="No")
    open_prospect = make_prospect(region="apac")
    lost_prospect = make_prospect(company_name="Lost", region="apac", stage="lost")
    decided_score = Application.objects.get(pk=decided.pk).fit_score
    assert open_app.fit_score == 100  # no targets yet: every dimension scores full points
    targets_update(
        actor=world.actor(world.ops),
        data={
            "regions": ["europe"],
            "verticals": [],
            "partner_types": [],
            "sizes": [],
            "weight_region": 40,
            "weight_verticals": 20,
            "weight_type": 20,
            "weight_size": 20,
        },
    )
    open_app.refresh_from_db()
    open_prospect.refresh_from_db()
    assert open_app.fit_score == 60 and open_app.fit_reasons[0]["code"] == "region_miss"
    assert open_prospect.fit_score == 60
    assert Application.objects.get(pk=decided.pk).fit_score == decided_score
    assert Prospect.objects.get(pk=lost_prospect.pk).fit_score == lost_prospect.fit_score
    event = Event.objects.get(verb="recruitment.targets_updated")
    assert event.after["rescored_applications"] == 1 and event.after["rescored_prospects"] == 1
    assert RecruitmentTargets.objects.get().updated_by == world.ops


def test_targets_weights_must_sum_to_100(world, targets):
    before, app = snapshot(targets), submit()
    app_before = snapshot(app)
    with pytest.raises(ValidationError) as exc:
        targets_update(actor=world.actor(world.chief), data={"regions": [], "weight_region": 50})
    assert "100" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        targets_update(actor=world.actor(world.chief), data={"regions": ["atlantis"], "weight_size": -5})
    assert snapshot(targets) == before and snapshot(app) == app_before
    assert not Event.objects.filter(verb="recruitment.targets_updated").exists()


def test_only_configurers_set_targets(world, targets):
    before = snapshot(targets)
    for user in (world.cam, world.marketing, world.admin_a):
        with pytest.raises(PermissionDenied):
            targets_update(actor=world.actor(user), data={"regions": []})
    assert snapshot(targets) == before
