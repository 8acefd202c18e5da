"""Stable error codes of co-branded collateral: API clients may rely on them (`errors[].code`)."""

from enum import StrEnum


class CollateralErrorCode(StrEnum):
    DOES_NOT_COMPILE = "does_not_compile"  # a version's Typst source fails against the sample partner
    PACKAGE_IMPORT = (
        "package_import"  # a source imports a Typst package ("@preview/…"): it would be downloaded
    )
    TOO_SLOW = "too_slow"  # a version takes longer than render.SLOW_SECONDS against the sample partner
    ARCHIVED = "archived"  # an archived template no longer changes
    NOTHING_TO_PUBLISH = "nothing_to_publish"  # the newest version is already the current one
    NO_PARTNER = "no_partner"  # generating needs a partner to act for
    GENERATION_FAILED = "generation_failed"  # the current version failed for this partner's details
