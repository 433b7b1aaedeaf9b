"""The interface users and tools rely on: LearningCommunityModel(params, rng, **overrides),
step/run, summary, datacollector, events, interventions, agents, batch_run, determinism."""

from __future__ import annotations

import math
import pickle
import random

import mesa
import numpy as np
import pandas as pd
import pytest

from lcsim import Event, LearningCommunityModel, ParameterError, Params
from lcsim.agents import Organisation, Participant
from lcsim.indicators import MODEL_REPORTERS
from lcsim.roles import Role
from lcsim.rules.funding import EXTERNAL, FOLLOW_UP, NONE
from lcsim.rules.phases import Phase

SHORT = {"funding_years": 1.0, "weeks_after_funding": 10}

# The summary keys issue 2 section 3 promises, the eight conditions of 001 included.
REQUIRED_SUMMARY_KEYS = (
    "realized_value", "applied_value", "potential_value", "stranded_potential_value",
    "immediate_value", "transformative_value", "mean_trust", "cross_role_tie_share",
    "mean_stereotype", "survived", "products_developed", "products_landed_practice",
    "products_landed_education", "pwd_share_inform", "pwd_share_advise", "pwd_share_codesign",
    "mbo_participation",
    "transdisciplinarity", "shared_ambition", "justice_to_interests", "personal_relations",
    "mutual_trust", "professional_organisation", "meaningful_process", "time_and_continuity",
)


def _short_run(seed=1, **overrides) -> LearningCommunityModel:
    return LearningCommunityModel(rng=seed, **{**SHORT, **overrides}).run()


def _after_weeks(weeks=5, seed=3, **overrides) -> LearningCommunityModel:
    model = LearningCommunityModel(rng=seed, **{**SHORT, **overrides})
    for _ in range(weeks):
        model.step()
    return model


# ------------------------------------------------------------------ building and running

def test_model_builds_with_defaults_and_runs_a_few_steps():
    model = LearningCommunityModel(rng=1)
    for _ in range(10):
        model.step()
    assert model.steps == 10
    assert model.running
    assert model.p == Params()


def test_model_builds_without_any_argument():
    model = LearningCommunityModel()
    model.step()
    assert model.steps == 1


@pytest.mark.parametrize("funding_years,follow_up_years,weeks_after", [
    (1.0, 0.0, 10), (0.5, 0.5, 3), (0.0, 0.0, 7), (2.0, 0.0, 0), (0.25, 0.0, 1)])
def test_run_stops_at_total_weeks(funding_years, follow_up_years, weeks_after):
    params = Params(funding_years=funding_years, follow_up_years=follow_up_years,
                    weeks_after_funding=weeks_after, n_participants=12)
    model = LearningCommunityModel(params, rng=2)
    assert model.running
    returned = model.run()
    assert returned is model
    assert model.running is False
    assert model.steps == params.total_weeks


def test_a_run_of_zero_weeks_takes_no_step():
    params = Params(funding_years=0.0, weeks_after_funding=0, n_participants=12)
    model = LearningCommunityModel(params, rng=2).run()
    assert model.steps == params.total_weeks == 0


@pytest.mark.parametrize("funding_years,follow_up_years,weeks_after", [
    (1.0, 0.0, 5), (0.5, 1.0, 4), (1.25, 0.5, 6),
    pytest.param(1.3, 1.3, 5),
])
def test_observation_window_after_funding_is_weeks_after_funding(
        funding_years, follow_up_years, weeks_after):
    model = LearningCommunityModel(rng=4, funding_years=funding_years,
                                   follow_up_years=follow_up_years,
                                   weeks_after_funding=weeks_after, n_participants=12)
    unfunded = 0
    while model.running:
        model.step()
        unfunded += model.funding_state == NONE
    assert unfunded == weeks_after


# ------------------------------------------------------------------ determinism

