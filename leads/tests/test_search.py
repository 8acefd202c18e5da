from leads.models import Lead


def test_global_search_finds_only_the_readers_leads(world, login):
    Lead.objects.create(company_name="Zebra Outfitters", partner=world.partner_a, destination="channel")
    Lead.objects.create(company_name="Zebra Logistics", partner=world.partner_b, destination="channel")
    partner_page = login(world.rep_a).get("/search/?q=zebra").content.decode()
    assert "Zebra Outfitters" in partner_page and "Zebra Logistics" not in partner_page
    staff_page = login(world.cam).get("/search/?q=zebra").content.decode()
    assert "Zebra Outfitters" in staff_page and "Zebra Logistics" in staff_page
