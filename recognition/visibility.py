"""What a reader is shown of a leaderboard: the one place that decides, by the leaderboard setting.

Staff see every partner with its figures. A partner user always sees its own company's position and figures
(a distributor's users, their resellers' too: `Actor.visible_partner_ids`), and of the others what the setting
of the board's program (else the setting for every program) allows:

- `names`: the ranked partners with their names and figures;
- `masked`: the ranked partners' ranks and masked names ("B•••"), without their figures or ids;
- `own_and_top`: the top N ranks, anonymised (no name, no figures, no id), and the reader's own position.

Every page, card and API answer about a leaderboard goes through `present`; the lines it returns carry nothing
else, so a template or a schema cannot show more than the setting allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Q

from core.actor import Actor, system_actor
from recognition.boards import Board, Place
from recognition.models import TOP_N_DEFAULT, Anonymity, LeaderboardSetting

MASK = "•••"


@dataclass(frozen=True)
class Line:
    """One row of a leaderboard as its reader may see it."""

    rank: int | None
    name: str  # the partner's name, a masked name, or "" (anonymised)
    partner: UUID | None  # who it is, when the reader may know
    own: bool  # the reader's own company (or one of a distributor's resellers)
    shown: bool  # the figures are shown
    region: str = ""
    partner_type: str = ""
    revenue: Decimal | None = None
    deals: int | None = None
    certifications: int | None = None
    growth: Decimal | None = None
    value: Any = None  # the board's metric


@dataclass(frozen=True)
class Visibility:
    anonymity: str
    top_n: int


def setting_for(program_id: int | None) -> Visibility:
    """The program's own setting, else the one for every program, else rank and masked names (the top 10)."""
    rows = LeaderboardSetting.objects.visible_to(system_actor()).filter(
        Q(program__isnull=True) | Q(program_id=program_id)
    )
    found: dict[int | None, LeaderboardSetting] = {s.program_id: s for s in rows}
    setting = found.get(program_id) or found.get(None)
    if setting is None:
        return Visibility(Anonymity.MASKED, TOP_N_DEFAULT)
    return Visibility(setting.anonymity, setting.top_n)


def mask_name(name: str) -> str:
    """ "Bravo Trading" → "B•••": the first letter and a mark of fixed length (the length stays hidden)."""
    first = next((c for c in name if c.isalnum()), "")
    return f"{first.upper()}{MASK}"


def _full(place: Place, metric: str, *, own: bool) -> Line:
    s = place.standing
    return Line(
        rank=place.rank,
        name=s.name,
        partner=s.public_id,
        own=own,
        shown=True,
        region=s.region,
        partner_type=s.partner_type,
        revenue=s.revenue,
        deals=s.deals,
        certifications=s.certifications,
        growth=s.growth,
        value=s.value(metric),
    )


def _masked(place: Place) -> Line:
    return Line(rank=place.rank, name=mask_name(place.standing.name), partner=None, own=False, shown=False)


def _anonymous(place: Place) -> Line:
    return Line(rank=place.rank, name="", partner=None, own=False, shown=False)


@dataclass(frozen=True)
class Presented:
    """A board as one reader sees it: `lines` in order (the reader's own among them, or after them when it
    falls outside what the others show), `own` the reader's own lines."""

    board: Board
    visibility: Visibility
    lines: list[Line]
    own: list[Line]
    staff: bool

    @property
    def anonymity(self) -> str:
        return self.visibility.anonymity


def present(board: Board, actor: Actor, visibility: Visibility | None = None) -> Presented:
    """The lines of `board` that `actor` may see, each with what it may know (see the module)."""
    visibility = visibility or setting_for(board.program_id)
    metric = board.metric
    if actor.is_staff:
        everyone = [_full(p, metric, own=False) for p in board.places]
        return Presented(board, visibility, everyone, [], staff=True)
    mine = set(actor.visible_partner_ids) if actor.is_partner else set()
    own_places = [p for p in board.places if p.standing.partner_id in mine]
    lines: list[Line] = []
    if visibility.anonymity == Anonymity.OWN_AND_TOP:
        shown = board.top(visibility.top_n)
    else:
        shown = [p for p in board.places if p.rank is not None]
    for place in shown:
        if place.standing.partner_id in mine:
            lines.append(_full(place, metric, own=True))
        elif visibility.anonymity == Anonymity.NAMES:
            lines.append(_full(place, metric, own=False))
        elif visibility.anonymity == Anonymity.MASKED:
            lines.append(_masked(place))
        else:
            lines.append(_anonymous(place))
    listed = {p.standing.partner_id for p in shown}
    lines += [_full(p, metric, own=True) for p in own_places if p.standing.partner_id not in listed]
    own = [line for line in lines if line.own]
    return Presented(board, visibility, lines, own, staff=False)
