import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.actor import system_actor
from core.models import Event
from core.testing import snapshot
from onboarding.models import ChecklistStep, CompletionState, StepCompletion, StepKind
from onboarding.selectors import onboarding_progress
from onboarding.services import (
    checklist_install_defaults,
    step_complete,
    step_confirm,
    step_create,
    step_delete,
    step_move,
    step_reopen,
    step_set_active,
    step_update,
)
from onboarding.tests.helpers import complete_profile, install, start_onboarding
from partners.choices import PartnerStatus, PartnerType
from partners.services import partner_change_status
from programs.services import agreement_accept
from programs.tests.helpers import publish

pytestmark = pytest.mark.django_db

STEP_VERBS = (
    "onboarding.step_completed",
    "onboarding.step_submitted",
    "onboarding.step_confirmed",
    "onboarding.step_reopened",
)


def no_step_events() -> bool:
    return not Event.objects.filter(verb__in=STEP_VERBS).exists()


# --- default checklist ---


def test_install_defaults_creates_the_standard_checklist(world):
    steps = checklist_install_defaults(actor=world.actor(world.ops), partner_type=PartnerType.DEALER)
    assert [(s.position, s.kind, s.requires_confirmation) for s in steps] == [
        (1, "agreement", False),
        (2, "profile", False),
        (3, "team", False),
        (4, "manual", True),
        (5, "manual", False),
        (6, "manual", True),
    ]
    assert all(s.title_ru and s.description_en and s.description_ru for s in steps)
    with translation.override("ru"):
        assert steps[3].title == "Примите участие во вводном звонке"
    assert Event.objects.filter(verb="checklist_step.created").count() == 6


def test_install_defaults_is_a_no_op_when_a_checklist_exists(world):
    install(PartnerType.DEALER)
    assert checklist_install_defaults(actor=system_actor(), partner_type=PartnerType.DEALER) == []
    assert ChecklistStep.objects.filter(partner_type=PartnerType.DEALER).count() == 6


def test_seeder_can_install_every_type(world):
    for partner_type in PartnerType.values:
        checklist_install_defaults(actor=system_actor(), partner_type=partner_type)
    assert ChecklistStep.objects.count() == 6 * len(PartnerType.values)


def test_install_defaults_checks_rights_and_type(world):
    with pytest.raises(PermissionDenied):
        checklist_install_defaults(actor=world.actor(world.cam), partner_type=PartnerType.DEALER)
    with pytest.raises(ValidationError):
        checklist_install_defaults(actor=world.actor(world.ops), partner_type="spaceship")
    assert not ChecklistStep.objects.exists()


# --- configuring steps ---


