import pytest

from learning.models import Attempt, CertificationAward
from learning.testing import make_certification, make_course

pytestmark = pytest.mark.django_db


def test_partner_takes_a_course_through_the_api(world, api_client):
    course = make_course(lessons=1, questions=2, passing_score=100)
    make_certification(course)
    client = api_client(world.rep_a)
    listed = client.get("/api/learning/courses").json()
    assert [c["id"] for c in listed["items"]] == [str(course.public_id)]
    detail = client.get(f"/api/learning/courses/{course.public_id}").json()
    lesson_id = detail["lessons"][0]["id"]
    assert client.post(f"/api/learning/lessons/{lesson_id}/done").json()["lessons_done"] == [lesson_id]
    started = client.post(f"/api/learning/courses/{course.public_id}/attempts")
    assert started.status_code == 201
    body = started.json()
    assert "is_correct" not in started.content.decode()
    attempt = Attempt.objects.get(public_id=body["id"])
    answers = {}
    for q in body["questions"]:
        right = attempt.quiz.questions.get(public_id=q["id"]).choices.get(is_correct=True)
        answers[q["id"]] = [str(right.public_id)]
    graded = client.post(
        f"/api/learning/attempts/{attempt.public_id}/submit",
        {"answers": answers},
        content_type="application/json",
    )
    assert graded.status_code == 200, graded.content
    assert graded.json()["passed"] is True
    awards = client.get("/api/learning/awards").json()
    assert awards["count"] == 1 and awards["items"][0]["certificate_url"].startswith("/files/")
    assert awards["items"][0]["actions"] == []


def test_other_partner_sees_nothing(world, api_client):
    course = make_course(lessons=1, questions=0)
    make_certification(course)
    mine = api_client(world.rep_a)
    lesson = course.lessons.get()
    mine.post(f"/api/learning/lessons/{lesson.public_id}/done")
    award = CertificationAward.objects.get()
    other = api_client(world.admin_b)
    assert other.get("/api/learning/progress").json()["count"] == 0
    assert other.get("/api/learning/awards").json()["count"] == 0
    assert other.get(f"/api/learning/awards/{award.public_id}").status_code == 404
    revoke = other.post(
        f"/api/learning/awards/{award.public_id}/revoke", {"reason": "x"}, content_type="application/json"
    )
    assert revoke.status_code == 404
    assert api_client(world.admin_a).get("/api/learning/progress").json()["count"] == 1


def test_staff_revokes_and_manages(world, api_client):
    ops = api_client(world.ops)
    created = ops.post(
        "/api/learning/courses",
        {"title_en": "API course", "status": "published"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    quiz = ops.put(
        f"/api/learning/courses/{course_id}/quiz",
        {"passing_score": 50, "attempt_limit": 2, "time_limit_minutes": 0, "questions_per_attempt": 0},
        content_type="application/json",
    )
    assert quiz.status_code == 200, quiz.content
    question = ops.post(
        f"/api/learning/courses/{course_id}/questions",
        {
            "text_en": "Two?",
            "kind": "single",
            "is_active": True,
            "choices": [{"text_en": "A", "is_correct": True}, {"text_en": "B", "is_correct": False}],
        },
        content_type="application/json",
    )
    assert question.status_code == 201, question.content
    refused = api_client(world.cam).post(
        "/api/learning/courses", {"title_en": "No"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_only_managers_read_the_right_answers(world, api_client):
    course = make_course(lessons=0, questions=2)
    url = f"/api/learning/courses/{course.public_id}/questions"
    pool = api_client(world.marketing).get(url).json()
    assert pool["count"] == 2
    assert [c["is_correct"] for c in pool["items"][0]["choices"]] == [True, False]
    assert api_client(world.cam).get(url).status_code == 403
    assert api_client(world.rep_a).get(url).status_code == 403
