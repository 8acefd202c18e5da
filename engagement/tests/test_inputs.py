"""Page and API go through the same inputs: the same limits, refused with the same codes."""

import json

import pytest

from core.testing import error_codes
from engagement.inputs import RuleInput, RuleSetInput

pytestmark = pytest.mark.django_db


def test_an_over_long_label_is_refused_with_the_same_code_on_the_page_and_in_the_api(
    world, login, api_client, make_ruleset
):
    draft = make_ruleset(status="draft")
    page = login(world.ops).post(
        f"/engagement/versions/{draft.public_id}/rules/new/",
        {"label": "x" * 121, "outcome": "review", "currency": "USD", "product_eligibility": "any"},
    )
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].errors.as_data()["label"]] == ["max_length"]
    api = api_client(world.ops).post(
        f"/api/engagement/versions/{draft.public_id}/rules",
        json.dumps({"label": "x" * 121}),
        content_type="application/json",
    )
    assert api.status_code == 422 and error_codes(api) == {"label": "max_length"}
    assert draft.rules.count() == 0


def test_the_page_and_the_api_share_the_limits_of_the_days():
    page, api = RuleSetInput(), RuleSetInput(api=True)
    assert page.fields["default_protection_days"].max_value == api.fields["default_protection_days"].max_value
    assert RuleInput().fields["protection_days"].min_value == 1
    assert "tier_gold" in page.fields and "tier_protection_days" in api.fields
