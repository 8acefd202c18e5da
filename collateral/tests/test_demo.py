"""The demo's co-branded collateral: what marketing wrote compiles for a real demo partner."""

from collateral.models import CollateralTemplate
from collateral.services import collateral_generate
from core.actor import build_actor


def test_the_demo_bike_store_makes_its_flyer_and_invitation(demo):
    from accounts.models import User

    admin = User.objects.get(email="admin@bikestore.demo")
    actor = build_actor(admin)
    assert actor.partner.logo  # drawn by the seeding (into the media folder of the test that seeded)
    published = CollateralTemplate.objects.visible_to(actor).order_by("title_en")
    assert [t.title_en for t in published] == ["Product flyer", "Test-ride invitation"]
    for template in published:
        for language in ("en", "ru"):
            made = collateral_generate(actor=actor, template=template, language=language)
            assert made.size > 1000
    assert CollateralTemplate.objects.filter(status="draft", partner_types=["distributor"]).count() == 1
