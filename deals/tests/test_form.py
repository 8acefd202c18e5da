"""The registration form: one step (submit or save a draft), lines without a fixed number of rows, labels and
marks, validation when a field is left (nothing saved), and the hint about the partner's own registrations
while the customer is typed, which never tells anything about other partners or the vendor's direct sales."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.http import VALIDATE_HEADER
from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from deals.services import registration_create
from deals.tests.conftest import draft_data
from deals.tests.test_views import _form_data, lines_data

pytestmark = pytest.mark.django_db

S = DealRegistration.Status


def _validate(client, url, data, field):
    return client.post(url, data, headers={VALIDATE_HEADER: field})


# --- one step --------------------------------------------------------------------------------------------


def test_submit_on_the_form_saves_and_submits_in_one_step(world, login, products):
    client = login(world.rep_a)
    response = client.post("/deals/new/", _form_data(products) | {"submit": "1"})
    registration = DealRegistration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deals/{registration.public_id}/"
    assert registration.status == S.SUBMITTED and registration.lines.count() == 2
    assert b"submitted to your channel account manager" in client.get(response["Location"]).content


def test_a_refused_submission_stays_on_the_form_with_its_errors_and_saves_nothing(world, login, products):
    client = login(world.rep_a)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = _form_data(products, customer_domain="", expected_close_date=past) | {"submit": "1"}
    response = client.post("/deals/new/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body and "nothing was saved" in body
    assert "The expected close date must be in the future." in body
    assert "web domain or tax id" in body
    assert 'value="Fabrikam Fleet"' in body  # what was typed stays
    assert not DealRegistration.objects.exists() and not Event.objects.exists()


def test_save_draft_keeps_an_incomplete_registration(world, login, products):
    response = login(world.rep_a).post(
        "/deals/new/",
        {"customer_name": "Half done", "currency": "USD", "stage": "qualification"} | lines_data([]),
    )
    registration = DealRegistration.objects.get()
    assert response.status_code == 302 and registration.status == S.DRAFT


def test_the_form_labels_every_input_marks_what_submitting_needs_and_offers_submit_first(
    world, login, products
):
    body = login(world.rep_a).get("/deals/new/").content.decode()
    for name in ("lines-0-product_id", "lines-0-quantity", "lines-0-unit_price"):
        assert f'<label for="id_{name}">' in body
    # the empty row the page copies for another line has labels too
    assert '<label for="id_lines-__prefix__-quantity">' in body
    name_label = body[body.index('<label for="id_customer_name">') :][:200]
    assert "required-mark" in name_label
    assert body.index("Submit for approval") < body.index("Save draft")
    assert "data-live-validate" in body and "data-remove-row" in body
    # long lists are searchable: the country and the products
    assert 'name="customer_country"' in body and body.count("data-searchable") >= 3


def test_lines_are_removed_by_their_delete_box_and_added_beyond_the_first(world, login, products, draft):
    client = login(world.rep_a)
    rows = [
        {"product_id": str(products["usd"].public_id), "quantity": "3", "DELETE": "on"},
        {"product_id": str(products["channel"].public_id), "quantity": "2"},
        {"product_id": str(products["usd"].public_id), "quantity": "7"},
    ]
    data = _form_data(products) | lines_data(rows, initial=2) | {"save": "1"}
    response = client.post(f"/deals/{draft.public_id}/edit/", data)
    assert response.status_code == 302
    assert sorted(line.quantity for line in draft.lines.all()) == [2, 7]


# --- validation when a field is left ---------------------------------------------------------------------


def test_a_blurred_invalid_field_answers_its_error_and_saves_nothing(world, login, products):
    client = login(world.rep_a)
    data = _form_data(products, contact_email="not-an-email")
    response = _validate(client, "/deals/new/", data, "contact_email")
    assert response.status_code == 200 and response["X-Kanal-Field-Valid"] == "0"
    body = response.content.decode()
    assert "<html" not in body and 'data-field="contact_email"' in body
    assert 'id="id_contact_email_error"' in body and 'aria-invalid="true"' in body
    # only that field's errors: the others are not the user's business yet
    assert 'data-field="customer_name"' not in body
    assert not DealRegistration.objects.exists() and not Event.objects.exists()


def test_a_blurred_valid_field_answers_no_error(world, login, products):
    response = _validate(login(world.rep_a), "/deals/new/", _form_data(products), "customer_domain")
    assert response["X-Kanal-Field-Valid"] == "1" and "errorlist" not in response.content.decode()
    assert not DealRegistration.objects.exists()


def test_a_line_field_is_validated_too(world, login, products):
    rows = [{"product_id": str(products["usd"].public_id), "quantity": "0"}]
    data = _form_data(products) | lines_data(rows)
    response = _validate(login(world.rep_a), "/deals/new/", data, "lines-0-quantity")
    assert response["X-Kanal-Field-Valid"] == "0" and b"whole number from 1" in response.content
    assert not DealRegistration.objects.exists()


def test_validating_an_edit_changes_nothing_even_with_submit_pressed(world, login, products, draft):
    before = snapshot(draft)
    events = Event.objects.count()
    data = _form_data(products, customer_name="Renamed") | {"submit": "1"}
    response = _validate(login(world.rep_a), f"/deals/{draft.public_id}/edit/", data, "customer_name")
    assert response.status_code == 200 and response["X-Kanal-Field-Valid"] == "1"
    assert snapshot(draft) == before and Event.objects.count() == events


def test_an_unknown_field_is_a_bad_request(world, login, products):
    response = _validate(login(world.rep_a), "/deals/new/", _form_data(products), "nonsense")
    assert response.status_code == 400 and not DealRegistration.objects.exists()


def test_a_view_that_does_not_validate_through_submit_form_changes_nothing(world, login, draft):
    """The middleware's safety net: a validation request to an action the form does not own (here the
    submit button of the registration page) is rolled back and answered with nothing."""
    before, events = snapshot(draft), Event.objects.count()
    response = login(world.rep_a).post(f"/deals/{draft.public_id}/submit/", headers={VALIDATE_HEADER: "x"})
    assert response.status_code == 204
    assert snapshot(draft) == before and Event.objects.count() == events
    follow = login(world.rep_a).get(f"/deals/{draft.public_id}/").content.decode()
    assert "Registration submitted" not in follow  # its flashed message was dropped too


def test_validation_keeps_the_page_rules(world, login, products, draft):
    """A validation request is an ordinary request: another partner's draft is 404, staff are refused."""
    url = f"/deals/{draft.public_id}/edit/"
    assert _validate(login(world.rep_b), url, _form_data(products), "customer_name").status_code == 404
    assert (
        _validate(login(world.cam), "/deals/new/", _form_data(products), "customer_name").status_code == 403
    )