def test_create_appends_a_step_and_records_it(world):
    install()
    step = step_create(
        actor=world.actor(world.ops),
        partner_type="reseller",
        data={"title_en": "Certify a technician", "title_ru": "Сертифицируйте инженера"},
    )
    assert step.position == 7 and step.kind == StepKind.MANUAL and step.is_active
    assert Event.objects.filter(verb="checklist_step.created", target_id=step.pk).exists()


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a", "rep_a"])
def test_only_ops_configures_checklists(world, who):
    checklist = install()
    actor = world.actor(getattr(world, who))
    before = snapshot(checklist.kickoff)
    events = Event.objects.count()
    for call in (
        lambda: step_create(actor=actor, partner_type="reseller", data={"title_en": "X"}),
        lambda: step_update(actor=actor, step=checklist.kickoff, data={"title_en": "X"}),
        lambda: step_set_active(actor=actor, step=checklist.kickoff, active=False),
        lambda: step_move(actor=actor, step=checklist.kickoff, direction="up"),
        lambda: step_delete(actor=actor, step=checklist.kickoff),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(checklist.kickoff) == before
    assert ChecklistStep.objects.count() == 6 and Event.objects.count() == events


def test_step_validation(world):
    ops = world.actor(world.ops)
    with pytest.raises(ValidationError) as exc:
        step_create(actor=ops, partner_type="reseller", data={"title_en": " ", "kind": "telepathy"})
    assert set(exc.value.message_dict) == {"title_en", "kind"}
    with pytest.raises(ValidationError) as exc:
        step_create(
            actor=ops,
            partner_type="reseller",
            data={"title_en": "Profile", "kind": "profile", "requires_confirmation": True},
        )
    assert "requires_confirmation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        step_create(actor=ops, partner_type="nope", data={"title_en": "X"})
    assert not ChecklistStep.objects.exists()


def test_update_records_before_and_after(world):
    checklist = install()
    step_update(
        actor=world.actor(world.ops),
        step=checklist.training,
        data={"title_en": "Complete the sales course", "requires_confirmation": True},
    )
    checklist.training.refresh_from_db()
    assert checklist.training.title_en == "Complete the sales course"
    assert checklist.training.requires_confirmation
    event = Event.objects.filter(verb="checklist_step.updated").get()
    assert event.before == {"title_en": "Complete sales onboarding training", "requires_confirmation": False}
    assert event.after == {"title_en": "Complete the sales course", "requires_confirmation": True}


def test_kind_of_a_completed_step_cannot_change(world):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    before = snapshot(checklist.training)
    with pytest.raises(ValidationError) as exc:
        step_update(actor=world.actor(world.ops), step=checklist.training, data={"kind": "team"})
    assert "kind" in exc.value.message_dict and snapshot(checklist.training) == before


def test_deactivate_and_reactivate(world):
    checklist = install()
    ops = world.actor(world.ops)
    step_set_active(actor=ops, step=checklist.first_deal, active=False)
    progress = onboarding_progress(actor=ops, partner=world.partner_a)
    assert checklist.first_deal.pk not in [s.step.pk for s in progress.steps] and progress.total == 5
    step_set_active(actor=ops, step=checklist.first_deal, active=True)
    assert onboarding_progress(actor=ops, partner=world.partner_a).total == 6
    events = Event.objects.filter(verb="checklist_step.updated").order_by("id")
    assert [e.after for e in events] == [{"is_active": False}, {"is_active": True}]


def test_move_up_and_down(world):
    checklist = install()
    ops = world.actor(world.ops)
    step_move(actor=ops, step=checklist.training, direction="up")
    order = list(ChecklistStep.objects.filter(partner_type="reseller").order_by("position"))
    assert order[3] == checklist.training and order[4] == checklist.kickoff
    step_move(actor=ops, step=checklist.agreement, direction="down")
    order = list(ChecklistStep.objects.filter(partner_type="reseller").order_by("position"))
    assert order[:2] == [checklist.profile, checklist.agreement]
    assert [s.position for s in order] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(ValidationError):
        step_move(actor=ops, step=checklist.profile, direction="up")
    with pytest.raises(ValidationError):
        step_move(actor=ops, step=checklist.first_deal, direction="down")
    assert Event.objects.filter(verb="checklist_step.moved").count() == 2


def test_a_step_with_completions_is_never_deleted(world):
    checklist = install()
    ops = world.actor(world.ops)
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    with pytest.raises(ValidationError):
        step_delete(actor=ops, step=checklist.training)
    assert ChecklistStep.objects.filter(pk=checklist.training.pk).exists()
    assert StepCompletion.objects.count() == 1
    step_delete(actor=ops, step=checklist.kickoff)
    assert not ChecklistStep.objects.filter(pk=checklist.kickoff.pk).exists()
    assert Event.objects.filter(verb="checklist_step.deleted").count() == 1


# --- completing, confirming, reopening ---


def test_partner_user_completes_a_manual_step(world):
    checklist = install()
    completion = step_complete(
        actor=world.actor(world.rep_a),
        partner=world.partner_a,
        step=checklist.training,
        note="All five sellers passed.",
    )
    assert completion.state == CompletionState.DONE and completion.completed_by == world.rep_a
    assert completion.confirmed_by is None
    event = Event.objects.get(verb="onboarding.step_completed")
    assert event.partner == world.partner_a and event.note == "All five sellers passed."
    assert (event.before, event.after) == ({"state": "todo"}, {"state": "done"})


def test_a_step_the_cam_confirms_is_only_submitted(world):
    checklist = install()
    completion = step_complete(
        actor=world.actor(world.admin_a), partner=world.partner_a, step=checklist.kickoff
    )
    assert completion.state == CompletionState.SUBMITTED
    assert Event.objects.filter(verb="onboarding.step_submitted", partner=world.partner_a).exists()
    state = {
        s.step.pk: s.state
        for s in onboarding_progress(actor=world.actor(world.cam), partner=world.partner_a).steps
    }
    assert state[checklist.kickoff.pk] == "submitted"


def test_completing_twice_is_a_clear_error(world):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    before = snapshot(StepCompletion.objects.get())
    with pytest.raises(ValidationError, match="already"):
        step_complete(actor=world.actor(world.admin_a), partner=world.partner_a, step=checklist.training)
    assert snapshot(StepCompletion.objects.get()) == before
    assert Event.objects.filter(verb="onboarding.step_completed").count() == 1


@pytest.mark.parametrize("which", ["agreement", "profile", "team"])
def test_automatic_steps_cannot_be_completed_by_hand(world, which):
    checklist = install()
    step = getattr(checklist, which)
    with pytest.raises(ValidationError):
        step_complete(actor=world.actor(world.admin_a), partner=world.partner_a, step=step)
    with pytest.raises(ValidationError):
        step_complete(actor=world.actor(world.cam), partner=world.partner_a, step=step)
    assert not StepCompletion.objects.exists() and no_step_events()


def test_step_must_be_active_and_of_the_partners_type(world):
    checklist = install()
    dealer = install(PartnerType.DEALER)
    step_set_active(actor=world.actor(world.ops), step=checklist.training, active=False)
    with pytest.raises(ValidationError):
        step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    with pytest.raises(ValidationError):
        step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=dealer.training)
    assert not StepCompletion.objects.exists() and no_step_events()


