import pytest
from django.core import mail

from accounts.testing import make_partner
from core.models import Event
from core.testing import snapshot
from partners.choices import PartnerStatus
from programs.models import ProgramCharter
from recruitment.models import Application, Prospect, RecruitmentTargets
from recruitment.services import application_reject
from recruitment.tests.conftest import application_data, submit

pytestmark = pytest.mark.django_db

APPLY = "/recruitment/apply/"


def _form(**overrides) -> dict:
    data = application_data(**overrides)
    management = {"competing-TOTAL_FORMS": "0", "competing-INITIAL_FORMS": "0"}  # no competing products
    return {k: v for k, v in data.items() if k != "verticals"} | {"verticals": data["verticals"]} | management


# --- public form ------------------------------------------------------------------------------------------


def test_become_partner_page_shows_default_text_and_form(client):
    response = client.get(APPLY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Our partner program" in body
    assert 'class="honeypot"' in body and "Leave this empty" in body
    assert 'name="verticals"' in body and 'name="motivation"' in body


def test_become_partner_page_shows_the_charter(client):
    ProgramCharter.objects.create(title_en="Grow with Kanal", body_en="First line.\n\nSecond paragraph.")
    body = client.get(APPLY).content.decode()
    assert "Grow with Kanal" in body and "<p>Second paragraph.</p>" in body


def test_apply_stores_application_and_redirects(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, _form(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302 and response["Location"] == "/recruitment/apply/thanks/"
    app = Application.objects.get()
    assert app.web_domain == "nordic-gear.example" and app.submitted_ip == "192.0.2.10"
    assert app.verticals == ["retail", "sports"]
    assert len(mail.outbox) == 1
    assert client.get(response["Location"]).status_code == 200


def test_apply_with_errors_rerenders_and_stores_nothing(client):
    response = client.post(APPLY, _form(web_domain="not a domain", contact_email="", company_name=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a web domain such as example.com." in body
    assert 'class="errorlist"' in body
    assert Application.objects.count() == 0 and not Event.objects.exists()


def test_honeypot_pretends_success(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, _form() | {"homepage": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == "/recruitment/apply/thanks/"
    assert Application.objects.count() == 0 and not mail.outbox and not Event.objects.exists()


def test_rate_limit_shows_a_clear_error(client, settings):
    settings.APPLICATIONS_PER_IP_PER_HOUR = 1
    assert client.post(APPLY, _form()).status_code == 302
    response = client.post(APPLY, _form(company_name="Again"))
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Application.objects.count() == 1


# --- staff pages ------------------------------------------------------------------------------------------

STAFF_PAGES = [
    "/recruitment/applications/",
    "/recruitment/prospects/",
    "/recruitment/prospects/?view=board",
    "/recruitment/targets/",
]


def test_partner_users_get_403_on_staff_pages(world, login):
    app = submit()
    prospect = Prospect.objects.create(company_name="P", partner_type="dealer", source="referral")
    pages = [*STAFF_PAGES, "/recruitment/prospects/new/"]
    for user in (world.admin_a, world.rep_a, world.dist_admin):
        client = login(user)
        for url in pages:
            assert client.get(url).status_code == 403, url
        for url in (
            f"/recruitment/applications/{app.public_id}/",
            f"/recruitment/prospects/{prospect.public_id}/",
        ):
            assert client.get(url).status_code in (403, 404), url


def test_anonymous_is_sent_to_login(client):
    response = client.get("/recruitment/applications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_review_queue_filters_and_sorts(world, login, targets):
    low = submit(company_name="Low Fit", web_domain="low.example", region="apac", partner_type="agent")
    high = submit(company_name="High Fit", web_domain="high.example")
    decided = submit(company_name="Decided Co", web_domain="decided.example")
    application_reject(actor=world.actor(world.cam), application=decided, reason="No")
    client = login(world.marketing)
    body = client.get("/recruitment/applications/").content.decode()
    assert body.index("High Fit") < body.index("Low Fit") and "Decided Co" not in body
    assert "Region Europe is a target region (+30)" in body
    body = client.get("/recruitment/applications/?sort=received").content.decode()
    assert body.index("Low Fit") < body.index("High Fit")
    body = client.get("/recruitment/applications/?region=apac").content.decode()
    assert "Low Fit" in body and "High Fit" not in body
    body = client.get("/recruitment/applications/?partner_type=reseller&status=all").content.decode()
    assert "High Fit" in body and "Decided Co" in body and "Low Fit" not in body
    partial = client.get("/recruitment/applications/?status=rejected", headers={"HX-Request": "true"})
    assert "Decided Co" in partial.content.decode() and "<html" not in partial.content.decode()
    assert high.fit_score > low.fit_score


def test_application_detail_shows_reasons_duplicates_and_history(world, login):
    partner = make_partner("Nordic Old", web_domain="nordic-gear.example")
    first = submit()
    second = submit(company_name="Nordic Again")
    body = login(world.cam).get(f"/recruitment/applications/{second.public_id}/").content.decode()
    assert f"/recruitment/applications/{first.public_id}/" in body
    assert f"/partners/{partner.public_id}/" in body
    assert "Application received" in body  # history
    assert "no target set" in body
    assert 'action="/recruitment/applications/' in body  # CAM may decide


def test_marketing_sees_no_decision_buttons_and_cannot_approve(world, login):
    app = submit()
    client = login(world.marketing)
    body = client.get(f"/recruitment/applications/{app.public_id}/").content.decode()
    assert "/approve/" not in body
    before = snapshot(app)
    assert client.post(f"/recruitment/applications/{app.public_id}/approve/").status_code == 403
    assert snapshot(app) == before


def test_approve_through_the_page(world, login, django_capture_on_commit_callbacks):
    app = submit()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.cam).post(f"/recruitment/applications/{app.public_id}/approve/")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "approved" and app.partner.status == PartnerStatus.ONBOARDING
    assert [m.to for m in mail.outbox] == [["anna@nordic-gear.example"]]


def test_reject_through_the_page_needs_a_reason(world, login, django_capture_on_commit_callbacks):
    app = submit()
    client = login(world.chief)
    before = snapshot(app)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/recruitment/applications/{app.public_id}/reject/", {"reason": ""}, follow=True
        )
    assert "Give a reason" in response.content.decode()
    assert snapshot(app) == before and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/recruitment/applications/{app.public_id}/reject/", {"reason": "Not a fit."})
    app.refresh_from_db()
    assert app.status == "rejected" and len(mail.outbox) == 1


def test_targets_page(world, login):
    cam_page = login(world.cam).get("/recruitment/targets/")
    assert cam_page.status_code == 200 and "Save targets" not in cam_page.content.decode()
    assert login(world.cam).post("/recruitment/targets/", {"weight_region": 100}).status_code == 403
    client = login(world.ops)
    data = {
        "regions": ["europe"],
        "verticals": ["retail"],
        "weight_region": 50,
        "weight_verticals": 20,
        "weight_type": 20,
        "weight_size": 20,
    }
    response = client.post("/recruitment/targets/", data)
    assert response.status_code == 200 and "must add up to 100" in response.content.decode()
    assert not RecruitmentTargets.objects.exists()
    response = client.post("/recruitment/targets/", data | {"weight_region": 40})
    assert response.status_code == 302
    targets = RecruitmentTargets.objects.get()
    assert targets.regions == ["europe"] and targets.weight_region == 40 and targets.updated_by == world.ops


# --- prospects --------------------------------------------------------------------------------------------


def test_prospect_pages_create_edit_stage_convert(world, login):
    client = login(world.cam)
    assert client.get("/recruitment/prospects/new/").status_code == 200
    response = client.post(
        "/recruitment/prospects/new/",
        {
            "company_name": "Tallinn Trade",
            "partner_type": "distributor",
            "source": "trade_show",
            "web_domain": "tallinn-trade.example",
            "region": "europe",
            "country": "EE",
        },
    )
    assert response.status_code == 302
    prospect = Prospect.objects.get()
    assert prospect.owner == world.cam
    url = f"/recruitment/prospects/{prospect.public_id}/"
    assert response["Location"] == url
    body = client.get(url).content.decode()
    assert "Prospect created" in body and "contact name, contact email" in body

    assert client.get(f"{url}edit/").status_code == 200
    form = {
        "company_name": "Tallinn Trade",
        "partner_type": "distributor",
        "source": "trade_show",
        "web_domain": "tallinn-trade.example",
        "region": "europe",
        "country": "EE",
        "contact_name": "Kadri",
        "contact_email": "kadri@tallinn-trade.example",
    }
    assert client.post(f"{url}edit/", form).status_code == 302

    client.post(f"{url}stage/", {"stage": "qualified", "next_step": "Call", "next_step_date": "2030-01-15"})
    prospect.refresh_from_db()
    assert prospect.stage == "qualified" and prospect.next_step == "Call"
    assert str(prospect.next_step_date) == "2030-01-15"

    response = client.post(f"{url}convert/")
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/recruitment/applications/{app.public_id}/"
    prospect.refresh_from_db()
    assert prospect.stage == "converted" and app.source == "outbound"


def test_convert_page_shows_what_is_missing(world, login):
    prospect = Prospect.objects.create(company_name="Bare", partner_type="dealer", source="referral")
    before = snapshot(prospect)
    response = login(world.chief).post(f"/recruitment/prospects/{prospect.public_id}/convert/", follow=True)
    assert "Before converting, fill in:" in response.content.decode()
    assert snapshot(prospect) == before and not Application.objects.exists()


def test_prospect_list_filters_and_board(world, login):
    def make(name, **kw):
        Prospect.objects.create(company_name=name, partner_type="dealer", **({"source": "referral"} | kw))

    make("Mine Open", owner=world.cam)
    make("Chief Open", source="outreach", owner=world.chief)
    make("Mine Lost", owner=world.cam, stage="lost")
    client = login(world.cam)
    body = client.get("/recruitment/prospects/").content.decode()
    assert "Mine Open" in body and "Chief Open" in body and "Mine Lost" not in body
    body = client.get("/recruitment/prospects/?owner=mine&stage=all").content.decode()
    assert "Mine Open" in body and "Mine Lost" in body and "Chief Open" not in body
    body = client.get("/recruitment/prospects/?source=outreach").content.decode()
    assert "Chief Open" in body and "Mine Open" not in body
    board = client.get("/recruitment/prospects/?view=board").content.decode()
    assert 'class="board"' in board and "Mine Lost" in board and "Chief Open" in board


def test_marketing_reads_prospects_but_cannot_write(world, login):
    prospect = Prospect.objects.create(company_name="Read Only", partner_type="dealer", source="referral")
    client = login(world.marketing)
    assert client.get(f"/recruitment/prospects/{prospect.public_id}/").status_code == 200
    assert client.get("/recruitment/prospects/new/").status_code == 403
    before = snapshot(prospect)
    url = f"/recruitment/prospects/{prospect.public_id}/"
    assert client.post(f"{url}stage/", {"stage": "lost"}).status_code == 403
    assert client.post(f"{url}convert/").status_code == 403
    assert client.post(f"{url}edit/", {"company_name": "Hijack"}).status_code == 403
    assert snapshot(prospect) == before


def test_list_pages_keep_a_query_budget(world, login, django_assert_max_num_queries):
    for i in range(30):
        submit(company_name=f"Company {i}", web_domain=f"company{i}.example", ip=f"192.0.2.{i}")
        Prospect.objects.create(
            company_name=f"Prospect {i}",
            partner_type="dealer",
            source="referral",
            owner=world.cam if i % 2 else world.chief,
        )
    client = login(world.cam)
    client.get("/recruitment/applications/")  # warm the session and content types
    for url in STAFF_PAGES[:3]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_pages_render_in_russian(world, login, targets):
    app = submit()
    client = login(world.cam)
    body = client.get(f"/recruitment/applications/{app.public_id}/", headers={"Accept-Language": "ru"})
    english = client.get(f"/recruitment/applications/{app.public_id}/", headers={"Accept-Language": "en"})
    assert "Region Europe is a target region" in english.content.decode()
    assert "Region Europe is a target region" not in body.content.decode()
