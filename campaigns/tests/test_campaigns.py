from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from campaigns.errors import CampaignErrorCode as E
from campaigns.models import CampaignKit, KitMessage, Launch, PageView
from campaigns.numbers import kit_numbers, launch_numbers
from campaigns.placeholders import fill, unknown_placeholders
from campaigns.rules import allowed_actions
from campaigns.services import (
    kit_create,
    kit_publish,
    kit_retire,
    kit_update,
    landing_submit,
    launch_create,
    message_add,
    page_viewed,
)
from campaigns.testing import published_kit
from core.events import Event
from core.inputs import InputInvalid
from core.testing import snapshot
from leads.models import Lead, LeadAssignment
from referrals.clicks import COOKIE
from referrals.models import Attribution, ReferralLink

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
VISITOR = {
    "company_name": "Contoso Cycling",
    "contact_name": "Vera Visitor",
    "contact_email": "vera@contoso.example",
}


@pytest.fixture
def marketing(world):
    return world.actor(world.marketing)


@pytest.fixture
def kit(marketing):
    return published_kit(marketing)


@pytest.fixture
def launch(world, kit):
    return launch_create(actor=world.actor(world.admin_a), kit=kit)[0]


# --- kits --------------------------------------------------------------------------------------------------


def test_kit_lifecycle(world, marketing):
    kit = kit_create(actor=marketing, data={"title_en": "Spring bikes"})
    assert kit.status == "draft" and kit.slug == "spring-bikes"
    assert allowed_actions(marketing, kit) == ["edit"]  # no landing page yet: not publishable
    kit_update(actor=marketing, kit=kit, data={"landing_en": "## Hello\n\nText"})
    assert "publish" in allowed_actions(marketing, kit)
    kit = kit_publish(actor=marketing, kit=kit)
    assert kit.status == "published" and kit.published_at is not None
    assert allowed_actions(marketing, kit) == ["edit", "retire"]
    kit = kit_retire(actor=marketing, kit=kit)
    assert kit.status == "retired" and allowed_actions(marketing, kit) == []
    before = snapshot(kit)
    with pytest.raises(ValidationError) as refused:
        kit_update(actor=marketing, kit=kit, data={"title_en": "Changed"})
    assert refused.value.error_dict["status"][0].code == E.RETIRED and snapshot(kit) == before
    verbs = list(Event.objects.filter(target_id=kit.pk).values_list("verb", flat=True).order_by("id"))
    assert verbs[0] == "campaign_kit.created" and verbs[-1] == "campaign_kit.retired"
    # a second kit of the same title gets its own address; the address stays when the title changes
    other = kit_create(actor=marketing, data={"title_en": "Spring bikes"})
    assert other.slug == "spring-bikes-2"
    kit_update(actor=marketing, kit=other, data={"title_en": "Autumn"})
    other.refresh_from_db()
    assert other.slug == "spring-bikes-2"


def test_kit_needs_manage_permission(world):
    with pytest.raises(PermissionDenied):
        kit_create(actor=world.actor(world.cam), data={"title_en": "x"})
    with pytest.raises(PermissionDenied):
        kit_create(actor=world.actor(world.admin_a), data={"title_en": "x"})
    assert not CampaignKit.objects.exists()


