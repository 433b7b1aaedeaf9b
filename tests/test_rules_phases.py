"""Development phases and work forms (lcsim.rules.phases)."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import Assumptions
from lcsim.assumptions import DEFAULTS
from lcsim.roles import N_ROLES
from lcsim.rules import phases
from lcsim.rules.phases import Phase

LIVE_PHASES = (Phase.START, Phase.DESIGN, Phase.EXECUTE, Phase.SUSTAIN)
A = Assumptions()
WORK_FORMS = phases.work_forms(A)


PAID, UNPAID = 1.0, 0.0  # mean share of paid members' time that is paid for


def test_phase_does_not_move_on_a_deadline_alone():
    """Week after week without the condition met, a starting or designing community stays put,
    paid or not."""
    for phase, ambition, progress in ((Phase.START, 0.0, 5.0), (Phase.DESIGN, 1.0, 0.0)):
        for paid in (PAID, UNPAID):
            now = phase
            for _week in range(520):
                now = phases.next_phase(now, ambition, progress, paid)
            assert now == phase


def test_no_phase_rule_dissolves_a_community():
    """Dissolution emerges from members leaving or meetings stopping (`dissolves`), never from
    the phase rule, whatever the paid time."""
    for phase in LIVE_PHASES:
        for ambition in (0.0, 0.2, 1.0):
            for paid in np.linspace(0, 1, 11):
                assert phases.next_phase(phase, ambition, 0.0, paid) != Phase.DISSOLVED


def test_start_moves_to_design_once_a_shared_ambition_exists():
    assert phases.next_phase(Phase.START, 1.0, 0.0, PAID) == Phase.DESIGN


def test_design_moves_to_execution_once_the_design_is_done():
    assert phases.next_phase(Phase.DESIGN, 1.0, 10.0, PAID) == Phase.EXECUTE


def test_execution_goes_on_while_members_time_is_paid():
    assert phases.next_phase(Phase.EXECUTE, 1.0, 10.0, PAID) == Phase.EXECUTE


def test_execution_turns_to_sustain_when_paid_time_runs_low_and_back_when_it_returns():
    low = A.sustain_paid_time - 0.01
    assert phases.next_phase(Phase.EXECUTE, 1.0, 10.0, low) == Phase.SUSTAIN
    assert phases.next_phase(Phase.SUSTAIN, 1.0, 10.0, low) == Phase.SUSTAIN
    assert phases.next_phase(Phase.SUSTAIN, 1.0, 10.0, A.sustain_paid_time) == Phase.EXECUTE


def test_phases_move_one_at_a_time_and_never_skip():
    phase = Phase.START
    seen = [phase]
    for _ in range(10):
        phase = phases.next_phase(phase, 1.0, 10.0, UNPAID)
        if phase != seen[-1]:
            seen.append(phase)
    assert seen == [Phase.START, Phase.DESIGN, Phase.EXECUTE, Phase.SUSTAIN]


def test_dissolved_is_not_left_by_phase_rules():
    for ambition in (0.0, 1.0):
        for paid in (PAID, UNPAID):
            assert phases.next_phase(Phase.DISSOLVED, ambition, 10.0, paid) == Phase.DISSOLVED


def test_phase_conditions_are_thresholds_not_exact_values():
    """More ambition or progress than needed never holds a community back."""
    low = [phases.next_phase(Phase.START, a, 0.0, PAID) for a in np.linspace(0, 1, 21)]
    assert np.all(np.diff([int(p) for p in low]) >= 0)
    design = [phases.next_phase(Phase.DESIGN, 1.0, d, PAID) for d in np.linspace(0, 5, 21)]
    assert np.all(np.diff([int(p) for p in design]) >= 0)


@pytest.mark.parametrize("phase", LIVE_PHASES)
@pytest.mark.parametrize("creative", [0.0, 0.3, 0.7, 1.0])
def test_work_form_weights_are_a_probability_distribution(phase, creative):
    w = phases.work_form_weights(phase, creative)
    assert w.shape == (len(WORK_FORMS),)
    assert np.all(w >= 0.0)
    assert w.sum() == pytest.approx(1.0)


def test_without_creative_work_forms_every_phase_meets_the_same_way():
    first = phases.work_form_weights(Phase.START, 0.0)
    for phase in LIVE_PHASES:
        np.testing.assert_allclose(phases.work_form_weights(phase, 0.0), first)


@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_creative_work_forms_use_more_kinds_of_meeting(phase):
    plain = np.count_nonzero(phases.work_form_weights(phase, 0.0))
    varied = np.count_nonzero(phases.work_form_weights(phase, 1.0))
    assert varied > plain


def test_creative_communities_fit_work_forms_to_the_phase():
    weights = [tuple(phases.work_form_weights(p, 1.0)) for p in LIVE_PHASES]
    assert len(set(weights)) == len(LIVE_PHASES)
    assert len(A.phase_forms) == len(LIVE_PHASES)


def test_work_form_chances_follow_the_assumed_tables():
    only_tables = A.replace(standard_forms=(0, 0, 0, 0, 0, 0, 1.0),
                            phase_forms=((1.0, 0, 0, 0, 0, 0, 0),) * len(LIVE_PHASES))
    np.testing.assert_array_equal(phases.work_form_weights(Phase.DESIGN, 0.0, a=only_tables),
                                  [0, 0, 0, 0, 0, 0, 1.0])
    np.testing.assert_array_equal(phases.work_form_weights(Phase.DESIGN, 1.0, a=only_tables),
                                  [1.0, 0, 0, 0, 0, 0, 0])


def test_the_seven_work_forms_of_the_sources_are_available():
    names = {f.name for f in WORK_FORMS}
    assert names == {"stand-up", "webinar", "lunch meeting", "thematic table",
                     "case discussion", "intervision", "work session"}


def test_work_forms_take_their_reach_and_intensities_from_the_assumptions():
    lunch = phases.FORM_INDEX["lunch meeting"]
    changed = A.replace(work_form_mixing=tuple(0.1 * i for i in range(7)))
    assert phases.work_forms(changed)[lunch].mixing == 0.1 * lunch
    assert phases.work_forms(A)[lunch].reach == A.work_form_reach[lunch]


@pytest.mark.parametrize("form", WORK_FORMS, ids=lambda f: f.name)
def test_work_forms_have_a_reach_per_role_and_intensities_between_zero_and_one(form):
    assert len(form.reach) == N_ROLES
    values = [*form.reach, form.mixing, form.work, form.reflection, form.coordination]
    assert all(0.0 <= v <= 1.0 for v in values)


def _growth(alignment=0.5, attendance=0.5, trust=0.3, power=0.2):
    return phases.shared_ambition_growth(alignment, attendance, trust, power)


@pytest.mark.parametrize("factor", ["alignment", "attendance", "trust"])
def test_shared_ambition_grows_faster_with_alignment_attendance_and_trust(factor):
    levels = [_growth(**{factor: x}) for x in (0.1, 0.4, 0.7, 1.0)]
    assert np.all(np.diff(levels) > 0)


def test_power_play_holds_back_a_shared_ambition():
    levels = [_growth(power=x) for x in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(levels) < 0)
    assert levels[-1] == 0.0


def test_no_shared_ambition_grows_when_nobody_meets():
    assert _growth(attendance=0.0, alignment=1.0, trust=1.0, power=0.0) == 0.0


def test_shared_ambition_grows_at_the_assumed_rate():
    half = A.replace(ambition_rate=A.ambition_rate / 2)
    assert phases.shared_ambition_growth(0.5, 0.5, 0.3, 0.2, a=half) == \
        pytest.approx(_growth() / 2)


def test_the_assumed_thresholds_decide_phases_and_dissolution():
    eager = A.replace(ambition_to_design=0.3)
    assert phases.next_phase(Phase.START, 0.35, 0.0, PAID, a=eager) == Phase.DESIGN
    assert phases.next_phase(Phase.START, 0.35, 0.0, PAID) == Phase.START
    strict = A.replace(min_members=10, min_fields=3, weeks_without_meeting=2)
    assert phases.dissolves(9, 3, 0, a=strict) and not phases.dissolves(9, 3, 0)
    assert phases.dissolves(30, 2, 0, a=strict) and not phases.dissolves(30, 2, 0)
    assert phases.dissolves(30, 3, 2, a=strict) and not phases.dissolves(30, 3, 2)


def test_healthy_community_does_not_dissolve():
    assert not phases.dissolves(30, 5, 0)


def test_community_dissolves_when_too_few_members_remain():
    assert phases.dissolves(1, 2, 0)
    sizes = [phases.dissolves(n, 5, 0) for n in range(0, 31)]
    # once large enough it stays alive for every larger size
    first_alive = sizes.index(False)
    assert not any(sizes[first_alive:])


def test_community_left_with_a_single_field_dissolves():
    """Research, education and practice: with fewer than two of them it is no bridge."""
    assert phases.dissolves(30, 1, 0)
    assert phases.dissolves(30, 0, 0)
    assert not phases.dissolves(30, 2, 0)


def test_community_that_stops_meeting_dissolves():
    gaps = [phases.dissolves(30, 5, w) for w in range(0, 60)]
    assert gaps[0] is False and gaps[-1] is True
    first = gaps.index(True)
    assert all(gaps[first:])


def test_newcomers_dilute_the_shared_ambition_by_their_share():
    assert phases.diluted_ambition(0.8, 0, 10) == 0.8
    assert phases.diluted_ambition(0.8, 2, 10) == pytest.approx(
        0.8 * (1 - DEFAULTS.newcomer_ambition_dilution * 0.2))
    assert phases.diluted_ambition(0.8, 20, 10) >= 0.0
