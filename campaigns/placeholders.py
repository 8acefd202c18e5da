"""The placeholders of a kit's emails and social posts: `{partner_name}` … filled with the launching
partner's data. Any other `{name}` is refused when the text is saved (`unknown_placeholder`), so that a typo
never reaches a partner's customer as "{partner_nmae}"."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.errors import CampaignErrorCode as E

PLACEHOLDERS = (
    "partner_name",
    "partner_phone",
    "partner_email",
    "partner_website",
    "landing_url",
    "referral_url",
)
_BRACES = re.compile(r"\{([^{}\n]{0,60})\}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _BRACES.findall(text or "") if name not in PLACEHOLDERS})


def check_placeholders(text: str) -> str:
    unknown = unknown_placeholders(text)
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Use %(known)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
            code=E.UNKNOWN_PLACEHOLDER,
        )
    return text


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known placeholder replaced (plain replacement: braces elsewhere stay as typed)."""
    return _BRACES.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")
