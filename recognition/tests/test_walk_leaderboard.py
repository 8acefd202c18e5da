"""The cross-partner walk proves the leaderboard hides partner B from partner A: quiet with the default
setting, and it fails (B's name, B's figures) the moment the vendor shows names — so it can fail."""

import pytest
from django.test import Client

from core.isolation import walk_html
from core.tests.isolation_rules import FACTORIES, HTML_RULES, STAFF_ONLY_ROWS
from recognition.models import LeaderboardSetting

pytestmark = pytest.mark.django_db

ROUTES = {"recognition:leaderboard", "recognition:grants", "recognition:grant"}


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _walk(world):
    return walk_html(
        world=world,
        rules=HTML_RULES,
        factories=FACTORIES,
        client_for=_client_for,
        staff_only_rows=STAFF_ONLY_ROWS,
        only=ROUTES,
    )


@pytest.mark.parametrize("anonymity", ["masked", "own_and_top"])
def test_the_walk_finds_nothing_of_partner_b_when_anonymity_is_on(world, anonymity):
    LeaderboardSetting.objects.create(anonymity=anonymity, top_n=3)
    result = _walk(world)
    assert result.visited == 12 and result.failures == []


def test_the_walk_fails_when_partners_see_names(world):
    LeaderboardSetting.objects.create(anonymity="names")
    failures = _walk(world).failures
    shown = [f for f in failures if f.startswith("GET recognition:leaderboard")]
    assert len(shown) == 4  # each persona: B's name, and B's figures
    assert any("Bravo Trading" in f for f in shown) and any("86,420,975" in f for f in shown)
    assert not [f for f in failures if "recognition:leaderboard" not in f]
