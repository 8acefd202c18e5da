from django.apps import apps
from django.contrib.auth import authenticate
from django.test import Client

from accounts.models import Membership, User
from core.models import Event
from core.roles import PartnerRole, StaffRole
from demo.seeding import PASSWORD, demo_logins, seed_demo
from partners.choices import PartnerStatus
from partners.models import Partner
from recruitment.models import Application, Prospect


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "contenttypes", "auth"}
    }


def test_seed_demo_creates_the_demo_once(demo):
    assert demo.created is True  # the session's one seeding (demo/testing.py) found an empty database
    counts = _row_counts()

    assert seed_demo() is False
    assert _row_counts() == counts

    assert Partner.objects.count() == 701
    assert Event.objects.filter(verb="partner.created").count() == 701
    assert set(Partner.objects.values_list("status", flat=True)) == set(PartnerStatus.values)
    assert Partner.objects.filter(parent__isnull=False).count() == 30
    assert set(Application.objects.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(Prospect.objects.values_list("stage", flat=True)) == set(Prospect.Stage.values)
    assert Application.objects.exclude(duplicate_flags=[]).exists()


def test_seed_demo_gives_every_role_a_login(demo):
    staff_roles = set(User.objects.filter(email__endswith="@kanal.demo").values_list("staff_role", flat=True))
    partner_roles = set(
        Membership.objects.filter(user__email__endswith=".demo").values_list("role", flat=True)
    )
    assert staff_roles == set(StaffRole.values)
    assert partner_roles == set(PartnerRole.values)
    distributor = Membership.objects.get(user__email="admin@distributor.demo").partner
    assert distributor.resellers.exists()

    emails = {login.email for login in demo_logins()}
    for email in (
        "chief@kanal.demo",
        "ops@kanal.demo",
        "marketing@kanal.demo",
        "cam@kanal.demo",
        "admin@bikestore.demo",
        "rep@bikestore.demo",
        "admin@progressive.demo",
        "rep@progressive.demo",
        "admin@distributor.demo",
    ):
        assert email in emails
    assert authenticate(email="cam@kanal.demo", password=PASSWORD) is not None
    assert Client().login(email="admin@bikestore.demo", password=PASSWORD)
