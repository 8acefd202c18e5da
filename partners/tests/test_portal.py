"""The partner portal's own pages: home, company profile and a distributor's resellers."""

import re

import pytest

from core.models import Event
from core.testing import snapshot
from partners.models import Partner

pytestmark = pytest.mark.django_db

CITY_INPUT_DISABLED = re.compile(rb'<input[^>]*name="city"[^>]*\bdisabled\b')


def profile_data(partner: Partner, **changes) -> dict:
    data = {
        "name": partner.name,
        "legal_name": partner.legal_name,
        "tax_id": partner.tax_id,
        "web_domain": partner.web_domain,
        "country": partner.country.code,
        "city": partner.city,
        "phone": partner.phone,
        "size": partner.size,
        "description": partner.description,
        "verticals": partner.verticals,
        "capabilities": partner.capabilities,
    }
    return data | changes


def test_home_shows_the_partner_its_team_and_manager(world, login):
    page = login(world.rep_a).get("/my/")
    assert page.status_code == 200
    assert page.context["partner"] == world.partner_a
    content = page.content.decode()
    assert "Alpha Systems" in content and "cam@vendor.test" in content
    assert {m.user for m in page.context["team"]} == {world.admin_a, world.rep_a}
    assert "Bravo Trading" not in content
    assert "View profile" in content  # a rep may not edit


def test_home_of_a_distributor_lists_its_resellers(world, login):
    page = login(world.dist_admin).get("/my/")
    assert page.status_code == 200
    assert list(page.context["resellers"]) == [world.reseller]
    assert f"/my/resellers/{world.reseller.public_id}/" in page.content.decode()
    assert "Edit profile" in page.content.decode()


def test_home_needs_a_partner_user(world, login, client):
    assert login(world.cam).get("/my/").status_code == 403
    anonymous = client.get("/my/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_admin_sees_and_saves_the_profile(world, login):
    client = login(world.admin_a)
    page = client.get("/my/profile/")
    assert page.status_code == 200
    assert page.context["editable"] is True
    assert b"Save profile" in page.content
    assert b'name="city"' in page.content and not CITY_INPUT_DISABLED.search(page.content)

    response = client.post(
        "/my/profile/",
        profile_data(
            world.partner_a,
            city="Munich",
            web_domain="https://www.alpha-new.example/",
            verticals=["retail", "sports"],
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/my/profile/"
    partner = Partner.objects.get(pk=world.partner_a.pk)
    assert partner.city == "Munich" and partner.web_domain == "alpha-new.example"
    assert partner.verticals == ["retail", "sports"]
    event = Event.objects.get(verb="partner.updated")
    assert event.actor == world.admin_a and event.partner == world.partner_a
    assert set(event.after) == {"city", "web_domain", "verticals"}


def test_profile_form_cannot_reach_vendor_fields(world, login):
    before = snapshot(world.partner_a)
    login(world.admin_a).post(
        "/my/profile/",
        profile_data(
            world.partner_a, tier="platinum", cam="", partner_type="distributor", status="offboarded"
        ),
    )
    after = snapshot(world.partner_a)
    for field in ("tier", "cam_id", "partner_type", "status", "parent_id"):
        assert after[field] == before[field]


def test_profile_with_an_invalid_domain_is_shown_again_and_nothing_changes(world, login):
    before = snapshot(world.partner_a)
    response = login(world.admin_a).post(
        "/my/profile/", profile_data(world.partner_a, web_domain="not a domain", city="Munich")
    )
    assert response.status_code == 200
    assert "web_domain" in response.context["form"].errors
    assert b"Enter a web domain such as example.com." in response.content
    assert snapshot(world.partner_a) == before
    assert not Event.objects.exists()


def test_rep_sees_a_disabled_profile_and_cannot_post(world, login):
    client = login(world.rep_a)
    page = client.get("/my/profile/")
    assert page.status_code == 200
    assert page.context["editable"] is False
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert CITY_INPUT_DISABLED.search(page.content)
    assert b"Save profile" not in page.content
    assert b"Only a partner admin can change the profile." in page.content

    before = snapshot(world.partner_a)
    response = client.post("/my/profile/", profile_data(world.partner_a, city="Nowhere"))
    assert response.status_code == 403
    assert snapshot(world.partner_a) == before
    assert not Event.objects.exists()


def test_profile_always_edits_the_actors_own_partner(world, login):
    before_b = snapshot(world.partner_b)
    login(world.admin_a).post("/my/profile/", profile_data(world.partner_b, city="Hijacked"))
    assert snapshot(world.partner_b) == before_b
    assert Partner.objects.get(pk=world.partner_a.pk).city == "Hijacked"  # only their own row


def test_distributor_lists_its_resellers(world, login):
    page = login(world.dist_admin).get("/my/resellers/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Rho Retail" in content
    assert "Alpha Systems" not in content and "Bravo Trading" not in content


def test_a_non_distributor_has_no_resellers(world, login):
    page = login(world.admin_a).get("/my/resellers/")
    assert page.status_code == 200
    assert b"No resellers are attached to you." in page.content
    assert b"Rho Retail" not in page.content


def test_distributor_opens_its_resellers_page(world, login):
    page = login(world.dist_admin).get(f"/my/resellers/{world.reseller.public_id}/")
    assert page.status_code == 200
    assert page.context["reseller"] == world.reseller
    assert {m.user for m in page.context["team"]} == {world.reseller_admin}


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("dist_admin", "partner_a"),  # visible to nobody but staff and A
        ("dist_admin", "distributor"),  # its own company is not its reseller
        ("reseller_admin", "distributor"),  # never upwards
        ("reseller_admin", "reseller"),
        ("admin_a", "reseller"),
        ("admin_a", "partner_a"),
    ],
)
def test_a_partner_that_is_not_ones_reseller_is_404(world, login, persona, target):
    partner = getattr(world, target)
    response = login(getattr(world, persona)).get(f"/my/resellers/{partner.public_id}/")
    assert response.status_code == 404