def _fingerprint(model: LearningCommunityModel):
    return (model.summary(), model.datacollector.get_model_vars_dataframe(), list(model.events))


def _assert_identical(a: LearningCommunityModel, b: LearningCommunityModel) -> None:
    summary_a, frame_a, events_a = _fingerprint(a)
    summary_b, frame_b, events_b = _fingerprint(b)
    assert summary_a == summary_b
    pd.testing.assert_frame_equal(frame_a, frame_b, check_exact=True)
    assert events_a == events_b
    np.testing.assert_array_equal(a.trust, b.trust)


def test_same_params_and_seed_give_identical_results_bit_for_bit():
    _assert_identical(_short_run(7), _short_run(7))


def test_same_generator_state_gives_identical_results():
    a = LearningCommunityModel(rng=np.random.default_rng(11), **SHORT).run()
    b = LearningCommunityModel(rng=np.random.default_rng(11), **SHORT).run()
    _assert_identical(a, b)


def test_same_interventions_in_the_same_weeks_give_identical_results():
    def steered(seed):
        model = LearningCommunityModel(rng=seed, **SHORT)
        for week in range(1, 40):
            model.step()
            if week == 5:
                model.appoint_bridge_builder()
            if week == 12:
                model.hold_stereotype_workshop()
            if week == 20:
                model.member_leaves()
        return model.run()

    _assert_identical(steered(5), steered(5))


def test_different_seeds_give_different_results():
    a, b = _short_run(1), _short_run(2)
    assert a.summary() != b.summary()
    assert not a.datacollector.get_model_vars_dataframe().equals(
        b.datacollector.get_model_vars_dataframe())


def test_no_global_random_state_is_used():
    np.random.seed(1)
    random.seed(1)
    a = LearningCommunityModel(rng=9, **SHORT)
    np.random.seed(12345)
    random.seed(12345)
    b = LearningCommunityModel(rng=9, **SHORT)
    for _ in range(30):
        a.step()
        np.random.random(3)
        random.random()
        b.step()
    a.run()
    np.random.seed(99)
    b.run()
    _assert_identical(a, b)


def test_a_run_leaves_global_random_state_untouched():
    np.random.seed(3)
    random.seed(3)
    numpy_before = np.random.get_state()[1].copy()
    stdlib_before = random.getstate()
    LearningCommunityModel(rng=1, **SHORT).run()
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_before)
    assert random.getstate() == stdlib_before


# ------------------------------------------------------------------ parameters

def test_overrides_by_keyword_equal_passing_params():
    by_keyword = LearningCommunityModel(rng=3, funding_years=1.0, weeks_after_funding=10,
                                        stereotype_strength=0.8)
    by_params = LearningCommunityModel(
        Params(funding_years=1.0, weeks_after_funding=10, stereotype_strength=0.8), rng=3)
    assert by_keyword.p == by_params.p
    _assert_identical(by_keyword.run(), by_params.run())


def test_overrides_apply_on_top_of_given_params():
    model = LearningCommunityModel(Params(funding_years=2.0), rng=1, n_bridge_builders=3)
    assert model.p == Params(funding_years=2.0, n_bridge_builders=3)


def test_overrides_accept_numpy_scalars_like_a_sweep_passes_them():
    model = LearningCommunityModel(rng=1, funding_years=np.float64(1.0),
                                   n_bridge_builders=np.int64(2), weeks_after_funding=10)
    assert model.p.n_bridge_builders == 2 and type(model.p.n_bridge_builders) is int


def test_out_of_range_override_raises_parameter_error_naming_it():
    with pytest.raises(ParameterError) as err:
        LearningCommunityModel(rng=1, stereotype_strength=1.5)
    assert "stereotype_strength" in str(err.value)
    assert "[0, 1]" in str(err.value)


def test_unknown_override_raises_parameter_error_naming_it():
    with pytest.raises(ParameterError, match="n_bridgebuilders"):
        LearningCommunityModel(rng=1, n_bridgebuilders=2)