def test_unknown_placeholders_refused(world, marketing):
    kit = kit_create(actor=marketing, data={"title_en": "Kit"})
    with pytest.raises(InputInvalid) as refused:
        message_add(
            actor=marketing, kit=kit, data={"kind": "email", "subject_en": "Hi {name}", "body_en": "x"}
        )
    assert refused.value.error_dict["subject_en"][0].code == E.UNKNOWN_PLACEHOLDER
    with pytest.raises(InputInvalid) as refused:
        message_add(actor=marketing, kit=kit, data={"kind": "social", "body_en": "See {landing_link}"})
    assert refused.value.error_dict["body_en"][0].code == E.UNKNOWN_PLACEHOLDER
    with pytest.raises(InputInvalid) as refused:
        message_add(actor=marketing, kit=kit, data={"kind": "email", "body_en": "no subject"})
    assert refused.value.error_dict["subject_en"][0].code == E.SUBJECT_MISSING
    with pytest.raises(InputInvalid) as refused:
        kit_update(actor=marketing, kit=kit, data={"landing_ru": "Привет, {партнер}"})
    assert refused.value.error_dict["landing_ru"][0].code == E.UNKNOWN_PLACEHOLDER
    assert not KitMessage.objects.exists()
    assert unknown_placeholders("{partner_name} {x} {}") == ["", "x"]
    assert fill("{partner_name} {other} {", {"partner_name": "Alpha"}) == "Alpha {other} {"


