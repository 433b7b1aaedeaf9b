"""Dyadic trust: built slowly from experienced outcomes, lost quickly.

Trust rests on demonstrated performance, competence and intentions (003 §3.4,
'Afwegingskader vertrouwen', after Meurs 2014); it starts low in a new community
and grows from earlier successful collaboration (001 condition 5).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

# The bases of trust: performance, competence and intentions (003 §3.4 f, after Meurs 2014).
BASES = 3.0


def initial_trust(n_ties: int, level: float, prior_share: float,
                  rng: np.random.Generator, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Starting trust per directed tie: `level`, or `a.prior_trust_lift` of the way to full
    trust where partners worked together before (a share `prior_share` of the ties)."""
    prior = rng.random(n_ties) < prior_share
    return np.where(prior, level + (1.0 - level) * a.prior_trust_lift, level)


def trust_basis(performance: np.ndarray, competence: np.ndarray,
                intention: np.ndarray) -> np.ndarray:
    """How trustworthy an experience shows the other to be: mean of the three bases, 0-1."""
    return (performance + competence + intention) / BASES


def update_trust(trust: np.ndarray, good: np.ndarray, bad: np.ndarray,
                 gain: float, loss: float) -> np.ndarray:
    """Move trust up by `gain` of the remaining gap per good experience, down by `loss` per bad.

    `good` and `bad` are intensities in [0, 1]; with loss > gain trust is lost faster than built.
    """
    return np.clip(trust + gain * good * (1.0 - trust) - loss * bad * trust, 0.0, 1.0)
