import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scopes import describe_scopes, effective_scopes
from core.models import PublicIdModel
from core.roles import PartnerRole, StaffRole
from core.scoping import ScopedQuerySet


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class UserQuerySet(ScopedQuerySet):
    pass


class _UserManagerMethods(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("staff_role", StaffRole.OPS)
        return self.create_user(email, password, **extra)


# django-stubs' pattern for a manager with a custom queryset: `from_queryset` at module level, assigned to a
# name. Named "UserManager" so migrations find it under that name.
UserManager = _UserManagerMethods.from_queryset(UserQuerySet, "UserManager")
UserManager.__module__ = __name__  # generated in django.db.models.manager; migrations import it from here


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Vendor staff carry a staff role; partner users act through memberships."""

    partner_scope = "memberships__partner_id"

    # Values recorded in events that are not fields of the model (core.events.describe_changes).
    event_fields = {"regions": (_("regions"), None), "countries": (_("countries"), None)}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    staff_role = models.CharField(_("staff role"), max_length=20, choices=StaffRole.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Emails to this person are written in this language; it follows the language they use here."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Membership(PublicIdModel):
    """A user working for a partner in a role. One person may belong to several partners."""

    partner_scope = "partner_id"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["partner__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="one_membership_per_partner")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.partner}"


class Invitation(PublicIdModel):
    """A single-use, expiring invitation: to a partner in a partner role, or to the vendor in a staff role."""

    partner_scope = "partner_id"

    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    partner_role = models.CharField(_("partner role"), max_length=20, choices=PartnerRole.choices, blank=True)
    staff_role = models.CharField(_("staff role"), max_length=20, choices=StaffRole.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(_("language"), max_length=8, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(partner__isnull=False) & ~models.Q(partner_role="") & models.Q(staff_role="")
                )
                | (models.Q(partner__isnull=True) & models.Q(partner_role="") & ~models.Q(staff_role="")),
                name="invitation_is_partner_or_staff",
            )
        ]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def new_token() -> tuple[str, str]:
        raw = secrets.token_urlsafe(32)
        return raw, hash_secret(raw)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class ApiToken(PublicIdModel):
    """A personal API token. Only its hash is stored; the raw value is shown once."""

    # Selectors read tokens only for their owner (accounts.selectors.tokens_for); the scope ties a token
    # to its user's partners so that audits and the isolation walk can attribute it.
    partner_scope = "user__memberships__partner_id"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    # None: every area, read and write. Otherwise the "area:read" / "area:write" scopes of accounts.scopes.
    scopes = models.JSONField(_("scopes"), null=True, blank=True)

    PREFIX = "knl_"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return raw, raw[:12], hash_secret(raw)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "active"

    @property
    def scope_list(self) -> list[str]:
        """Every scope the token holds (all of them for an unrestricted token)."""
        return effective_scopes(self.scopes)

    @property
    def scope_summary(self) -> list[tuple[str, str]]:
        return describe_scopes(self.scopes)


def invitation_ttl() -> timedelta:
    return timedelta(days=settings.INVITATION_TTL_DAYS)


def api_token_max_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


def api_token_default_days() -> int:
    return min(settings.API_TOKEN_DEFAULT_DAYS, settings.API_TOKEN_MAX_DAYS)