def test_wrong_type_override_raises_parameter_error_naming_it():
    with pytest.raises(ParameterError, match="landing_places"):
        LearningCommunityModel(rng=1, landing_places=2.5)


def test_batch_run_works_unchanged():
    rows = mesa.batch_run(
        LearningCommunityModel,
        parameters={"funding_years": [1.0, 2.0], "n_bridge_builders": [0, 1],
                    "weeks_after_funding": 10},
        rng=[1, 2], number_processes=1, data_collection_period=-1, max_steps=1000,
        display_progress=False)
    assert len(rows) == 2 * 2 * 2
    for row in rows:
        for key in REQUIRED_SUMMARY_KEYS:
            assert key in row
            assert math.isfinite(row[key])
        expected = Params(funding_years=row["funding_years"], weeks_after_funding=10)
        assert row["Step"] == expected.total_weeks
    # batch_run passes the seed through: a row equals a direct run with that seed
    row = next(r for r in rows if r["funding_years"] == 1.0 and r["n_bridge_builders"] == 1
               and r["rng"] == 2)
    direct = LearningCommunityModel(rng=2, funding_years=1.0, n_bridge_builders=1,
                                    weeks_after_funding=10).run().summary()
    for key in REQUIRED_SUMMARY_KEYS:
        assert row[key] == direct[key]


def test_batch_run_can_sweep_assumptions():
    slow, fast = {"learning_rate": 0.01}, {"learning_rate": 0.2}
    rows = mesa.batch_run(
        LearningCommunityModel,
        parameters={"assumptions": [slow, fast], "funding_years": 1.0,
                    "weeks_after_funding": 10},
        rng=[3], number_processes=1, data_collection_period=-1, max_steps=1000,
        display_progress=False)
    learned = {row["assumptions"]["learning_rate"]: row["human_capital"] for row in rows}
    assert learned[0.2] > learned[0.01]
    direct = LearningCommunityModel(rng=3, funding_years=1.0, weeks_after_funding=10,
                                    assumptions=fast).run().summary()
    assert learned[0.2] == direct["human_capital"]


def test_a_model_with_changed_assumptions_pickles_and_keeps_them():
    model = LearningCommunityModel(rng=1, assumptions={"sprint_weeks": 2}, **SHORT)
    model.step()
    copy = pickle.loads(pickle.dumps(model))
    assert copy.assumptions == model.assumptions and copy.assumptions.sprint_weeks == 2
    np.testing.assert_array_equal(copy.assumptions.array("voice"), model.assumptions.voice)


def test_model_reporters_pickle_for_parallel_experiments():
    restored = pickle.loads(pickle.dumps(MODEL_REPORTERS))
    model = _after_weeks(2)
    for name, reporter in restored.items():
        assert reporter(model) == model.indicators[name]


# ------------------------------------------------------------------ outputs

def test_summary_has_every_promised_key_as_a_finite_float(finished_model):
    summary = finished_model.summary()
    for key in REQUIRED_SUMMARY_KEYS:
        assert key in summary, key
    for key, value in summary.items():
        assert type(value) is float, key
        assert math.isfinite(value), key


def test_summary_shares_and_scores_are_between_zero_and_one(finished_model):
    summary = finished_model.summary()
    for key in ("mean_trust", "cross_role_tie_share", "mean_stereotype", "pwd_share_inform",
                "pwd_share_advise", "pwd_share_codesign", "mbo_participation",
                *REQUIRED_SUMMARY_KEYS[-8:]):
        assert 0.0 <= summary[key] <= 1.0, key
    assert summary["survived"] in (0.0, 1.0)


