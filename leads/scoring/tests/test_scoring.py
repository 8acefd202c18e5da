import pytest
from django.utils import translation

from core.actor import system_actor
from leads.models import Lead
from leads.scoring import services
from leads.scoring.explain import render_reasons
from leads.scoring.scorer import MAX_NEGATIVE_REASONS, MAX_POSITIVE_REASONS, forget_loaded_models


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    forget_loaded_models()
    yield
    forget_loaded_models()


@pytest.fixture
def active_model(history):
    return services.train_scoring_model(actor=system_actor()).model


def test_without_an_active_model_a_lead_is_not_scored(open_lead, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert services.score_lead(open_lead) is None
    open_lead.refresh_from_db()
    assert open_lead.score is None and open_lead.score_reasons == [] and open_lead.scored_at is None


def test_scoring_a_lead_stores_its_score_and_reasons(active_model, open_lead, django_assert_max_num_queries):
    services.score_lead(open_lead)  # the first call in a process loads the model
    with django_assert_max_num_queries(3):  # then: which model is active, the lead's products, one UPDATE
        score = services.score_lead(open_lead)
    assert score is not None and 0.0 < score < 1.0
    stored = Lead.objects.get(pk=open_lead.pk)
    assert stored.score == pytest.approx(score)
    assert stored.score_model_id == active_model.pk and stored.scored_at is not None
    reasons = stored.score_reasons
    positive = [r for r in reasons if r["points"] > 0]
    negative = [r for r in reasons if r["points"] < 0]
    assert reasons == positive + negative and len(reasons) == len(positive) + len(negative)
    assert 1 <= len(positive) <= MAX_POSITIVE_REASONS and len(negative) <= MAX_NEGATIVE_REASONS
    assert [abs(r["points"]) for r in positive] == sorted((abs(r["points"]) for r in positive), reverse=True)
    # 18 visits and the enterprise segment are this lead's strongest reasons for
    assert {r["feature"] for r in positive} & {"attr.visits", "attr.segment"}
    assert set(reasons[0]) == {"feature", "value", "points"}


def test_a_hot_lead_scores_above_a_cold_one(active_model, world, attributes):
    def lead(visits, segment):
        values = {"visits": visits, "segment": segment, "campaign": "spring", "newsletter": True}
        return Lead.objects.create(
            company_name="X", partner=world.partner_a, status="accepted", attributes=values
        )

    hot, cold = lead(20, "enterprise"), lead(0, "public")
    assert services.score_leads([hot, cold]) == 2
    assert hot.score > cold.score


def test_rescoring_scores_every_open_lead_and_only_with_the_active_model(active_model, open_lead):
    closed = Lead.objects.exclude(pk=open_lead.pk).first()
    assert services.rescore_open_leads(model_id=active_model.pk + 1000) == 0  # not the active one: nothing
    assert services.rescore_open_leads(model_id=active_model.pk) == 1
    open_lead.refresh_from_db()
    closed.refresh_from_db()
    assert open_lead.score is not None and closed.score is None


def test_reasons_read_in_both_languages(attributes):
    reasons = [
        {"feature": "country", "value": "IN", "points": 12},
        {"feature": "attr.visits", "value": 9, "points": 18},
        {"feature": "attr.segment", "value": "enterprise", "points": 7},
        {"feature": "attr.newsletter", "value": False, "points": -4},
        {"feature": "attr.first_touch", "value": None, "points": -1},
    ]
    with translation.override("en"):
        english = [r["text"] for r in render_reasons(reasons)]
    with translation.override("ru"):
        russian = [r["text"] for r in render_reasons(reasons)]
    assert english[0] == "Country: India: +12 points"
    assert english[1] == "Total visits: 9: +18 points"
    assert english[2] == "Segment: Enterprise: +7 points"
    assert english[3] == "Newsletter: no: −4 points"
    assert english[4] == "First touch: not given: −1 point"
    assert "Индия" in russian[0]
    assert russian[1].startswith("Всего визитов: 9:")
    assert russian[2].startswith("Сегмент: Крупный бизнес:")
    assert russian[3].startswith("Рассылка:")


def test_numbers_in_reasons_follow_the_locale(attributes):
    reasons = [{"feature": "attr.visits", "value": 12345.5, "points": 3}]
    with translation.override("en"):
        assert render_reasons(reasons)[0]["text"].startswith("Total visits: 12,345.5:")
    with translation.override("ru"):
        assert "12\xa0345,5" in render_reasons(reasons)[0]["text"]


def test_an_attribute_with_its_own_reason_phrase_reads_in_ops_words(attributes):
    visits = attributes["visits"]
    visits.reason_en, visits.reason_ru = "visited the site {value} times", "визитов на сайт: {value}"
    visits.save()
    reasons = [{"feature": "attr.visits", "value": 9, "points": 18}]
    with translation.override("en"):
        assert render_reasons(reasons)[0]["text"] == "visited the site 9 times: +18 points"
    with translation.override("ru"):
        assert render_reasons(reasons)[0]["text"] == "визитов на сайт: 9: +18 баллов"
    visits.reason_ru = ""  # no Russian phrase: the English one rather than none
    visits.save()
    with translation.override("ru"):
        assert render_reasons(reasons)[0]["text"].startswith("visited the site 9 times:")
