"""Config-driven experiments: sweeps, replications, statistics and reports.

`run_experiment(config_or_path, ...)` runs or resumes a study and returns its results as
DataFrames; `command_experiment` and `command_report` back the CLI.
"""

from lcsim.experiments.commands import command_experiment, command_report
from lcsim.experiments.config import ConfigError, ExperimentConfig, load_config
from lcsim.experiments.runner import ExperimentResults, run_experiment, simulate

__all__ = ["ConfigError", "ExperimentConfig", "ExperimentResults", "command_experiment",
           "command_report", "load_config", "run_experiment", "simulate"]