def test_summary_counts_and_values_are_consistent(finished_model):
    s = finished_model.summary()
    for key in ("realized_value", "applied_value", "potential_value", "immediate_value",
                "transformative_value", "stranded_potential_value", "products_developed"):
        assert s[key] >= 0.0, key
    assert s["transformative_value"] <= s["realized_value"] + 1e-12
    assert s["products_landed_practice"] <= s["products_developed"]
    assert s["products_landed_education"] <= s["products_developed"]
    if s["pwd_share_inform"] + s["pwd_share_advise"] + s["pwd_share_codesign"] > 0:
        assert s["pwd_share_inform"] + s["pwd_share_advise"] + s["pwd_share_codesign"] \
            == pytest.approx(1.0)


def test_summary_of_a_fresh_model_is_available_before_any_step():
    summary = LearningCommunityModel(rng=1).summary()
    assert set(REQUIRED_SUMMARY_KEYS) <= set(summary)


def test_datacollector_has_one_row_per_week_plus_the_initial_row(finished_model):
    frame = finished_model.datacollector.get_model_vars_dataframe()
    assert len(frame) == finished_model.steps + 1 == finished_model.p.total_weeks + 1
    for key in REQUIRED_SUMMARY_KEYS:
        assert key in frame.columns


def test_datacollector_last_row_is_the_summary(finished_model):
    last = finished_model.datacollector.get_model_vars_dataframe().iloc[-1]
    for key, value in finished_model.summary().items():
        assert last[key] == value, key


def test_datacollector_matches_mesas_own_collection_week_by_week():
    """The fast collector stores exactly what mesa.DataCollector with the same reporters does."""
    model = LearningCommunityModel(rng=3, **SHORT)
    reference = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
    reference.collect(model)
    for _ in range(30):
        model.step()
        reference.collect(model)
    ours = model.datacollector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(ours, reference.get_model_vars_dataframe())


def test_datacollector_takes_extra_reporters_the_mesa_way():
    model = LearningCommunityModel(rng=3, **SHORT)
    model.datacollector._new_model_reporter("week_squared", lambda m: m.steps ** 2)
    for _ in range(3):
        model.step()
    collected = model.datacollector.model_vars
    assert collected["week_squared"] == [1, 4, 9]   # added after the initial row
    assert len(collected["mean_trust"]) == 4


def test_events_are_event_records_in_time_order(finished_model):
    events = finished_model.events
    assert len(events) > 0
    for event in events:
        assert isinstance(event, Event)
        assert isinstance(event.week, int) and 0 <= event.week <= finished_model.steps
        assert isinstance(event.kind, str) and event.kind
        assert isinstance(event.who, str) and event.who
        assert isinstance(event.text, str) and event.text.strip()
        assert event.community == 0  # the one community
    weeks = [e.week for e in events]
    assert weeks == sorted(weeks)
    assert events.records()[0] == {"week": events[0].week, "kind": events[0].kind,
                                   "who": events[0].who, "text": events[0].text,
                                   "community": 0}


def test_funding_ending_is_logged_in_the_week_after_the_horizon(finished_model):
    ends = finished_model.events.of_kind("funding ends")
    assert len(ends) == 1
    assert ends[0].week == round(52 * finished_model.p.funding_years) + 1


def test_follow_up_funding_is_logged_when_external_funding_ends():
    model = _short_run(1, follow_up_years=0.5)
    ends = model.events.of_kind("funding ends")
    assert [e.week for e in ends] == [53, 53 + 26]


# ------------------------------------------------------------------ interventions

def _intervention_events(model: LearningCommunityModel, since: int) -> list[Event]:
    return list(model.events)[since:]


def test_appoint_bridge_builder_adds_one_and_logs_it():
    model = _after_weeks()
    before, logged = int(model.is_bridge_builder.sum()), len(model.events)
    agent = model.appoint_bridge_builder()
    assert isinstance(agent, Participant) and agent.is_bridge_builder and agent.active
    assert model.is_bridge_builder.sum() == before + 1
    new = _intervention_events(model, logged)
    assert len(new) == 1 and new[0].who == str(agent.unique_id)
    assert new[0].week == model.steps


