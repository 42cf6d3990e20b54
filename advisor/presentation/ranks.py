"""One rank rule and one rank wording for the page, the PDF, the workspace, compare and the CLI.

A stored `rank` is used as it is; results stored before ranks existed get standard competition
ranking over fit (1, 1, 3), the engine's own rule. Equal programmes are never presented as the winner:
a shared rank reads "Joint first".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .words import N_, Words

# Whole phrases, so a language may agree the ordinal with "ranked" or "joint" as it needs.
_RANKED = (
    N_("Ranked first"),
    N_("Ranked second"),
    N_("Ranked third"),
    N_("Ranked fourth"),
    N_("Ranked fifth"),
    N_("Ranked sixth"),
    N_("Ranked seventh"),
    N_("Ranked eighth"),
    N_("Ranked ninth"),
    N_("Ranked tenth"),
)
_JOINT = (
    N_("Joint first"),
    N_("Joint second"),
    N_("Joint third"),
    N_("Joint fourth"),
    N_("Joint fifth"),
    N_("Joint sixth"),
    N_("Joint seventh"),
    N_("Joint eighth"),
    N_("Joint ninth"),
    N_("Joint tenth"),
)


def ranks(programs: Sequence[Mapping[str, Any]]) -> list[int]:
    """Each programme's rank: the stored `rank`, else standard competition ranking over fit.

    Programmes arrive best fit first (contract 2), so equal fits sit next to each other.
    """
    out: list[int] = []
    for i, p in enumerate(programs):
        stored = p.get("rank")
        if isinstance(stored, int) and not isinstance(stored, bool) and stored >= 1:
            out.append(stored)
        elif i and programs[i - 1].get("fit") == p.get("fit"):
            out.append(out[-1])
        else:
            out.append(i + 1)
    return out


def joint_ranks(rank_list: Sequence[int]) -> list[bool]:
    """True where a rank is shared with another programme."""
    return [rank_list.count(r) > 1 for r in rank_list]


def rank_text(rank: int, joint: bool, words: Words) -> str:
    """`Ranked first`, `Joint first`, `Ranked 12th`-style fallbacks beyond ten."""
    table = _JOINT if joint else _RANKED
    if 1 <= rank <= len(table):
        return words._(table[rank - 1])
    if joint:
        return words._("Joint rank %(rank)s", rank=words.number(rank))
    return words._("Rank %(rank)s", rank=words.number(rank))
