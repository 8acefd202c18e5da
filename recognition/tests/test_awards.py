"""Awards: defined by the channel team, granted to a partner for a period with a citation in both languages,
shown to the partner (home, profile, its badges) and on its staff page; revoking is audited and hides it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.testing import snapshot
from notifications.models import Notification
from recognition.models import Award, AwardGrant
from recognition.services import award_create, award_update, grant_create, grant_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(world):
    return award_create(
        actor=world.actor(world.marketing),
        data={
            "name_en": "Partner of the quarter",
            "name_ru": "Партнер квартала",
            "rule": "manual",
            "is_active": True,
        },
    )


def _grant(world, award, partner=None, **extra):
    data = {
        "award": award.public_id,
        "partner": (partner or world.partner_a).public_id,
        "period": "fy2026-q3",
        "citation_en": "Best quarter ever.",
        "citation_ru": "Лучший квартал.",
    } | extra
    return grant_create(actor=world.actor(world.marketing), data=data)


def test_an_award_is_created_and_changed_by_marketing(world, award):
    assert Event.objects.filter(verb="award.created", target_id=award.pk).exists()
    award_update(actor=world.actor(world.ops), award=award, data={"description_en": "The best partner."})
    award.refresh_from_db()
    assert award.description_en == "The best partner."
    with pytest.raises(PermissionDenied):
        award_update(actor=world.actor(world.cam), award=award, data={"name_en": "Mine"})


def test_a_leaderboard_award_names_its_leaderboard(world):
    with pytest.raises(ValidationError) as refused:
        award_create(
            actor=world.actor(world.marketing),
            data={"name_en": "Top sellers", "rule": "leaderboard_top", "is_active": True},
        )
    assert refused.value.error_dict["metric"][0].code == "award_metric_required"
    assert not Award.objects.exists() and not Event.objects.filter(verb="award.created").exists()


def test_granting_records_notifies_and_shows_the_award(world, award, login):
    grant = _grant(world, award)
    assert (grant.period, grant.citation_en, grant.citation_ru, grant.automatic) == (
        "FY2026-Q3",
        "Best quarter ever.",
        "Лучший квартал.",
        False,
    )
    event = Event.objects.get(verb="award.granted")
    assert event.partner == world.partner_a and event.after["period"] == "FY2026-Q3"
    notified = set(Notification.objects.filter(verb="award.granted").values_list("user__email", flat=True))
    assert notified == {"admin@alpha.test", "rep@alpha.test"}
    rep = login(world.rep_a)
    for url in ("/my/", "/my/profile/", "/recognition/badges/", f"/recognition/badges/{grant.public_id}/"):
        page = rep.get(url)
        assert page.status_code == 200 and "Partner of the quarter" in page.content.decode(), url
    staff_page = login(world.cam).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert "Partner of the quarter" in staff_page
    # Partner B neither sees A's award nor opens it.
    other = login(world.admin_b)
    assert "Partner of the quarter" not in other.get("/recognition/badges/").content.decode()
    assert other.get(f"/recognition/badges/{grant.public_id}/").status_code == 404


def test_russian_readers_read_the_russian_citation(world, award, login):
    grant = _grant(world, award)
    rep = login(world.rep_a)
    rep.cookies["django_language"] = "ru"
    text = rep.get(
        f"/recognition/badges/{grant.public_id}/", headers={"accept-language": "ru"}
    ).content.decode()
    assert "Лучший квартал." in text and "Партнер квартала" in text


def test_a_partner_holds_an_award_once_per_period(world, award):
    grant = _grant(world, award)
    before = snapshot(grant)
    with pytest.raises(ValidationError) as refused:
        _grant(world, award, period="FY2026-Q3")
    assert refused.value.error_dict["partner"][0].code == "award_already_granted"
    assert AwardGrant.objects.count() == 1 and snapshot(grant) == before
    assert Event.objects.filter(verb="award.granted").count() == 1
    _grant(world, award, period="FY2026-Q4")  # another period: granted
    assert AwardGrant.objects.count() == 2


def test_bad_grants_change_nothing(world, award):
    from accounts.testing import make_partner

    prospect = make_partner("Maybe Ltd", status="prospect")
    cases = [
        ({"period": "2026-Q3"}, "period", "period_unknown"),
        ({"citation_en": " "}, "citation_en", "required"),
        ({"partner": prospect}, "partner", "unknown_id"),  # not offered: not in the network
    ]
    for extra, field, code in cases:
        with pytest.raises(ValidationError) as refused:
            _grant(world, award, **extra)
        assert refused.value.error_dict[field][0].code == code, extra
    award_update(actor=world.actor(world.ops), award=award, data={"is_active": False})
    with pytest.raises(ValidationError) as refused:
        _grant(world, award)
    assert refused.value.error_dict["award"][0].code == "award_inactive"
    with pytest.raises(PermissionDenied):
        grant_create(actor=world.actor(world.cam), data={})
    with pytest.raises(PermissionDenied):
        grant_create(actor=world.actor(world.admin_a), data={})
    assert not AwardGrant.objects.exists() and not Notification.objects.filter(verb="award.granted").exists()


def test_revoking_is_audited_and_hides_the_award(world, award, login):
    grant = _grant(world, award)
    with pytest.raises(ValidationError):
        grant_revoke(actor=world.actor(world.ops), grant=grant, data={"reason": ""})
    assert snapshot(grant)["revoked_at"] is None
    grant_revoke(actor=world.actor(world.ops), grant=grant, data={"reason": "Granted to the wrong partner."})
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == world.ops
    event = Event.objects.get(verb="award.revoked")
    assert event.note == "Granted to the wrong partner." and event.partner == world.partner_a
    assert event.actor == world.ops
    rep = login(world.rep_a)
    assert rep.get(f"/recognition/badges/{grant.public_id}/").status_code == 404
    assert "Partner of the quarter" not in rep.get("/recognition/badges/").content.decode()
    home = rep.get("/my/").content.decode()
    card = home.split('id="widget-recognition-my-badges"')[1].split("</article>")[0]
    assert "Partner of the quarter" not in card and "No award yet" in card
    # Revoked once: never again; the staff page still shows it, with why.
    with pytest.raises(ValidationError) as refused:
        grant_revoke(actor=world.actor(world.ops), grant=grant, data={"reason": "Again"})
    assert refused.value.error_dict["status"][0].code == "award_grant_revoked"
    text = login(world.ops).get(f"/recognition/badges/{grant.public_id}/").content.decode()
    assert "Granted to the wrong partner." in text
    # It may be granted again by hand.
    _grant(world, award)
    assert AwardGrant.objects.filter(revoked_at__isnull=True).count() == 1


def test_staff_pages_grant_and_revoke(world, award, login):
    ops = login(world.ops)
    assert ops.get("/recognition/awards/").status_code == 200
    assert ops.get(f"/recognition/awards/{award.public_id}/").status_code == 200
    assert ops.get(f"/recognition/badges/new/?award={award.public_id}").status_code == 200
    answer = ops.post(
        "/recognition/badges/new/",
        {
            "award": award.public_id,
            "partner": world.partner_b.public_id,
            "period": "FY2026-Q2",
            "citation_en": "For the spring range.",
        },
    )
    grant = AwardGrant.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/recognition/badges/{grant.public_id}/"
    ops.post(f"/recognition/badges/{grant.public_id}/revoke/", {"reason": "Duplicate."})
    grant.refresh_from_db()
    assert grant.revoke_reason == "Duplicate."
    # The form refuses a wrong period and keeps what was typed.
    page = ops.post(
        "/recognition/badges/new/",
        {
            "award": award.public_id,
            "partner": world.partner_b.public_id,
            "period": "Q2",
            "citation_en": "Kept",
        },
    )
    assert page.status_code == 200 and "Kept" in page.content.decode()
    assert AwardGrant.objects.count() == 1
    # A CAM reads, but grants nothing.
    cam = login(world.cam)
    assert cam.get("/recognition/badges/").status_code == 200
    assert cam.get("/recognition/badges/new/").status_code == 403


def test_the_api_grants_lists_and_revokes(world, award, api_client):
    staff = api_client(world.marketing)
    answer = staff.post(
        "/api/recognition/grants",
        {
            "award": str(award.public_id),
            "partner": str(world.partner_a.public_id),
            "period": "FY2026",
            "citation_en": "A year to remember.",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["actions"] == ["revoke"] and body["partner"]["name"] == "Alpha Systems"
    partner = api_client(world.rep_a)
    mine = partner.get("/api/recognition/grants").json()
    assert mine["count"] == 1 and mine["items"][0]["award"]["name"] == "Partner of the quarter"
    assert api_client(world.rep_b).get("/api/recognition/grants").json()["count"] == 0
    assert partner.get("/api/recognition/awards").status_code == 403
    revoked = staff.post(
        f"/api/recognition/grants/{body['id']}/revoke", {"reason": "Mistake"}, content_type="application/json"
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and revoked.json()["actions"] == []
    assert partner.get("/api/recognition/grants").json()["count"] == 0
    listed = staff.get("/api/recognition/grants?state=revoked").json()
    assert listed["count"] == 1 and listed["items"][0]["revoke_reason"] == "Mistake"
    refused = staff.post(
        "/api/recognition/awards",
        {"name_en": "X", "rule": "leaderboard_top", "is_active": True},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "award_metric_required"


def test_list_pages_read_a_fixed_number_of_queries(world, award, login, django_assert_max_num_queries):
    from accounts.testing import make_partner

    for i in range(12):
        _grant(world, award, partner=make_partner(f"Winner {i:02d}"), period="FY2026-Q1")
    ops = login(world.ops)
    ops.get("/recognition/badges/")
    with django_assert_max_num_queries(25):
        assert ops.get("/recognition/badges/").status_code == 200
    with django_assert_max_num_queries(25):
        assert ops.get("/recognition/awards/").status_code == 200