def test_partner_users_act_only_for_their_own_partner(world):
    checklist = install()
    with pytest.raises(PermissionDenied):
        step_complete(actor=world.actor(world.admin_a), partner=world.partner_b, step=checklist.training)
    assert not StepCompletion.objects.exists() and no_step_events()


def test_distributor_reads_reseller_progress_but_cannot_complete_its_steps(world):
    retail = install(PartnerType.RETAILER)
    step_complete(actor=world.actor(world.reseller_admin), partner=world.reseller, step=retail.training)
    progress = onboarding_progress(actor=world.actor(world.dist_admin), partner=world.reseller)
    assert {s.step.pk: s.state for s in progress.steps}[retail.training.pk] == "done"
    before = StepCompletion.objects.count()
    with pytest.raises(PermissionDenied):
        step_complete(actor=world.actor(world.dist_admin), partner=world.reseller, step=retail.kickoff)
    assert StepCompletion.objects.count() == before
    assert Event.objects.filter(verb__in=STEP_VERBS).count() == 1


@pytest.mark.parametrize("who", ["marketing", "ops"])
def test_staff_without_confirm_right_cannot_mark_steps(world, who):
    checklist = install()
    with pytest.raises(PermissionDenied):
        step_complete(
            actor=world.actor(getattr(world, who)), partner=world.partner_a, step=checklist.training
        )
    assert not StepCompletion.objects.exists() and no_step_events()


def test_cam_marks_a_step_done_directly(world):
    checklist = install()
    completion = step_complete(actor=world.actor(world.cam), partner=world.partner_a, step=checklist.kickoff)
    assert completion.state == CompletionState.DONE and completion.confirmed_by == world.cam
    assert completion.confirmed_at is not None


def test_cam_confirms_a_submitted_step(world):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    completion = step_confirm(actor=world.actor(world.cam), partner=world.partner_a, step=checklist.kickoff)
    assert completion.state == CompletionState.DONE and completion.confirmed_by == world.cam
    assert completion.completed_by == world.rep_a
    event = Event.objects.get(verb="onboarding.step_confirmed")
    assert (event.before, event.after) == ({"state": "submitted"}, {"state": "done"})
    assert event.partner == world.partner_a


def test_only_submitted_steps_can_be_confirmed(world):
    checklist = install()
    cam = world.actor(world.cam)
    with pytest.raises(ValidationError):
        step_confirm(actor=cam, partner=world.partner_a, step=checklist.kickoff)  # todo
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    before = snapshot(StepCompletion.objects.get())
    with pytest.raises(ValidationError):
        step_confirm(actor=cam, partner=world.partner_a, step=checklist.training)  # already done
    assert snapshot(StepCompletion.objects.get()) == before
    assert not Event.objects.filter(verb="onboarding.step_confirmed").exists()


@pytest.mark.parametrize("who", ["admin_a", "rep_a", "marketing", "ops"])
def test_who_may_not_confirm_or_reopen(world, who):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.kickoff)
    before = snapshot(StepCompletion.objects.get())
    actor = world.actor(getattr(world, who))
    with pytest.raises(PermissionDenied):
        step_confirm(actor=actor, partner=world.partner_a, step=checklist.kickoff)
    with pytest.raises(PermissionDenied):
        step_reopen(actor=actor, partner=world.partner_a, step=checklist.kickoff)
    assert snapshot(StepCompletion.objects.get()) == before
    assert Event.objects.filter(verb__in=STEP_VERBS).count() == 1


def test_cam_reopens_a_done_step(world):
    checklist = install()
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    step_reopen(
        actor=world.actor(world.chief),
        partner=world.partner_a,
        step=checklist.training,
        note="Only two of five passed.",
    )
    assert not StepCompletion.objects.exists()
    event = Event.objects.get(verb="onboarding.step_reopened")
    assert (event.before, event.after) == ({"state": "done"}, {"state": "todo"})
    assert event.note == "Only two of five passed."
    # and it can be completed again
    step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)


