"""The inputs of referrals, one per write, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.inputs import ModelInput
from referrals.destinations import is_allowed, normal_host
from referrals.errors import ReferralErrorCode as E
from referrals.models import MAX_WINDOW_DAYS, ReferralLink, ReferralSettings


class LinkInput(ModelInput):
    """A referral link: its name, where it leads (Kanal's page or an approved host) and its UTM parameters."""

    personal = forms.BooleanField(
        label=_("My own link"),
        required=False,
        help_text=_("Clicks and leads are also counted for you, not only for the company."),
    )

    class Meta:
        model = ReferralLink
        fields = [
            "name",
            "destination",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
        ]
        help_texts = {
            "destination": _(
                "A page of the vendor's site (https://…) or of Kanal (/p/…): other sites are not allowed."
            ),
            "utm_source": _("Where the link is shared, such as newsletter or linkedin."),
        }

    def __init__(self, *args: Any, allowed_hosts: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_hosts = allowed_hosts or []
        if self.instance.pk:
            self.fields.pop("personal", None)  # whose link it is does not change

    def clean_destination(self) -> str:
        value = (self.cleaned_data.get("destination") or "").strip()
        if not is_allowed(value, self.allowed_hosts):
            hosts = ", ".join(self.allowed_hosts) or str(_("none yet"))
            raise ValidationError(
                _("Links may lead to Kanal's own pages (/p/…) or to these sites only: %(hosts)s."),
                code=E.DESTINATION_NOT_ALLOWED,
                params={"hosts": hosts},
            )
        return value


class SettingsInput(ModelInput):
    """The referral program's settings (channel marketing and operations). The numbers' limits are declared
    here, where the API's schema reads them."""

    window_days = forms.IntegerField(
        label=_("Attribution window (days)"),
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        help_text=_("How long after a click a lead is still credited to the partner whose link was clicked."),
    )
    client_clicks_per_minute = forms.IntegerField(
        label=_("Clicks per visitor and link per minute"),
        min_value=1,
        max_value=10_000,
        help_text=_("More clicks than this from one visitor on one link in a minute are a flood."),
    )
    link_clicks_per_minute = forms.IntegerField(
        label=_("Clicks per link per minute"),
        min_value=1,
        max_value=1_000_000,
        help_text=_("More clicks than this on one link in a minute, from anyone, are a flood."),
    )

    allowed_hosts_text = forms.CharField(
        label=_("Approved destinations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The vendor's sites links may lead to, one host per line (vendor.com covers its subdomains)."
        ),
    )

    class Meta:
        model = ReferralSettings
        fields = [
            "attribution_model",
            "window_days",
            "allowed_hosts_text",
            "client_clicks_per_minute",
            "link_clicks_per_minute",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["allowed_hosts_text"] = "\n".join(self.instance.allowed_hosts)

    def clean_allowed_hosts_text(self) -> list[str]:
        hosts: list[str] = []
        for line in (self.cleaned_data.get("allowed_hosts_text") or "").replace(",", "\n").splitlines():
            if not line.strip():
                continue
            host = normal_host(line)
            if not host:
                raise ValidationError(
                    _("%(value)s is not a host name such as vendor.com."),
                    code=E.HOST_INVALID,
                    params={"value": line.strip()},
                )
            if host not in hosts:
                hosts.append(host)
        return hosts
