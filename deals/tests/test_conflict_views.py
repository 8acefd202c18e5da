"""Conflict check, decisions over a conflict, appeals and extensions through the pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conflicts.models import ConflictCheck
from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration, ExtensionRequest
from deals.services import registration_create, registration_reject, registration_submit
from deals.tests.conftest import draft_data
from direct.services import account_create, deal_create

pytestmark = pytest.mark.django_db

S = DealRegistration.Status
PARTNER_SENTENCE = "This customer may already be covered by another registration or by the vendor"


@pytest.fixture
def named_account(world):
    account = account_create(
        actor=world.actor(world.ops),
        data={
            "name": "Contoso Cycling AG",
            "legal_name": "Contoso Velo Holding AG",
            "web_domain": "contoso-cycling.example",
            "is_named_account": True,
            "segment": "enterprise",
        },
    )
    deal_create(
        actor=world.actor(world.ops),
        account=account,
        data={"name": "Contoso fleet renewal", "amount": "90000"},
    )
    return account


def register(world, user, products, **data):
    registration, _ = registration_create(
        actor=world.actor(user),
        data=draft_data(**data),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    return registration_submit(actor=world.actor(user), registration=registration)


@pytest.fixture
def conflicted(world, named_account, products):
    """Partner B registered the customer first (another name, its own domain); partner A's rep then
    registers a customer matching both the named direct account and B's registration."""
    register(
        world,
        world.rep_b,
        products,
        customer_name="Contoso Cycling Holding",
        customer_domain="contoso-bravo-lead.example",
        customer_tax_id="DE 123-456",
        contact_name="Bernd Bravo-Contact",
        contact_email="bernd@contoso-bravo-lead.example",
    )
    return register(world, world.rep_a, products)


def url(registration, action="registration"):
    """deals:<action> for the registration (deals:appeal_decide, deals:extension_request, ...)."""
    return reverse(f"deals:{action}", args=[registration.public_id])


def conflict_section(html: str) -> str:
    match = re.search(r'<article id="conflict-check">.*?</article>', html, re.S)
    assert match, "no conflict check section"
    return match.group(0)


def events(verb_prefix="deal_registration."):
    return Event.objects.filter(verb__startswith=verb_prefix).count()


def test_partner_sees_a_possible_conflict_but_nothing_about_the_other_records(world, login, conflicted):
    html = login(world.rep_a).get(url(conflicted)).content.decode()
    assert "Possible conflict" in html and PARTNER_SENTENCE in html
    for secret in (
        "Contoso Cycling AG",
        "Contoso Velo Holding",
        "Contoso fleet renewal",
        "Bravo Trading",
        "Contoso Cycling Holding",
        "contoso-bravo-lead.example",
        "Bernd Bravo-Contact",
        "Same web domain",
        "Open direct deal",
        "/direct/",
    ):
        assert secret not in html, secret
    section = conflict_section(html)
    assert "contoso-cycling.example" not in section  # the direct account's domain, as a match reason
    assert "Run the check again" not in section
    assert "Matched record" not in section


def test_cam_sees_the_matches_with_score_and_reasons(world, login, conflicted, named_account):
    html = login(world.cam).get(url(conflicted)).content.decode()
    section = conflict_section(html)
    assert "Possible conflict" in section and PARTNER_SENTENCE not in section
    assert "Contoso Cycling AG" in section and f"/direct/{named_account.public_id}" in section
    assert "Contoso Cycling Holding — Bravo Trading" in section
    assert "Same web domain (contoso-cycling.example)" in section
    assert "Named account reserved for direct sales" in section
    assert "Open direct deal “Contoso fleet renewal”" in section
    assert "<td>100</td>" in section  # the score of the direct account
    assert "Run the check again" in section
    # Approving needs an explanation here.
    assert "explain your decision in the note" in html


def test_staff_rerun_the_check_and_partners_may_not(world, login, conflicted):
    assert ConflictCheck.objects.filter(registration=conflicted).count() == 1
    before, count = snapshot(conflicted), events()
    response = login(world.rep_a).post(url(conflicted, "check"))
    assert response.status_code == 403
    assert ConflictCheck.objects.filter(registration=conflicted).count() == 1
    assert snapshot(conflicted) == before and events() == count
    response = login(world.cam).post(url(conflicted, "check"), follow=True)
    assert response.status_code == 200 and "Conflict check run again." in response.content.decode()
    assert ConflictCheck.objects.filter(registration=conflicted).count() == 2
    assert Event.objects.filter(verb="deal_registration.checked").count() == 1


