"""`step_complete_automatically` (another app completes a manual step) and the step links registry."""

import pytest
from django.core.exceptions import PermissionDenied

from core.actor import system_actor
from core.models import Event
from onboarding.links import _PROVIDERS, register_step_links
from onboarding.models import ChecklistStep, StepCompletion
from onboarding.selectors import onboarding_progress
from onboarding.services import step_complete_automatically

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(world):
    return ChecklistStep.objects.create(
        partner_type=world.partner_a.partner_type, title_en="Training", requires_confirmation=True
    )


def test_completes_once_without_confirmation(world, step):
    done = step_complete_automatically(
        actor=system_actor(), partner=world.partner_a, step=step, by=world.rep_a
    )
    assert done.state == "done" and done.completed_by == world.rep_a
    again = step_complete_automatically(actor=system_actor(), partner=world.partner_a, step=step)
    assert again.pk == done.pk
    assert Event.objects.filter(verb="onboarding.step_completed").count() == 1


def test_a_submitted_step_becomes_done(world, step):
    StepCompletion.objects.create(
        partner=world.partner_a, step=step, state="submitted", completed_by=world.rep_a
    )
    done = step_complete_automatically(actor=system_actor(), partner=world.partner_a, step=step)
    assert done.state == "done"


def test_partner_users_may_not_call_it(world, step):
    with pytest.raises(PermissionDenied):
        step_complete_automatically(actor=world.actor(world.admin_a), partner=world.partner_a, step=step)
    assert not StepCompletion.objects.exists()


def test_a_step_of_another_type_is_left_alone(world):
    other = ChecklistStep.objects.create(partner_type="distributor", title_en="Training")
    assert step_complete_automatically(actor=system_actor(), partner=world.partner_a, step=other) is None
    assert not StepCompletion.objects.exists()


def test_links_other_apps_add_show_on_the_steps(world, step):
    def provider(actor, steps):
        return {s.pk: [("Take the course", "/learning/")] for s in steps if s.title_en == "Training"}

    register_step_links(provider)
    try:
        progress = onboarding_progress(actor=world.actor(world.rep_a), partner=world.partner_a)
        links = {s.step.pk: s.links for s in progress.steps}
        assert links[step.pk] == (("Take the course", "/learning/"),)
    finally:
        _PROVIDERS.remove(provider)
