"""Shared small fixtures: short runs keep the unit and contract tests fast."""

from __future__ import annotations

import pytest

from lcsim import LearningCommunityModel, Params


@pytest.fixture
def fast_params() -> Params:
    """One funded year and a ten-week observation window: a 62-week run."""
    return Params(funding_years=1.0, weeks_after_funding=10)


@pytest.fixture(scope="session")
def finished_model() -> LearningCommunityModel:
    """A short run that has ended (seed 1); tests must only read it, never step or change it."""
    return LearningCommunityModel(Params(funding_years=1.0, weeks_after_funding=10), rng=1).run()
