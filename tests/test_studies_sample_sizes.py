"""A sampled design its analysis cannot use is refused when the config is read, in one
line naming the file, the key and what is allowed, before a single run is spent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lcsim.experiments import ConfigError, load_config, run_experiment, stats
from lcsim.experiments.design import salib_problem, sample_matrix
from tests.test_decimal_commas import error_of

CONFIGS = Path(__file__).resolve().parents[1] / "configs"


def sampled(method: str, samples: int, *, factors: int = 2, **more: object) -> str:
    names = ["alignment", "participation_policy", "product_landing"][:factors]
    lines = "\n".join(f'{n} = {{ low = 0.0, high = 1.0, type = "float" }}' for n in names)
    extra = "".join(f"{k} = {str(v).lower()}\n" for k, v in more.items())
    return (f'name = "s"\nquestion = "q"\nreplications = 1\n[design]\nkind = "sample"\n'
            f'method = "{method}"\nsamples = {samples}\n{extra}[design.factors]\n{lines}\n')


def refusal(tmp_path: Path, text: str) -> ConfigError:
    """The one-line refusal of a config file holding `text` (`test_decimal_commas.error_of`)."""
    return error_of(tmp_path, text)


def test_a_latin_sample_below_the_rbd_fast_minimum_is_refused_when_the_config_is_read(
        tmp_path: Path):
    smallest = stats.RBD_FAST_MIN_POINTS
    err = refusal(tmp_path, sampled("latin", smallest - 1))
    assert err.path == "design.samples"
    assert f"allowed: {smallest} to 1000000" in str(err)
    assert f"got {smallest - 1}" in str(err) and "RBD-FAST" in str(err)
    load_config(_written(tmp_path, sampled("latin", smallest)))  # the smallest that works


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.toml"
    path.write_text(text)
    return path


def test_a_too_small_latin_study_spends_no_run_and_writes_no_folder(tmp_path: Path):
    with pytest.raises(ConfigError, match="design.samples"):
        run_experiment(_written(tmp_path, sampled("latin", 20)), out=tmp_path / "out",
                       workers=1, progress=False)
    assert not (tmp_path / "out").exists()


def test_the_smallest_latin_sample_the_config_accepts_can_be_analysed():
    """What the config lets through, the report's analysis takes (no 'too small')."""
    config = load_config(_as_dict(sampled("latin", stats.RBD_FAST_MIN_POINTS)))
    x = sample_matrix(config.design, 1)
    y = 3 * x[:, 0] + x[:, 1] + np.random.default_rng(1).normal(0, 0.3, len(x))
    table = stats.sensitivity("latin", salib_problem(config.design), x, y)
    assert table["value"].notna().all()


def test_the_smallest_latin_sample_the_config_accepts_has_a_likely_range_above_zero():
    config = load_config(_as_dict(sampled("latin", stats.RBD_FAST_MIN_POINTS)))
    x = sample_matrix(config.design, 1)
    y = 3 * x[:, 0] + x[:, 1] + np.random.default_rng(1).normal(0, 0.3, len(x))
    table = stats.sensitivity("latin", salib_problem(config.design), x, y)
    assert (table["conf"] > 0).all(), table


def _as_dict(text: str) -> dict:
    import tomllib

    return tomllib.loads(text)


@pytest.mark.parametrize("method", ["latin", "morris"])
def test_second_order_is_refused_for_a_method_that_has_no_second_order_indices(
        tmp_path: Path, method: str):
    err = refusal(tmp_path, sampled(method, 64, second_order=True))
    assert err.path == "design.second_order" and "sobol sample only" in str(err)


def test_second_order_indices_of_a_single_factor_are_refused(tmp_path: Path):
    err = refusal(tmp_path, sampled("sobol", 64, factors=1, second_order=True))
    assert err.path == "design.second_order" and "only alignment" in str(err)
    load_config(_as_dict(sampled("sobol", 64, factors=2, second_order=True)))


@pytest.mark.parametrize(("method", "samples", "more", "path", "words"), [
    ("sobol", 48, {}, "design.samples", "power of two"),
    ("morris", 10, {"levels": 5}, "design.levels", "even number of levels"),
])
def test_sobol_and_morris_sizes_salib_cannot_use_are_refused_at_config_time(
        tmp_path: Path, method, samples, more, path, words):
    err = refusal(tmp_path, sampled(method, samples, **more))
    assert err.path == path and words in str(err)


def test_every_shipped_config_still_loads():
    from lcsim.experiments.robustness import load_robustness

    shipped = sorted(CONFIGS.glob("*.toml"))
    assert shipped
    for path in shipped:
        if "robustness" in path.name:
            load_robustness(path)
        else:
            load_config(path)
