"""Funding: what pays for members' time, and what happens when a subsidy ends.

Three funding modes: fixed contributions, in kind, external (000). When external
funding ends the collaboration often ends and potential value is lost (003 §2.5),
unless follow-up funding or structural embedding comes (001 'inbedding'; 003 §3.5).
"""

from __future__ import annotations

import numpy as np

EXTERNAL, FOLLOW_UP, NONE = "external", "follow-up", "none"


def funding_state(week: int, funding_weeks: int, follow_up_weeks: int) -> str:
    """Which source pays in a given week (1-based): external, follow-up or none."""
    if week <= funding_weeks:
        return EXTERNAL
    if week <= funding_weeks + follow_up_weeks:
        return FOLLOW_UP
    return NONE


def coverage(state: str, external_share: float, fixed_share: float, in_kind_share: float,
             embedding: np.ndarray, follow_up_share: float | None = None) -> np.ndarray:
    """Share of members' participation time paid for, per organisation (0-1).

    Fixed contributions and in-kind time always count; external funding adds its share
    while it runs, follow-up funding its own (by default the same) share; throughout,
    organisations pay at least what they embedded (`embedding`).
    """
    base = fixed_share + in_kind_share
    extra = funded_share(state, external_share, follow_up_share)
    return (base + np.maximum(extra, embedding)).clip(0.0, 1.0)


def funded_share(state: str, external_share: float,
                 follow_up_share: float | None = None) -> float:
    """The share of members' time the funder of `state` offers to pay: external funding
    its share, follow-up funding its own (by default the external) share, none 0."""
    follow_up = external_share if follow_up_share is None else follow_up_share
    return {EXTERNAL: external_share, FOLLOW_UP: follow_up}.get(state, 0.0)


def subsidy_share(state: str, external_share: float, fixed_share: float,
                  in_kind_share: float, follow_up_share: float | None = None) -> float:
    """Share of members' participation time the subsidy pays (external or follow-up
    funding, 0 without): its own share, as far as fixed contributions and in-kind time
    leave room under the whole week. Organisations pay what they embedded beyond it
    (`coverage`). Source: 000 intro (three ways of funding)."""
    return min(funded_share(state, external_share, follow_up_share),
               max(0.0, 1.0 - fixed_share - in_kind_share))


def embedding_level(structural_embedding: float, backing: np.ndarray) -> np.ndarray:
    """Time an organisation takes over from the LC (0-1): what organisations are willing to
    embed, as far as the organisation's decision-makers back the LC (`backing`, which grows
    with their involvement and the value proved there; `lcsim.rules.governance`). Sources:
    001 'inbedding'; 003 §3.2 c, §3.5 h; 004 insight 2 (management's permission)."""
    return structural_embedding * np.asarray(backing, dtype=float).clip(0.0, 1.0)
