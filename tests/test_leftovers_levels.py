"""`levels` in [design] means something only for a Morris sample. Set to another value for
a Latin or Sobol sample it would be silently ignored, so the config is refused in one line
naming the file, the key design.levels and that it applies only to morris; left out (or
at its default, as every stored manifest.json holds it) it goes through."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcsim.experiments import load_config
from lcsim.experiments.design import sample_matrix
from tests.test_decimal_commas import error_of
from tests.test_studies_sample_sizes import sampled


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("method", "samples"), [("latin", 64), ("sobol", 64)])
def test_levels_set_for_a_sample_that_ignores_them_is_refused(tmp_path: Path, method: str,
                                                              samples: int):
    err = error_of(tmp_path, sampled(method, samples, levels=6))
    assert err.path == "design.levels"
    assert "only to method = 'morris'" in str(err) and "got 6" in str(err)
    assert str(err).startswith(str(tmp_path / "study.toml"))


@pytest.mark.parametrize(("method", "samples"), [("latin", 64), ("sobol", 64)])
def test_levels_left_out_or_at_the_default_still_load(tmp_path: Path, method: str,
                                                      samples: int):
    assert load_config(written(tmp_path, sampled(method, samples))).design.levels == 4
    load_config(written(tmp_path, sampled(method, samples, levels=4)))


def test_a_stored_sobol_config_with_its_default_levels_reads_again(tmp_path: Path):
    """manifest.json stores every field, levels = 4 included: that must stay readable."""
    config = load_config(written(tmp_path, sampled("sobol", 64)))
    dumped = config.model_dump(mode="json")
    assert dumped["design"]["levels"] == 4
    assert load_config(dumped) == config


def test_levels_still_shape_a_morris_sample(tmp_path: Path):
    """Morris steps between `levels` values of each factor's range (0 to 1 here)."""
    def values(levels: int) -> set[float]:
        config = load_config(written(tmp_path, sampled("morris", 20, levels=levels)))
        assert config.design.levels == levels
        return set(sample_matrix(config.design, 1)[:, 0].round(6))

    assert values(4) <= {0.0, round(1 / 3, 6), round(2 / 3, 6), 1.0}
    six = values(6)
    assert six <= {0.0, 0.2, 0.4, 0.6, 0.8, 1.0} and {0.2, 0.4} & six
