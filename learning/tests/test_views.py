"""Learning pages: the catalogue, taking a course and its quiz, certificates, the team page, revocation, the
staff editor, analytics, and the public verification page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from learning.models import Attempt, CertificationAward, Course, Lesson, Question
from learning.testing import make_certification, make_course

pytestmark = pytest.mark.django_db


def test_catalogue_shows_what_is_meant_for_the_partner(world, login):
    mine = make_course("For Europe", regions=["europe"])
    make_course("For America", regions=["north_america"])
    make_course("Draft", status="draft")
    page = login(world.rep_a).get("/learning/")
    assert page.status_code == 200
    assert [c.pk for c in page.context["page"]] == [mine.pk]
    assert "Not started" in page.content.decode()
    login(world.rep_a).post(f"/learning/lessons/{mine.lessons.first().public_id}/done/")
    assert "In progress" in login(world.rep_a).get("/learning/").content.decode()
    staff = login(world.cam).get("/learning/")
    assert len(staff.context["page"]) == 3


def test_rep_takes_course_fails_then_passes(world, login):
    course = make_course(lessons=1, questions=2, passing_score=100)
    certification = make_certification(course)
    client = login(world.rep_a)
    assert client.get(f"/learning/courses/{course.public_id}/").status_code == 200
    lesson = course.lessons.get()
    assert client.get(f"/learning/lessons/{lesson.public_id}/").status_code == 200
    client.post(f"/learning/lessons/{lesson.public_id}/done/")
    for right in (False, True):
        started = client.post(f"/learning/courses/{course.public_id}/quiz/")
        attempt = Attempt.objects.filter(user=world.rep_a).order_by("-id").first()
        assert started["Location"] == f"/learning/attempts/{attempt.public_id}/"
        page = client.get(started["Location"])
        assert page.status_code == 200
        assert b"is_correct" not in page.content
        data = {}
        for pk in attempt.question_ids:
            choice = Question.objects.get(pk=pk).choices.get(is_correct=right)
            data[f"q-{Question.objects.get(pk=pk).public_id}"] = str(choice.public_id)
        client.post(started["Location"], data)
        attempt.refresh_from_db()
        assert attempt.passed is right
    award = CertificationAward.objects.get(user=world.rep_a, certification=certification)
    mine = client.get("/learning/mine/")
    assert certification.title_en.encode() in mine.content
    link = mine.context["awards"][0][1]
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # someone else's signed link opens nothing
    assert login(world.admin_a).get(link).status_code == 404
    public = Client().get(f"/verify/{award.code}")
    assert public.status_code == 200
    assert b"Alpha Systems" in public.content and b"rep@alpha.test" not in public.content


def test_verify_never_shows_an_email(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    world.rep_a.full_name = ""
    world.rep_a.save()
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    page = Client().get(f"/verify/{CertificationAward.objects.get().code}").content.decode()
    assert "rep@alpha.test" not in page and "R***" in page


def test_verify_unknown_code_is_404(world):
    assert Client().get("/verify/nope").status_code == 404


def test_verify_shows_revoked(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    award = CertificationAward.objects.get()
    award.revoked_at = timezone.now()
    award.save()
    assert b"Revoked" in Client().get(f"/verify/{award.code}").content


def test_partner_cannot_open_another_partners_attempt(world, login):
    course = make_course(lessons=0)
    login(world.rep_b).post(f"/learning/courses/{course.public_id}/quiz/")
    attempt = Attempt.objects.get()
    assert login(world.admin_a).get(f"/learning/attempts/{attempt.public_id}/").status_code == 404
    # the same partner's admin reads the row but the quiz page is the taker's own
    assert login(world.admin_b).get(f"/learning/attempts/{attempt.public_id}/").status_code == 404


def test_team_page(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course, months=1)
    for user in (world.rep_a, world.admin_a, world.rep_b):
        login(user).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    admin = login(world.admin_a).get("/learning/team/")
    assert {a.user for a in admin.context["page"]} == {world.rep_a, world.admin_a}
    assert len(admin.context["expiring"]) == 2
    rep = login(world.rep_a).get("/learning/team/")
    assert {a.user for a in rep.context["page"]} == {world.rep_a}
    staff = login(world.chief).get("/learning/team/")
    assert len(staff.context["page"]) == 3


def test_revoke_page(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    award = CertificationAward.objects.get()
    url = f"/learning/awards/{award.public_id}/revoke/"
    assert login(world.cam).post(url, {"reason": "x"}).status_code == 403
    assert snapshot(award)["revoked_at"] is None
    refused = login(world.chief).post(url, {"reason": ""})
    assert refused.status_code == 200 and snapshot(award)["revoked_at"] is None
    assert login(world.chief).post(url, {"reason": "Exam leaked"}).status_code == 302
    assert snapshot(award)["revoke_reason"] == "Exam leaked"
    assert Event.objects.filter(verb="learning.award_revoked").count() == 1


def test_staff_builds_a_course(world, login):
    client = login(world.marketing)
    created = client.post(
        "/learning/manage/new/", {"title_en": "Pricing 101", "status": "published", "regions": ["europe"]}
    )
    course = Course.objects.get(title_en="Pricing 101")
    assert created.status_code == 302 and course.regions == ["europe"]
    assert client.get(f"/learning/manage/{course.public_id}/").status_code == 200
    client.post(
        f"/learning/manage/{course.public_id}/lessons/new/", {"title_en": "Price lists", "kind": "text"}
    )
    assert Lesson.objects.filter(course=course).count() == 1
    client.post(
        f"/learning/manage/{course.public_id}/quiz/",
        {"passing_score": 50, "attempt_limit": 2, "time_limit_minutes": 10, "questions_per_attempt": 0},
    )
    course.refresh_from_db()
    assert course.quiz.time_limit_minutes == 10
    form = {
        "text_en": "Which discount?",
        "kind": "single",
        "is_active": "on",
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "0",
        "choices-0-text_en": "Ten",
        "choices-0-is_correct": "on",
        "choices-1-text_en": "Fifty",
        "choices-2-text_en": "",
    }
    assert client.post(f"/learning/manage/{course.public_id}/questions/new/", form).status_code == 302
    question = course.quiz.questions.get()
    assert list(question.choices.values_list("text_en", "is_correct")) == [("Ten", True), ("Fifty", False)]
    refused = dict(form, **{"choices-1-is_correct": "on"})
    page = client.post(f"/learning/manage/{course.public_id}/questions/new/", refused)
    assert page.status_code == 200 and course.quiz.questions.count() == 1
    cam = login(world.cam)
    assert cam.get(f"/learning/manage/{course.public_id}/").status_code == 200  # CAMs read
    assert cam.post(f"/learning/manage/{course.public_id}/", {"title_en": "Hijack"}).status_code == 403


def test_staff_pages_open(world, login):
    course = make_course()
    make_certification(course)
    client = login(world.chief)
    for url in (
        "/learning/certifications/",
        "/learning/certified/",
        "/learning/analytics/",
        "/learning/team/",
    ):
        assert client.get(url).status_code == 200, url
    assert login(world.rep_a).get("/learning/analytics/").status_code == 403


def test_analytics_figures(world, login):
    course = make_course(lessons=0, questions=2, passing_score=100)
    make_certification(course)
    client = login(world.rep_a)
    for _ in range(2):
        client.post(f"/learning/courses/{course.public_id}/quiz/")
        attempt = Attempt.objects.filter(submitted_at=None).get()
        data = {}
        for pk in attempt.question_ids:
            question = Question.objects.get(pk=pk)
            data[f"q-{question.public_id}"] = str(question.choices.get(is_correct=True).public_id)
        first = Question.objects.get(pk=attempt.question_ids[0])
        if attempt.number == 1:
            data[f"q-{first.public_id}"] = str(first.choices.get(is_correct=False).public_id)
        client.post(f"/learning/attempts/{attempt.public_id}/", data)
    page = login(world.chief).get("/learning/analytics/")
    row = page.context["courses"][0]
    assert (row["course"].enrolled, row["completion"], row["pass_rate"]) == (1, 100, 50)
    failed = list(page.context["failed"])
    assert failed[0]["wrong"] == 1 and failed[0]["answered"] == 2


def test_course_list_query_budget(world, login):
    client = login(world.rep_a)
    make_course("One")
    client.get("/learning/")  # the session's first request writes what later ones only read
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/")
    for i in range(5):
        make_course(f"More {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/")
    assert len(many) == len(few)


def test_team_list_query_budget(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    client = login(world.chief)
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    client.get("/learning/team/")
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/team/")
    for user in (world.admin_a, world.rep_b, world.admin_b):
        login(user).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/team/")
    assert len(many) == len(few)


def test_file_lesson_upload_and_signed_download(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = make_course(lessons=0, questions=0)
    pdf = SimpleUploadedFile(
        "pricing.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    staff = login(world.ops)
    answer = staff.post(
        f"/learning/manage/{course.public_id}/lessons/new/",
        {"title_en": "Price list", "kind": "file", "file": pdf},
    )
    assert answer.status_code == 302
    lesson = course.lessons.get()
    assert lesson.file_type == "pdf"
    page = login(world.rep_a).get(f"/learning/lessons/{lesson.public_id}/")
    link = page.context["file_url"]
    download = login(world.rep_a).get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert login(world.rep_b).get(link).status_code == 404  # the link is the rep's own
    refused = staff.post(
        f"/learning/manage/{course.public_id}/lessons/new/",
        {"title_en": "Fake", "kind": "video", "file": SimpleUploadedFile("x.mp4", b"<html><script>")},
    )
    assert refused.status_code == 200 and course.lessons.count() == 1


def test_progress_list_per_person(world, login):
    course = make_course(lessons=2, questions=0)
    for user in (world.rep_a, world.admin_a, world.rep_b):
        login(user).post(f"/learning/lessons/{course.lessons.first().public_id}/done/")

    def people(user, query=""):
        page = login(user).get(f"/learning/progress/{query}")
        assert page.status_code == 200
        return {e.user for e in page.context["page"]}

    assert people(world.rep_a) == {world.rep_a}
    assert people(world.admin_a) == {world.rep_a, world.admin_a}
    assert people(world.admin_b) == {world.rep_b}
    assert people(world.cam) == {world.rep_a, world.admin_a, world.rep_b}
    assert people(world.cam, "?state=completed") == set()
    assert people(world.cam, "?q=bravo") == {world.rep_b}


def test_progress_list_query_budget(world, login):
    course = make_course(lessons=1, questions=0)
    client = login(world.chief)
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    client.get("/learning/progress/")
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/progress/")
    for user in (world.admin_a, world.rep_b, world.admin_b):
        login(user).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/progress/")
    assert len(many) == len(few)


def test_staff_partner_page_lists_certified_people(world, login):
    course = make_course(lessons=1, questions=0)
    make_certification(course, title="Road Certified")
    login(world.rep_a).post(f"/learning/lessons/{course.lessons.get().public_id}/done/")
    page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/?tab=team")
    assert page.status_code == 200
    assert "Road Certified" in page.content.decode()
    other = login(world.cam).get(f"/partners/{world.partner_b.public_id}/?tab=team")
    assert "Road Certified" not in other.content.decode()


def test_staff_reorders_lessons(world, login):
    course = make_course(lessons=3, questions=0)
    first, second, third = course.lessons.order_by("position")
    client = login(world.ops)
    client.post(f"/learning/manage/lessons/{third.public_id}/move/", {"direction": "up"})
    assert list(course.lessons.order_by("position").values_list("title_en", flat=True)) == [
        "Lesson 1",
        "Lesson 3",
        "Lesson 2",
    ]
    assert (
        login(world.cam)
        .post(f"/learning/manage/lessons/{first.public_id}/move/", {"direction": "down"})
        .status_code
        == 403
    )
    assert course.lessons.order_by("position").first() == first
