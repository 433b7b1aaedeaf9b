"""lcsim: an agent-based simulation of learning communities in Dutch dementia care."""

from lcsim.events import Event, EventLog
from lcsim.model import LearningCommunityModel
from lcsim.params import ParameterError, Params

__all__ = ["Event", "EventLog", "LearningCommunityModel", "ParameterError", "Params"]
__version__ = "0.1.0"
