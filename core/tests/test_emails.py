import pytest
from django.core import mail
from django.utils import translation

from accounts.models import User
from programs.services import agreement_publish

pytestmark = pytest.mark.django_db


def test_emails_reach_each_person_in_their_language(world, django_capture_on_commit_callbacks):
    User.objects.filter(pk=world.admin_a.pk).update(language="ru")
    User.objects.filter(pk=world.admin_b.pk).update(language="en")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        agreement_publish(
            actor=world.actor(world.ops),
            kind="partner_agreement",
            data={"title_en": "Partner agreement", "body_en": "Terms."},
        )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Новая версия документа «Партнерское соглашение»" in subjects["admin@alpha.test"]
    assert "New version of the Partner agreement to accept" in subjects["admin@bravo.test"]


def test_the_language_a_person_uses_is_remembered(world, login):
    client = login(world.rep_a)
    client.cookies["django_language"] = "ru"
    assert client.get("/my/").status_code == 200
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
