"""A community of one team (8-12 members, 003 §3.3 b) is held to a meeting quorum it can
muster: a share of its members at the start, not the six people a community of 30 needs.
Before, every funded community of 8-12 stopped within weeks 'for want of a meeting of at
least 6 members' (a modeller's tryout, session 10)."""

from __future__ import annotations

import pytest

from lcsim import LearningCommunityModel
from lcsim.assumptions import DEFAULTS
from lcsim.events import counted
from lcsim.rules.phases import SMALLEST_MEETING, meeting_quorum
from lcsim.week import membership


@pytest.mark.parametrize(("size", "quorum"), [(30, 6), (10, 2), (8, 2), (12, 2), (50, 10),
                                               (5000, 1000), (6, 2)])
def test_the_meeting_quorum_is_a_fifth_of_the_members_at_the_start_and_at_least_two(
        size, quorum):
    assert meeting_quorum(size, DEFAULTS) == quorum
    assert meeting_quorum(size, DEFAULTS) >= SMALLEST_MEETING


def test_the_quorum_follows_the_assumed_share():
    assert meeting_quorum(30, DEFAULTS.replace(min_meeting_share=0.5)) == 15
    assert meeting_quorum(10, DEFAULTS.replace(min_meeting_share=0.05)) == SMALLEST_MEETING


@pytest.mark.parametrize("size", [8, 10, 12])
def test_a_funded_community_of_one_team_does_not_stop_for_want_of_a_meeting(size):
    """10 seeds, four funded years: none stops for want of a meeting, and at least 8 of 10
    are still active when funding ends (all 10 stopped by week 36 before)."""
    stopped_for_meetings, active = 0, 0
    for seed in range(10):
        model = LearningCommunityModel(rng=seed, n_participants=size, funding_years=4,
                                       weeks_after_funding=0).run()
        stops = [str(e) for e in model.events if "community stops" in str(e)]
        stopped_for_meetings += any("meeting" in text for text in stops)
        active += not stops
    assert stopped_for_meetings == 0
    assert active >= 8


def test_the_stopping_sentence_counts_one_member_and_one_week_in_the_singular():
    assert counted(1, "member") == "1 member" and counted(2, "week") == "2 weeks"
    assert counted(0, "member") == "0 members"
    model = LearningCommunityModel(rng=1, n_participants=10)
    state, a = model.state, model.assumptions.replace(weeks_without_meeting=1)
    state.active[:] = False
    state.active[0] = True
    state.weeks_without_meeting[:] = 1
    [text] = membership.dissolution_reasons(state, a).values()
    assert "for 1 week." in text or "for 1 week " in text, text
    assert "1 member was still on its list" in text, text
