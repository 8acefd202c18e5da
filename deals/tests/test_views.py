"""Deal registration pages: partner list/board/form/detail/actions, staff pipeline, export, isolation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from deals.services import registration_create, registration_submit
from deals.tests.conftest import draft_data

pytestmark = pytest.mark.django_db

S = DealRegistration.Status


def _form_data(products, extra_lines=(), **extra):
    close = (timezone.localdate() + timedelta(days=20)).isoformat()
    return (
        {
            "customer_name": "Fabrikam Fleet",
            "customer_domain": "fabrikam.example",
            "customer_country": "US",
            "currency": "USD",
            "stage": "qualification",
            "expected_close_date": close,
        }
        | lines_data(
            [
                {"product_id": str(products["usd"].public_id), "quantity": "2"},
                {"product_id": str(products["channel"].public_id), "quantity": "1", "unit_price": "200"},
                *extra_lines,
            ]
        )
        | extra
    )


def lines_data(rows, *, initial=0):
    """The product lines as the page's formset posts them."""
    data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data |= {f"lines-{index}-{key}": value for key, value in row.items()}
    return data


def test_partner_list_table_and_board(world, login, draft):
    client = login(world.admin_a)
    page = client.get("/deals/")
    assert page.status_code == 200 and b"Contoso Cycling GmbH" in page.content
    board = client.get("/deals/?view=board")
    assert b"Proposal" in board.content and b"Contoso Cycling GmbH" in board.content
    partial = client.get("/deals/?status=submitted", headers={"HX-Request": "true"}).content
    assert b"<html" not in partial and b"Contoso Cycling GmbH" not in partial
    assert b"Contoso Cycling GmbH" not in login(world.admin_b).get("/deals/").content


def test_staff_get_no_partner_list(world, login):
    assert login(world.cam).get("/deals/").status_code == 403


def test_register_submit_and_see_the_timeline(world, login, products):
    client = login(world.rep_a)
    assert client.get("/deals/new/").status_code == 200
    response = client.post("/deals/new/", _form_data(products))
    registration = DealRegistration.objects.get()
    assert response.status_code == 302 and response.url == f"/deals/{registration.public_id}/"
    assert str(registration.amount) == "2200.00" and registration.status == S.DRAFT
    client.post(f"/deals/{registration.public_id}/submit/")
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED
    detail = client.get(f"/deals/{registration.public_id}/")
    assert b"Deal registration submitted" in detail.content and b"RB-1" in detail.content
    assert b"Approve" not in detail.content


def test_form_errors_are_shown(world, login, products):
    client = login(world.rep_a)
    response = client.post(
        "/deals/new/",
        _form_data(
            products,
            extra_lines=[{"product_id": str(products["eur"].public_id), "quantity": "1"}],
            customer_domain="not a domain",
        ),
    )
    assert response.status_code == 200
    assert "Enter a web domain" in response.content.decode()
    assert not DealRegistration.objects.exists()


def test_product_without_quantity(world, login, products):
    response = login(world.rep_a).post("/deals/new/", _form_data(products, **{"lines-0-quantity": ""}))
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not DealRegistration.objects.exists()


def test_edit_draft_only(world, login, draft, products):
    client = login(world.admin_a)
    assert client.get(f"/deals/{draft.public_id}/edit/").status_code == 200
    client.post(f"/deals/{draft.public_id}/edit/", _form_data(products, customer_name="Renamed Co"))
    draft.refresh_from_db()
    assert draft.customer_name == "Renamed Co" and draft.lines.count() == 2
    assert login(world.cam).get(f"/deals/{draft.public_id}/edit/").status_code == 404  # not the vendor's yet


def test_submit_errors_are_reported_and_change_nothing(world, login, products):
    registration, _ = registration_create(actor=world.actor(world.rep_a), data={"customer_name": "X"})
    before = snapshot(registration)
    response = login(world.rep_a).post(f"/deals/{registration.public_id}/submit/", follow=True)
    assert "Add at least one product line." in response.content.decode()
    assert snapshot(registration) == before


def test_cam_approves_and_rejects_from_the_detail_page(world, login, submitted, products):
    client = login(world.cam)
    page = client.get(f"/deals/{submitted.public_id}/")
    assert b"Approve" in page.content
    client.post(f"/deals/{submitted.public_id}/approve/", {"note": "Go ahead"})
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED and submitted.decision_reason == "Go ahead"
    assert b"Protected until" in login(world.rep_a).get(f"/deals/{submitted.public_id}/").content


