"""Applications and competing products: the form asks (an answer is required, and it must agree with the
rows), the fit score weighs capabilities and competing products component by component, and approval hands
the answer to the new partner (its declarations and its confirmed list)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from competition.errors import CompetitionErrorCode as E
from competition.models import CompetingDeclaration, CompetitionDisclosure
from competition.selectors import has_disclosed
from core.actor import ANONYMOUS
from core.models import Event
from partners.models import Partner
from recruitment.fit import describe_reason, fit_score, reason_text
from recruitment.models import Application, ApplicationCompetitor, Prospect, RecruitmentTargets
from recruitment.services import application_approve, application_submit, prospect_convert, targets_update
from recruitment.tests.conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _send_emails_at_once(monkeypatch):
    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


def _submit(**overrides):
    return application_submit(actor=ANONYMOUS, data=application_data(**overrides), ip="203.0.113.9")


@pytest.fixture
def weighted(db) -> RecruitmentTargets:
    return RecruitmentTargets.objects.create(
        regions=["europe"],
        verticals=["retail", "sports"],
        partner_types=["reseller"],
        sizes=["11-50"],
        capabilities=["implementation", "support", "training"],
        weight_region=20,
        weight_verticals=20,
        weight_type=20,
        weight_size=10,
        weight_capabilities=15,
        weight_competition=15,
    )


# --- the fit score's components ---------------------------------------------------------------------------


def _candidate(**extra):
    base = {
        "region": "europe",
        "verticals": ["retail", "sports"],
        "partner_type": "reseller",
        "size": "11-50",
    }
    return SimpleNamespace(**(base | extra))


def test_capabilities_score_in_proportion_to_the_targets(weighted):
    _score, reasons = fit_score(
        candidate=_candidate(capabilities=["support", "training", "ecommerce"]), targets=weighted
    )
    capabilities = next(r for r in reasons if r["code"].startswith("capabilities"))
    assert capabilities == {
        "code": "capabilities_match",
        "capabilities": ["support", "training"],
        "of": 3,
        "points": 10,
        "max": 15,
    }
    assert (
        reason_text(capabilities) == "Offers 2 of 3 target capabilities: Technical support, Customer training"
    )
    _score, reasons = fit_score(candidate=_candidate(capabilities=["ecommerce"]), targets=weighted)
    assert next(r for r in reasons if r["code"].startswith("capabilities"))["points"] == 0


@pytest.mark.parametrize(
    ("competing", "code", "points"),
    [
        ([], "competition_none", 15),  # sells no competing products: full points
        ([{"name": "Trek Madone", "share": 20}], "competition_share", 12),  # 15 × 80 %
        ([{"name": "Trek Madone", "share": None}], "competition_share", 8),  # unknown share: half
        ([{"name": "Trek", "share": 100}], "competition_share", 0),  # a competitor-exclusive reseller
        ([{"name": "Trek", "share": 70}, {"name": "Giant", "share": 60}], "competition_share", 0),  # capped
        (None, "competition_unknown", 0),  # not asked: a prospect
    ],
)
def test_competing_products_lower_the_score(weighted, competing, code, points):
    score, reasons = fit_score(
        candidate=_candidate(fit_competing=competing, capabilities=[]), targets=weighted
    )
    competition = reasons[-1]
    assert (competition["code"], competition["points"], competition["max"]) == (code, points, 15)
    assert score == 20 + 20 + 20 + 10 + 0 + points


def test_the_competition_reason_reads_as_a_sentence(weighted):
    competing = [{"name": "Trek Madone", "share": 30}, {"name": "Giant (all products)", "share": None}]
    _score, reasons = fit_score(candidate=_candidate(fit_competing=competing), targets=weighted)
    assert describe_reason(reasons[-1]) == (
        "Also sells competing products, about 80% of its business: Trek Madone (30%), Giant (all products) "
        "(share not given: counted as 50%) (+3)"
    )


def test_components_with_no_weight_are_left_out(db):
    _score, reasons = fit_score(candidate=_candidate(fit_competing=[]), targets=RecruitmentTargets())
    assert [r["code"] for r in reasons] == ["no_target"] * 4


def test_the_six_weights_must_add_up_to_100(world, weighted):
    before = RecruitmentTargets.objects.values().get()
    with pytest.raises(ValidationError) as caught:
        targets_update(actor=world.actor(world.ops), data={"weight_competition": 40})
    assert caught.value.code == "weights_total"
    assert RecruitmentTargets.objects.values().get() == before
    targets_update(actor=world.actor(world.ops), data={"weight_competition": 5, "weight_region": 30})
    assert RecruitmentTargets.objects.get().weight_competition == 5


# --- the form and the answer --------------------------------------------------------------------------------


def test_an_application_lists_its_competing_products_and_capabilities(weighted, trek, madone, giant):
    application = _submit(
        capabilities=["implementation", "support"],
        certifications="Shimano certified mechanics",
        sells_competing=True,
        competing=[
            {"vendor_id": str(trek.public_id), "line_id": str(madone.public_id), "since": 2018, "share": 40},
            {"vendor_id": str(giant.public_id)},
        ],
    )
    assert application.sells_competing is True
    assert application.capabilities == ["implementation", "support"]
    rows = list(ApplicationCompetitor.objects.filter(application=application).order_by("id"))
    assert [(r.vendor, r.line, r.since, r.share) for r in rows] == [
        (trek, madone, 2018, 40),
        (giant, None, None, None),
    ]
    competition = application.fit_reasons[-1]
    assert competition["code"] == "competition_share" and competition["share"] == 90
    assert competition["points"] == 2  # 15 × 10 %, rounded
    capabilities = application.fit_reasons[-2]
    assert capabilities["code"] == "capabilities_match" and capabilities["points"] == 10


@pytest.mark.parametrize(
    ("answer", "rows", "field", "code"),
    [
        (None, [], "sells_competing", "required"),  # the question must be answered
        (True, [], "sells_competing", E.ANSWER_COMPETING),  # yes, but none listed
        (False, [{"vendor_id": "TREK"}], "sells_competing", E.ANSWER_COMPETING),  # no, but some listed
    ],
)
def test_the_answer_must_agree_with_the_rows(trek, answer, rows, field, code):
    rows = [{"vendor_id": str(trek.public_id)} for _row in rows]
    data = application_data(competing=rows)
    if answer is None:
        data.pop("sells_competing")
    else:
        data["sells_competing"] = answer
    with pytest.raises(ValidationError) as caught:
        application_submit(actor=ANONYMOUS, data=data, ip="203.0.113.9")
    assert [e.code for e in caught.value.error_dict[field]] == [code]
    assert not Application.objects.exists() and not ApplicationCompetitor.objects.exists()


def test_a_product_twice_or_a_line_of_another_vendor_is_refused(trek, giant, madone):
    twice = [{"vendor_id": str(trek.public_id)}, {"vendor_id": str(trek.public_id)}]
    with pytest.raises(ValidationError) as caught:
        _submit(sells_competing=True, competing=twice)
    assert [e.code for e in caught.value.error_dict["competing"]] == [E.ALREADY_DECLARED]
    mixed = [{"vendor_id": str(giant.public_id), "line_id": str(madone.public_id)}]
    with pytest.raises(ValidationError) as caught:
        _submit(sells_competing=True, competing=mixed)
    assert [e.code for e in caught.value.error_dict["competing.0.line_id"]] == [E.LINE_NOT_OF_VENDOR]
    assert not Application.objects.exists()


def test_the_public_page_captures_them(client, trek, madone):
    data = application_data()
    form = {k: v for k, v in data.items() if k not in ("verticals", "sells_competing")}
    form |= {
        "verticals": data["verticals"],
        "capabilities": ["support"],
        "sells_competing": "true",
        "competing-TOTAL_FORMS": "2",
        "competing-INITIAL_FORMS": "0",
        "competing-0-vendor_id": str(trek.public_id),
        "competing-0-line_id": str(madone.public_id),
        "competing-0-share": "25",
        "competing-1-vendor_id": "",  # the blank row the page always offers
    }
    page = client.get("/recruitment/apply/").content.decode()
    assert 'data-formset="competing"' in page and "Trek Bicycle Corporation — Madone" in page
    response = client.post("/recruitment/apply/", form, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.sells_competing and application.capabilities == ["support"]
    assert [(c.line, c.share) for c in application.competitors.all()] == [(madone, 25)]


def test_the_api_takes_them_too(trek):
    body = application_data(sells_competing=True, competing=[{"vendor_id": str(trek.public_id), "share": 10}])
    response = Client().post("/api/recruitment/applications", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Application.objects.get().competitors.get().share == 10


# --- approval carries the answer to the partner ------------------------------------------------------------


def test_approval_gives_the_partner_its_declarations_and_confirmed_list(world, trek, madone, giant):
    application = _submit(
        capabilities=["support"],
        sells_competing=True,
        competing=[
            {"vendor_id": str(trek.public_id), "line_id": str(madone.public_id), "since": 2020, "share": 35},
            {"vendor_id": str(giant.public_id)},
        ],
    )
    application_approve(actor=world.actor(world.cam), application=application)
    partner = Partner.objects.get(web_domain="nordic-gear.example")
    assert partner.capabilities == ["support"]
    declarations = CompetingDeclaration.objects.filter(partner=partner).order_by("vendor__name")
    assert [(d.vendor, d.line, d.since, d.share) for d in declarations] == [
        (giant, None, None, None),
        (trek, madone, 2020, 35),
    ]
    disclosure = CompetitionDisclosure.objects.get(partner=partner)
    assert disclosure.from_application and disclosure.confirmed_at == application.created_at
    event = Event.objects.get(verb="competition.from_application")
    assert event.partner_id == partner.pk and event.after["competing_count"] == 2


def test_an_application_selling_none_confirms_an_empty_list(world):
    application = _submit(sells_competing=False)
    application_approve(actor=world.actor(world.cam), application=application)
    partner = Partner.objects.get(web_domain="nordic-gear.example")
    assert has_disclosed(partner.pk) and not partner.competing_declarations.exists()


def test_an_outbound_application_was_not_asked(world):
    prospect = Prospect.objects.create(
        company_name="Baltic Bikes",
        web_domain="baltic-bikes.example",
        country="LV",
        region="europe",
        partner_type="dealer",
        source="trade_show",
        contact_name="Janis",
        contact_email="janis@baltic-bikes.example",
        owner=world.cam,
        notes="Met at the fair.",
    )
    application = prospect_convert(actor=world.actor(world.cam), prospect=prospect)
    assert application.sells_competing is None
    application_approve(actor=world.actor(world.cam), application=application)
    partner = Partner.objects.get(pk=Application.objects.get(pk=application.pk).partner_id)
    assert not has_disclosed(partner.pk)
    assert not Event.objects.filter(verb="competition.from_application").exists()
