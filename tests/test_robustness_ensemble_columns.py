"""An ensemble file's columns: each is bookkeeping or `assumption_<known name>`, or refused."""

import pandas as pd
import pytest

from lcsim.experiments.config import ConfigError
from lcsim.experiments.robustness import read_ensemble


def _write(tmp_path, **columns):
    file = tmp_path / "ens.parquet"
    pd.DataFrame({"assumption_set": [1, 2], "assumption_knowledge_noise": [0.04, 0.06],
                  **columns}).to_parquet(file)
    return file


def _refusal(tmp_path, **columns) -> str:
    """The one-line message with which `read_ensemble` refuses a file with `columns`."""
    with pytest.raises(ConfigError) as err:
        read_ensemble(_write(tmp_path, **columns))
    return str(err.value)


def test_a_bare_assumption_column_is_refused_with_its_prefixed_name(tmp_path):
    kept = _write(tmp_path, is_default=[False, False], accepted=[True, False])
    assert read_ensemble(kept)[1] == [True, False]  # bookkeeping columns are read
    message = _refusal(tmp_path, trust_foothold=[0.9, 0.9])
    assert "ens.parquet" in message and "column trust_foothold" in message
    assert "write it as assumption_trust_foothold" in message and "\n" not in message


def test_an_unknown_bare_column_is_refused_not_ignored(tmp_path):
    message = _refusal(tmp_path, foo=[1, 1])
    assert "ens.parquet" in message and "column foo" in message
    assert "assumption_<name>" in message and "\n" not in message


def test_a_parameter_column_is_refused_as_not_an_assumption(tmp_path):
    file = _write(tmp_path, n_bridge_builders=[2, 2])
    with pytest.raises(ConfigError, match="column n_bridge_builders.*assumptions only"):
        read_ensemble(file)

