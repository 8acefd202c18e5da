"""In Chromium: a partner rep takes the course an onboarding step requires, fails the quiz once, passes on the
second attempt, gets the certificate, sees the onboarding step done, and the public page verifies it."""

import re

import pytest

from accounts.testing import PASSWORD
from learning.models import Attempt, CertificationAward, Question
from learning.testing import make_certification, make_course
from onboarding.models import ChecklistStep, StepCompletion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(world):
    step = ChecklistStep.objects.create(
        partner_type=world.partner_a.partner_type,
        position=1,
        title_en="Complete sales onboarding training",
        kind="manual",
    )
    course = make_course(
        "Sales onboarding", lessons=2, questions=3, passing_score=100, attempt_limit=3, time_limit=10
    )
    course.onboarding_steps.set([step])
    certification = make_certification(course, title="Certified Sales Associate")
    return course, certification


def _answer(page, attempt: Attempt, *, right: bool) -> None:
    for pk in attempt.question_ids:
        question = Question.objects.get(pk=pk)
        choice = question.choices.filter(is_correct=right)[0]
        page.locator(f'input[name="q-{question.public_id}"][value="{choice.public_id}"]').check()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_load_state()


def test_rep_takes_required_course_and_is_certified(page, chromium_browser, live_server, world, training):
    course, certification = training
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(world.rep_a.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/my/"))

    # The onboarding checklist leads to the course.
    page.goto("/my/onboarding/")
    page.get_by_role("link", name="Take the course “Sales onboarding”").click()
    page.wait_for_url(re.compile(rf"/learning/courses/{course.public_id}/"))

    # Both lessons, then the quiz.
    for title in ("Lesson 1", "Lesson 2"):
        page.get_by_role("link", name=title).click()
        page.get_by_role("button", name="Mark lesson done").click()
        page.wait_for_url(re.compile(rf"/learning/courses/{course.public_id}/"))
    page.get_by_role("button", name="Take the quiz").click()
    page.wait_for_url(re.compile(r"/learning/attempts/"))
    assert page.locator("[data-quiz-clock]").is_visible()  # the time limit is shown
    first = Attempt.objects.get(user=world.rep_a)
    _answer(page, first, right=False)
    assert "Not passed" in page.content()
    first.refresh_from_db()
    assert first.submitted_at and not first.passed

    # Second attempt: passed.
    page.get_by_role("button", name="Back to the course").click()
    page.wait_for_url(re.compile(rf"/learning/courses/{course.public_id}/"))
    page.get_by_role("button", name="Take the quiz").click()
    page.wait_for_url(re.compile(r"/learning/attempts/"))
    second = Attempt.objects.filter(user=world.rep_a).order_by("-number").first()
    assert second.number == 2
    _answer(page, second, right=True)
    assert "Passed" in page.content()

    # The certificate.
    award = CertificationAward.objects.get(user=world.rep_a, certification=certification)
    page.goto("/learning/mine/")
    assert "Certified Sales Associate" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The onboarding step completed itself.
    assert (
        StepCompletion.objects.get(partner=world.partner_a, step__title_en__startswith="Complete sales").state
        == "done"
    )
    page.goto("/my/onboarding/")
    step = page.locator("li", has_text="Complete sales onboarding training")
    assert "Done" in step.inner_text()

    # Anyone can verify it, without signing in.
    visitor = chromium_browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto(f"/verify/{award.code}")
    assert public.locator('[data-verify="holder"]').inner_text() == award.holder_name
    assert public.locator('[data-verify="certification"]').inner_text() == "Certified Sales Associate"
    assert public.locator('[data-verify="partner"]').inner_text() == world.partner_a.name
    assert "Valid until" in public.locator('[data-verify="state"]').inner_text()
    visitor.close()
