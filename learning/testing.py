"""Test helpers for learning: a published course with lessons and a quiz, and the right answers to it."""

from __future__ import annotations

from typing import Any

from learning.models import Attempt, Certification, Course, Lesson, Question, Quiz


def make_course(
    title: str = "Selling the Road range",
    *,
    lessons: int = 2,
    questions: int = 3,
    per_attempt: int = 0,
    passing_score: int = 60,
    attempt_limit: int = 3,
    time_limit: int = 0,
    status: str = "published",
    **audience: Any,
) -> Course:
    course = Course.objects.create(title_en=title, title_ru=f"{title} (RU)", status=status, **audience)
    for i in range(lessons):
        Lesson.objects.create(course=course, position=i, title_en=f"Lesson {i + 1}", body_en=f"Read **{i}**.")
    if questions:
        quiz = Quiz.objects.create(
            course=course,
            passing_score=passing_score,
            attempt_limit=attempt_limit,
            time_limit_minutes=time_limit,
            questions_per_attempt=per_attempt,
        )
        for i in range(questions):
            question = Question.objects.create(quiz=quiz, position=i, text_en=f"Question {i + 1}?")
            question.choices.create(position=0, text_en=f"Right {i}", is_correct=True)
            question.choices.create(position=1, text_en=f"Wrong {i}", is_correct=False)
    return course


def make_certification(*courses: Course, months: int = 12, title: str = "Road Certified") -> Certification:
    certification = Certification.objects.create(title_en=title, validity_months=months)
    certification.courses.set(courses)
    return certification


def answers(attempt: Attempt, *, right: int | None = None) -> dict[str, list[str]]:
    """Answers to the attempt's drawn questions: the first `right` right (all by default), the rest wrong."""
    out = {}
    for index, pk in enumerate(attempt.question_ids):
        question = Question.objects.get(pk=pk)
        correct = right is None or index < right
        chosen = question.choices.filter(is_correct=correct)
        out[str(question.public_id)] = [str(c.public_id) for c in chosen]
    return out


def finish_lessons(actor, course: Course) -> None:
    from learning.services import lesson_mark_done

    for lesson in course.lessons.all():
        lesson_mark_done(actor=actor, lesson=lesson)


__all__ = ["answers", "finish_lessons", "make_certification", "make_course"]
