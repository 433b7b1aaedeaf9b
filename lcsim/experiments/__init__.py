"""Config-driven experiments: sweeps, replications, statistics and reports.

`run_experiment(config_or_path, ...)` runs or resumes a study and returns its results as
DataFrames; `command_experiment` and `command_report` back the CLI.

The names below are loaded on first use, so a worker process that only needs
`lcsim.experiments.worker` does not import the config and storage layers (pydantic,
pyarrow).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lcsim.experiments.commands import command_experiment, command_report
    from lcsim.experiments.config import ConfigError, ExperimentConfig, load_config
    from lcsim.experiments.runner import ExperimentResults, run_experiment, simulate

__all__ = ["ConfigError", "ExperimentConfig", "ExperimentResults", "command_experiment",
           "command_report", "load_config", "run_experiment", "simulate"]
_HOME = {"command_experiment": "commands", "command_report": "commands",
         "ConfigError": "config", "ExperimentConfig": "config", "load_config": "config",
         "ExperimentResults": "runner", "run_experiment": "runner", "simulate": "runner"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'lcsim.experiments' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"lcsim.experiments.{_HOME[name]}"), name)
    globals()[name] = value
    return value