def test_image_png_or_jpeg_only(world, marketing):
    gif = SimpleUploadedFile(
        "a.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    )
    with pytest.raises(InputInvalid) as refused:
        kit_create(actor=marketing, data={"title_en": "Kit", "image": gif})
    assert refused.value.error_dict["image"][0].code == E.IMAGE_TYPE
    kit = kit_create(actor=marketing, data={"title_en": "Kit", "image": SimpleUploadedFile("a.png", PNG)})
    assert kit.image.name.endswith(".png")


# --- launches ----------------------------------------------------------------------------------------------


def test_launch_once_per_partner_and_kit(world, kit):
    admin, rep = world.actor(world.admin_a), world.actor(world.rep_a)
    launch, created = launch_create(actor=admin, kit=kit)
    assert created and launch.partner == world.partner_a and launch.launched_by == world.admin_a
    assert launch.landing_path == "/p/alpha-systems/spring-bikes/"
    assert launch.link.destination == launch.landing_path and launch.link.partner == world.partner_a
    again, created_again = launch_create(actor=rep, kit=kit)
    assert again.pk == launch.pk and not created_again
    assert Launch.objects.count() == 1 and ReferralLink.objects.count() == 1
    assert Event.objects.filter(verb="campaign.launched").count() == 1


def test_partner_outside_audience_cannot_launch(world, marketing):
    kit = published_kit(marketing, regions=["north_america"])  # partner B's region, not A's
    with pytest.raises(Http404):
        launch_create(actor=world.actor(world.admin_a), kit=kit)
    assert "launch" not in allowed_actions(world.actor(world.admin_a), kit)
    assert not Launch.objects.exists() and not ReferralLink.objects.exists()
    assert launch_create(actor=world.actor(world.admin_b), kit=kit)[1]


def test_draft_kit_cannot_be_launched(world, marketing):
    kit = kit_create(actor=marketing, data={"title_en": "Draft", "landing_en": "x"})
    with pytest.raises(Http404):  # partners do not see drafts
        launch_create(actor=world.actor(world.admin_a), kit=kit)
    with pytest.raises(PermissionDenied):
        launch_create(actor=marketing, kit=kit_publish(actor=marketing, kit=kit))
    assert not Launch.objects.exists()


# --- the landing page --------------------------------------------------------------------------------------


def test_landing_page_sets_no_cookie(client, launch):
    response = client.get(launch.landing_path)
    assert response.status_code == 200 and not response.cookies
    text = response.content.decode()
    assert "Alpha Systems" in text and "Ride into spring" in text and "csrfmiddlewaretoken" not in text
    assert "at Alpha Systems's" in text and "{partner_name}" not in text  # placeholders filled
    assert "Bravo" not in text
    response = client.post(launch.landing_path, VISITOR)
    assert response.status_code == 302 and not response.cookies
    response = client.post(launch.landing_path, {"company_name": ""})
    assert response.status_code == 200 and not response.cookies
    assert client.get(response.url if response.status_code == 302 else launch.landing_path).status_code == 200


def test_landing_page_in_russian_falls_back(client, launch):
    text = client.get(launch.landing_path, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Весна на велосипеде" in text and "Ride into spring" not in text


def test_landing_views_counted_per_day(client, launch):
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
    client.get(launch.landing_path, **browser)
    client.get(launch.landing_path, **browser)
    page_viewed(launch=launch)
    assert PageView.objects.get(launch=launch).views == 3
    client.get(launch.landing_path, HTTP_USER_AGENT="Mozilla/5.0 (compatible; bingbot/2.0)")
    client.get(launch.landing_path)  # no user agent at all: a script, not a person
    assert PageView.objects.get(launch=launch).views == 3  # crawlers are no views


def test_landing_unknown_or_retired_404(client, world, launch, marketing):
    assert client.get("/p/alpha-systems/nothing/").status_code == 404
    assert client.get("/p/bravo-trading/spring-bikes/").status_code == 404  # B never launched it
    kit_retire(actor=marketing, kit=launch.kit)
    assert client.get(launch.landing_path).status_code == 404


def test_lead_capture_offers_lead_to_launch_partner(client, world, launch):
    response = client.post(launch.landing_path, VISITOR, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    lead = Lead.objects.get(company_name="Contoso Cycling")
    assert lead.partner == world.partner_a and lead.source == "landing_page"
    assert lead.source_detail == launch.landing_path
    assert LeadAssignment.objects.filter(lead=lead, partner=world.partner_a).exists()
    attribution = Attribution.objects.get(lead=lead)
    assert attribution.partner == world.partner_a and attribution.link == launch.link
    assert attribution.status == "attributed" and attribution.source == "landing_page"


def test_lead_through_short_link_credits_the_click(client, world, launch):
    response = client.get(f"/r/{launch.link.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox")
    assert (
        response.status_code == 302
        and response.url
        == launch.landing_path + "?utm_source=partner&utm_medium=campaign&utm_campaign=spring-bikes"
    )
    assert COOKIE in response.cookies
    page = client.get(response.url)
    assert not page.cookies  # the landing page adds none
    client.post(launch.landing_path, VISITOR)
    attribution = Attribution.objects.get(lead__company_name="Contoso Cycling")
    assert attribution.click is not None and attribution.link == launch.link


def test_honeypot_and_rate_limit(client, world, launch, settings):
    client.post(launch.landing_path, VISITOR | {"homepage": "http://spam"})
    assert not Lead.objects.exists()
    settings.LEADS_WEB_FORM_PER_IP_PER_HOUR = 1
    client.post(launch.landing_path, VISITOR, REMOTE_ADDR="10.2.2.2")
    response = client.post(launch.landing_path, VISITOR | {"company_name": "Other"}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 429 and Lead.objects.count() == 1


def test_bad_input_changes_nothing(launch):
    with pytest.raises(InputInvalid):
        landing_submit(launch=launch, data={"company_name": "", "contact_email": "not-an-email"})
    assert not Lead.objects.exists() and not Attribution.objects.exists()


# --- numbers -----------------------------------------------------------------------------------------------


def test_numbers_per_launch_and_kit(client, world, kit, launch):
    from deals.models import DealRegistration

    launch_b = launch_create(actor=world.actor(world.admin_b), kit=kit)[0]
    for _ in range(3):
        client.get(launch.landing_path, HTTP_USER_AGENT="Mozilla/5.0 Firefox/130")
    client.get(launch_b.landing_path, HTTP_USER_AGENT="Mozilla/5.0 Firefox/130")
    client.post(launch.landing_path, VISITOR)
    client.post(
        launch.landing_path, VISITOR | {"company_name": "Second Co", "contact_email": "s@second.example"}
    )
    client.post(
        launch_b.landing_path, VISITOR | {"company_name": "Bravo lead", "contact_email": "b@lead.example"}
    )
    won = DealRegistration.objects.create(
        partner=world.partner_a,
        customer_name="Contoso Cycling",
        registered_by=world.admin_a,
        status="won",
        amount=Decimal("1000.00"),
        won_amount=Decimal("950.50"),
        currency="EUR",
    )
    Lead.objects.filter(company_name="Contoso Cycling").update(registration=won)
    a_numbers = launch_numbers(actor=world.actor(world.admin_a), launches=[launch])[launch.pk]
    assert (a_numbers.views, a_numbers.leads, a_numbers.conversions) == (3, 2, 1)
    assert a_numbers.revenue == {"EUR": Decimal("950.50")}
    # partner A reading B's launch through its own scope counts nothing of B's
    leaked = launch_numbers(actor=world.actor(world.admin_a), launches=[launch_b])[launch_b.pk]
    assert (leaked.views, leaked.leads) == (0, 0)
    totals = kit_numbers(actor=world.actor(world.marketing), kits=[kit])[kit.pk]
    assert (totals.launches, totals.views, totals.leads, totals.conversions) == (2, 4, 3, 1)


# --- pages -------------------------------------------------------------------------------------------------


def test_pages(login, world, kit, launch):
    staff = login(world.marketing)
    assert staff.get("/campaigns/").status_code == 200
    page = staff.get(f"/campaigns/{kit.public_id}/")
    assert page.status_code == 200 and "Alpha Systems" in page.content.decode()
    assert staff.get("/campaigns/export/").status_code == 200
    assert staff.get("/campaigns/new/").status_code == 200
    partner = login(world.admin_a)
    text = partner.get("/campaigns/").content.decode()
    assert "Spring bikes" in text
    text = partner.get(f"/campaigns/launches/{launch.public_id}/").content.decode()
    assert "Spring rides with Alpha Systems" in text and launch.link.code in text
    assert login(world.admin_b).get(f"/campaigns/launches/{launch.public_id}/").status_code == 404


def test_partner_launches_from_the_kit_page(login, world, kit):
    client = login(world.rep_a)
    response = client.post(f"/campaigns/{kit.public_id}/launch/")
    launch = Launch.objects.get()
    assert response.status_code == 302 and response.url == f"/campaigns/launches/{launch.public_id}/"
    client.post(f"/campaigns/{kit.public_id}/launch/")
    assert Launch.objects.count() == 1


def test_staff_form_creates_kit(login, world):
    client = login(world.marketing)
    response = client.post(
        "/campaigns/new/",
        {
            "title_en": "Autumn",
            "landing_en": "## A",
            "form_fields": ["contact_phone"],
            "image": SimpleUploadedFile("a.png", PNG),
        },
    )
    kit = CampaignKit.objects.get()
    assert response.status_code == 302 and kit.form_fields == ["contact_phone"] and kit.image
    image, events = kit.image.name, Event.objects.filter(target_id=kit.pk).count()
    response = client.post(f"/campaigns/{kit.public_id}/edit/", {"title_en": "Autumn", "landing_en": "## A"})
    kit.refresh_from_db()
    assert response.status_code == 302 and kit.image.name == image  # an empty file box keeps the image
    assert Event.objects.filter(target_id=kit.pk).count() == events + 1  # form_fields emptied, nothing else
    client.post(f"/campaigns/{kit.public_id}/publish/")
    kit.refresh_from_db()
    assert kit.status == "published"


# --- API ---------------------------------------------------------------------------------------------------


def test_api(api_client, world):
    staff = api_client(world.marketing)
    created = staff.post(
        "/api/campaigns/kits",
        {"title_en": "API kit", "landing_en": "## Hi", "regions": ["europe"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    kit_id = created.json()["id"]
    assert created.json()["actions"] == ["edit", "publish"]
    assert (
        staff.patch(
            f"/api/campaigns/kits/{kit_id}", {"title_ru": "Набор"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert staff.post(f"/api/campaigns/kits/{kit_id}/publish").json()["status"] == "published"
    partner = api_client(world.admin_a)
    assert [k["id"] for k in partner.get("/api/campaigns/kits").json()["items"]] == [kit_id]
    launched = partner.post("/api/campaigns/launches", {"kit": kit_id}, content_type="application/json")
    assert launched.status_code == 201, launched.content
    again = partner.post("/api/campaigns/launches", {"kit": kit_id}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == launched.json()["id"]
    launch_id = launched.json()["id"]
    assert partner.get(f"/api/campaigns/launches/{launch_id}/numbers").json()["leads"] == 0
    other = api_client(world.admin_b)
    assert other.get(f"/api/campaigns/launches/{launch_id}").status_code == 404
    assert other.get(f"/api/campaigns/kits/{kit_id}").status_code == 404  # Europe only
    assert (
        other.post("/api/campaigns/launches", {"kit": kit_id}, content_type="application/json").status_code
        == 422
    )
    assert staff.get(f"/api/campaigns/kits/{kit_id}/numbers").json()["launches"] == 1
    assert staff.post(f"/api/campaigns/kits/{kit_id}/retire").json()["status"] == "retired"


def test_api_refusals_change_nothing(api_client, world, kit):
    staff = api_client(world.marketing)
    before = snapshot(kit)
    bad = staff.patch(
        f"/api/campaigns/kits/{kit.public_id}", {"title_en": ""}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert api_client(world.admin_a).post(f"/api/campaigns/kits/{kit.public_id}/retire").status_code == 403
    assert snapshot(kit) == before


def test_landing_form_shows_the_kit_fields(client, world, marketing):
    kit = published_kit(
        marketing, title_en="Fleet", form_fields=["country", "contact_phone", "company_size", "notes"]
    )
    launch = launch_create(actor=world.actor(world.admin_a), kit=kit)[0]
    text = client.get(launch.landing_path).content.decode()
    assert 'name="contact_phone"' in text and 'name="country"' in text and 'name="contact_title"' not in text
    assert 'name="products"' not in text
    data = VISITOR | {
        "country": "DE",
        "contact_phone": "+49 30 1234",
        "notes": "Ten bikes",
        "contact_title": "x",
    }
    assert client.post(launch.landing_path, data).status_code == 302
    lead = Lead.objects.get()
    assert lead.country == "DE" and lead.region == "europe" and lead.contact_phone == "+49 30 1234"
    assert lead.contact_title == ""  # a field the kit does not ask for is not taken


def test_name_email_required_on_the_landing_form(client, launch):
    response = client.post(launch.landing_path, {"company_name": "Only a company"})
    assert response.status_code == 200 and not Lead.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode() or "required" in response.content.decode()


def test_head_is_no_view(client, launch):
    assert client.head(launch.landing_path).status_code == 200
    assert not PageView.objects.exists()


def test_api_image_upload(api_client, world, marketing):
    kit = kit_create(actor=marketing, data={"title_en": "Kit"})
    staff = api_client(world.marketing)
    url = f"/api/campaigns/kits/{kit.public_id}/image"
    refused = staff.post(url, {"image": SimpleUploadedFile("a.gif", b"GIF89a" + b"\x00" * 40)})
    assert refused.status_code == 422
    assert staff.post(url).status_code == 422
    kit.refresh_from_db()
    assert not kit.image
    answer = staff.post(url, {"image": SimpleUploadedFile("a.png", PNG)})
    assert answer.status_code == 200 and answer.json()["has_image"]


def test_landing_shows_logo_and_image_inline(client, world, marketing):
    from collateral.testing import PNG as LOGO
    from partners.services import partner_logo_set

    partner_logo_set(
        actor=world.actor(world.admin_a),
        partner=world.partner_a,
        data={"logo": SimpleUploadedFile("l.png", LOGO)},
    )
    kit = published_kit(marketing, title_en="With image", image=SimpleUploadedFile("i.png", PNG))
    launch = launch_create(actor=world.actor(world.admin_a), kit=kit)[0]
    response = client.get(launch.landing_path)
    text = response.content.decode()
    assert text.count('src="data:image/png;base64,') == 2 and not response.cookies
