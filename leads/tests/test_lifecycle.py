from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from catalog.models import Product, ProductFamily
from core.inputs import InputInvalid
from deals.models import DealRegistration
from direct.models import DirectAccount
from leads.models import Lead, LeadAssignment, LeadAttribute, LeadNote
from leads.services import (
    attribute_create,
    attribute_update,
    lead_convert,
    lead_create,
    lead_lose,
    lead_progress,
    lead_update,
    note_add,
    web_lead_submit,
)


@pytest.fixture
def product(db):
    family = ProductFamily.objects.create(name="Road bikes")
    return Product.objects.create(sku="RB-1", name="Road bike", family=family, list_price="1000.00")


@pytest.fixture
def visits(world):
    return attribute_create(
        actor=world.actor(world.ops),
        data={"key": "visits", "label_en": "Site visits", "label_ru": "Визиты", "kind": "number"},
    )


@pytest.fixture
def origin(world):
    return attribute_create(
        actor=world.actor(world.ops),
        data={
            "key": "origin",
            "label_en": "Origin",
            "kind": "choice",
            "choices_text": "api | API\nlanding | Landing page | Посадочная страница",
        },
    )


def offered(lead, partner, *, accepted=True):
    """The lead as routing leaves it once `partner` accepted it (routing is leads.routing's, tested there)."""
    lead.partner, lead.destination = partner, "channel"
    lead.status = "accepted" if accepted else "new"
    lead.save()
    LeadAssignment.objects.create(lead=lead, partner=partner, outcome="accepted" if accepted else "pending")
    return lead


def new_lead(world, **extra):
    data = {"company_name": "Contoso Cycling GmbH", "domain": "https://www.contoso.example/", "country": "DE"}
    return lead_create(actor=world.actor(world.ops), data=data | extra)[0]


def test_ops_creates_a_lead_with_normalised_fields_and_attributes(world, visits, origin, product):
    lead = new_lead(
        world,
        contact_email="Carla@Contoso.example",
        products=[str(product.public_id)],
        attributes={"visits": "1 234,5", "origin": "Посадочная страница"},
    )
    assert lead.domain == "contoso.example"
    assert lead.contact_email == "carla@contoso.example"
    assert lead.region == "europe"  # derived from the country
    assert lead.attributes == {"visits": 1234.5, "origin": "landing"}
    assert list(lead.products.all()) == [product]
    assert lead.source == "manual" and lead.status == "new" and lead.partner is None


def test_a_wrong_attribute_value_changes_nothing(world, visits, origin):
    with pytest.raises(InputInvalid) as refused:
        new_lead(world, attributes={"visits": "many", "origin": "fax", "nope": "x"})
    codes = {e.code for e in refused.value.error_dict["attributes"]}
    assert codes == {"attribute_invalid"}
    assert len(refused.value.error_dict["attributes"]) == 3
    assert not Lead.objects.exists()


def test_partners_and_cams_cannot_create_vendor_leads(world):
    for user in (world.admin_a, world.cam):
        with pytest.raises(PermissionDenied):
            lead_create(actor=world.actor(user), data={"company_name": "X"})


def test_the_same_person_again_is_merged_and_a_known_company_is_flagged(world, product):
    first = new_lead(world, contact_email="carla@contoso.example")
    again, created = lead_create(
        actor=world.actor(world.ops),
        data={
            "company_name": "Contoso Cycling",
            "contact_email": "carla@contoso.example",
            "contact_phone": "+49 30 1234",
            "products": [str(product.public_id)],
        },
    )
    assert not created and again == first
    first.refresh_from_db()
    assert first.contact_phone == "+49 30 1234" and list(first.products.all()) == [product]
    other = new_lead(world, company_name="Contoso Cycling GmbH", contact_email="bob@contoso.example")
    assert other.duplicate_of == first
    assert Lead.objects.count() == 2


def test_a_lead_for_a_named_direct_account_goes_to_direct_sales(world):
    from conflicts.index import index_direct_account

    account = DirectAccount.objects.create(
        name="Fabrikam Industries", web_domain="fabrikam.example", is_named_account=True
    )
    index_direct_account(account)
    lead = new_lead(world, company_name="Fabrikam Industries", domain="fabrikam.example")
    assert lead.destination == "direct"
    assert "Fabrikam" in lead.match_note


def test_idempotency_key_returns_the_first_lead(world):
    first, created = lead_create(
        actor=world.actor(world.ops), data={"company_name": "Once"}, idempotency_key="k1"
    )
    again, created_again = lead_create(
        actor=world.actor(world.ops), data={"company_name": "Twice"}, idempotency_key="k1"
    )
    assert created and not created_again and again == first


def test_a_partners_referral_is_its_own_accepted_lead(world):
    lead, created = lead_create(
        actor=world.actor(world.rep_a), data={"company_name": "Own find"}, source="referral"
    )
    assert created and lead.partner == world.partner_a and lead.status == "accepted"
    assert lead.assignments.get().explanation == [{"code": "own_referral", "params": {}}]
    assert Lead.objects.visible_to(world.actor(world.rep_b)).count() == 0


def test_the_partner_works_converts_and_links_a_registration(world, product):
    lead = offered(new_lead(world, products=[str(product.public_id)], contact_name="Carla"), world.partner_a)
    rep = world.actor(world.rep_a)
    day = timezone.localdate() + timedelta(days=3)
    lead_progress(
        actor=rep, lead=lead, data={"status": "contacted", "next_step": "Demo", "next_step_on": day}
    )
    lead.refresh_from_db()
    assert (lead.status, lead.next_step, lead.next_step_on) == ("contacted", "Demo", day)
    registration = lead_convert(
        actor=rep,
        lead=lead,
        data={"expected_close_date": timezone.localdate() + timedelta(days=60), "quantity": 2},
    )
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.registration == registration
    assert registration.status == "submitted" and registration.partner == world.partner_a
    assert (
        registration.customer_name == "Contoso Cycling GmbH"
        and registration.customer_domain == "contoso.example"
    )
    assert registration.lines.get().quantity == 2
    assert registration.lead == lead  # the link kept for attribution


