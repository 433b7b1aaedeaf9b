"""What the model measures: the names of its outcomes (`summary()`) and weekly series,
read from a tiny freshly built model, so the experiments layer repeats none of them.
"""

from __future__ import annotations

from functools import cache

from lcsim.params import Params

REGION_SIZE = "n_communities"  # a Params field: above 1 the run is a region (lcsim.ecosystem)


@cache
def model_outcomes(region: bool = False) -> list[str]:
    """Names of the model's `summary()`, read from a tiny freshly built model (a region of
    two communities when `region`, whose summary adds region outcomes)."""
    return list(_tiny_model(region).summary())


@cache
def model_series(region: bool = False) -> list[str]:
    """Names of the model's weekly DataCollector series (of a region when `region`)."""
    frame = _tiny_model(region).datacollector.get_model_vars_dataframe()
    return [str(c) for c in frame.columns]


def region_only_names() -> frozenset[str]:
    """Outcomes and series that only regions report; single communities record them as NaN."""
    if REGION_SIZE not in Params.names():
        return frozenset()
    return frozenset((set(model_outcomes(True)) - set(model_outcomes(False)))
                     | (set(model_series(True)) - set(model_series(False))))


def _tiny_model(region: bool = False):
    spec = Params.spec("n_participants")
    if region and REGION_SIZE in Params.names():
        from lcsim.ecosystem import build_model

        return build_model(Params(n_participants=int(spec.low), **{REGION_SIZE: 2}), rng=0)
    from lcsim.model import LearningCommunityModel

    return LearningCommunityModel(Params(n_participants=int(spec.low)), rng=0)
