"""A two-setting study reports an unclear main result as not clear yet (with its estimate,
range and a rough number of runs that would tell), names the other outcomes that differ
clearly whatever the main one does, shows no levels-off or steps table (one step, nothing
to level off), and gives no Cohen's d for a yes/no outcome. Built on made-up runs (no model
run), so these are fast."""

from __future__ import annotations

import re

from lcsim.experiments.answer import build_answer, runs_needed
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_region_report_ceilings import made_up_report, text_of

REPS = 20


def two_arm_report(survivors: tuple[int, int]):
    """0 against 2 bridge-builders, paired by seed: `survivors` of REPS communities
    survive in each arm; products landed in practice rise by 3 in every pair but one."""
    config = ExperimentConfig.model_validate({
        "name": "bb2", "question": "Do two bridge-builders help?", "replications": REPS,
        "root_seed": 7, "common_random_numbers": True,
        "baseline": {"n_bridge_builders": 0},
        "outputs": ["survived", "products_landed_practice"], "series": ["survived"],
        "base": {"funding_years": 4, "weeks_after_funding": 104},
        "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2]}}})
    return bridge_builder_runs(config, survivors, lambda arm, r: {
        "products_landed_practice": 10.0 + r % 5 + 3 * arm * (r != 0)})


def bridge_builder_runs(config: ExperimentConfig, survivors: tuple[int, int],
                        more=lambda arm, r: {}):
    """Made-up runs of a study with 0 and 2 bridge-builders: `survivors` of REPS
    communities survive in each arm (at every setting of any other factor); `more(arm,
    replication)` adds other outcomes of a run."""
    rows, weekly = [], []
    for point in design_points(config):
        arm = [0, 2].index(point.factors["n_bridge_builders"])
        for r in range(REPS):
            run_id = f"{point.index}-{r}"
            row = {"run_id": run_id, "point": point.name, "point_index": point.index,
                   "replication": r, "seed": 100 + r, "status": "ok", "error": None,
                   "wall_seconds": 0.1, "survived": float(r < survivors[arm]),
                   **more(arm, r)}
            row.update({PARAM_PREFIX + n: v for n, v in point.params.items()})
            rows.append(row)
            weekly += [{"run_id": run_id, "point": point.name, "point_index": point.index,
                        "replication": r, "week": w, "survived": row["survived"]}
                       for w in (0, 312)]
    return made_up_report(config, rows, weekly)


def answer_text(report) -> list[str]:
    return [text_of(s) for s in build_answer(report.study).sentences]


def test_an_unclear_main_result_is_not_clear_yet_with_its_estimate_and_range():
    words = answer_text(two_arm_report((13, 18)))
    assert "rises by 25 points from 0 to 2 bridge-builders, but that is not clear yet " \
           "(likely range" in words[0], words[0]
    assert "does not clearly change" not in " ".join(words)


def test_an_unclear_main_result_says_about_how_many_runs_would_tell():
    words = answer_text(two_arm_report((13, 18)))
    more = [w for w in words if w.startswith("More runs would likely tell")]
    assert len(more) == 1, words
    needed = int(re.search(r"about ([\d,]+) runs per setting instead of 20", more[0])
                 .group(1).replace(",", ""))
    assert needed > REPS
    assert "rough guide" in more[0]


def test_a_clear_main_result_gets_no_more_runs_sentence():
    words = answer_text(two_arm_report((6, 19)))
    assert "rises clearly from 0 to 2 bridge-builders" in words[0], words[0]
    assert not any("More runs would" in w for w in words)


def test_another_outcome_that_differs_clearly_is_said_although_the_main_one_is_not():
    words = answer_text(two_arm_report((13, 18)))
    clear = [w for w in words if "another outcome changes clearly" in w]
    assert len(clear) == 1, words
    assert "more products landed in practice" in clear[0]


def test_runs_needed_scales_the_distance_to_zero_with_the_square_root_of_the_runs():
    assert runs_needed(2.0, -1.0, 5.0, 20) == 45  # 20 * (3 / 2) ** 2
    assert runs_needed(-2.0, -5.0, 1.0, 10) == 23  # 10 * (3 / 2) ** 2 = 22.5
    assert runs_needed(2.0, 1.9, 2.1, 20) == 21  # already clear: at least one more
    assert runs_needed(0.0, -1.0, 1.0, 20) is None


def test_two_settings_get_no_levels_off_or_steps_table():
    page = two_arm_report((13, 18)).render()
    assert "levels off" not in text_of(page)
    assert "Steps between neighbouring settings" not in text_of(page)
    assert "not clear: it levels off from here" not in text_of(page)


def test_a_yes_no_outcome_gets_no_cohens_d_but_a_numeric_one_does():
    page = two_arm_report((13, 18)).render()
    tables = re.findall(r"<h4>(.*?)</h4>.*?(<table.*?</table>)", page, flags=re.S)
    by_title = {text_of(title).strip().split(" (")[0]: table for title, table in tables}
    survival = text_of(by_title["Communities still active"])
    products = text_of(by_title["Products landed in practice"])
    assert "Cohen's d" in survival
    effect = re.search(r"\+25 points\s+\S+ to \S+ points\s+(.*?)\s+0\.\d\d", survival)
    assert effect and effect.group(1) == "yes/no outcome", survival
    assert re.search(r"\+2\.9\s+\S+ to \S+\s+\d+\.\d+", products), products


def two_factor_report():
    """0 against 2 bridge-builders under 3 and 5 years of funding, unclear under both."""
    config = ExperimentConfig.model_validate({
        "name": "bb2x", "question": "Do two bridge-builders help?", "replications": REPS,
        "root_seed": 7, "common_random_numbers": True,
        "baseline": {"n_bridge_builders": 0, "funding_years": 3},
        "outputs": ["survived"], "series": ["survived"],
        "base": {"weeks_after_funding": 104},
        "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2],
                                               "funding_years": [3, 5]}}})
    return bridge_builder_runs(config, (13, 18))


def test_an_unclear_step_under_a_second_factor_names_the_setting_first_not_in_a_bracket():
    first = answer_text(two_factor_report())[0]
    assert "but that is not clear yet (likely range" in first, first
    assert ") (" not in first, first
    assert first.startswith("In the model, with 3 years of external funding, "), first


def test_two_settings_of_a_lever_other_than_funding_get_no_funding_words_in_their_table():
    """The researcher's tryout: 0 against 2 bridge-builders showed a table headed 'The first
    setting against where the main outcome levels off' and 'What stopping at the first
    setting costs'."""
    page = text_of(two_arm_report((6, 19)).render())
    assert "2 bridge-builders against 0" in page
    assert "What 2 bridge-builders instead of 0 gives" in page
    assert "What stopping at the first setting costs" not in page
    assert "levels off" not in page