def test_reopening_a_todo_step_is_an_error(world):
    checklist = install()
    with pytest.raises(ValidationError):
        step_reopen(actor=world.actor(world.cam), partner=world.partner_a, step=checklist.training)
    with pytest.raises(ValidationError):
        step_reopen(actor=world.actor(world.cam), partner=world.partner_a, step=checklist.team)  # automatic
    assert no_step_events()


# --- progress and activation ---


def test_progress_counts_automatic_and_manual_steps(world):
    checklist = install()
    partner = world.partner_a
    cam = world.actor(world.cam)

    def states():
        return [s.state for s in onboarding_progress(actor=cam, partner=partner).steps]

    # team: admin_a and rep_a are both active members already
    assert states() == ["todo", "todo", "done", "todo", "todo", "todo"]
    assert onboarding_progress(actor=cam, partner=partner).percent == 16
    version = publish()
    agreement_accept(actor=world.actor(world.admin_a), version=version)
    complete_profile(partner)
    step_complete(actor=world.actor(world.rep_a), partner=partner, step=checklist.kickoff)
    step_complete(actor=world.actor(world.rep_a), partner=partner, step=checklist.training)
    assert states() == ["done", "done", "done", "submitted", "done", "todo"]
    progress = onboarding_progress(actor=cam, partner=partner)
    assert (progress.done, progress.total, progress.percent) == (4, 6, 66)
    # a new agreement version undoes the agreement step until it is accepted again
    publish(title="Partner agreement v2")
    assert states()[0] == "todo"


def test_a_type_without_checklist_is_complete(world):
    progress = onboarding_progress(actor=world.actor(world.cam), partner=world.partner_a)
    assert progress.total == 0 and progress.percent == 100


def _finish_all_but_first_deal(world, checklist):
    partner = world.partner_a
    agreement_accept(actor=world.actor(world.admin_a), version=publish())
    complete_profile(partner)
    step_complete(actor=world.actor(world.cam), partner=partner, step=checklist.kickoff)
    step_complete(actor=world.actor(world.rep_a), partner=partner, step=checklist.training)
    step_complete(actor=world.actor(world.rep_a), partner=partner, step=checklist.first_deal)  # submitted


def test_activation_waits_for_every_step(world):
    checklist = install()
    partner = start_onboarding(world.partner_a)
    cam = world.actor(world.cam)
    _finish_all_but_first_deal(world, checklist)
    with pytest.raises(ValidationError, match="83"):
        partner_change_status(actor=cam, partner=partner, to_status=PartnerStatus.ACTIVE)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ONBOARDING and partner.activated_at is None
    step_confirm(actor=cam, partner=partner, step=checklist.first_deal)
    partner_change_status(actor=cam, partner=partner, to_status=PartnerStatus.ACTIVE)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE


def test_cam_is_told_when_the_last_step_is_done(world, django_capture_on_commit_callbacks):
    checklist = install()
    start_onboarding(world.partner_a)
    _finish_all_but_first_deal(world, checklist)
    with django_capture_on_commit_callbacks(execute=True):
        step_confirm(actor=world.actor(world.chief), partner=world.partner_a, step=checklist.first_deal)
    assert [m.to for m in mail.outbox] == [["cam@vendor.test"]]
    assert "Alpha Systems" in mail.outbox[0].subject
    assert f"/partners/{world.partner_a.public_id}/" in mail.outbox[0].body


def test_no_email_before_the_last_step(world, django_capture_on_commit_callbacks):
    checklist = install()
    start_onboarding(world.partner_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step_complete(actor=world.actor(world.rep_a), partner=world.partner_a, step=checklist.training)
    assert callbacks == [] and mail.outbox == []


def test_no_ready_email_for_a_partner_already_active(world, django_capture_on_commit_callbacks):
    checklist = install()  # partner_a is active
    _finish_all_but_first_deal(world, checklist)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step_confirm(actor=world.actor(world.cam), partner=world.partner_a, step=checklist.first_deal)
    assert callbacks == [] and mail.outbox == []


def test_accepting_the_agreement_last_also_tells_the_cam(world, django_capture_on_commit_callbacks):
    checklist = install()
    partner = start_onboarding(world.partner_a)
    complete_profile(partner)
    cam = world.actor(world.cam)
    for step in checklist.manual:
        step_complete(actor=cam, partner=partner, step=step)
    version = publish()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_accept(actor=world.actor(world.admin_a), version=version)
    assert [m.to for m in mail.outbox] == [["cam@vendor.test"]]


def test_refused_completion_sends_nothing(world, django_capture_on_commit_callbacks):
    checklist = install()
    start_onboarding(world.partner_b)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
        step_complete(actor=world.actor(world.admin_a), partner=world.partner_b, step=checklist.training)
    assert callbacks == [] and mail.outbox == []
