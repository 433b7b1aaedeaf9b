"""lcsim: an agent-based simulation of learning communities in Dutch dementia care."""

from lcsim.assumptions import Assumptions
from lcsim.ecosystem import RegionModel, build_model
from lcsim.events import Event, EventLog
from lcsim.model import LearningCommunityModel
from lcsim.params import ParameterError, Params

__all__ = ["Assumptions", "Event", "EventLog", "LearningCommunityModel", "ParameterError",
           "Params", "RegionModel", "build_model", "run_experiment"]
__version__ = "0.1.0"


def __getattr__(name: str):
    """`lcsim.run_experiment` without importing the experiments layer (pydantic, dask) eagerly."""
    if name == "run_experiment":
        from lcsim.experiments import run_experiment

        return run_experiment
    raise AttributeError(f"module 'lcsim' has no attribute {name!r}")
