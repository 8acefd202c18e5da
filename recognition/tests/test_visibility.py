"""What a reader sees of a leaderboard: staff everything; a partner its own position and figures always, and
of the others what the setting allows — names and figures, a rank and a masked name, or only the top N
anonymised. Checked on the lines, the page and the API, as partner A's admin and rep, partner B leading."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.testing import make_partner
from core.actor import system_actor
from programs.models import PartnerProgram, ProgramMembership
from recognition.models import Anonymity, LeaderboardSetting
from recognition.services import setting_save
from recognition.tests.helpers import won
from recognition.visibility import mask_name

pytestmark = pytest.mark.django_db

B_AMOUNT = "73519264.00"
B_FIGURES = ("73519264", "73,519,264")


@pytest.fixture
def ranked(world):
    """B leads, a third partner is second, A third (every one this quarter)."""
    today = timezone.localdate()
    won(world.partner_b, B_AMOUNT, on=today)
    third = make_partner("Gamma Gears")
    won(third, "5000.00", on=today)
    won(world.partner_a, "100.00", on=today)
    return world


def _set(anonymity, top_n=10, program=None):
    data = {"anonymity": anonymity, "top_n": top_n}
    if program is not None:
        data["program"] = program.public_id
    return setting_save(actor=system_actor(), data=data)


def _lines(world, user):
    from recognition.selectors import board_for

    return board_for(actor=world.actor(user))


def _shows_b(text: str) -> bool:
    return "Bravo Trading" in text or any(f in text for f in B_FIGURES)


def test_masked_by_default_a_partner_sees_ranks_and_masked_names_only(ranked):
    world = ranked
    presented = _lines(world, world.rep_a)
    assert presented.anonymity == Anonymity.MASKED
    first, second, own = presented.lines
    assert (first.rank, first.name, first.partner, first.shown, first.revenue) == (
        1,
        "B•••",
        None,
        False,
        None,
    )
    assert (second.rank, second.name, second.deals) == (2, "G•••", None)
    assert own.own and own.shown and own.rank == 3 and own.name == "Alpha Systems" and own.revenue > 0
    assert presented.own == [own]


def test_names_show_every_ranked_partner(ranked):
    world = ranked
    _set(Anonymity.NAMES)
    lines = _lines(world, world.admin_a).lines
    assert [(line.rank, line.name) for line in lines] == [
        (1, "Bravo Trading"),
        (2, "Gamma Gears"),
        (3, "Alpha Systems"),
    ]
    assert (
        lines[0].shown and lines[0].partner == world.partner_b.public_id and str(lines[0].revenue) == B_AMOUNT
    )


def test_own_and_top_shows_the_top_anonymised_and_the_reader_below(ranked):
    world = ranked
    _set(Anonymity.OWN_AND_TOP, top_n=1)
    lines = _lines(world, world.admin_a).lines
    assert [(line.rank, line.name, line.shown) for line in lines] == [
        (1, "", False),
        (3, "Alpha Systems", True),
    ]
    # B reads its own first place in full.
    lines = _lines(world, world.admin_b).lines
    assert [(line.rank, line.name, line.own) for line in lines] == [(1, "Bravo Trading", True)]


def test_a_program_setting_overrides_the_one_for_every_program(ranked):
    world = ranked
    program = PartnerProgram.objects.get(is_default=True)
    for partner in (world.partner_a, world.partner_b):
        ProgramMembership.objects.get_or_create(program=program, partner=partner)
    _set(Anonymity.NAMES)
    _set(Anonymity.OWN_AND_TOP, top_n=3, program=program)
    from recognition.selectors import board_for

    on_program = board_for(actor=world.actor(world.admin_a), program=program)
    assert on_program.anonymity == Anonymity.OWN_AND_TOP
    assert all(not line.name for line in on_program.lines if not line.own)
    assert _lines(world, world.admin_a).anonymity == Anonymity.NAMES  # every partner: the general setting
    assert LeaderboardSetting.objects.count() == 2


def test_staff_see_every_partner_with_figures(ranked):
    world = ranked
    _set(Anonymity.OWN_AND_TOP, top_n=1)
    lines = _lines(world, world.cam).lines
    assert lines[0].name == "Bravo Trading" and lines[0].shown
    assert {"Alpha Systems", "Gamma Gears", "Delta Distribution"} <= {line.name for line in lines}


def test_a_distributor_sees_its_reseller_as_its_own(world):
    won(world.reseller, "10.00", on=timezone.localdate())
    lines = _lines(world, world.dist_admin).lines
    # Its reseller ranked, itself (nothing won) after the ranks: both its own, in full.
    assert [(line.rank, line.name, line.own, line.shown) for line in lines] == [
        (1, "Rho Retail", True, True),
        (None, "Delta Distribution", True, True),
    ]


def test_mask_keeps_the_first_letter_only():
    assert mask_name("Bravo Trading") == "B•••" == mask_name("b")
    assert mask_name("  (Zeta)") == "Z•••"


@pytest.mark.parametrize("anonymity", [Anonymity.MASKED, Anonymity.OWN_AND_TOP])
def test_pages_and_api_never_show_partner_b_when_anonymity_is_on(ranked, login, api_client, anonymity):
    world = ranked
    _set(anonymity, top_n=2)
    for user in (world.admin_a, world.rep_a):
        page = login(user).get("/recognition/?metric=revenue&period=this_quarter")
        assert page.status_code == 200
        text = page.content.decode()
        assert not _shows_b(text) and "Alpha Systems" in text
        client = api_client(user)
        for url in ("/api/recognition/leaderboard", "/api/recognition/leaderboard/summary"):
            answer = client.get(url)
            assert answer.status_code == 200
            assert not _shows_b(answer.content.decode()), url
        rows = client.get("/api/recognition/leaderboard").json()["items"]
        assert rows[0]["rank"] == 1 and rows[0]["partner"] is None and rows[0]["revenue"] is None
        assert str(world.partner_b.public_id) not in answer.content.decode()


def test_pages_and_api_show_partner_b_with_names(ranked, login, api_client):
    world = ranked
    _set(Anonymity.NAMES)
    text = login(world.rep_a).get("/recognition/").content.decode()
    assert "Bravo Trading" in text and "73,519,264" in text
    rows = api_client(world.rep_a).get("/api/recognition/leaderboard").json()["items"]
    assert rows[0]["name"] == "Bravo Trading" and rows[0]["revenue"] == B_AMOUNT


def test_the_api_refuses_a_wrong_choice(world, api_client):
    client = api_client(world.admin_a)
    answer = client.get("/api/recognition/leaderboard?metric=weight")
    assert answer.status_code == 422
    answer = client.get(f"/api/recognition/leaderboard?program={world.partner_b.public_id}")
    assert answer.status_code == 422 and answer.json()["errors"][0]["code"] == "unknown_id"
    summary = client.get("/api/recognition/leaderboard/summary?period=last_quarter").json()
    assert summary["period"] == "last_quarter" and summary["anonymity"] == "masked"
    assert dt.date.fromisoformat(summary["end"]) < timezone.localdate()
