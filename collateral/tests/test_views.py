"""The collateral pages: staff list, form, template page, preview; the partners' page and downloads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collateral.models import CollateralTemplate, GeneratedCollateral
from collateral.services import collateral_generate
from collateral.testing import FLYER_EN, published_template
from core.models import Event

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return (
        b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    )


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        _body(response)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def _templates(world, n, *, start=0):
    for i in range(start, start + n):
        published_template(world.actor(world.marketing), title_en=f"Budget {i}", source_en=FLYER_EN)


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("cam", "/collateral/"),
        ("marketing", "/collateral/?status=published&sort=-title&q=budget"),
        ("rep_a", "/collateral/mine/"),
        ("cam", "/api/collateral/templates"),
        ("rep_a", "/api/collateral/templates?q=budget"),
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, user, path):
    person = getattr(world, user)
    client = api_client(person) if path.startswith("/api/") else login(person)
    _templates(world, 1)
    _queries(client, path)
    few = _queries(client, path)
    _templates(world, 8, start=1)
    assert _queries(client, path) == few


def test_marketing_creates_a_template_on_the_page_and_a_broken_source_is_shown(world, login):
    client = login(world.marketing)
    assert client.get("/collateral/new/").status_code == 200
    broken = client.post("/collateral/new/", {"title_en": "Broken", "source_en": "#let x = "})
    assert broken.status_code == 200 and "does not compile" in broken.content.decode()
    assert not CollateralTemplate.objects.exists()
    created = client.post("/collateral/new/", {"title_en": "Flyer", "source_en": FLYER_EN})
    assert created.status_code == 302
    template = CollateralTemplate.objects.get()
    page = client.get(f"/collateral/{template.public_id}/")
    assert page.status_code == 200 and "Publish the newest version" in page.content.decode()
    assert client.post(f"/collateral/{template.public_id}/publish/").status_code == 302
    template.refresh_from_db()
    assert template.status == "published" and template.current_version.number == 1


def test_a_cam_reads_but_may_not_write(world, login):
    template = published_template(world.actor(world.marketing))
    client = login(world.cam)
    assert client.get("/collateral/").status_code == 200
    page = client.get(f"/collateral/{template.public_id}/").content.decode()
    assert "Archive" not in page and "/edit/" not in page
    assert client.get("/collateral/new/").status_code == 403
    assert client.post("/collateral/new/", {"title_en": "X", "source_en": FLYER_EN}).status_code == 403
    assert client.post(f"/collateral/{template.public_id}/archive/").status_code == 403
    template.refresh_from_db()
    assert template.status == "published"
    assert not Event.objects.filter(verb="collateral.template_archived").exists()


def test_staff_preview_a_draft_for_a_chosen_partner(world, login):
    template = published_template(world.actor(world.marketing))
    response = login(world.cam).get(
        f"/collateral/{template.public_id}/preview/?partner={world.partner_b.public_id}&language=ru"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert _body(response).startswith(b"%PDF")
    assert not GeneratedCollateral.objects.exists()  # a preview stores nothing
    assert login(world.cam).get(f"/collateral/{template.public_id}/preview/?partner=nope").status_code == 422


def test_a_partner_downloads_its_version_from_its_page(world, login):
    template = published_template(world.actor(world.marketing))
    client = login(world.rep_a)
    page = client.get("/collateral/mine/").content.decode()
    url = f"/collateral/mine/{template.public_id}/en.pdf"
    assert url in page and "Spring flyer" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Alpha Systems" in response["Content-Disposition"]
    first = _body(response)
    assert first.startswith(b"%PDF")
    # The second click is the cache: one query to find the file (the rest is the session and the actor).
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
        assert _body(again) == first
    assert len([q for q in ctx.captured_queries if "collateral_generatedcollateral" in q["sql"]]) == 1
    assert not any("INSERT" in q["sql"] for q in ctx.captured_queries)


def test_a_partner_outside_the_audience_gets_404(world, login):
    template = published_template(world.actor(world.marketing), regions=["latin_america"])
    client = login(world.admin_a)
    assert str(template.public_id) not in client.get("/collateral/mine/").content.decode()
    assert client.get(f"/collateral/mine/{template.public_id}/en.pdf").status_code == 404
    assert client.get(f"/collateral/mine/{template.public_id}/de.pdf").status_code == 404
    assert not GeneratedCollateral.objects.exists()


def test_partners_have_no_staff_pages(world, login):
    template = published_template(world.actor(world.marketing))
    client = login(world.admin_a)
    for path in ("/collateral/", "/collateral/new/", f"/collateral/{template.public_id}/"):
        assert client.get(path).status_code == 403, path


def test_the_generated_file_is_reachable_only_through_its_partner(world, login):
    from collateral.downloads import signed_link

    template = published_template(world.actor(world.marketing))
    bravo_file = collateral_generate(actor=world.actor(world.admin_b), template=template, language="en")
    assert login(world.admin_b).get(signed_link(bravo_file, user_id=world.admin_b.pk)).status_code == 200
    # A link made for Alpha's admin to Bravo's file opens nothing: the source reads through visible_to.
    assert login(world.admin_a).get(signed_link(bravo_file, user_id=world.admin_a.pk)).status_code == 404