def test_appointed_bridge_builder_shows_in_the_indicators_next_week():
    model = _after_weeks(n_bridge_builders=0)
    assert model.indicators["bridge_builders"] == 0.0
    model.appoint_bridge_builder()
    model.step()
    assert model.indicators["bridge_builders"] >= 1.0


def test_withdraw_bridge_builder_removes_the_function_but_keeps_the_member():
    model = _after_weeks(n_bridge_builders=2)
    before, logged = int(model.is_bridge_builder.sum()), len(model.events)
    assert before >= 1
    agent = model.withdraw_bridge_builder()
    assert agent is not None and not agent.is_bridge_builder and agent.active
    assert model.is_bridge_builder.sum() == before - 1
    assert len(_intervention_events(model, logged)) == 1


def test_withdrawing_when_there_is_no_bridge_builder_does_nothing():
    model = _after_weeks(n_bridge_builders=0)
    logged = len(model.events)
    assert model.withdraw_bridge_builder() is None
    assert len(model.events) == logged


def test_end_funding_now_stops_external_funding_from_next_week():
    model = _after_weeks()
    covered = model.coverage.copy()
    logged = len(model.events)
    model.end_funding_now()
    assert len(_intervention_events(model, logged)) == 1
    model.step()
    assert model.funding_state == NONE
    assert np.all(model.coverage <= covered) and np.any(model.coverage < covered)
    assert [e.week for e in model.events.of_kind("funding ends")] == [model.steps]


def test_grant_follow_up_keeps_funding_running_and_extends_the_run():
    model = _after_weeks()
    end_before = model.end_week
    logged = len(model.events)
    model.grant_follow_up(1.0)
    assert len(_intervention_events(model, logged)) == 1
    assert model.end_week == end_before + 52
    for _ in range(60 - model.steps):
        model.step()
    assert model.funding_state == FOLLOW_UP
    model.run()
    assert model.steps == end_before + 52


def test_grant_follow_up_after_funding_ended_restores_funding():
    model = _after_weeks()
    model.end_funding_now()
    model.step()
    unfunded = model.coverage.copy()
    model.grant_follow_up(1.0)
    model.step()
    assert model.funding_state == FOLLOW_UP
    assert np.all(model.coverage >= unfunded) and np.any(model.coverage > unfunded)



def test_ending_funding_twice_ends_nothing_the_second_time():
    model = _after_weeks()
    assert model.funding_next_week() == EXTERNAL
    assert model.end_funding_now() is True
    assert model.funding_next_week() == NONE
    logged = len(model.events)
    assert model.end_funding_now() is False
    model.step()
    assert model.end_funding_now() is False
    assert "intervention" not in [e.kind for e in model.events[logged:]]


def test_follow_up_granted_after_funding_ended_is_logged_as_funding_starting_again():
    model = _after_weeks()
    model.end_funding_now()
    model.step()
    model.grant_follow_up(1.0)
    assert model.funding_next_week() == FOLLOW_UP
    model.step()
    assert [e.week for e in model.events.of_kind("funding starts")] == [model.steps]
    assert len(model.events.of_kind("funding ends")) == 1  # only the early end
    assert model.end_funding_now() is True  # the follow-up can be ended in turn
    model.step()
    assert model.funding_state == NONE and len(model.events.of_kind("funding ends")) == 2



def test_funding_that_ends_after_the_community_stopped_is_not_told_as_members_losing_time():
    from lcsim.week.funding import FUNDING_ENDS_DISSOLVED_TEXT

    model = LearningCommunityModel(rng=1, funding_years=0.2, weeks_after_funding=4)
    model.step()
    model._dissolve(0, model.steps, "The community stops (for this test).")
    model.run()
    [ended] = model.events.of_kind("funding ends")
    assert ended.week == model.funding_weeks + 1 and ended.text == FUNDING_ENDS_DISSOLVED_TEXT

