"""Funding: what pays for members' time, and what happens when a subsidy ends.

Three funding modes: fixed contributions, in kind, external (000). When external
funding ends the collaboration often ends and potential value is lost (003 §2.5),
unless follow-up funding or structural embedding comes (001 'inbedding'; 003 §3.5).

Every function takes one community's values or arrays with a leading community axis
(length K) and broadcasts; a funding state is a string or an array of them.
"""

from __future__ import annotations

import numpy as np

EXTERNAL, FOLLOW_UP, NONE = "external", "follow-up", "none"
SOURCES = np.array([EXTERNAL, FOLLOW_UP, NONE])  # in the order they pay


def funding_state(week: int, funding_weeks: int | np.ndarray,
                  follow_up_weeks: int | np.ndarray) -> str | np.ndarray:
    """Which source pays in a given week (1-based): external, follow-up or none; per
    community when the funding horizons are arrays (a string array of length K). Sources:
    000 intro (external funding is one of three ways of funding); 003 §2.5 (a subsidy ends);
    003 §3.5 f and 001 'Beleid' (follow-up funding)."""
    source = np.where(week <= funding_weeks, 0,
                      np.where(week <= np.add(funding_weeks, follow_up_weeks), 1, 2))
    return SOURCES[source]


def coverage(state: str | np.ndarray, external_share: float, fixed_share: float,
             in_kind_share: float, embedding: np.ndarray,
             follow_up_share: float | None = None) -> np.ndarray:
    """Share of members' participation time paid for, per organisation (0-1): for one
    funding state a row over the organisations, for K states (K,) with `embedding` K x O
    (or per organisation) a K x O table.

    Fixed contributions and in-kind time always count; external funding adds its share
    while it runs, follow-up funding its own (by default the same) share; throughout,
    organisations pay at least what they embedded (`embedding`). Sources: 000 intro (fixed
    contributions, in kind, external funding); 004 insight 2 (funding lets organisations
    make staff available); 001 promoting factor 'inbedding'. The shares are assumptions.
    """
    base = fixed_share + in_kind_share
    extra = np.asarray(funded_share(state, external_share, follow_up_share))[..., None]
    return (base + np.maximum(extra, embedding)).clip(0.0, 1.0)


def funded_share(state: str | np.ndarray, external_share: float,
                 follow_up_share: float | None = None) -> float | np.ndarray:
    """The share of members' time the funder of `state` offers to pay: external funding
    its share, follow-up funding its own (by default the external) share, none 0 (000
    intro: external funding; 003 §3.5 f: follow-up funding; the shares are assumptions)."""
    follow_up = external_share if follow_up_share is None else follow_up_share
    return np.where(np.equal(state, EXTERNAL), external_share,
                    np.where(np.equal(state, FOLLOW_UP), follow_up, 0.0))[()]


def subsidy_share(state: str | np.ndarray, external_share: float, fixed_share: float,
                  in_kind_share: float,
                  follow_up_share: float | None = None) -> float | np.ndarray:
    """Share of members' participation time the subsidy pays (external or follow-up
    funding, 0 without): its own share, as far as fixed contributions and in-kind time
    leave room under the whole week. Organisations pay what they embedded beyond it
    (`coverage`). Source: 000 intro (three ways of funding)."""
    return np.minimum(funded_share(state, external_share, follow_up_share),
                      np.maximum(0.0, 1.0 - fixed_share - in_kind_share))[()]


def embedding_level(structural_embedding: float, backing: np.ndarray) -> np.ndarray:
    """Time an organisation takes over from the LC (0-1): what organisations are willing to
    embed, as far as the organisation's decision-makers back the LC (`backing`, per
    organisation or K x O, which grows with their involvement and the value proved there;
    `lcsim.rules.governance`). Sources: 001 'inbedding'; 003 §3.2 c, §3.5 h; 004 insight 2
    (management's permission)."""
    return structural_embedding * np.asarray(backing, dtype=float).clip(0.0, 1.0)
