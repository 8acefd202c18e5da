from types import SimpleNamespace

from django.utils import translation

from recruitment.fit import describe_reason, fit_score
from recruitment.models import RecruitmentTargets


def candidate(**kw):
    return SimpleNamespace(
        **({"region": "europe", "verticals": ["retail"], "partner_type": "reseller", "size": "11-50"} | kw)
    )


def targets(**kw):
    return RecruitmentTargets(
        **(
            {
                "regions": ["europe"],
                "verticals": ["retail", "sports"],
                "partner_types": ["reseller"],
                "sizes": ["11-50"],
            }
            | kw
        )
    )


def test_full_match_scores_100():
    score, reasons = fit_score(candidate=candidate(verticals=["retail", "sports"]), targets=targets())
    assert score == 100
    assert [r["code"] for r in reasons] == ["region_match", "verticals_match", "type_match", "size_match"]
    assert reasons[0] == {"code": "region_match", "region": "europe", "points": 30, "max": 30}


def test_verticals_score_in_proportion_to_overlap():
    score, reasons = fit_score(candidate=candidate(verticals=["retail", "finance"]), targets=targets())
    assert reasons[1]["code"] == "verticals_match" and reasons[1]["points"] == 15
    assert reasons[1]["verticals"] == ["retail"] and reasons[1]["of"] == 2
    assert score == 30 + 15 + 25 + 15


def test_misses_score_nothing():
    score, reasons = fit_score(
        candidate=candidate(region="apac", verticals=["finance"], partner_type="agent", size="1000+"),
        targets=targets(),
    )
    assert score == 0
    assert [r["code"] for r in reasons] == ["region_miss", "verticals_miss", "type_miss", "size_miss"]


def test_no_target_scores_full_points():
    score, reasons = fit_score(
        candidate=candidate(region="apac", size=""), targets=targets(regions=[], sizes=[])
    )
    assert reasons[0] == {"code": "no_target", "dimension": "region", "points": 30, "max": 30}
    assert reasons[3]["code"] == "no_target"
    assert score == 30 + 15 + 25 + 15


def test_missing_size_with_target_scores_zero():
    _score, reasons = fit_score(candidate=candidate(size=""), targets=targets())
    assert reasons[3] == {"code": "size_unknown", "points": 0, "max": 15}


def test_weights_come_from_the_targets_row():
    custom = targets(weight_region=70, weight_verticals=10, weight_type=10, weight_size=10)
    score, _reasons = fit_score(
        candidate=candidate(verticals=[], partner_type="agent", size="1000+"), targets=custom
    )
    assert score == 70


def test_reasons_are_json_and_readable_in_both_languages():
    import json

    _score, reasons = fit_score(candidate=candidate(), targets=targets())
    json.dumps(reasons)
    with translation.override("en"):
        assert describe_reason(reasons[0]) == "Region Europe is a target region (+30)"
        assert "1 of 2" in describe_reason(reasons[1])
    with translation.override("ru"):
        russian = describe_reason(reasons[0])
    assert russian and russian != "Region Europe is a target region (+30)"
    no_target = {"code": "no_target", "dimension": "size", "points": 15}
    assert describe_reason(no_target) == "Size: no target set (+15)"
