import pytest

from core.models import Event
from programs.models import AgreementAcceptance, AgreementVersion, ProgramCharter
from programs.services import agreement_accept, charter_update
from programs.tests.helpers import former_rules_text, nothing_accepted, publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "ops"])
def test_program_page_for_every_staff_role(world, login, who):
    publish()
    response = login(getattr(world, who)).get("/program/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/program/agreements/" in body and "/program/checklists/?partner_type=reseller" in body
    assert ("/program/charter/" in body) == (who == "ops")


def test_program_pages_are_staff_only(world, login, client):
    version = publish()
    for path in (
        "/program/",
        "/program/charter/",
        "/program/agreements/",
        "/program/agreements/new/",
        f"/program/agreements/{version.public_id}/",
    ):
        assert login(world.admin_a).get(path).status_code == 403
        assert client.get(path).status_code == 302  # to sign in


def test_ops_edits_the_charter(world, login):
    client = login(world.ops)
    assert client.get("/program/charter/").status_code == 200
    response = client.post(
        "/program/charter/",
        {"title_en": "Grow with us", "title_ru": "Растите с нами", "body_en": "Together.", "body_ru": ""},
    )
    assert response.status_code == 302 and response["Location"] == "/program/"
    assert ProgramCharter.objects.get().title_ru == "Растите с нами"


def test_invalid_charter_is_shown_again_and_nothing_changes(world, login):
    response = login(world.ops).post("/program/charter/", {"title_en": "", "body_en": ""})
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not ProgramCharter.objects.exists() and not Event.objects.filter(verb="charter.updated").exists()


def test_cam_cannot_open_the_charter_editor(world, login):
    assert login(world.cam).get("/program/charter/").status_code == 403
    assert login(world.cam).post("/program/charter/", {"title_en": "X", "body_en": "Y"}).status_code == 403
    assert not ProgramCharter.objects.exists()


def test_ops_publishes_a_version(world, login):
    client = login(world.ops)
    publish()
    page = client.get("/program/agreements/new/?kind=partner_agreement")
    assert page.status_code == 200 and b"The terms." in page.content  # starts from the current text
    response = client.post(
        "/program/agreements/new/",
        {
            "kind": "partner_agreement",
            "title_en": "Partner agreement",
            "body_en": "New terms.",
            "changes_en": "Shorter payment terms.",
        },
    )
    version = AgreementVersion.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == f"/program/agreements/{version.public_id}/"
    assert version.changes_en == "Shorter payment terms."


def test_publish_form_errors_write_nothing(world, login):
    response = login(world.ops).post(
        "/program/agreements/new/", {"kind": "partner_agreement", "title_en": "X"}
    )
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not AgreementVersion.objects.exists()


def test_cam_cannot_publish(world, login):
    response = login(world.cam).post(
        "/program/agreements/new/", {"kind": "partner_agreement", "title_en": "X", "body_en": "Y"}
    )
    assert response.status_code == 403 and not AgreementVersion.objects.exists()


def test_agreement_list_shows_versions_and_acceptance_counts(world, login):
    v1 = publish()
    agreement_accept(actor=world.actor(world.admin_a), version=v1)
    agreement_accept(actor=world.actor(world.admin_b), version=v1)
    former_rules_text(title="Our old rules")
    body = login(world.cam).get("/program/agreements/").content.decode()
    assert "2 partners" in body and "0 partners" in body and "Rules of engagement (former text)" in body
    assert "Our old rules" in body


def test_version_detail_shows_text_and_acceptances_to_staff(world, login):
    version = publish(body="Clause 1.")
    agreement_accept(actor=world.actor(world.admin_b), version=version, ip_address="198.51.100.4")
    staff = login(world.cam).get(f"/program/agreements/{version.public_id}/").content.decode()
    assert "Clause 1." in staff and "Bravo Trading" in staff and "198.51.100.4" in staff
    # Partners read the current text on their own agreements page; who accepted what is the vendor's.
    assert login(world.admin_a).get(f"/program/agreements/{version.public_id}/").status_code == 403


def test_unknown_version_is_404(world, login):
    missing = "/program/agreements/00000000-0000-0000-0000-000000000000/"
    assert login(world.cam).get(missing).status_code == 404


def test_my_agreements_for_admin_and_rep(world, login):
    from django.utils import translation

    version = publish(title="Partner agreement", title_ru="Партнёрское соглашение", body_ru="Условия.")
    admin_page = login(world.admin_a).get("/my/agreements/").content.decode()
    assert "Partner agreement" in admin_page and f"/my/agreements/{version.public_id}/accept/" in admin_page
    rep_page = login(world.rep_a).get("/my/agreements/").content.decode()
    assert "accept/" not in rep_page and "Only a partner admin" in rep_page
    with translation.override("ru"):
        client = login(world.rep_a)
        client.cookies["django_language"] = "ru"
        ru_page = client.get("/my/agreements/", headers={"accept-language": "ru"}).content.decode()
    assert "Партнёрское соглашение" in ru_page and "Условия." in ru_page


def test_staff_has_no_my_agreements_page(world, login):
    assert login(world.cam).get("/my/agreements/").status_code == 403


def test_admin_accepts_from_the_portal(world, login):
    version = publish()
    client = login(world.admin_a)
    response = client.post(f"/my/agreements/{version.public_id}/accept/")
    assert response.status_code == 302 and response["Location"] == "/my/agreements/"
    acceptance = AgreementAcceptance.objects.get()
    assert acceptance.partner == world.partner_a and acceptance.ip_address == "127.0.0.1"
    page = client.get("/my/agreements/").content.decode()
    assert "accepted" in page and "accept/" not in page


def test_accept_with_htmx_answers_hx_location(world, login):
    version = publish()
    response = login(world.admin_a).post(
        f"/my/agreements/{version.public_id}/accept/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 204 and response["HX-Location"] == "/my/agreements/"


def test_rep_cannot_accept(world, login):
    version = publish()
    assert login(world.rep_a).post(f"/my/agreements/{version.public_id}/accept/").status_code == 403
    assert nothing_accepted()


def test_accepting_an_old_version_shows_an_error_and_changes_nothing(world, login):
    old = publish()
    publish()
    client = login(world.admin_a)
    response = client.post(f"/my/agreements/{old.public_id}/accept/", follow=True)
    assert "no longer current" in response.content.decode()
    assert not AgreementAcceptance.objects.exists()


def test_accept_needs_post(world, login):
    version = publish()
    assert login(world.admin_a).get(f"/my/agreements/{version.public_id}/accept/").status_code == 405


def test_partner_home_asks_to_accept_a_new_version(world, login):
    version = publish()
    agreement_accept(actor=world.actor(world.admin_a), version=version)
    client = login(world.rep_a)
    assert "Action needed" not in client.get("/my/").content.decode()
    publish(title="Partner agreement, 2nd edition")
    assert "Partner agreement, 2nd edition" in client.get("/my/").content.decode()


def test_charter_selector_feeds_public_pages(world):
    from programs.selectors import charter_get

    assert charter_get() is None
    charter_update(actor=world.actor(world.ops), data={"title_en": "Join", "body_en": "Why"})
    assert charter_get().title == "Join"


def test_program_page_links_to_recruitment_targets_when_they_exist(world, login):
    from django.urls import NoReverseMatch, reverse

    try:
        targets = reverse("recruitment:targets")
    except NoReverseMatch:  # the recruitment app may not offer targets yet: the page still renders
        targets = None
    response = login(world.chief).get("/program/")
    assert response.status_code == 200
    if targets:
        assert targets in response.content.decode()
