"""The global search: tolerant matching, scoping through visible_to, the page, the typeahead and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_partner, make_user
from core.isolation import _Walk
from core.tests.isolation_rules import STAFF_ONLY_ROWS
from deals.services import registration_create
from direct.models import DirectAccount
from partners.models import Partner
from recruitment.models import Application, Prospect
from search.registry import sources
from search.selectors import search_everything
from search.text import query_spellings, spoken_spelling, tolerant_search

pytestmark = pytest.mark.django_db


def _titles(groups, kind):
    return [hit.title for group in groups if group.kind == kind for hit in group.hits]


def _kinds(groups):
    return {group.kind for group in groups}


# --- matching ------------------------------------------------------------------------------------------


def test_spellings_read_cyrillic_as_latin_and_keep_the_script_too():
    assert query_spellings("Прогрессив Спортс") == [["progressiv", "sports"], ["прогрессив", "спортс"]]
    assert query_spellings("Progressive Sports LLC") == [["progressive", "sports"]]


@pytest.mark.parametrize(
    "query",
    [
        "progresive",
        "Progressive",
        "PROGRESSIVE SPORTS",
        "Прогрессив Спортс",
        "progresive sprots",
        "sports progr",
    ],
)
def test_typos_order_and_transliteration_find_the_partner(world, query):
    make_partner("Progressive Sports")
    found = tolerant_search(Partner.objects.all(), query, fields=("name", "legal_name"))
    assert list(found.values_list("name", flat=True)) == ["Progressive Sports"]


@pytest.mark.parametrize("query", ["regatta", "progressive cars", "sporting goods", "xyz"])
def test_different_words_do_not_match(world, query):
    make_partner("Progressive Sports")
    found = tolerant_search(Partner.objects.all(), query, fields=("name", "legal_name"))
    assert "Progressive Sports" not in found.values_list("name", flat=True)


SOUNDALIKES = [
    "Bike Store",
    "Microsoft",
    "Adventure Systems",
    "Contoso Soft",
    "Adventure Works",
    # and names that only look or sound a little like them
    "Bank Store",
    "Bakery Supplies",
    "Micro Focus",
    "Stem Cell Labs",
    "Sofa World",
    "Coffee Tea",
    "Vertex Bikes",
]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("байк стор", ["Bike Store"]),
        ("Байк", ["Bike Store", "Vertex Bikes"]),
        ("стор", ["Bike Store", "Bank Store"]),
        ("софт", ["Microsoft", "Contoso Soft"]),
        ("систем", ["Adventure Systems"]),
        ("Майкрософт", ["Microsoft"]),
        ("Адвенчер Воркс", ["Adventure Works"]),
        ("адвенчер", ["Adventure Systems", "Adventure Works"]),
        ("банк", ["Bank Store"]),
        ("кофе", []),  # «Кофе» is not how Coffee is said in English
        ("майкро фокус", ["Micro Focus"]),
        ("селл", []),
        ("байкал", []),
        ("стем", ["Stem Cell Labs", "Adventure Systems"]),  # as "stem" would: a word inside "systems"
    ],
)
def test_cyrillic_finds_english_names_as_they_sound_and_nothing_else(world, query, found):
    for name in SOUNDALIKES:
        make_partner(name)
    partners = Partner.objects.filter(name__in=SOUNDALIKES)
    matches = tolerant_search(partners, query, fields=("name", "legal_name", "web_domain", "city"))
    assert sorted(matches.values_list("name", flat=True)) == sorted(found)


def test_a_latin_query_runs_the_same_sql_as_before():
    assert spoken_spelling("progresive sports") == []
    assert spoken_spelling("Bike Store") == []
    assert spoken_spelling("стор") == []  # sounds as it is transliterated: the Latin spelling looks for it
    assert spoken_spelling("байк") == [[["bik", "bic", "byk", "byc"]]]


def test_the_sound_of_a_query_costs_fewer_likes_than_its_other_spellings(world):
    fields = ("name", "legal_name", "web_domain", "city", "tax_id")

    def likes(query):
        sql, _params = tolerant_search(Partner.objects.all(), query, fields=fields).query.sql_with_params()
        return sql.count(" LIKE ")

    with_sound = likes("Майкрософт")
    spoken = sum(len(piece) for word in spoken_spelling("Майкрософт") for piece in word) * len(fields)
    assert spoken <= with_sound - spoken  # the Latin and Cyrillic spellings cost at least as much


def test_the_closest_sounding_name_comes_first(world):
    for name in ("Macrosoft Trading", "Mikro Soft Drinks", "Microsoft"):
        make_partner(name)
    groups = search_everything(actor=world.actor(world.chief), text="Майкрософт")
    assert _titles(groups, "partners")[0] == "Microsoft"


def test_a_dropped_double_letter_is_forgiven(world):
    make_user("tg@vendor.test", staff_role="cam", full_name="Tom Gallagher")
    groups = search_everything(actor=world.actor(world.chief), text="tom galager")
    assert _titles(groups, "people") == ["Tom Gallagher"]


def test_a_name_stored_in_cyrillic_is_found_in_cyrillic(world):
    make_partner("Ромашка Трейд")
    found = tolerant_search(Partner.objects.all(), "ромашка", fields=("name",))
    assert list(found.values_list("name", flat=True)) == ["Ромашка Трейд"]


def test_like_wildcards_in_the_query_are_plain_text(world):
    found = tolerant_search(Partner.objects.all(), "%%%_", fields=("name",))
    assert list(found) == []


def test_closest_first(world):
    for name in ("Progressive Sportswear Holdings International", "Progressive Sports", "Sports Progressive"):
        make_partner(name)
    groups = search_everything(actor=world.actor(world.chief), text="progressive sports")
    assert _titles(groups, "partners")[0] == "Progressive Sports"


# --- scope --------------------------------------------------------------------------------------------


def _staff_only_rows():
    DirectAccount.objects.create(name="Progressive Direct", web_domain="progdirect.example")
    Application.objects.create(
        company_name="Progressive Applicant",
        web_domain="progapp.example",
        country="DE",
        region="europe",
        partner_type="reseller",
        contact_name="Ann Applicant",
        contact_email="ann@progapp.example",
        motivation="We sell bikes.",
    )
    Prospect.objects.create(company_name="Progressive Prospect", partner_type="dealer", source="referral")


def test_staff_find_every_kind(world):
    _staff_only_rows()
    make_partner("Progressive Partner")
    # A draft: not even staff see it.
    registration_create(actor=world.actor(world.admin_b), data={"customer_name": "Progressive Customer"})
    groups = search_everything(actor=world.actor(world.chief), text="progresive")
    assert _titles(groups, "partners") == ["Progressive Partner"]
    assert _titles(groups, "direct_accounts") == ["Progressive Direct"]
    assert _titles(groups, "applications") == ["Progressive Applicant"]
    assert _titles(groups, "prospects") == ["Progressive Prospect"]
    assert "registrations" not in _kinds(groups)


def test_a_partner_user_finds_only_what_they_may_see(world):
    _staff_only_rows()
    registration_create(actor=world.actor(world.admin_a), data={"customer_name": "Progressive Alpha Deal"})
    registration_create(actor=world.actor(world.admin_b), data={"customer_name": "Progressive Bravo Deal"})
    groups = search_everything(actor=world.actor(world.rep_a), text="progresive")
    assert _titles(groups, "registrations") == ["Progressive Alpha Deal"]
    assert _kinds(groups) == {"registrations"}
    assert search_everything(actor=world.actor(world.rep_a), text="bravo") == []
    # Their own partner and team are found; another partner's people are not.
    groups = search_everything(actor=world.actor(world.rep_a), text="alpha")
    assert _titles(groups, "partners") == ["Alpha Systems"]
    people = [hit.detail for g in groups if g.kind == "people" for hit in g.hits]
    assert sorted(people) == ["admin@alpha.test · Alpha Systems", "rep@alpha.test · Alpha Systems"]
    assert search_everything(actor=world.actor(world.rep_a), text="admin@bravo.test") == []


def test_a_distributor_finds_its_reseller_but_not_the_reverse(world):
    groups = search_everything(actor=world.actor(world.dist_admin), text="rho retail")
    assert _titles(groups, "partners") == ["Rho Retail"]
    assert search_everything(actor=world.actor(world.reseller_admin), text="delta distribution") == []


def test_a_person_in_two_partners_does_not_reveal_the_other(world):
    from accounts.models import Membership

    Membership.objects.create(user=world.rep_a, partner=world.partner_b, role="rep")
    groups = search_everything(actor=world.actor(world.admin_a), text="rep@alpha")
    assert [hit.detail for g in groups for hit in g.hits] == ["rep@alpha.test · Alpha Systems"]


def test_partner_users_run_no_query_for_staff_only_kinds(world):
    actor = world.actor(world.rep_a)
    with CaptureQueriesContext(connection) as queries:
        search_everything(actor=actor, text="progressive")
    assert len(queries) == 4  # partners, registrations, leads, people
    staff_only = {"direct_accounts", "applications", "prospects"}
    assert staff_only <= {s.kind for s in sources()}


def test_one_bounded_query_per_kind_however_many_rows(world, django_assert_max_num_queries):
    for i in range(60):
        make_partner(f"Progressive Sports {i}")
    actor = world.actor(world.chief)
    with django_assert_max_num_queries(len(sources())):
        groups = search_everything(actor=actor, text="progresive", limit=5)
    partners = next(g for g in groups if g.kind == "partners")
    assert len(partners.hits) == 5 and partners.more


def test_nothing_for_short_or_empty_queries(world):
    assert search_everything(actor=world.actor(world.chief), text=" a ") == []
    assert search_everything(actor=world.actor(world.chief), text="") == []


# --- page, typeahead, API -----------------------------------------------------------------------------


def test_page_groups_and_links_results(world, login):
    make_partner("Progressive Sports")
    response = login(world.cam).get("/search/", {"q": "progresive"})
    assert response.status_code == 200
    body = response.content.decode()
    partner = Partner.objects.get(name="Progressive Sports")
    assert f'href="/partners/{partner.public_id}/"' in body
    assert "Progressive Sports" in body


def test_page_query_count_does_not_grow_with_matches(world, login, django_assert_max_num_queries):
    client = login(world.chief)
    make_partner("Progressive Sports 0")
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "progresive"})
    small = len(queries)
    for i in range(1, 40):
        make_partner(f"Progressive Sports {i}", cam=world.cam)
    _staff_only_rows()
    with django_assert_max_num_queries(small):
        response = client.get("/search/", {"q": "progresive"})
    assert response.content.decode().count("Progressive Sports") >= 20


def test_typeahead_is_a_fragment(world, login):
    make_partner("Progressive Sports")
    response = login(world.cam).get(
        "/search/", {"q": "progresive", "typeahead": "1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "Progressive Sports" in body
    assert "/search/?q=progresive" in body  # "Show all results"


def test_page_typeahead_and_api_find_an_english_name_typed_as_it_sounds(world, login, api_client):
    bike = make_partner("Bike Store")
    make_partner("Bank Store")
    client = login(world.cam)
    page = client.get("/search/", {"q": "байк стор"}).content.decode()
    assert f'href="/partners/{bike.public_id}/"' in page and "Bank Store" not in page
    typeahead = client.get("/search/", {"q": "байк стор", "typeahead": "1"}, headers={"HX-Request": "true"})
    assert "Bike Store" in typeahead.content.decode() and "Bank Store" not in typeahead.content.decode()
    data = api_client(world.cam).get("/api/search", {"q": "байк стор"}).json()
    assert [hit["title"] for group in data["groups"] for hit in group["hits"]] == ["Bike Store"]


def test_a_partner_user_finds_by_sound_only_what_they_may_see(world):
    registration_create(actor=world.actor(world.admin_a), data={"customer_name": "Bike Store Alpha"})
    registration_create(actor=world.actor(world.admin_b), data={"customer_name": "Bike Store Bravo"})
    make_partner("Bike Store Partner")
    groups = search_everything(actor=world.actor(world.rep_a), text="байк стор")
    assert _titles(groups, "registrations") == ["Bike Store Alpha"]
    assert "partners" not in _kinds(groups)


def test_a_cyrillic_query_is_still_one_bounded_query_per_kind(world, django_assert_max_num_queries):
    for i in range(40):
        make_partner(f"Bike Store {i}")
    with django_assert_max_num_queries(len(sources())):
        groups = search_everything(actor=world.actor(world.chief), text="байк стор", limit=5)
    partners = next(g for g in groups if g.kind == "partners")
    assert len(partners.hits) == 5 and partners.more
    partner_user = world.actor(world.rep_a)
    with CaptureQueriesContext(connection) as queries:
        search_everything(actor=partner_user, text="байк стор")
    assert len(queries) == 4  # partners, registrations, leads, people: none for the staff-only kinds


def test_page_says_when_nothing_matches(world, login):
    body = login(world.cam).get("/search/", {"q": "zzzqqq"}).content.decode()
    assert "Nothing found" in body


def test_page_in_russian(world, login):
    client = login(world.cam)
    client.cookies["django_language"] = "ru"
    body = client.get("/search/", {"q": "zzzqqq"}).content.decode()
    assert "Ничего не найдено" in body


def test_page_needs_sign_in(client):
    response = client.get("/search/", {"q": "progressive"})
    assert response.status_code == 302


def test_search_box_in_the_top_bar(world, login):
    body = login(world.rep_a).get("/my/").content.decode()
    assert "data-global-search" in body and "kanal/search.js" in body


def test_api_groups_and_scope(world, api_client):
    make_partner("Progressive Sports")
    response = api_client(world.cam).get("/api/search", {"q": "progresive"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "progresive"
    assert data["groups"][0]["kind"] == "partners"
    assert data["groups"][0]["hits"][0]["title"] == "Progressive Sports"
    partner_side = api_client(world.rep_a).get("/api/search", {"q": "progresive"}).json()
    assert partner_side["groups"] == []


def test_api_refuses_a_long_query_and_a_bad_limit(world, api_client):
    client = api_client(world.cam)
    assert client.get("/api/search", {"q": "x" * 101}).status_code == 422
    assert client.get("/api/search", {"q": "abc", "limit": 0}).status_code == 422


def test_api_token_sees_only_the_kinds_of_its_areas(world):
    from django.test import Client

    from accounts.services import api_token_create
    from core.actor import build_actor

    make_partner("Progressive Sports")
    _staff_only_rows()
    _token, raw = api_token_create(
        actor=build_actor(world.chief), name="search only", scopes=["search:read", "direct:read"]
    )
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    kinds = {g["kind"] for g in client.get("/api/search", {"q": "progresive"}).json()["groups"]}
    assert kinds == {"direct_accounts"}
    _token, raw = api_token_create(actor=build_actor(world.chief), name="deals", scopes=["deals:read"])
    refused = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/search", {"q": "progresive"})
    assert refused.status_code == 403


# --- isolation ---------------------------------------------------------------------------------------


def test_partner_a_cannot_find_partner_b_or_staff_only_rows(world, login, api_client):
    """Partner A's users search for each of partner B's and each staff-only row's markers (misspelt, so that
    the echoed query is not the marker itself): no page, typeahead or API answer shows one."""
    walk = _Walk.start(world, STAFF_ONLY_ROWS)
    for user in (world.admin_a, world.rep_a):
        walk.setting_up()
        client, api = login(user), api_client(user)
        for marker in [*walk.markers, *walk.staff_markers]:
            if not marker:
                continue
            query = marker[:-1]
            walk.visit(f"page {query!r}", client.get, "/search/", {"q": query})
            walk.visit(
                f"typeahead {query!r}",
                client.get,
                "/search/",
                {"q": query, "typeahead": "1"},
                headers={"HX-Request": "true"},
            )
            walk.visit(f"api {query!r}", api.get, "/api/search", {"q": query})
    assert walk.result.visited > 20
    assert walk.result.failures == []
