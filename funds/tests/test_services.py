"""MDF end to end on the ledger: budgets, allocations (fixed, per tier, shares of won revenue), requests,
the chief's approval above the threshold, claims with proof, duplicates, the end of a period. Every refusal
changes nothing: no ledger entry, no event, the rows as they were."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.inputs import InputInvalid
from core.models import Event
from deals.models import DealRegistration
from funds import books
from funds.errors import FundErrorCode as E
from funds.models import ClaimDuplicate, ClaimFile, FundAllocation, FundBudget, FundClaim, FundRequest
from funds.rules import allowed_actions
from funds.selectors import current_period, periods_to_budget
from funds.services import (
    accruals_run,
    allocation_adjust,
    allocation_create,
    budget_adjust,
    budget_create,
    claim_add_file,
    claim_approve,
    claim_reject,
    periods_close,
    request_approve,
    request_cancel,
    request_create,
    request_reject,
    request_withdraw,
)
from funds.testing import allocate, approved_request, claim_for, pdf, png, request_values
from ledger.check import check_books
from ledger.models import ExchangeRate, LedgerAccount, LedgerEntry, LedgerTransaction
from ledger.selectors import balance
from notifications.models import Notification
from partners.choices import Tier

pytestmark = pytest.mark.django_db
A = LedgerAccount
D = Decimal


def books_state():
    """What a refused write must leave as it was: the ledger, the events, every MDF row."""
    return (
        LedgerTransaction.objects.count(),
        LedgerEntry.objects.count(),
        Event.objects.count(),
        Notification.objects.count(),
        sorted(FundBudget.objects.values_list("id", "amount", "closed_at")),
        sorted(FundAllocation.objects.values_list("id", "allocated", "rate", "cap")),
        sorted(FundRequest.objects.values_list("id", "status", "approved_amount", "recommended_amount")),
        sorted(FundClaim.objects.values_list("id", "status", "approved_amount")),
        ClaimFile.objects.count(),
    )


def refused(call, code, *, field=None):
    """Run a write that must be refused with `code`, and prove it changed nothing."""
    before = books_state()
    with pytest.raises(ValidationError) as caught:
        call()
    codes = (
        {f: [e.code for e in errors] for f, errors in caught.value.error_dict.items()}
        if hasattr(caught.value, "error_dict")
        else {None: [caught.value.code]}
    )
    found = codes.get(field, []) if field else [c for cs in codes.values() for c in cs]
    assert code in found, codes
    assert books_state() == before
    return caught.value


def available(actor, budget, partner):
    return books.available(actor=actor, budget=budget, partner=partner)


# --- budgets ----------------------------------------------------------------------------------------------


def test_a_budget_is_authorised_on_the_ledger_and_changes_by_transactions(marketing, budget):
    assert budget.period == current_period().code and budget.amount == D("50000.00")
    assert books.unallocated(budget, actor=marketing) == D("50000.00")
    budget_adjust(actor=marketing, budget=budget, data={"amount": "60000.00", "reason": "More for Q-end"})
    budget_adjust(actor=marketing, budget=budget, data={"amount": "55000.00", "reason": "Less after all"})
    budget.refresh_from_db()
    assert budget.amount == D("55000.00") and books.unallocated(budget, actor=marketing) == D("55000.00")
    keys = list(LedgerTransaction.objects.filter(source_id=budget.public_id).values_list("key", flat=True))
    assert len(keys) == 3 and all(k.startswith(f"fund-budget:{budget.public_id}:") for k in keys)
    assert check_books().balanced


def test_budget_refusals_change_nothing(marketing, budget, funded, world):
    code = current_period().code
    refused(
        lambda: budget_create(actor=marketing, data={"period": code, "currency": "USD", "amount": "1"}),
        E.BUDGET_EXISTS,
        field="period",
    )
    year = f"FY{current_period().fiscal_year}"
    refused(
        lambda: budget_create(actor=marketing, data={"period": year, "currency": "EUR", "amount": "1"}),
        E.PERIOD_KIND,
        field="period",
    )
    refused(
        lambda: budget_create(actor=marketing, data={"period": "FY1200", "currency": "EUR", "amount": "1"}),
        E.PERIOD_UNKNOWN,
        field="period",
    )
    with pytest.raises(InputInvalid):
        budget_create(actor=marketing, data={"period": code, "currency": "EUR", "amount": "0"})
    # 20,000 is allocated: the budget cannot go under it
    refused(
        lambda: budget_adjust(actor=marketing, budget=budget, data={"amount": "19999.99", "reason": "x"}),
        E.BUDGET_BELOW_ALLOCATED,
        field="amount",
    )
    for who in (world.cam, world.ops, world.admin_a):
        with pytest.raises(PermissionDenied):
            budget_create(actor=world.actor(who), data={"period": code, "currency": "EUR", "amount": "5"})


# --- allocations ------------------------------------------------------------------------------------------


def test_a_fixed_allocation_moves_budget_to_the_partner(marketing, budget, world):
    allocation = allocate(marketing, budget, world.partner_a, "12000.00")
    assert allocation.allocated == D("12000.00")
    assert available(marketing, budget, world.partner_a) == D("12000.00")
    assert books.unallocated(budget, actor=marketing) == D("38000.00")
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_AVAILABLE, currency="USD") == D(
        "12000.00"
    )
    allocation_adjust(
        actor=marketing, allocation=allocation, data={"amount": "15000.00", "reason": "Gold now"}
    )
    allocation_adjust(actor=marketing, allocation=allocation, data={"amount": "14000.00", "reason": "Typo"})
    assert available(marketing, budget, world.partner_a) == D("14000.00")
    assert check_books().balanced
    events = list(
        Event.objects.filter(target_id=allocation.pk, verb__startswith="fund_allocation").values_list(
            "verb", flat=True
        )
    )
    assert events.count("fund_allocation.adjusted") == 2


def test_a_tier_allocation_gives_each_partner_of_the_tier_its_own(marketing, budget, world):
    for partner in (world.partner_a, world.partner_b):
        partner.tier = Tier.GOLD
        partner.save()
    created = allocation_create(
        actor=marketing,
        data={"budget": budget.public_id, "tier": "gold", "basis": "fixed", "amount": "2500.00"},
    )
    assert {a.partner for a in created} == {world.partner_a, world.partner_b}
    assert all(a.tier == "gold" for a in created)
    assert available(marketing, budget, world.partner_b) == D("2500.00")
    # again: nobody of the tier is left without one
    refused(
        lambda: allocation_create(
            actor=marketing,
            data={"budget": budget.public_id, "tier": "gold", "basis": "fixed", "amount": "1.00"},
        ),
        E.NO_PARTNERS,
        field="tier",
    )


def test_allocation_refusals_change_nothing(marketing, budget, funded, world):
    data = {
        "budget": budget.public_id,
        "partner": world.partner_a.public_id,
        "basis": "fixed",
        "amount": "5.00",
    }
    refused(lambda: allocation_create(actor=marketing, data=data), E.ALLOCATION_EXISTS, field="partner")
    too_much = data | {"partner": world.reseller.public_id, "amount": "30000.01"}
    refused(lambda: allocation_create(actor=marketing, data=too_much), E.OVER_BUDGET, field="amount")
    with pytest.raises(InputInvalid) as invalid:
        allocation_create(actor=marketing, data=data | {"tier": "gold"})
    assert invalid.value.error_dict["partner"][0].code == E.PARTNER_OR_TIER
    with pytest.raises(InputInvalid) as invalid:
        allocation_create(
            actor=marketing,
            data={
                "budget": budget.public_id,
                "partner": world.reseller.public_id,
                "basis": "accrual",
                "rate": "120",
            },
        )
    assert invalid.value.error_dict["rate"][0].code == E.RATE_RANGE
    allocation_a = funded[0]
    # A may give back at most what it has left: 10,000 minus 3,000 committed
    approved_request(world.actor(world.admin_a), marketing)
    refused(
        lambda: allocation_adjust(
            actor=marketing, allocation=allocation_a, data={"amount": "2999.99", "reason": "x"}
        ),
        E.ALLOCATION_BELOW_USED,
        field="amount",
    )
    with pytest.raises(PermissionDenied):
        allocation_adjust(
            actor=world.actor(world.ops), allocation=allocation_a, data={"amount": "1", "reason": "x"}
        )


def _won(partner, amount, *, currency="USD", days_ago=0, name="Won Co"):
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=name,
        status="won",
        amount=D(amount),
        won_amount=D(amount),
        currency=currency,
        closed_at=timezone.now() - timedelta(days=days_ago),
    )


def test_a_share_of_won_revenue_accrues_once_per_registration_up_to_its_cap(marketing, budget, world):
    _won(world.partner_a, "20000.00", name="First Won")
    _won(world.partner_b, "50000.00", name="Not A's")
    (allocation,) = allocation_create(
        actor=marketing,
        data={
            "budget": budget.public_id,
            "partner": world.partner_a.public_id,
            "basis": "accrual",
            "rate": "5",
            "cap": "1500",
        },
    )
    allocation.refresh_from_db()
    assert allocation.allocated == D("1000.00")
    assert accruals_run() == 0  # a rerun books nothing
    _won(world.partner_a, "40000.00", name="Second Won")  # 5 % is 2,000; the cap leaves 500
    assert accruals_run() == 1 and accruals_run() == 0
    allocation.refresh_from_db()
    assert allocation.allocated == D("1500.00") == available(marketing, budget, world.partner_a)
    assert (
        LedgerTransaction.objects.filter(key__startswith=f"fund-accrual:{allocation.public_id}:").count() == 2
    )
    assert check_books().balanced


def test_won_revenue_in_another_currency_accrues_at_the_rate_of_its_day(marketing, budget, world):
    _won(world.partner_a, "10000.00", currency="EUR")
    (allocation,) = allocation_create(
        actor=marketing,
        data={
            "budget": budget.public_id,
            "partner": world.partner_a.public_id,
            "basis": "accrual",
            "rate": "10",
        },
    )
    assert allocation.allocated == 0  # no rate yet: waits for one
    ExchangeRate.objects.create(
        currency="EUR",
        quote_currency="USD",
        valid_from=timezone.localdate() - timedelta(days=30),
        rate=D("1.10"),
    )
    assert accruals_run() == 1
    allocation.refresh_from_db()
    assert allocation.allocated == D("1100.00")


# --- requests ---------------------------------------------------------------------------------------------


def test_a_request_gets_a_code_and_marketing_hears_of_it(admin_a, funded, world):
    request = request_create(actor=admin_a, data=request_values())
    assert request.code.startswith("MDF-") and len(request.code) == 10
    assert request.status == "submitted" and request.budget.period == current_period().code
    assert Notification.objects.filter(user=world.marketing, verb="fund_request.submitted").exists()
    assert not LedgerTransaction.objects.filter(source_id=request.public_id).exists()  # nothing committed yet


def test_request_refusals_change_nothing(admin_a, funded, world, marketing):
    starts, ends = request_values()["starts_on"], request_values()["ends_on"]
    cases = [
        (request_values(ends_on=starts - timedelta(days=1)), E.DATES_REVERSED, "ends_on"),
        (request_values(amount="5000.00", cost="4000.00"), E.REQUEST_ABOVE_COST, "amount"),
        (request_values(starts_on=current_period().start - timedelta(days=1)), E.OUTSIDE_PERIOD, "starts_on"),
        (request_values(amount="0"), E.AMOUNT_NOT_POSITIVE, "amount"),
        (request_values(period="FY1800-Q1"), E.PERIOD_UNKNOWN, "period"),
    ]
    for values, code, field in cases:
        before = books_state()
        with pytest.raises(InputInvalid) as invalid:
            request_create(actor=admin_a, data=values)
        assert invalid.value.error_dict[field][0].code == code, (code, invalid.value.error_dict)
        assert books_state() == before
    # EUR funds: none for partner A
    refused(
        lambda: request_create(actor=admin_a, data=request_values(currency="EUR")), E.NO_FUNDS, field="period"
    )
    # partner B's referral link is no choice of A's
    from referrals.models import ReferralLink

    link_b = ReferralLink.objects.create(
        partner=world.partner_b, code="bravo042", name="B", destination="/p/b/x/"
    )
    with pytest.raises(InputInvalid) as invalid:
        request_create(actor=admin_a, data=request_values(links=[str(link_b.public_id)]))
    assert invalid.value.error_dict["links"][0].code == "unknown_id"
    for who in (world.rep_a, world.marketing):
        with pytest.raises(PermissionDenied):
            request_create(actor=world.actor(who), data=request_values())
    assert not FundRequest.objects.exists()
    assert ends >= starts


def test_approval_commits_funds_fully_or_in_part_with_a_reason(admin_a, funded, marketing, budget, world):
    request = request_create(actor=admin_a, data=request_values())
    refused(
        lambda: request_approve(actor=marketing, request=request, data={"amount": "2000.00"}),
        E.REASON_REQUIRED,
        field="reason",
    )
    refused(
        lambda: request_approve(actor=marketing, request=request, data={"amount": "3000.01"}),
        E.APPROVAL_ABOVE_REQUESTED,
        field="amount",
    )
    request = request_approve(
        actor=marketing, request=request, data={"amount": "2000.00", "reason": "Half the booth"}
    )
    assert request.status == "approved" and request.approved_amount == D("2000.00") and request.is_partial
    assert available(marketing, budget, world.partner_a) == D("8000.00")
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_COMMITTED, currency="USD") == D(
        "2000.00"
    )
    assert Notification.objects.filter(user=world.admin_a, verb="fund_request.approved").exists()
    assert not Notification.objects.filter(user=world.rep_a).exists()  # the money is the admins'
    # decided: no second approval, no rejection
    refused(lambda: request_approve(actor=marketing, request=request, data={}), E.WRONG_STATE, field="status")
    refused(
        lambda: request_reject(actor=marketing, request=request, data={"reason": "x"}),
        E.WRONG_STATE,
        field="status",
    )
    assert LedgerTransaction.objects.filter(key=f"fund-request:{request.public_id}:approved").count() == 1


def test_a_request_cannot_be_approved_beyond_what_is_available(admin_a, funded, marketing):
    first = approved_request(admin_a, marketing, amount="4000.00", cost="4000.00")
    second = approved_request(admin_a, marketing, amount="4000.00", cost="4000.00")
    third = request_create(actor=admin_a, data=request_values(amount="2500.00", cost="2500.00"))
    error = refused(
        lambda: request_approve(actor=marketing, request=third, data={}), E.OVER_AVAILABLE, field="amount"
    )
    assert "2000.00" in str(error)
    assert first.status == second.status == "approved"


def test_above_the_threshold_marketing_recommends_and_the_chief_approves(
    admin_a, marketing, chief, budget, world
):
    allocate(marketing, budget, world.partner_a, "20000.00")
    request = request_create(actor=admin_a, data=request_values(amount="12000.00", cost="15000.00"))
    request = request_approve(actor=marketing, request=request, data={})
    assert request.status == "awaiting_chief" and request.recommended_amount == D("12000.00")
    assert not LedgerTransaction.objects.filter(source_id=request.public_id).exists()
    assert Notification.objects.filter(user=world.chief, verb="fund_request.recommended").exists()
    assert allowed_actions(marketing, request) == []  # now the chief's
    assert allowed_actions(chief, request) == ["approve", "reject"]
    with pytest.raises(PermissionDenied):
        request_approve(actor=marketing, request=request, data={})
    request = request_approve(actor=chief, request=request, data={})
    assert request.status == "approved" and request.approved_amount == D("12000.00")
    # the chief may also approve directly
    direct = request_create(actor=admin_a, data=request_values(amount="8000.00", cost="8000.00"))
    assert request_approve(actor=chief, request=direct, data={}).status == "approved"


def test_the_threshold_compares_in_the_program_currency(marketing, chief, world):
    eur = budget_create(
        actor=marketing, data={"period": current_period().code, "currency": "EUR", "amount": "30000"}
    )
    allocate(marketing, eur, world.partner_a, "20000.00")
    request = request_create(
        actor=world.actor(world.admin_a),
        data=request_values(currency="EUR", amount="9500.00", cost="9500.00"),
    )
    refused(lambda: request_approve(actor=marketing, request=request, data={}), "rate_missing")
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=timezone.localdate(), rate=D("1.10")
    )
    assert request_approve(actor=marketing, request=request, data={}).status == "awaiting_chief"  # 10,450 USD


def test_withdraw_reject_and_cancel(admin_a, funded, marketing, budget, world):
    waiting = request_create(actor=admin_a, data=request_values())
    assert request_withdraw(actor=admin_a, request=waiting).status == "withdrawn"
    refused(lambda: request_withdraw(actor=admin_a, request=waiting), E.WRONG_STATE, field="status")
    other = request_create(actor=admin_a, data=request_values())
    with pytest.raises(InputInvalid):
        request_reject(actor=marketing, request=other, data={"reason": " "})
    assert (
        request_reject(actor=marketing, request=other, data={"reason": "Not our audience"}).status
        == "rejected"
    )
    assert Notification.objects.filter(user=world.admin_a, verb="fund_request.rejected").exists()
    approved = approved_request(admin_a, marketing)
    assert available(marketing, budget, world.partner_a) == D("7000.00")
    cancelled = request_cancel(actor=admin_a, request=approved, data={"reason": "Venue closed"})
    assert cancelled.status == "cancelled" and cancelled.released == D("3000.00")
    assert available(marketing, budget, world.partner_a) == D("10000.00")
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_COMMITTED, currency="USD") == 0
    with pytest.raises(PermissionDenied):
        request_withdraw(
            actor=world.actor(world.rep_a), request=request_create(actor=admin_a, data=request_values())
        )
    assert check_books().balanced


# --- claims -----------------------------------------------------------------------------------------------


def test_an_approved_claim_becomes_payable_and_releases_the_rest(admin_a, funded, marketing, budget, world):
    request = approved_request(admin_a, marketing)
    claim = claim_for(admin_a, request, amount="2600.00")
    assert claim.status == "submitted" and claim.files.count() == 2
    assert Notification.objects.filter(user=world.marketing, verb="fund_claim.submitted").exists()
    refused(
        lambda: claim_approve(actor=marketing, claim=claim, data={"amount": "2000.00"}),
        E.REASON_REQUIRED,
        field="reason",
    )
    claim = claim_approve(
        actor=marketing, claim=claim, data={"amount": "2500.00", "reason": "One invoice line is not MDF"}
    )
    assert claim.status == "approved" and claim.approved_amount == D("2500.00")
    request.refresh_from_db()
    assert request.status == "claimed" and request.released == D("500.00")
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_PAYABLE, currency="USD") == D(
        "2500.00"
    )
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_COMMITTED, currency="USD") == 0
    assert available(marketing, budget, world.partner_a) == D("7500.00")
    assert Notification.objects.filter(user=world.admin_a, verb="fund_claim.approved").exists()
    refused(lambda: claim_approve(actor=marketing, claim=claim, data={}), E.WRONG_STATE, field="status")
    assert check_books().balanced


def test_claim_refusals_change_nothing(admin_a, funded, marketing, world):
    request = approved_request(admin_a, marketing)
    refused(
        lambda: claim_for(admin_a, request, amount="3000.01", actual_cost="5000.00"),
        E.CLAIM_ABOVE_APPROVED,
        field="amount",
    )
    refused(
        lambda: claim_for(admin_a, request, invoice_date=timezone.localdate() + timedelta(days=1)),
        E.DATE_IN_FUTURE,
        field="invoice_date",
    )
    with pytest.raises(InputInvalid) as invalid:
        claim_for(admin_a, request, amount="3000.00", actual_cost="2000.00")
    assert invalid.value.error_dict["amount"][0].code == E.CLAIM_ABOVE_COST
    # not approved yet, not over yet
    waiting = request_create(actor=admin_a, data=request_values())
    refused(lambda: claim_for(admin_a, waiting, amount="1.00"), E.WRONG_STATE, field="status")
    later = approved_request(admin_a, marketing, ends_on=timezone.localdate() + timedelta(days=2))
    refused(lambda: claim_for(admin_a, later), E.ACTIVITY_NOT_OVER, field="status")
    # one claim at a time
    claim_for(admin_a, request)
    refused(lambda: claim_for(admin_a, request, marker="again"), E.CLAIM_OPEN, field="status")
    # another partner's request is not found at all
    from django.http import Http404

    with pytest.raises(Http404):
        claim_for(world.actor(world.admin_b), request, marker="b")
    with pytest.raises(PermissionDenied):
        claim_for(world.actor(world.rep_a), later)


def test_a_claim_needs_its_invoice_and_proof_before_approval(admin_a, funded, marketing):
    request = approved_request(admin_a, marketing)
    claim = claim_for(admin_a, request, files=False)
    assert "approve" not in allowed_actions(marketing, claim) and "reject" in allowed_actions(
        marketing, claim
    )
    refused(lambda: claim_approve(actor=marketing, claim=claim, data={}), E.PROOF_MISSING, field="files")
    claim_add_file(actor=admin_a, claim=claim, data={"kind": "invoice", "file": pdf(marker="late")})
    claim_add_file(actor=admin_a, claim=claim, data={"kind": "proof", "file": png(marker="late")})
    assert claim_approve(actor=marketing, claim=claim, data={}).status == "approved"
    refused(
        lambda: claim_add_file(actor=admin_a, claim=claim, data={"kind": "other", "file": pdf(marker="x")}),
        E.WRONG_STATE,
        field="status",
    )
    with pytest.raises(InputInvalid) as invalid:
        claim_add_file(actor=admin_a, claim=claim, data={"kind": "other", "file": pdf("invoice.exe")})
    assert invalid.value.error_dict["file"][0].code in ("file_type_mismatch", "file_type_not_allowed")


def test_a_rejected_claim_may_be_claimed_again(admin_a, funded, marketing, world):
    request = approved_request(admin_a, marketing)
    claim = claim_for(admin_a, request)
    claim_reject(actor=marketing, claim=claim, data={"reason": "The invoice is not to your company"})
    assert Notification.objects.filter(user=world.admin_a, verb="fund_claim.rejected").exists()
    again = claim_for(admin_a, request, marker="2")
    assert again.status == "submitted" and not ClaimDuplicate.objects.filter(claim=again).exists()


def test_a_claim_above_the_threshold_waits_for_the_chief(admin_a, marketing, chief, budget, world):
    allocate(marketing, budget, world.partner_a, "20000.00")
    request = request_approve(
        actor=chief,
        request=request_create(actor=admin_a, data=request_values(amount="15000.00", cost="15000.00")),
        data={},
    )
    claim = claim_for(admin_a, request, actual_cost="15000.00")
    claim = claim_approve(actor=marketing, claim=claim, data={})
    assert (
        claim.status == "awaiting_chief"
        and not LedgerTransaction.objects.filter(source_id=claim.public_id).exists()
    )
    assert Notification.objects.filter(user=world.chief, verb="fund_claim.recommended").exists()
    with pytest.raises(PermissionDenied):
        claim_reject(actor=marketing, claim=claim, data={"reason": "x"})
    assert claim_approve(actor=chief, claim=claim, data={}).status == "approved"
    assert balance(actor=chief, partner=world.partner_a, account=A.MDF_PAYABLE, currency="USD") == D(
        "15000.00"
    )


# --- duplicates -------------------------------------------------------------------------------------------


def test_the_same_invoice_across_partners_is_flagged_and_needs_an_override(
    admin_a, admin_b, funded, marketing, world
):
    claim_a = claim_for(admin_a, approved_request(admin_a, marketing), invoice_number="INV-2026/077")
    claim_b = claim_for(
        admin_b,
        approved_request(admin_b, marketing),
        invoice_number="inv 2026 077",
        marker="b",
        amount="2900.00",
    )
    (flag,) = ClaimDuplicate.objects.filter(claim=claim_b)
    assert flag.other == claim_a and flag.reason == "invoice_number"
    assert ClaimDuplicate.objects.filter(claim=claim_a, other=claim_b).exists()  # the earlier one, still open
    # partner B never sees partner A's claim, not even as a flag
    assert not ClaimDuplicate.objects.visible_to(admin_b).exists()
    assert ClaimDuplicate.objects.visible_to(marketing).count() == 2
    refused(
        lambda: claim_approve(actor=marketing, claim=claim_b, data={}),
        E.DUPLICATE_NEEDS_OVERRIDE,
        field="override_reason",
    )
    claim_b = claim_approve(
        actor=marketing, claim=claim_b, data={"override_reason": "Two shops of one chain, invoiced apart"}
    )
    assert claim_b.status == "approved" and claim_b.overridden_by == world.marketing
    event = Event.objects.get(verb="fund_claim.approved", target_id=claim_b.pk)
    assert event.after["overridden"] is True and "Two shops" in event.note  # staff notes stay internal


def test_the_same_amount_and_date_or_the_same_file_is_flagged(admin_a, admin_b, funded, marketing):
    request_a, request_b = approved_request(admin_a, marketing), approved_request(admin_b, marketing)
    claim_a = claim_for(admin_a, request_a, amount="2999.00", marker="a")
    claim_b = claim_for(admin_b, request_b, amount="2999.00", marker="b")
    assert {d.reason for d in ClaimDuplicate.objects.filter(claim=claim_b)} == {"amount_and_date"}
    claim_add_file(
        actor=admin_b, claim=claim_b, data={"kind": "other", "file": pdf(marker=f"invoice{request_a.code}a")}
    )
    reasons = {d.reason for d in ClaimDuplicate.objects.filter(claim=claim_b, other=claim_a)}
    assert reasons == {"amount_and_date", "file"}
    assert Event.objects.filter(verb="fund_claim.flagged", target_id=claim_b.pk).count() == 2


# --- the end of a period ----------------------------------------------------------------------------------


def test_unused_funds_expire_once_at_the_period_end(marketing, admin_a, world):
    previous_code = periods_to_budget()[0][0]
    past = budget_create(actor=marketing, data={"period": previous_code, "currency": "USD", "amount": "9000"})
    allocate(marketing, past, world.partner_a, "5000.00")
    request = request_create(
        actor=admin_a,
        data=request_values(
            period=previous_code, starts_on=past.starts_on, ends_on=past.starts_on + timedelta(days=1)
        ),
    )
    request_approve(
        actor=marketing, request=request, data={"amount": "1000.00", "reason": "A booth, not two"}
    )
    assert periods_close() == 1
    past.refresh_from_db()
    assert past.closed_at is not None
    assert available(marketing, past, world.partner_a) == 0
    assert balance(actor=marketing, partner=world.partner_a, account=A.MDF_EXPIRED, currency="USD") == D(
        "4000.00"
    )  # vendor's
    expired = LedgerTransaction.objects.get(
        key=f"fund-expiry:{past.public_id}:{world.partner_a.public_id}:USD"
    )
    assert expired.entries.get(account=A.MDF_EXPIRED).amount == D("-4000.00")
    transactions = LedgerTransaction.objects.count()
    assert periods_close() == 0 and LedgerTransaction.objects.count() == transactions  # a rerun books nothing
    # funds released after the end expire at once: nothing becomes available in a closed period
    request_cancel(actor=admin_a, request=request)
    assert available(marketing, past, world.partner_a) == 0
    assert LedgerTransaction.objects.filter(
        key=f"fund-request:{request.public_id}:cancelled-expired"
    ).exists()
    # and the closed period takes no more
    refused(
        lambda: allocation_create(
            actor=marketing,
            data={
                "budget": past.public_id,
                "partner": world.partner_b.public_id,
                "basis": "fixed",
                "amount": "1",
            },
        ),
        "unknown_id",
    )
    assert check_books().balanced


# --- who sees the money -----------------------------------------------------------------------------------


def test_reps_see_the_activities_but_not_the_money_unless_the_settings_say(
    admin_a, funded, marketing, world, money_settings_to
):
    request = approved_request(admin_a, marketing)
    claim_for(admin_a, request)
    rep = world.actor(world.rep_a)
    assert FundRequest.objects.visible_to(rep).get() == request
    assert (
        not FundClaim.objects.visible_to(rep).exists() and not FundAllocation.objects.visible_to(rep).exists()
    )
    assert not Event.objects.visible_to(rep).filter(verb__startswith="fund_").exists()
    assert Event.objects.visible_to(admin_a).filter(verb__startswith="fund_").exists()
    money_settings_to(rep_money_visibility="company")
    assert FundClaim.objects.visible_to(rep).exists() and FundAllocation.objects.visible_to(rep).exists()
    assert Event.objects.visible_to(rep).filter(verb="fund_claim.submitted").exists()


def test_a_fund_activity_code_is_normalised_on_leads_and_registrations(world):
    from leads.models import LeadSource
    from leads.services import lead_create

    rep = world.actor(world.rep_a)
    lead, _created = lead_create(
        actor=rep,
        data={"company_name": "Coded Co", "fund_activity_code": " mdf 7k2q9x "},
        source=LeadSource.REFERRAL,
    )
    assert lead.fund_activity_code == "MDF-7K2Q9X"
    with pytest.raises(InputInvalid) as invalid:
        lead_create(
            actor=rep,
            data={"company_name": "Bad Co", "fund_activity_code": "MDF/!?"},
            source=LeadSource.REFERRAL,
        )
    assert invalid.value.error_dict["fund_activity_code"][0].code == "invalid"
    from deals.services import registration_create

    registration, _ = registration_create(
        actor=rep, data={"customer_name": "Coded Co", "fund_activity_code": "mdf_7k2q9x"}
    )
    assert registration.fund_activity_code == "MDF-7K2Q9X"
