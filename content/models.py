"""The content library: assets partners browse, search and download, each with versions per language.

An asset is what a partner looks for (a price list, a deck, a product video, a link to a configurator); its
files are `AssetVersion`s, numbered per language. Partners always get the newest version in their language
(else in English, else any), and the older ones stay for the record. Who sees an asset is declared once, on
the model (`partner_filter`): published, inside its publication window, in the partner's audience
(`partners.audience`) and, when it is about products, about one the channel may sell.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import CHANNEL_SELLABLE
from core.i18n import Language, TitleAndDescription, localized
from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import PUBLIC, STAFF_ONLY, ScopedManager
from partners.audience import NOBODY, Audience, audience_q


class AssetKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PRESENTATION = "presentation", _("Presentation")
    PRICE_LIST = "price_list", _("Price list")
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")


# The upload kinds (`core.files.KINDS`) an asset of each kind may hold; a link holds an address instead.
UPLOAD_KINDS: dict[str, tuple[str, ...]] = {
    AssetKind.DOCUMENT: ("document", "archive"),
    AssetKind.PRESENTATION: ("document",),
    AssetKind.PRICE_LIST: ("document",),
    AssetKind.IMAGE: ("image",),
    AssetKind.VIDEO: ("video",),
    AssetKind.LINK: (),
}


class AssetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Category(PublicIdModel):
    """A shelf of the library ("Price lists", "Sales decks"); staff keep the list."""

    partner_scope = PUBLIC
    partner_filter = staticmethod(lambda actor: Q() if actor.is_partner else NOBODY)

    name_en = models.CharField(_("name (English)"), max_length=120, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


def live_q(prefix: str = "", *, today=None) -> Q:
    """Published and inside the publication window on `today` (the vendor's day)."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": AssetStatus.PUBLISHED, f"{prefix}publish_on__lte": today}) & (
        Q(**{f"{prefix}available_until__isnull": True}) | Q(**{f"{prefix}available_until__gte": today})
    )


def asset_partner_filter(actor) -> Q:
    """What a partner user reads: live assets meant for the partner they act for, and none about a product
    the channel may not sell (an asset about several products shows when one of them is sellable)."""
    if not actor.is_partner:
        return NOBODY
    about = Asset.products.through.objects.filter(asset_id=OuterRef("pk"))
    sellable = about.filter(product__is_active=True, product__channel_eligibility__in=CHANNEL_SELLABLE)
    return live_q() & audience_q(actor.partner) & (~Exists(about) | Exists(sellable))


class Asset(TitleAndDescription, Audience, PublicIdModel):
    partner_scope = PUBLIC
    partner_filter = staticmethod(asset_partner_filter)
    scope_single_valued = True  # products are tested with Exists

    Kind = AssetKind
    Status = AssetStatus

    kind = choice_field(_("kind"), AssetKind, default=AssetKind.DOCUMENT)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="assets"
    )
    status = choice_field(_("status"), AssetStatus, default=AssetStatus.DRAFT, db_index=True)
    # Days in the vendor's time zone, both inclusive; publishing without a day publishes today.
    publish_on = models.DateField(_("published from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    # When partners last had something new here (its publication, a new version; for a draft, its creation):
    # "what's new" and the library's order read it.
    freshened_at = models.DateTimeField(_("new since"), default=timezone.now, db_index=True)
    # The distinct words partners may find it by (titles, descriptions, tags, category, products, file names),
    # folded to lower-case Latin (`content.searching`); PostgreSQL keeps a GIN index on the list.
    search_words = models.JSONField(editable=False, default=list)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["-freshened_at", "-id"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [models.Index(fields=["status", "-freshened_at", "-id"], name="content_asset_live")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return self.kind == AssetKind.LINK

    def is_live(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == AssetStatus.PUBLISHED
            and self.publish_on is not None
            and self.publish_on <= today
            and (self.available_until is None or self.available_until >= today)
        )


def version_path(version: AssetVersion, filename: str) -> str:
    # The stored name never comes from the uploader: the download is named from the asset's title.
    return f"library/{version.asset.public_id}/{version.language}-{version.number}-{version.public_id}"


class AssetVersion(PublicIdModel):
    """One file (or address) of an asset in one language. Numbers count up per asset and language; the
    highest is the current one."""

    partner_scope = PUBLIC
    # Outside the vendor: the current version in each language of an asset the reader sees; the older ones
    # stay the vendor's record.
    partner_filter = staticmethod(
        lambda actor: (
            Q(asset__in=Asset.objects.visible_to(actor))
            & ~Exists(
                AssetVersion.objects.filter(
                    asset=OuterRef("asset"), language=OuterRef("language"), number__gt=OuterRef("number")
                )
            )
        )
    )

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="versions")
    language = choice_field(_("language"), Language, default=Language.EN)
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, blank=True, max_length=300)
    file_type = models.CharField(_("file type"), max_length=10, blank=True)  # a core.files.TYPES key
    file_name = models.CharField(_("file name"), max_length=255, blank=True)  # as uploaded, for the record
    size = models.PositiveBigIntegerField(_("size"), default=0)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = user_reference(_("added by"))

    class Meta:
        ordering = ["asset", "language", "-number"]
        verbose_name = _("asset version")
        verbose_name_plural = _("asset versions")
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "language", "number"], name="content_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} {self.language} v{self.number}"


class SearchWord(models.Model):
    """Every word some asset can be found by: a query word is looked up here first (`content.searching`),
    so typos and endings are forgiven by a lookup among a few thousand words, not by reading every asset."""

    partner_scope = STAFF_ONLY

    word = models.CharField(max_length=60, unique=True)

    objects = ScopedManager()

    def __str__(self) -> str:
        return self.word


class ActivityKind(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")


class AssetActivity(models.Model):
    """Someone opened or downloaded an asset: the views and downloads staff read per asset and per partner.
    Not an audit event: it is a reading, and there are many."""

    partner_scope = STAFF_ONLY

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="activity")
    version = models.ForeignKey(
        AssetVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = choice_field(_("activity"), ActivityKind)
    user = user_reference(_("person"))
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="asset_activity",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("asset activity")
        verbose_name_plural = _("asset activity")
        indexes = [
            models.Index(fields=["asset", "kind"], name="content_activity_asset"),
            models.Index(fields=["partner", "-at"], name="content_activity_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.asset_id} {self.at:%Y-%m-%d}"


class LibraryVisit(models.Model):
    """When a person last opened the library, for "new since your last visit"."""

    user_scope = "user_id"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What counts as seen: the start of the previous visit. A visit lasts VISIT_GAP, so the new marks stay
    # while a person browses and go the next time they come.
    seen_until = models.DateTimeField(null=True, blank=True)
    visited_at = models.DateTimeField()

    objects = ScopedManager()

    def __str__(self) -> str:
        return f"{self.user_id} {self.visited_at}"