def test_a_conversion_the_deals_service_refuses_changes_nothing(world):
    lead = offered(new_lead(world), world.partner_a)  # no products: a registration cannot be submitted
    with pytest.raises(ValidationError):
        lead_convert(
            actor=world.actor(world.rep_a),
            lead=lead,
            data={"expected_close_date": timezone.localdate() + timedelta(days=30), "submit": True},
        )
    lead.refresh_from_db()
    assert lead.status == "accepted" and not DealRegistration.objects.exists()


def test_a_conversion_kept_as_a_draft(world):
    lead = offered(new_lead(world), world.partner_a)
    registration = lead_convert(
        actor=world.actor(world.rep_a),
        lead=lead,
        data={"expected_close_date": timezone.localdate() + timedelta(days=30), "submit": False},
    )
    assert registration.status == "draft"


def test_work_needs_acceptance_and_closed_leads_do_not_change(world):
    lead = offered(new_lead(world), world.partner_a, accepted=False)
    rep = world.actor(world.rep_a)
    with pytest.raises(ValidationError) as refused:
        lead_progress(actor=rep, lead=lead, data={"status": "contacted"})
    assert refused.value.code == "not_accepted"
    lead.status = "accepted"
    lead.save()
    lead_lose(actor=rep, lead=lead, data={"reason": "no_budget", "note": "Next year"})
    lead.refresh_from_db()
    assert lead.status == "lost" and lead.lost_reason == "no_budget" and lead.closed_at
    with pytest.raises(ValidationError) as closed:
        lead_progress(actor=rep, lead=lead, data={"status": "contacted"})
    assert closed.value.code == "lead_closed"


def test_another_partner_cannot_touch_the_lead(world):
    from django.http import Http404

    lead = offered(new_lead(world), world.partner_a)
    with pytest.raises(Http404):
        lead_progress(actor=world.actor(world.rep_b), lead=lead, data={"status": "contacted"})
    with pytest.raises(PermissionDenied):  # staff do not work a partner's lead
        lead_progress(actor=world.actor(world.cam), lead=lead, data={"status": "contacted"})


def test_notes_of_a_previous_partner_stay_hidden(world):
    lead = offered(new_lead(world), world.partner_b)
    note_add(actor=world.actor(world.rep_b), lead=lead, data={"text": "Bravo's private note"})
    note_add(actor=world.actor(world.cam), lead=lead, data={"text": "From the channel team"})
    lead.partner = world.partner_a
    lead.save()
    seen = set(LeadNote.objects.visible_to(world.actor(world.rep_a)).values_list("text", flat=True))
    assert seen == {"From the channel team"}


def test_staff_edit_merges_attributes_and_refuses_partners(world, visits, origin):
    lead = new_lead(world, attributes={"visits": "3", "origin": "api"})
    lead_update(actor=world.actor(world.ops), lead=lead, data={"attributes": {"visits": "9"}})
    lead.refresh_from_db()
    assert lead.attributes == {"visits": 9, "origin": "api"}
    lead_update(actor=world.actor(world.ops), lead=lead, data={"attributes": {"origin": ""}})
    lead.refresh_from_db()
    assert lead.attributes == {"visits": 9}
    offered(lead, world.partner_a)
    with pytest.raises(PermissionDenied):
        lead_update(actor=world.actor(world.admin_a), lead=lead, data={"company_name": "Mine"})


def test_attribute_definitions(world, origin):
    assert origin.choices[1] == {
        "value": "landing",
        "label_en": "Landing page",
        "label_ru": "Посадочная страница",
    }
    with translation.override("ru"):
        assert origin.choice_label("landing") == "Посадочная страница"
    with pytest.raises(InputInvalid):
        attribute_create(
            actor=world.actor(world.ops), data={"key": "kind2", "label_en": "K", "kind": "choice"}
        )
    with pytest.raises(PermissionDenied):
        attribute_create(actor=world.actor(world.cam), data={"key": "x", "label_en": "X"})
    attribute_update(
        actor=world.actor(world.ops), attribute=origin, data={"label_ru": "Источник", "active": False}
    )
    origin.refresh_from_db()
    assert origin.label_ru == "Источник" and not origin.active
    assert LeadAttribute.objects.visible_to(world.actor(world.rep_a)).filter(pk=origin.pk).count() == 0


def test_web_form_honeypot_and_rate_limit(world, settings):
    from core.actor import ANONYMOUS

    settings.LEADS_WEB_FORM_PER_IP_PER_HOUR = 2
    assert web_lead_submit(actor=ANONYMOUS, data={"company_name": "Bot"}, ip="10.0.0.1", honeypot="x") is None
    assert not Lead.objects.exists()
    for n in range(2):
        lead = web_lead_submit(
            actor=ANONYMOUS, data={"company_name": f"Visitor {n}"}, ip="10.0.0.1", page="/pricing"
        )
        assert lead.source == "web_form" and lead.source_detail == "/pricing"
    with pytest.raises(ValidationError) as refused:
        web_lead_submit(actor=ANONYMOUS, data={"company_name": "Visitor 3"}, ip="10.0.0.1")
    assert refused.value.code == "rate_limited"
    assert Lead.objects.count() == 2
