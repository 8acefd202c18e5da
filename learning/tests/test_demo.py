"""The demo's learning data: two published courses with quizzes, certified people at several partners."""

import pytest
from django.utils import timezone

from learning.models import Attempt, CertificationAward, Course
from learning.selectors import valid_q
from onboarding.models import ChecklistStep

pytestmark = pytest.mark.django_db


def test_demo_has_courses_and_certified_people(demo):
    published = Course.objects.filter(status="published", quiz__isnull=False)
    assert published.count() == 2
    assert all(course.quiz.questions.count() >= 5 for course in published)
    sales = Course.objects.get(title_en__startswith="Sales onboarding")
    step_titles = set(sales.onboarding_steps.values_list("title_en", flat=True))
    assert step_titles == {"Complete sales onboarding training"}
    assert sales.onboarding_steps.count() == ChecklistStep.objects.filter(title_en__in=step_titles).count()
    valid = CertificationAward.objects.filter(valid_q())
    assert valid.values("partner").distinct().count() >= 2
    assert CertificationAward.objects.filter(expires_at__lte=timezone.now()).exists()  # one expired
    assert valid.filter(expires_at__lte=timezone.now() + timezone.timedelta(days=30)).exists()
    assert Attempt.objects.filter(passed=False).exists() and Attempt.objects.filter(passed=True).exists()