def test_a_stereotype_shift_names_the_week_of_the_level_it_is_compared_with():
    model = LearningCommunityModel(rng=3)
    model.run()
    shifts = model.events.of_kind("stereotypes shift")
    assert shifts
    for event in shifts:
        mark_week = int(event.text.split(" in week ")[1].split(",")[0])
        assert mark_week < event.week and mark_week % model.assumptions.stereotype_report_weeks == 0

def test_participation_policy_invites_mbo_staff_early():
    model = _after_weeks()
    assert model.phase < Phase.EXECUTE
    assert model.late_invited.any()
    mbo_before = model.indicators["mbo_participation"]
    logged = len(model.events)
    model.start_participation_policy(0.8)
    assert model.policy >= 0.8
    assert not model.late_invited.any()
    assert len(_intervention_events(model, logged)) == 1
    model.step()
    assert model.indicators["mbo_participation"] > mbo_before


def test_participation_policy_also_covers_newcomers():
    model = _after_weeks(2, seed=5, turnover_rate=0.8, participation_policy=0.0)
    model.start_participation_policy(1.0)
    for _ in range(40):
        model.step()
    assert model.departures > 0
    mbo = model.active & (model.role == Role.MBO_STAFF)
    assert not model.late_invited[mbo].any()


def test_stereotype_workshop_lowers_stereotypes_of_active_members():
    model = _after_weeks()
    before = model.stereotype[model.active].mean()
    logged = len(model.events)
    model.hold_stereotype_workshop()
    assert model.stereotype[model.active].mean() < before
    assert len(_intervention_events(model, logged)) == 1
    model.step()
    assert model.indicators["mean_stereotype"] < before


def test_the_leader_leaving_is_logged_as_the_project_leader_leaving():
    model = _after_weeks(leader_quality=1.0)
    logged = len(model.events)
    agent = model.leader_leaves()
    assert agent is not None and not agent.active
    new = _intervention_events(model, logged)
    assert [e.kind for e in new] == ["project leader leaves"]
    assert new[0].text.startswith("The project leader (a") and "intervention" in new[0].text
    assert model.leader_leaves() is None  # the post is vacant now


def test_member_leaves_removes_one_active_member_and_logs_why():
    model = _after_weeks()
    before, logged = int(model.active.sum()), len(model.events)
    agent = model.member_leaves()
    assert agent is not None and not agent.active and not agent.is_bridge_builder
    assert model.active.sum() == before - 1
    assert agent not in set(model.agents)
    new = _intervention_events(model, logged)
    assert [e.kind for e in new] == ["member drops out"]
    assert new[0].who == str(agent.unique_id)


def test_bridge_builder_leaving_takes_the_function_with_them():
    model = _after_weeks(n_bridge_builders=1)
    assert model.is_bridge_builder.sum() == 1
    logged = len(model.events)
    agent = model.member_leaves(bridge_builder=True)
    assert agent is not None and not agent.active
    assert model.is_bridge_builder.sum() == 0
    assert [e.kind for e in _intervention_events(model, logged)] == ["bridge-builder leaves"]


# ------------------------------------------------------------------ agents

def test_agents_are_participants_and_organisations():
    model = LearningCommunityModel(rng=1)
    participants = list(model.agents_by_type[Participant])
    organisations = list(model.agents_by_type[Organisation])
    assert len(participants) == model.p.n_participants
    assert len(organisations) == model.p.n_organisations
    assert len(model.agents) == len(participants) + len(organisations)
    assert {p.role for p in participants} == set(Role)
    assert all(p.organisation in organisations for p in participants)


def test_agents_follow_dropout_and_turnover(finished_model):
    participants = list(finished_model.agents_by_type[Participant])
    assert sorted(p.seat for p in participants) == np.flatnonzero(finished_model.active).tolist()
    assert all(finished_model.participants[p.seat] is p for p in participants)


