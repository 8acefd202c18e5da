from campaigns.models import CampaignKit, Launch
from campaigns.numbers import launch_numbers
from core.actor import system_actor


def test_demo_has_kits_and_a_bike_store_launch(demo):
    assert CampaignKit.objects.filter(status="published").count() == 2
    launch = Launch.objects.select_related("partner__campaign_slug", "kit", "link").get()
    assert launch.partner.name.endswith("Bike Store")
    numbers = launch_numbers(actor=system_actor(), launches=[launch])[launch.pk]
    assert numbers.views > 100 and numbers.leads == 3
    assert all(
        lead.partner_id == launch.partner_id for lead in launch.link.attributions.all().select_related("lead")
    )