def test_reject_needs_a_reason(world, login, submitted):
    client = login(world.chief)
    before = snapshot(submitted)
    response = client.post(f"/deals/{submitted.public_id}/reject/", {"reason": ""}, follow=True)
    assert "Give the partner a reason" in response.content.decode()
    assert snapshot(submitted) == before
    client.post(f"/deals/{submitted.public_id}/reject/", {"reason": "Direct account."})
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED


def test_partner_cannot_approve(world, login, submitted):
    before, events = snapshot(submitted), Event.objects.count()
    assert login(world.admin_a).post(f"/deals/{submitted.public_id}/approve/").status_code == 403
    assert login(world.marketing).post(f"/deals/{submitted.public_id}/approve/").status_code == 403
    assert (snapshot(submitted), Event.objects.count()) == (before, events)


def test_close_from_the_detail_page(world, login, approved):
    client = login(world.rep_a)
    client.post(f"/deals/{approved.public_id}/close/", {"outcome": "won", "won_amount": ""})
    approved.refresh_from_db()
    assert approved.status == S.APPROVED
    client.post(f"/deals/{approved.public_id}/close/", {"outcome": "won", "won_amount": "3000"})
    approved.refresh_from_db()
    assert approved.status == S.WON


def test_other_partner_gets_404_everywhere(world, login, draft, approved):
    client = login(world.admin_b)
    before, events, emails = snapshot(approved), Event.objects.count(), len(mail.outbox)
    for path in ("", "edit/"):
        assert client.get(f"/deals/{approved.public_id}/{path}").status_code == 404
    for path in ("submit/", "close/", "approve/", "reject/"):
        assert (
            client.post(
                f"/deals/{approved.public_id}/{path}", {"outcome": "lost", "lost_reason": "x"}
            ).status_code
            == 404
        )
    assert (snapshot(approved), Event.objects.count(), len(mail.outbox)) == (before, events, emails)


def test_distributor_sees_and_registers_for_its_reseller(world, login, products):
    client = login(world.dist_admin)
    page = client.get("/deals/new/")
    assert b"Rho Retail" in page.content
    client.post("/deals/new/", _form_data(products, partner_id=str(world.reseller.public_id)))
    registration = DealRegistration.objects.get()
    assert registration.partner == world.reseller and registration.registered_via == world.distributor
    assert b"Fabrikam Fleet" in client.get("/deals/").content
    assert login(world.reseller_admin).get(f"/deals/{registration.public_id}/").status_code == 200
    own, _ = registration_create(
        actor=world.actor(world.dist_admin), data=draft_data(customer_name="Dist Own")
    )
    assert login(world.reseller_admin).get(f"/deals/{own.public_id}/").status_code == 404


def test_pipeline_filters_and_export(world, login, submitted, products):
    evil, _created = registration_create(
        actor=world.actor(world.rep_b),
        data=draft_data(
            customer_name="=Evil()", customer_domain="evil.example", customer_tax_id="", stage="commit"
        ),
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    hidden, _created = registration_create(
        actor=world.actor(world.rep_b),
        data=draft_data(customer_name="Still A Draft", customer_domain="draft.example", customer_tax_id=""),
    )
    registration_submit(actor=world.actor(world.rep_b), registration=evil)
    client = login(world.marketing)
    page = client.get("/deals/pipeline/")
    assert page.status_code == 200
    assert b"Contoso Cycling GmbH" in page.content and b"=Evil()" in page.content
    assert b"Still A Draft" not in page.content  # partners' drafts are theirs until submitted
    results = client.get(f"/deals/pipeline/?q={hidden.customer_name}", headers={"HX-Request": "true"}).content
    assert b"Still A Draft" not in results
    for query in (
        f"partner={world.partner_a.public_id}",
        "q=contoso",
        "stage=proposal",
    ):
        body = client.get(f"/deals/pipeline/?{query}", headers={"HX-Request": "true"}).content
        assert b"Contoso Cycling GmbH" in body and b"=Evil()" not in body, query
    world.partner_b.cam = None
    world.partner_b.save()
    body = client.get(f"/deals/pipeline/?cam={world.cam.public_id}", headers={"HX-Request": "true"}).content
    assert b"Contoso Cycling GmbH" in body and b"=Evil()" not in body
    response = client.get("/deals/pipeline/export/?q=evil")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=Evil()" in body and "Contoso" not in body and "Still A Draft" not in body
    assert body.splitlines()[0].startswith("id,customer_name,partner,registered_via")


def test_pipeline_is_staff_only(world, login):
    assert login(world.admin_a).get("/deals/pipeline/").status_code == 403
    assert login(world.admin_a).get("/deals/pipeline/export/").status_code == 403


def test_nav_links(world, login):
    assert b'href="/deals/"' in login(world.rep_a).get("/deals/").content
    assert b'href="/deals/pipeline/"' in login(world.cam).get("/deals/pipeline/").content
