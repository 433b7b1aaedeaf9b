"""Regional ecosystems: communities that share organisations and members."""

from __future__ import annotations

import mesa
import numpy as np
import pytest

from lcsim import LearningCommunityModel, ParameterError, RegionModel, build_model
from lcsim.agents import Organisation, Participant

SHORT = {"funding_years": 1.0, "weeks_after_funding": 10}


def test_a_one_community_region_equals_the_single_community_model():
    region = RegionModel(rng=11, n_communities=1, **SHORT).run()
    single = LearningCommunityModel(rng=11, **SHORT).run()
    for key, value in single.summary().items():
        assert region.summary()[key] == value, key
    assert region.steps == single.steps


def test_a_region_is_deterministic_for_a_seed():
    first = RegionModel(rng=5, n_communities=3, shared_member_share=0.2, **SHORT).run()
    again = RegionModel(rng=5, n_communities=3, shared_member_share=0.2, **SHORT).run()
    other = RegionModel(rng=6, n_communities=3, shared_member_share=0.2, **SHORT).run()
    assert first.summary() == again.summary()
    assert first.datacollector.get_model_vars_dataframe().equals(
        again.datacollector.get_model_vars_dataframe())
    assert first.summary() != other.summary()


def test_communities_share_home_organisations():
    region = RegionModel(rng=2, n_communities=3, **SHORT)
    first = region.communities[0]
    for community in region.communities[1:]:
        assert community.organisations is first.organisations
        assert np.array_equal(community.org_room, first.org_room)


def test_trust_formed_in_one_community_shows_up_in_the_other():
    region = RegionModel(rng=4, n_communities=2, shared_member_share=0.5,
                         funding_years=2.0, weeks_after_funding=0)
    assert region._shared_ties, "two communities with half their members shared share ties"
    a, tie_a, b, tie_b = region._shared_ties[0]
    moved_in_other = 0
    for _ in range(40):
        before_b = region.communities[b].trust[tie_b]
        region.step()
        trust_a = region.communities[a].trust[tie_a]
        trust_b = region.communities[b].trust[tie_b]
        assert trust_a == trust_b
        moved_in_other += trust_b != before_b
    assert moved_in_other > 0


def test_shared_people_keep_one_set_of_knowledge_and_views():
    region = RegionModel(rng=8, n_communities=3, shared_member_share=0.3, **SHORT)
    for _ in range(20):
        region.step()
    merged = [p for p in region.shared if region._still_same_person(p)]
    assert merged
    for person in merged:
        first, second = region.communities[person.a], region.communities[person.b]
        assert np.array_equal(first.knowledge[person.seat_a], second.knowledge[person.seat_b])
        assert np.array_equal(first.stereotype[person.seat_a],
                              second.stereotype[person.seat_b])


def test_region_summary_reports_totals_and_spread_across_communities():
    region = RegionModel(rng=3, n_communities=4, **SHORT).run()
    summary = region.summary()
    per = [c.summary() for c in region.communities]
    assert summary["n_communities"] == 4
    assert summary["products_developed"] == sum(s["products_developed"] for s in per)
    assert summary["survived"] == pytest.approx(np.mean([s["survived"] for s in per]))
    assert summary["realized_value_min"] <= summary["realized_value_max"]
    assert summary["communities_surviving"] == sum(s["survived"] for s in per)


def test_build_model_picks_the_region_only_for_several_communities():
    assert isinstance(build_model(rng=1, n_communities=1), LearningCommunityModel)
    assert isinstance(build_model(rng=1, n_communities=2), RegionModel)


def test_the_single_community_model_refuses_several_communities():
    with pytest.raises(ParameterError, match="n_communities"):
        LearningCommunityModel(rng=1, n_communities=3)


def test_region_events_name_their_community():
    region = RegionModel(rng=3, n_communities=2, **SHORT).run()
    assert region.events
    assert all(e.text.startswith("[community ") for e in region.events)
    weeks = [e.week for e in region.events]
    assert weeks == sorted(weeks)


def test_region_agents_are_every_communitys_members_and_the_shared_organisations():
    region = RegionModel(rng=3, n_communities=3, **SHORT)
    members = sum(len(c.agents_by_type[Participant]) for c in region.communities)
    assert len(region.agents_by_type[Participant]) == members == 3 * region.p.n_participants
    assert set(region.agents_by_type[Organisation]) == set(region.communities[0].organisations)
    assert len(region.agents) == members + region.p.n_organisations


def test_region_agents_follow_members_who_leave():
    region = RegionModel(rng=3, n_communities=2, **SHORT)
    leaver = region.communities[1]
    seat = int(np.flatnonzero(leaver.active)[0])
    agent = leaver.participants[seat]
    leaver._drop_out(seat, 0, "intervention")
    assert agent not in set(region.agents)


def test_a_datacollector_agent_reporter_works_on_a_region():
    region = RegionModel(rng=3, n_communities=2, **SHORT)
    collector = mesa.DataCollector(agenttype_reporters={Participant: {"role": "role"}})
    collector.collect(region)
    table = collector.get_agenttype_vars_dataframe(Participant)
    assert len(table) == 2 * region.p.n_participants


def test_community_series_has_one_row_per_community_and_week_equal_to_each_collector():
    region = RegionModel(rng=3, n_communities=3, **SHORT).run()
    series = region.community_series()
    for index, community in enumerate(region.communities):
        own = community.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        rows = series[series["community"] == index].reset_index(drop=True)
        assert list(rows["week"]) == list(range(len(own)))
        assert rows.drop(columns=["community", "week"]).equals(own)


def test_mesa_batch_run_runs_a_region():
    rows = mesa.batch_run(RegionModel, parameters={"n_communities": [2], **{
        k: [v] for k, v in SHORT.items()}}, max_steps=200, number_processes=1,
        display_progress=False, rng=[5])
    direct = RegionModel(rng=5, n_communities=2, **SHORT).run()
    assert rows[-1]["realized_value"] == direct.summary()["realized_value"]
