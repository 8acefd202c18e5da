from deals.models import DealRegistration


def test_demo_has_registrations_in_every_status(demo):
    # The demo logins' registrations, made through the services (the leaderboards' won history is bulk-made).
    registrations = DealRegistration.objects.exclude(idempotency_key__startswith="history-")
    assert 20 <= registrations.count() <= 35  # with the competitive one (demo/seed_competition.py)
    assert set(registrations.values_list("status", flat=True)) == set(DealRegistration.Status.values)
    assert registrations.filter(partner__memberships__user__email="rep@bikestore.demo").exists()
    assert registrations.filter(registered_via__isnull=False).exclude(partner=None).exists()
    everything = DealRegistration.objects.all()
    assert not everything.exclude(status="draft").filter(lines__isnull=True).exists()
    assert not everything.filter(name_key="").exists()
    from conflicts.models import ConflictCheck, IndexedCustomer
    from deals.models import ExtensionRequest

    # The look-alikes of direct accounts are flagged, and the search index covers the live records.
    assert ConflictCheck.objects.filter(outcome="conflict").exists()
    live = registrations.filter(status__in=["submitted", "approved"]).count()
    assert IndexedCustomer.objects.filter(source="registration").count() == live
    assert ExtensionRequest.objects.filter(status="pending").exists()
