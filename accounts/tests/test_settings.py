"""One's own settings: the language (an explicit choice that emails follow) and how one hears about each
kind of notification; the page and `/api/me/preferences`."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from core.testing import error_codes, snapshot
from notifications.kinds import Channel
from notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

JSON = "application/json"
APPROVED = "deal_registration.approved"
SUBMITTED = "deal_registration.submitted"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _page_data(form_kinds, **changes):
    return {"language": "en"} | {f"notifications.{verb}": "email" for verb in form_kinds} | changes


def _kinds(response):
    return [name.removeprefix("notifications.") for name in response.context["form"].fields if "." in name]


# ---- the page --------------------------------------------------------------------------------------------


def test_the_page_lists_the_kinds_for_my_side(world, login):
    rep = login(world.rep_a).get("/settings/")
    assert rep.status_code == 200
    assert APPROVED in _kinds(rep) and SUBMITTED not in _kinds(rep)
    assert "agreement.published" not in _kinds(rep)
    admin = login(world.admin_a).get("/settings/")
    assert "agreement.published" in _kinds(admin)
    cam = login(world.cam).get("/settings/")
    assert SUBMITTED in _kinds(cam) and APPROVED not in _kinds(cam)
    page = rep.content.decode()
    assert 'name="notifications.deal_registration.approved"' in page
    assert "Your deal registration approved" in page and "In the app only" in page
    assert f'<label for="id_notifications.{APPROVED}"' in page  # every select has its label


def test_saving_stores_the_language_and_the_choices(world, login):
    client = login(world.rep_a)
    kinds = _kinds(client.get("/settings/"))
    data = _page_data(kinds, language="ru") | {f"notifications.{APPROVED}": "off"}
    response = client.post("/settings/", data)
    assert response.status_code == 302 and response["Location"] == "/settings/"
    assert response.cookies[COOKIE].value == "ru"
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
    stored = dict(NotificationPreference.objects.filter(user=world.rep_a).values_list("kind", "channel"))
    assert stored[APPROVED] == "off" and set(stored) == set(kinds)
    page = client.get("/settings/").content.decode()
    assert "Настройки сохранены." in page  # the next page is in the chosen language
    assert '<option value="off" selected>' in page


def test_a_refused_save_changes_nothing(world, login):
    client = login(world.rep_a)
    User.objects.filter(pk=world.rep_a.pk).update(language="en")
    before = snapshot(world.rep_a)
    kinds = _kinds(client.get("/settings/"))
    for bad in ({"language": "xx"}, {f"notifications.{APPROVED}": "pigeon"}):
        response = client.post("/settings/", _page_data(kinds) | bad)
        assert response.status_code == 200
        assert "Nothing was saved." in response.content.decode()
    assert snapshot(world.rep_a) == before
    assert not NotificationPreference.objects.exists()


def test_the_settings_page_needs_a_signed_in_user(client):
    assert client.get("/settings/").status_code == 302


# ---- the API ---------------------------------------------------------------------------------------------


def test_api_reads_and_changes_my_preferences(world, api_client):
    client = api_client(world.rep_a)
    body = client.get("/api/me/preferences").json()
    kinds = {item["kind"]: item for item in body["notifications"]}
    assert kinds[APPROVED]["channel"] == "email"
    assert kinds[APPROVED]["label"] == "Your deal registration approved"
    assert SUBMITTED not in kinds
    changed = client.put(
        "/api/me/preferences",
        {"language": "ru", "notifications": {APPROVED: "in_app"}},
        content_type=JSON,
    )
    assert changed.status_code == 200
    after = {item["kind"]: item["channel"] for item in changed.json()["notifications"]}
    assert changed.json()["language"] == "ru" and after[APPROVED] == "in_app"
    assert all(channel == "email" for kind, channel in after.items() if kind != APPROVED)  # others kept
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
    # Only what is sent changes.
    rejected = {"notifications": {"deal_registration.rejected": "off"}}
    assert client.put("/api/me/preferences", rejected, content_type=JSON).status_code == 200
    stored = dict(NotificationPreference.objects.filter(user=world.rep_a).values_list("kind", "channel"))
    assert stored == {APPROVED: "in_app", "deal_registration.rejected": "off"}
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
    # Someone else's settings are theirs.
    assert not NotificationPreference.objects.filter(user=world.admin_a).exists()
    assert api_client(world.admin_a).get("/api/me/preferences").json()["language"] is None


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"notifications": {SUBMITTED: "off"}}, f"notifications.{SUBMITTED}", "not_your_kind"),  # staff kind
        ({"notifications": {"no.such": "off"}}, "notifications.no.such", "invalid_choice"),  # unregistered
        ({"notifications": {APPROVED: "pigeon"}}, f"notifications.{APPROVED}", None),
        ({"language": "de"}, "language", None),
        ({"colour": "blue"}, "colour", "unknown_field"),
    ],
)
def test_api_refuses_bad_preferences_and_changes_nothing(world, api_client, body, field, code):
    client = api_client(world.rep_a)
    before = snapshot(world.rep_a)
    response = client.put("/api/me/preferences", body, content_type=JSON)
    assert response.status_code == 422
    codes = error_codes(response)
    assert field in codes
    if code:
        assert codes[field] == code
    assert snapshot(world.rep_a) == before
    assert not NotificationPreference.objects.exists()


def test_a_staff_member_sets_staff_kinds(world, api_client):
    client = api_client(world.cam)
    response = client.put("/api/me/preferences", {"notifications": {SUBMITTED: "off"}}, content_type=JSON)
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=world.cam).channel == Channel.OFF
    assert (
        client.put("/api/me/preferences", {"notifications": {APPROVED: "off"}}, content_type=JSON).status_code
        == 422
    )


# ---- the language: chosen, not guessed -------------------------------------------------------------------


def test_the_language_switch_stores_the_choice(world, login):
    client = login(world.rep_a)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/my/"})
    assert response.status_code == 302
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
    client.post("/i18n/setlang/", {"language": "en", "next": "/my/"})
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "en"


def test_a_browser_asking_for_another_language_does_not_change_the_choice(world, login):
    User.objects.filter(pk=world.rep_a.pk).update(language="en")
    client = login(world.rep_a)
    assert client.get("/my/", headers={"accept-language": "ru"}).status_code == 200
    client.cookies[COOKIE] = "ru"  # an old cookie on another device
    assert client.get("/my/").status_code == 200
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "en"


def test_signing_in_applies_the_stored_language(world):
    world.rep_a.set_password("pw-kanal-123!")
    world.rep_a.language = "ru"
    world.rep_a.save()
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": world.rep_a.email, "password": "pw-kanal-123!"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ru"
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"


def test_signing_in_without_a_choice_keeps_the_language_used(world):
    world.rep_a.set_password("pw-kanal-123!")
    world.rep_a.language = ""
    world.rep_a.save()
    client = Client()
    client.cookies[COOKIE] = "ru"
    response = client.post("/accounts/login/", {"login": world.rep_a.email, "password": "pw-kanal-123!"})
    assert response.status_code == 302
    world.rep_a.refresh_from_db()
    assert world.rep_a.language == "ru"
