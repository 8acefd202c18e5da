"""The actions on a lead, declared once for the page and the API: each one's input, the service it runs and
what the user is told. `leads.rules` decides who may take which action when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.inputs import Input
from leads.inputs import ConvertInput, LoseInput, NoteInput, ProgressInput
from leads.services import lead_convert, lead_lose, lead_progress, note_add


@dataclass(frozen=True)
class LeadActionSpec:
    name: str  # the page's URL name and the API operation's path under the lead
    input: type[Input] | None
    run: Callable[..., Any]  # run(actor=, lead=, values=)
    success: Any

    @property
    def form_name(self) -> str:
        return f"{self.name}_form"


def _with_data(service) -> Callable[..., Any]:
    def run(*, actor, lead, values):
        return service(actor=actor, lead=lead, data=values)

    return run


ACTIONS: dict[str, LeadActionSpec] = {
    a.name: a
    for a in [
        LeadActionSpec("progress", ProgressInput, _with_data(lead_progress), _("Lead updated.")),
        LeadActionSpec("lose", LoseInput, _with_data(lead_lose), _("Lead closed as lost.")),
        LeadActionSpec(
            "convert",
            ConvertInput,
            _with_data(lead_convert),
            _("Lead converted into a deal registration."),
        ),
        LeadActionSpec("note", NoteInput, _with_data(note_add), _("Note added.")),
    ]
}