# --- the customer hint -----------------------------------------------------------------------------------


def _hint(client, **params):
    return client.get("/deals/new/customer-hint/", params).content.decode()


def _register(world, user, **data):
    return registration_create(actor=world.actor(user), data=draft_data(**data))[0]


def test_the_hint_finds_the_partners_own_registration_despite_typos_and_transliteration(world, login):
    own = _register(
        world, world.admin_a, customer_name="Progressive Sports", customer_domain="progressive.example"
    )
    client = login(world.rep_a)
    for typed in ("progresive", "Прогрессив спорт", "Progressive Sports GmbH", "progr"):
        body = _hint(client, customer_name=typed)
        assert "Progressive Sports" in body and str(own.public_id) in body, typed
    assert "Progressive Sports" in _hint(client, customer_domain="https://www.progressive.example/")
    assert _hint(client, customer_name="Northwind") == ""
    assert _hint(client, customer_name="pr") == ""  # too little to say anything
    # editing that very draft: it is not its own duplicate
    assert _hint(client, customer_name="progressive", exclude=str(own.public_id)) == ""


def test_the_hint_never_reveals_another_partners_registration_or_a_direct_account(world, login):
    from direct.services import account_create

    _register(world, world.admin_b, customer_name="Bravo Secret Customer", customer_domain="secret.example")
    account_create(
        actor=world.actor(world.ops),
        data={"name": "Direct Secret Account", "web_domain": "direct-secret.example"},
    )
    client = login(world.rep_a)
    for params in (
        {"customer_name": "Bravo Secret Customer"},
        {"customer_domain": "secret.example"},
        {"customer_name": "Direct Secret Account"},
        {"customer_domain": "direct-secret.example"},
    ):
        assert _hint(client, **params) == "", params


def test_a_distributor_sees_its_resellers_registrations_but_not_the_other_way_round(world, login):
    _register(world, world.reseller_admin, customer_name="Reseller Customer Oy")
    _register(world, world.dist_admin, customer_name="Distributor Customer AB")
    assert "Reseller Customer Oy" in _hint(login(world.dist_admin), customer_name="reseller customer")
    assert _hint(login(world.reseller_admin), customer_name="distributor customer") == ""


def test_the_hint_is_for_partners_who_register(world, login):
    assert login(world.cam).get("/deals/new/customer-hint/", {"customer_name": "x"}).status_code == 403


def test_the_hint_api_answers_the_same_and_keeps_to_the_scope(world, api_client):
    own = _register(world, world.admin_a, customer_name="Progressive Sports")
    _register(world, world.admin_b, customer_name="Progressive Sportswear")
    response = api_client(world.rep_a).get("/api/deals/customer-hint", {"name": "progresive"})
    assert response.status_code == 200, response.content
    matches = response.json()["matches"]
    assert [m["id"] for m in matches] == [str(own.public_id)]
    assert matches[0]["status"] == "draft" and matches[0]["partner_name"] == world.partner_a.name
    assert (
        api_client(world.rep_b)
        .get("/api/deals/customer-hint", {"name": "Progressive Sports"})
        .json()["matches"][0]["customer_name"]
        == "Progressive Sportswear"
    )
    assert api_client(world.cam).get("/api/deals/customer-hint", {"name": "x"}).status_code == 403
    too_long = api_client(world.rep_a).get("/api/deals/customer-hint", {"name": "x" * 201})
    assert too_long.status_code == 422
