"""The lists' search box forgives typos and transliteration on the page, its export and the API alike (one
FilterSet), and its query count does not grow with the matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_partner
from deals.services import registration_create
from direct.models import DirectAccount
from matching.normalize import name_key
from recruitment.models import Application, Prospect

pytestmark = pytest.mark.django_db


def _page_names(response, attribute):
    assert response.status_code == 200
    return [getattr(row, attribute) for row in response.context["page"].object_list]


def _export_text(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def test_partner_directory(world, login, api_client):
    make_partner("Progressive Sports")
    make_partner("Regatta Supplies")
    client = login(world.cam)
    assert _page_names(client.get("/partners/", {"q": "progresive"}), "name") == ["Progressive Sports"]
    assert _page_names(client.get("/partners/", {"q": "Прогрессив"}), "name") == ["Progressive Sports"]
    export = _export_text(client.get("/partners/export.csv", {"q": "progresive"}))
    assert "Progressive Sports" in export and "Regatta" not in export
    api = api_client(world.cam).get("/api/partners", {"q": "progresive"}).json()
    assert [p["name"] for p in api["items"]] == ["Progressive Sports"]


def test_partner_directory_finds_an_english_name_typed_as_it_sounds(world, login, api_client):
    make_partner("Bike Store")
    make_partner("Bank Store")
    make_partner("Adventure Systems")
    client = login(world.cam)
    assert _page_names(client.get("/partners/", {"q": "байк стор"}), "name") == ["Bike Store"]
    found = _page_names(client.get("/partners/", {"q": "систем"}), "name")
    assert sorted(found) == ["Adventure Systems", "Alpha Systems"]  # the directory's own order
    export = _export_text(client.get("/partners/export.csv", {"q": "байк стор"}))
    assert "Bike Store" in export and "Bank Store" not in export
    api = api_client(world.cam).get("/api/partners", {"q": "байк стор"}).json()
    assert [p["name"] for p in api["items"]] == ["Bike Store"]


def test_partner_directory_keeps_exact_substring_search(world, login):
    make_partner("Bravo Bikes", web_domain="bravobikes.example", tax_id="DE 123456")
    client = login(world.cam)
    for q in ("bravobikes.exa", "123456", "bravo bikes"):
        assert _page_names(client.get("/partners/", {"q": q}), "name") == ["Bravo Bikes"]
    assert _page_names(client.get("/partners/", {"q": "boston"}), "name") == ["Bravo Trading"]


def test_own_registrations(world, login, api_client):
    alpha = world.actor(world.admin_a)
    registration, _ = registration_create(
        actor=alpha,
        data={"customer_name": "ООО «Ромашка»", "customer_domain": "romashka.example"},
    )
    registration_create(actor=alpha, data={"customer_name": "Globex"})
    assert registration.name_key == name_key("Romashka") == "romashka"
    partner = login(world.rep_a)
    assert _page_names(partner.get("/deals/", {"q": "romashka"}), "customer_name") == ["ООО «Ромашка»"]
    assert _page_names(partner.get("/deals/", {"q": "Ромашко"}), "customer_name") == ["ООО «Ромашка»"]
    export = _export_text(partner.get("/deals/export/", {"q": "romaska"}))
    assert "Ромашка" in export and "Globex" not in export
    api = api_client(world.rep_a).get("/api/deals/registrations", {"q": "romashka"}).json()
    assert [r["customer_name"] for r in api["items"]] == ["ООО «Ромашка»"]


def test_direct_accounts(world, login, api_client):
    DirectAccount.objects.create(name="Progressive Sports Club", name_key=name_key("Progressive Sports Club"))
    DirectAccount.objects.create(name="Regatta Club", name_key=name_key("Regatta Club"))
    client = login(world.chief)
    assert _page_names(client.get("/direct/", {"q": "progresive"}), "name") == ["Progressive Sports Club"]
    assert "Regatta" not in _export_text(client.get("/direct/export.csv", {"q": "progresive"}))
    api = api_client(world.chief).get("/api/direct/accounts", {"q": "Прогрессив"}).json()
    assert [a["name"] for a in api["items"]] == ["Progressive Sports Club"]


def test_applications_and_prospects(world, login, api_client):
    for company in ("Progressive Outlet", "Regatta Outlet"):
        Application.objects.create(
            company_name=company,
            web_domain=f"{company.split()[0].lower()}.example",
            country="DE",
            region="europe",
            partner_type="reseller",
            contact_name="Ann Applicant",
            contact_email="ann@applicant.example",
            motivation="We sell bikes.",
        )
        Prospect.objects.create(company_name=company, partner_type="dealer", source="referral")
    client = login(world.chief)
    found = client.get("/recruitment/applications/", {"q": "progresive", "status": "all"})
    assert _page_names(found, "company_name") == ["Progressive Outlet"]
    found = client.get("/recruitment/prospects/", {"q": "progresive outlt"})
    assert _page_names(found, "company_name") == ["Progressive Outlet"]
    export = _export_text(client.get("/recruitment/prospects/export/", {"q": "progresive"}))
    assert "Progressive Outlet" in export and "Regatta" not in export
    api = api_client(world.chief).get("/api/recruitment/applications", {"q": "progresive", "status": "all"})
    assert [a["company_name"] for a in api.json()["items"]] == ["Progressive Outlet"]


@pytest.mark.parametrize("query", ["progresive", "Прогрессив Спортс"])
def test_directory_search_query_count_does_not_grow(world, login, django_assert_max_num_queries, query):
    client = login(world.cam)
    make_partner("Progressive Sports 0", cam=world.cam)
    with CaptureQueriesContext(connection) as queries:
        client.get("/partners/", {"q": query})
    small = len(queries)
    for i in range(1, 30):
        make_partner(f"Progressive Sports {i}", cam=world.cam if i % 2 else None)
    with django_assert_max_num_queries(small):
        response = client.get("/partners/", {"q": query})
    assert len(response.context["page"].object_list) == 25


def test_staff_pipeline(world, login, api_client):
    from deals.models import DealRegistration

    for customer in ("Initech Holdings", "Globex"):
        DealRegistration.objects.create(
            partner=world.partner_a,
            registered_by=world.admin_a,
            customer_name=customer,
            name_key=name_key(customer),
            status="submitted",
        )
    client = login(world.chief)
    found = client.get("/deals/pipeline/", {"q": "initek"})
    assert _page_names(found, "customer_name") == ["Initech Holdings"]
    export = _export_text(client.get("/deals/pipeline/export/", {"q": "Инитек"}))
    assert "Initech" in export and "Globex" not in export
    assert _page_names(client.get("/deals/pipeline/", {"q": "Инитек Холдингс"}), "customer_name") == [
        "Initech Holdings"
    ]
    api = api_client(world.chief).get("/api/deals/registrations", {"q": "Инайтек"}).json()
    assert [r["customer_name"] for r in api["items"]] == ["Initech Holdings"]
