"""Dyadic trust: built slowly from experienced outcomes, lost quickly.

Trust rests on demonstrated performance, competence and intentions (003 §3.4,
'Afwegingskader vertrouwen', after Meurs 2014); it starts low in a new community
and grows from earlier successful collaboration (001 condition 5).

Functions work per tie on arrays of any length (the ties of all K communities at once,
docs/KSTATE.md); the levers `gain` and `loss` may be numbers or arrays per tie.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

# The bases of trust: performance, competence and intentions (003 §3.4 f, after Meurs 2014).
BASES = 3.0


def initial_trust(n_ties: int, level: float, prior_share: float,
                  rng: np.random.Generator, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Starting trust per directed tie: `level`, or `a.prior_trust_lift` of the way to full
    trust where partners worked together before (a share `prior_share` of the ties): trust
    starts low in a new LC (003 §2.4) and often comes from "eerdere succesvolle
    samenwerkingen" (001 condition 5)."""
    prior = rng.random(n_ties) < prior_share
    return np.where(prior, level + (1.0 - level) * a.prior_trust_lift, level)


def trust_basis(performance: np.ndarray, competence: np.ndarray,
                intention: np.ndarray) -> np.ndarray:
    """How trustworthy an experience shows the other to be: mean of the three bases, 0-1
    (performance, competence and intentions: Meurs 2014 via 003 §3.4 f; equal weights are
    an assumption)."""
    return (performance + competence + intention) / BASES


def update_trust(trust: np.ndarray, good: np.ndarray, bad: np.ndarray,
                 gain: float | np.ndarray, loss: float | np.ndarray, *,
                 a: Assumptions = DEFAULTS) -> np.ndarray:
    """Trust after good and bad experiences of intensity `good` and `bad` (each 0-1).

    Trust is harder to build than to lose (MODEL_BRIEF §2; Slovic 1993), at every level;
    the seed says only that trust is not static and often grows from earlier successful
    collaboration (001 condition 5). A good experience closes `gain` of the gap to full
    trust, scaled by how much trust there already is to build on (`trust / a.trust_foothold`,
    at most 1): someone who hardly trusts the other reads a good experience with suspicion.
    A bad experience takes `loss` of the trust there is. With `loss * a.trust_foothold >
    gain` (the default levers and assumptions), a bad experience costs more than a good one of
    the same strength gains at every trust level in (0, 1]; at 0 neither moves trust.

    Args:
        trust: current trust per tie, 0-1.
        good: intensity of good experiences per tie, 0-1.
        bad: intensity of bad experiences per tie, 0-1.
        gain: the `trust_gain` lever (per good experience).
        loss: the `trust_loss` lever (per bad experience).
        a: the assumptions (`trust_foothold`).

    Returns:
        The new trust per tie, within 0-1.
    """
    foothold = np.minimum(1.0, trust / a.trust_foothold)
    return (trust + gain * good * (1.0 - trust) * foothold - loss * bad * trust).clip(0.0, 1.0)