def test_trust_in_reads_the_directed_tie():
    model = _after_weeks(20, seed=2)
    a, b = model.participants[0], model.participants[1]
    edge = model.tie_index(a.seat, b.seat)
    if edge is None:
        assert a.trust_in(b) is None
    else:
        assert a.trust_in(b) == model.trust[edge]
    assert a.trust_in(a) is None
    pairs = [(model.participants[s], model.participants[d])
             for s, d in zip(model.tie_src[:200], model.tie_dst[:200], strict=True)]
    values = [x.trust_in(y) for x, y in pairs]
    assert all(v is not None and 0.0 <= v <= 1.0 for v in values)
    assert any(x.trust_in(y) != y.trust_in(x) for x, y in pairs)


def test_members_without_a_tie_have_no_trust_in_each_other():
    model = LearningCommunityModel(rng=1, n_participants=200)
    first = model.participants[0]
    strangers = [p for p in model.participants[1:] if not model.network.has_edge(0, p.seat)]
    assert strangers
    assert first.trust_in(strangers[0]) is None


def test_a_large_community_builds_and_steps():
    model = LearningCommunityModel(rng=1, n_participants=500, n_organisations=40)
    for _ in range(3):
        model.step()
    assert len(model.participants) == 500
    assert model.summary()["active_members"] > 0


def test_ties_grow_linearly_not_quadratically_with_community_size():
    sizes = (250, 500, 1000)
    ties = [LearningCommunityModel(rng=1, n_participants=n).tie_src.size for n in sizes]
    for small, large in zip(ties, ties[1:], strict=False):
        assert 1.5 < large / small < 2.5
    mean_degree = ties[-1] / sizes[-1]
    assert mean_degree <= 2 * Params().contacts_per_participant


# ------------------------------------------------------------------ the story matches the numbers

@pytest.fixture(scope="module")
def default_run() -> LearningCommunityModel:
    """A full default-length run (funding horizon plus observation window)."""
    return LearningCommunityModel(rng=1).run()


@pytest.mark.parametrize("kind,indicator", [
    ("product developed", "products_developed"),
    ("product lands in practice", "products_landed_practice"),
    ("product lands in education", "products_landed_education"),
    ("failure discussed", "failures_discussed"),
    ("failure hushed up", "failures_hushed"),
])
def test_every_counted_happening_is_told_in_the_event_log(default_run, kind, indicator):
    assert len(default_run.events.of_kind(kind)) == default_run.summary()[indicator]


def test_dissolution_is_told_exactly_when_the_community_did_not_survive(default_run):
    for model in (default_run, *(_short_run(seed) for seed in (1, 2, 3))):
        told = model.events.of_kind("community dissolves")
        assert len(told) <= 1
        assert (len(told) == 1) == (model.summary()["survived"] == 0.0)
        assert (model.phase == Phase.DISSOLVED) == (model.summary()["survived"] == 0.0)


def test_a_member_who_left_stays_inactive_after_someone_takes_the_seat():
    model = LearningCommunityModel(rng=3, funding_years=4.0, weeks_after_funding=10)
    for _ in range(5):
        model.step()
    left = model.member_leaves()
    assert left is not None
    for _ in range(150):
        model.step()
        if model.participants[left.seat] is not left:
            break
    assert model.participants[left.seat] is not left, "the seat was refilled"
    assert not left.active
    assert not left.current
    successor = model.participants[left.seat]
    assert successor.current and successor.active


def test_more_bridge_builders_than_members_who_can_hold_the_function_is_an_error():
    from lcsim.params import ParameterError

    LearningCommunityModel(n_participants=6, n_bridge_builders=4, rng=1)
    with pytest.raises(ParameterError, match="'n_bridge_builders' \\(5\\) must be at most 4"):
        LearningCommunityModel(n_participants=6, n_bridge_builders=5, rng=1)