def test_a_draft_is_not_checked_from_the_page(world, login, draft):
    # A draft is the partner's own until submitted: the vendor's staff do not see it at all.
    assert login(world.cam).get(url(draft)).status_code == 404
    assert login(world.cam).post(url(draft, "check")).status_code == 404
    html = login(world.rep_a).get(url(draft)).content.decode()
    assert 'id="conflict-check"' not in html and "Run the check again" not in html
    assert not ConflictCheck.objects.exists()


def test_approving_over_a_conflict_needs_a_note(world, login, named_account, products):
    registration = register(world, world.rep_a, products)
    client = login(world.cam)
    before, count = snapshot(registration), events()
    response = client.post(url(registration, "approve"), {"note": "  "}, follow=True)
    assert "Explain why you approve despite the possible conflict" in response.content.decode()
    assert snapshot(registration) == before and events() == count
    response = client.post(url(registration, "approve"), {"note": "Direct team handed it over"}, follow=True)
    assert "Registration approved." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.APPROVED and registration.decision_reason == "Direct team handed it over"
    assert registration.protected_until > timezone.localdate()


def test_partner_may_not_approve(world, login, conflicted):
    before, count = snapshot(conflicted), events()
    assert login(world.rep_a).post(url(conflicted, "approve"), {"note": "me"}).status_code == 403
    assert snapshot(conflicted) == before and events() == count


def test_reject_appeal_and_the_chief_grants(world, login, conflicted):
    cam = login(world.cam)
    cam.post(url(conflicted, "reject"), {"reason": "Named account stays direct"})
    conflicted.refresh_from_db()
    assert conflicted.status == S.REJECTED

    rep = login(world.rep_a)
    page = rep.get(url(conflicted)).content.decode()
    assert "Appeal the rejection" in page and "Send the appeal" in page
    # An empty appeal is refused and changes nothing.
    before, count = snapshot(conflicted), events()
    response = rep.post(url(conflicted, "appeal"), {"reason": ""}, follow=True)
    assert "Say why the rejection should be reconsidered." in response.content.decode()
    assert snapshot(conflicted) == before and events() == count
    # Staff do not appeal.
    assert cam.post(url(conflicted, "appeal"), {"reason": "x"}).status_code == 403
    assert snapshot(conflicted) == before

    response = rep.post(url(conflicted, "appeal"), {"reason": "We met the customer first"}, follow=True)
    assert "Appeal sent to the channel chief." in response.content.decode()
    conflicted.refresh_from_db()
    assert conflicted.status == S.APPEALED and conflicted.appeal_reason == "We met the customer first"
    assert "Send the appeal" not in rep.get(url(conflicted)).content.decode()

    # The CAM may neither decide the appeal nor see the form.
    assert "Uphold the rejection" not in cam.get(url(conflicted)).content.decode()
    before, count = snapshot(conflicted), events()
    assert cam.post(url(conflicted, "appeal_decide"), {"grant": "on", "note": "ok"}).status_code == 403
    assert rep.post(url(conflicted, "appeal_decide"), {"grant": "on", "note": "ok"}).status_code == 403
    assert snapshot(conflicted) == before and events() == count

    chief = login(world.chief)
    assert "Uphold the rejection" in chief.get(url(conflicted)).content.decode()
    response = chief.post(url(conflicted, "appeal_decide"), {"grant": "on", "note": ""}, follow=True)
    assert "Explain the decision on the appeal." in response.content.decode()
    assert snapshot(conflicted) == before and events() == count
    # Partner B still holds the customer: the page offers only upholding, says why, and a forced grant is
    # refused, changes nothing and keeps the chief's text on screen.
    page = chief.get(url(conflicted)).content.decode()
    assert "Grant the appeal" not in page and "cannot be granted while another registration holds" in page
    grant = {"grant": "on", "note": "The rep proved the history"}
    response = chief.post(url(conflicted, "appeal_decide"), grant, follow=True)
    body = response.content.decode()
    assert "Bravo Trading registered this customer first" in body and "The rep proved the history" in body
    assert snapshot(conflicted) == before and events() == count
    # ...until B's registration is rejected.
    bravo = DealRegistration.objects.get(partner=world.partner_b)
    registration_reject(actor=world.actor(world.cam), registration=bravo, reason="Alpha has the history")
    response = chief.post(url(conflicted, "appeal_decide"), grant, follow=True)
    assert "Appeal decided." in response.content.decode()
    conflicted.refresh_from_db()
    assert conflicted.status == S.APPROVED and conflicted.protected_until > timezone.localdate()
    assert conflicted.appeal_decided_by == world.chief
    assert "The rep proved the history" in rep.get(url(conflicted)).content.decode()


