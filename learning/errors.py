"""Stable error codes of courses and certifications: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class LearningErrorCode(StrEnum):
    NOT_PUBLISHED = "not_published"  # only a published course can be taken
    NO_QUIZ = "no_quiz"  # the course has no quiz, or its pool holds no question
    LESSONS_FIRST = "lessons_first"  # the quiz opens once every lesson is done
    ALREADY_PASSED = "already_passed"  # the course is completed: retake it to try again
    ATTEMPTS_EXHAUSTED = "attempts_exhausted"  # the quiz's attempt limit is reached
    ATTEMPT_CLOSED = "attempt_closed"  # the attempt was submitted already
    NOT_IN_ATTEMPT = "not_in_attempt"  # an answer names a question or choice not drawn for this attempt
    ONE_ANSWER = "one_answer"  # a single-choice question takes one answer
    NOT_COMPLETED = "not_completed"  # only a completed course can be retaken
    ALREADY_REVOKED = "already_revoked"
    NO_RIGHT_ANSWER = "no_right_answer"  # a question needs at least one right answer
    TOO_FEW_ANSWERS = "too_few_answers"  # a question needs at least two answers
    ONE_RIGHT_ANSWER = "one_right_answer"  # a single-choice question has exactly one right answer
    PERSONAL = "personal"  # taking a course is for a person, not for someone acting on their behalf
