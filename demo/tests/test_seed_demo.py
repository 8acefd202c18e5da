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
        model._meta.label: model._default_manager.count()
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


def test_demo_cams_hold_adventureworks_territories_and_approving_assigns_them(db):
    from core.actor import build_actor
    from partners.models import Territory
    from partners.territories import cam_proposal
    from recruitment.services import application_approve

    seed_demo()
    held = {
        (t.user.full_name, t.region or t.country.code)
        for t in Territory.objects.select_related("user").filter(
            user__full_name__in=["Marcus Whitfield", "Claire Dubois", "Katrin Vogel", "Oliver Hughes"]
        )
    }
    assert held == {
        ("Marcus Whitfield", "north_america"),  # every North American territory: the region
        ("Claire Dubois", "europe"),  # France, Germany and the UK: the region
        ("Katrin Vogel", "DE"),
        ("Oliver Hughes", "FR"),
        ("Oliver Hughes", "GB"),
    }
    chief = build_actor(User.objects.get(email="chief@kanal.demo"))
    velo_nord = Application.objects.get(company_name="Velo Nord GmbH")
    application_approve(actor=chief, application=velo_nord)
    velo_nord.refresh_from_db()
    assert velo_nord.cam.full_name == "Katrin Vogel" and velo_nord.cam_reason == "Territory: Germany"
    trilha = Application.objects.get(company_name="Trilha Bikes")
    application_approve(actor=chief, application=trilha)
    trilha.refresh_from_db()
    assert trilha.partner.cam is None and trilha.cam_reason == "No territory covers Brazil"
    spain = cam_proposal(actor=chief, country="ES", region="europe")
    assert spain.cam.full_name == "Claire Dubois" and spain.reason == "Territory: Europe"
    approved_earlier = Application.objects.filter(status="approved").exclude(pk__in=[velo_nord.pk, trilha.pk])
    assert approved_earlier and all(a.cam == a.partner.cam and a.cam_basis for a in approved_earlier)
