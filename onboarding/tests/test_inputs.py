"""Page and API go through the same inputs: the same limits, refused with the same codes."""

import json

import pytest

from core.testing import error_codes
from onboarding.inputs import NOTE_LENGTH
from onboarding.models import ChecklistStep, StepCompletion
from onboarding.tests.helpers import install

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (NOTE_LENGTH + 1)


def test_an_over_long_note_is_refused_on_the_page_and_in_the_api(world, login, api_client):
    checklist = install()
    page = login(world.admin_a).post(
        f"/my/onboarding/{checklist.training.public_id}/complete/", {"note": TOO_LONG}, follow=True
    )
    assert f"at most {NOTE_LENGTH} characters".encode() in page.content
    api = api_client(world.admin_a).post(
        f"/api/onboarding/partners/{world.partner_a.public_id}/steps/{checklist.training.public_id}/complete",
        json.dumps({"note": TOO_LONG}),
        content_type="application/json",
    )
    assert api.status_code == 422 and error_codes(api) == {"note": "max_length"}
    assert not StepCompletion.objects.exists()
    fits = api_client(world.admin_a).post(
        f"/api/onboarding/partners/{world.partner_a.public_id}/steps/{checklist.training.public_id}/complete",
        json.dumps({"note": "x" * NOTE_LENGTH}),
        content_type="application/json",
    )
    assert fits.status_code == 200


def test_an_over_long_title_is_refused_with_the_same_code_on_the_page_and_in_the_api(
    world, login, api_client
):
    install()
    steps = ChecklistStep.objects.count()
    page = login(world.ops).post("/program/checklists/new/?partner_type=reseller", {"title_en": "t" * 201})
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].errors.as_data()["title_en"]] == ["max_length"]
    api = api_client(world.ops).post(
        "/api/onboarding/checklists",
        json.dumps({"partner_type": "reseller", "title_en": "t" * 201}),
        content_type="application/json",
    )
    assert api.status_code == 422 and error_codes(api) == {"title_en": "max_length"}
    assert ChecklistStep.objects.count() == steps