def test_the_chief_upholds_a_rejection(world, login, submitted):
    registration_reject(actor=world.actor(world.cam), registration=submitted, reason="Duplicate")
    login(world.admin_a).post(url(submitted, "appeal"), {"reason": "Not a duplicate"})
    submitted.refresh_from_db()
    assert submitted.status == S.APPEALED
    login(world.chief).post(url(submitted, "appeal_decide"), {"grant": "", "note": "It is one"})
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED and submitted.appeal_decision_note == "It is one"
    assert Event.objects.filter(verb="deal_registration.appeal_upheld").count() == 1
    page = login(world.rep_a).get(url(submitted)).content.decode()
    assert "Send the appeal" not in page and "It is one" in page


def test_extension_request_and_decisions(world, login, approved):
    rep, cam = login(world.rep_a), login(world.cam)
    page = rep.get(url(approved)).content.decode()
    assert "Request an extension" in page
    # Invalid requests are refused and change nothing.
    count = events()
    for data in ({"days": "0", "reason": "x"}, {"days": "ten", "reason": "x"}, {"days": "10", "reason": ""}):
        rep.post(url(approved, "extension_request"), data)
    assert not ExtensionRequest.objects.exists() and events() == count
    assert cam.post(url(approved, "extension_request"), {"days": "10", "reason": "x"}).status_code == 403
    assert not ExtensionRequest.objects.exists()

    response = rep.post(
        url(approved, "extension_request"), {"days": "30", "reason": "Budget moved"}, follow=True
    )
    assert "Extension requested" in response.content.decode()
    extension = ExtensionRequest.objects.get()
    assert extension.status == "pending" and extension.days == 30
    assert "Request an extension" not in rep.get(url(approved)).content.decode()

    page = cam.get(url(approved)).content.decode()
    assert "Budget moved" in page and "Deny" in page
    decide = f"/deals/extensions/{extension.public_id}/decide/"
    before, count = snapshot(approved), events()
    response = cam.post(decide, {"approve": "", "note": ""}, follow=True)
    assert "Give the partner a reason for the denial." in response.content.decode()
    assert rep.post(decide, {"approve": "on"}).status_code == 403
    extension.refresh_from_db()
    assert extension.status == "pending" and snapshot(approved) == before and events() == count

    until = approved.protected_until
    response = cam.post(decide, {"approve": "on", "note": ""}, follow=True)
    assert "Extension decided." in response.content.decode()
    approved.refresh_from_db()
    extension.refresh_from_db()
    assert approved.protected_until == until + timedelta(days=30) and extension.status == "approved"


def test_extension_denied_with_a_note(world, login, approved):
    rep, cam = login(world.rep_a), login(world.cam)
    rep.post(url(approved, "extension_request"), {"days": "15", "reason": "Legal review"})
    extension = ExtensionRequest.objects.get()
    until = approved.protected_until
    cam.post(f"/deals/extensions/{extension.public_id}/decide/", {"approve": "", "note": "Close it first"})
    extension.refresh_from_db()
    approved.refresh_from_db()
    assert extension.status == "denied" and approved.protected_until == until
    assert "Close it first" in rep.get(url(approved)).content.decode()


def test_other_partner_gets_404_everywhere(world, login, conflicted, products):
    registration_reject(actor=world.actor(world.cam), registration=conflicted, reason="Direct")
    client = login(world.rep_b)
    before, count = snapshot(conflicted), events()
    assert client.get(url(conflicted)).status_code == 404
    for action, data in [
        ("check", {}),
        ("appeal", {"reason": "ours"}),
        ("appeal_decide", {"grant": "on", "note": "x"}),
        ("extension_request", {"days": "10", "reason": "x"}),
        ("approve", {"note": "x"}),
        ("reject", {"reason": "x"}),
    ]:
        status = client.post(url(conflicted, action), data).status_code
        assert status in (403, 404), (action, status)
        if action in ("appeal", "extension_request", "approve", "reject"):
            assert status == 404, action
    assert snapshot(conflicted) == before and events() == count
