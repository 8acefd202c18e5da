"""The conflict engine's data: a search index over every live customer record, the customer claims that
make "first to register wins" a database guarantee, and the stored result of each conflict check."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel
from core.scoping import STAFF_ONLY, ScopedManager


class Source(models.TextChoices):
    DIRECT_ACCOUNT = "direct_account", _("Direct account")
    REGISTRATION = "registration", _("Deal registration")


class IndexedCustomer(models.Model):
    """One name of one live customer record (a direct account has up to two: its name and legal name).

    Derived data, rebuilt by `conflicts.index`; never edited by hand. Only live records are here: active
    direct accounts and submitted or approved registrations.
    """

    partner_scope = STAFF_ONLY

    source = models.CharField(max_length=20, choices=Source.choices)
    record_id = models.BigIntegerField()
    partner_id = models.BigIntegerField(null=True, blank=True)  # the registering partner, for registrations
    name_key = models.CharField(max_length=300, blank=True)
    domain = models.CharField(max_length=253, blank=True)
    tax_id_key = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["source", "record_id"], name="conflicts_ic_record"),
            models.Index(fields=["name_key"], name="conflicts_ic_name_key"),
            models.Index(fields=["domain"], name="conflicts_ic_domain", condition=~Q(domain="")),
            models.Index(fields=["tax_id_key"], name="conflicts_ic_tax_id", condition=~Q(tax_id_key="")),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id} {self.name_key}"


class NameBlock(models.Model):
    """A blocking key (matching.blocking, hashed to 64 bits) of an indexed name: the candidate search
    looks names up by the keys they share with the query."""

    key_hash = models.BigIntegerField()
    customer = models.ForeignKey(IndexedCustomer, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [models.Index(fields=["key_hash", "customer"], name="conflicts_nb_key")]

    def __str__(self) -> str:
        return str(self.key_hash)


class IndexState(models.Model):
    """Which version of the blocking keys (matching.blocking.INDEX_VERSION) the index was built with; a
    different one is rebuilt after `migrate` (conflicts.apps)."""

    version = models.PositiveIntegerField()
    rebuilt_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"v{self.version}"


class CustomerClaim(models.Model):
    """A registration's hold on a customer key ("tax:…", "domain:…", "name:…") while it is submitted or
    approved. The unique key makes the first submission win, even when two arrive at the same instant."""

    partner_scope = STAFF_ONLY

    key = models.CharField(max_length=320, unique=True)
    registration = models.ForeignKey(
        "deals.DealRegistration", on_delete=models.CASCADE, related_name="claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["registration"], name="conflicts_claim_registration")]

    def __str__(self) -> str:
        return self.key


class CheckOutcome(models.TextChoices):
    CLEAR = "clear", _("No conflict")
    CONFLICT = "conflict", _("Possible conflict")


class ConflictCheck(PublicIdModel):
    """One run of the engine for a registration; the newest is the one shown. Partners learn only its
    outcome, never the matches."""

    partner_scope = "registration__partner_id"

    Outcome = CheckOutcome

    registration = models.ForeignKey(
        "deals.DealRegistration", on_delete=models.CASCADE, related_name="conflict_checks"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    # The rules of engagement's verdict for the deal: channel, direct or review, with reasons.
    engagement_outcome = models.CharField(max_length=20, blank=True)
    engagement_reasons = models.JSONField(default=list, blank=True)
    engagement_version = models.PositiveIntegerField(null=True, blank=True)
    protection_days = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("conflict check")
        verbose_name_plural = _("conflict checks")

    def __str__(self) -> str:
        return f"{self.registration} — {self.get_outcome_display()}"


class ConflictMatch(models.Model):
    """A record the checked registration may collide with, with the score and the reasons."""

    partner_scope = STAFF_ONLY

    check_run = models.ForeignKey(ConflictCheck, on_delete=models.CASCADE, related_name="matches")
    source = models.CharField(max_length=20, choices=Source.choices)
    matched_registration = models.ForeignKey(
        "deals.DealRegistration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_account = models.ForeignKey(
        "direct.DirectAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_label = models.CharField(max_length=300)
    score = models.PositiveSmallIntegerField()
    # [{"code": "similar_name", "params": {"score": 93, "how": "fuzzy"}}, {"code": "named_account"}, …]
    reasons = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.matched_label} ({self.score})"
