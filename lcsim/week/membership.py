"""Step 7 of the week: membership (docs/ODD.md §7.7), and the seating of newcomers.

Experienced value, motivation and expectations; "hands" treatment; the participation
ladder; dropout; turnover; bridge-builder skills; recruitment into empty seats; the
dissolution check. This module changes only the state: it reports which seats lost or got
a member (`SeatChanges`) and the model creates or removes the Mesa agents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import LOW_STATUS, N_KNOWLEDGE, N_ROLES, Role
from lcsim.rules import funding, membership, participation, phases, stereotypes, trust, value
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    FIELD,
    INSPIRING,
    NO_FIELD,
    SOFT_SKILLS,
    CommunityState,
    live_ties,
    mean_view_of_roles,
    ties_touching,
)

RUNG_NAMES = ("", "inform", "advise", "co-design")


@dataclass
class SeatChanges:
    """Seats whose member left this week and seats a new member took, each in the order it
    happened; `recruited` are the seats filled by recruitment (also in `seated`)."""

    left: list[int] = field(default_factory=list)
    seated: list[int] = field(default_factory=list)
    recruited: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


def update_membership(state: CommunityState, p: Params, a: Assumptions,
                      rng: np.random.Generator, week: int, events: EventLog) -> SeatChanges:
    """One week of membership: experienced value and motivation, distrust of members
    treated as "hands", the ladder, dropouts, job changes, bridge-builders' skills and
    recruitment, in that order (seat by seat; docs/ODD.md 'Update order'). Returns the
    seats that lost or got a member; the model announces the recruits
    (`announce_newcomers`) once it has seated their agents, then checks for dissolution
    (`dissolution_reason`). Sources: 003 §2.3 (value), 000 §1 (hands breed distrust),
    000 Tekstbox 3 (ladder), 001 condition 3 and 003 §2.5 (dropout), 000 §2 (turnover),
    000 lesson 3 (investing in bridge-builders), 004 insights 2-3 (recruitment)."""
    hands = ((state.role == Role.MBO_STAFF) & (state.rung == INFORM)
             & (state.phase >= Phase.EXECUTE) & state.attended).astype(float)
    _update_motivation(state, a, hands)
    if hands.any():  # treated as 'hands' breeds distrust of the others (000 §1)
        ties = ties_touching(state, np.flatnonzero(hands))
        out = ties[hands[state.tie_src[ties]] > 0]  # their trust in others
        state.trust[out] = trust.update_trust(state.trust[out], 0.0, a.hands_distrust, 0.0,
                                              p.trust_loss, a=a)
    climb_ladder(state, a, rng, week, events)
    changes = SeatChanges()
    _drop_outs(state, p, a, rng, week, events, hands, changes)
    _job_changes(state, p, a, rng, week, events, changes)
    # Training time for the function grows the soft skills (000 lesson 3; 001 cond. 8).
    growth = a.bb_skill_growth * p.bridge_builder_investment
    state.bb_skills[state.is_bridge_builder] += growth * (
        1.0 - state.bb_skills[state.is_bridge_builder])
    changes.seated.extend(fill_bb_posts(state, p, a, rng, week, events,
                                        np.array(changes.left, dtype=int)).tolist())
    changes.recruited = recruit(state, p, a, rng, week)
    changes.seated.extend(changes.recruited.tolist())
    # Newcomers do not share the ambition yet (003 §3.5 b, d).
    state.shared_ambition = phases.diluted_ambition(
        state.shared_ambition, len(changes.seated), np.count_nonzero(state.active), a=a)
    return changes


def _update_motivation(state: CommunityState, a: Assumptions, hands: np.ndarray) -> None:
    """Experienced value (with the felt value of landed products), then motivation and
    expectations (Wenger, Trayner & de Laat 2011; Dingyloudi & Strijbos 2015; 003 §2.3)."""
    state.experienced = (1.0 - a.experience_rate) * state.experienced + a.experience_rate * (
        state.immediate + state.pending_interest - a.hands_experience_penalty * hands)
    state.pending_interest[:] = 0.0
    # Members still waiting for their late invitation have nothing to judge yet.
    engaged = ~(state.late_invited & (state.phase < Phase.EXECUTE))
    state.motivation = np.where(engaged, value.update_motivation(
        state.motivation, state.experienced, state.expected, a=a), state.motivation)
    state.motivation = np.minimum(
        1.0, state.motivation + a.inspiring_motivation * state.bb_effect[INSPIRING])
    state.expected = value.update_expectation(state.expected, state.experienced, a=a)


def climb_ladder(state: CommunityState, a: Assumptions, rng: np.random.Generator, week: int,
                 events: EventLog) -> None:
    """Mbo staff and people with dementia move up the participation ladder, or step back a
    rung when overburdened (000 Tekstbox 3, lesson 2)."""
    low = state.active & LOW_STATUS[state.role]
    if not low.any():
        return
    view = mean_view_of_roles(state)[state.role]
    barrier = state.barrier * (1.0 - a.policy_barrier_cut * state.policy)
    gatekeeping = state.gatekeeping * (
        1.0 - a.movement_gatekeeping_cut * state.bb_effect[CREATING_MOVEMENT])
    up = participation.rung_up_probability(state.policy, state.bb_effect[EQUAL_PARTICIPATION],
                                           view, barrier, gatekeeping, a=a) * low
    down = participation.overburdened(state.load, state.tolerance) & low \
        & (state.rung > INFORM)
    before = state.rung.copy()
    state.rung = participation.next_rung(state.rung, up, down, rng)
    state.rung[~low] = before[~low]
    for seat in (state.rung != before).nonzero()[0]:
        who, article = str(state.member_id[seat]), Role(state.role[seat]).article
        if state.rung[seat] > before[seat]:
            events.add(week, "participation up", who,
                       f"{article} moves up the ladder and now takes part to "
                       f"{RUNG_NAMES[state.rung[seat]]}.")
        else:
            state.motivation[seat] *= 1.0 - a.overburden_motivation_loss
            events.add(week, "overburdened", who,
                       f"{article} is overburdened by too many meetings and steps back a "
                       f"rung.")


def _drop_outs(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
               week: int, events: EventLog, hands: np.ndarray, changes: SeatChanges) -> None:
    """Active members drop out under the strongest of their pressures (001 condition 3)."""
    live_ties(state)  # refresh the live-tie weights
    given = np.bincount(state.tie_src, weights=state.trust * state.live_weight,
                        minlength=p.n_participants)
    trust_in_others = given / np.maximum(state.live_degree, 1.0)
    pressure = membership.dropout_pressures(state.motivation, trust_in_others, hands,
                                            state.relational_conflict, a=a)
    p_drop = 1.0 - (1.0 - pressure).prod(axis=1)
    leaving = state.active & (rng.random(p.n_participants) < p_drop)
    for seat in leaving.nonzero()[0]:
        reason = membership.DROPOUT_REASONS[int(np.argmax(pressure[seat]))]
        drop_out(state, int(seat), week, reason, events)
        changes.left.append(int(seat))


def drop_out(state: CommunityState, seat: int, week: int, reason: str,
             events: EventLog) -> None:
    """The member in `seat` leaves the community for `reason` (a key of
    `membership.DROPOUT_REASON_TEXT`); the seat stays empty until recruitment."""
    state.active[seat] = False
    state.dropouts[reason] = state.dropouts.get(reason, 0) + 1
    leader = seat == state.leader_seat
    kind = ("project leader leaves" if leader else
            "bridge-builder leaves" if state.is_bridge_builder[seat] else "member drops out")
    if state.is_bridge_builder[seat]:
        state.bb_departures += 1
    state.is_bridge_builder[seat] = False
    who = f"The project leader ({Role(state.role[seat]).article.lower()})" if leader \
        else Role(state.role[seat]).article
    events.add(week, kind, str(state.member_id[seat]),
               f"{who} leaves the community: {membership.DROPOUT_REASON_TEXT[reason]}.")


def _job_changes(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                 week: int, events: EventLog, changes: SeatChanges) -> None:
    """Turnover: members change jobs at their organisation's rate (000 §2)."""
    weekly = membership.weekly_probability(p.turnover_rate)
    moving = state.active & (rng.random(p.n_participants)
                             < weekly * state.org_turnover[state.org])
    for seat in moving.nonzero()[0]:
        changes.left.append(int(seat))
        if leave_job(state, p, a, rng, int(seat), week, events):
            changes.seated.append(int(seat))


def leave_job(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
              seat: int, week: int, events: EventLog) -> bool:
    """The member in `seat` changes jobs; the seat stays empty until the organisation sends
    someone new (`recruit`). A bridge-builder's post is kept open (formalised) or lapses
    (`membership.bb_post_kept_probability`); an open post is filled later
    (`fill_bb_posts`), never at once (000 §2). Returns whether a newcomer holds the seat
    now (never: kept for callers that seat agents)."""
    who, role = str(state.member_id[seat]), Role(state.role[seat])
    state.departures += 1
    state.active[seat] = False
    if not state.is_bridge_builder[seat]:
        text = ("A person with dementia or carer can no longer take part."
                if role == Role.PERSON_WITH_DEMENTIA else
                f"{role.article} changes jobs and leaves the community; their trust and ties "
                f"go with them.")
        events.add(week, "turnover", who, text)
        return False
    state.bb_departures += 1
    kept = rng.random() < membership.bb_post_kept_probability(p.bridge_builder_investment,
                                                               a=a)
    state.is_bridge_builder[seat] = False
    state.bb_post_open[seat] = kept
    events.add(week, "bridge-builder leaves", who,
               f"The bridge-builder ({role.label}) takes another job; their ties go with "
               f"them. " + ("The post is open for a successor." if kept
                            else "The post lapses: nobody replaces them."))
    return False


def fill_bb_posts(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, events: EventLog,
                  left_this_week: np.ndarray | None = None) -> np.ndarray:
    """Open bridge-builder posts are filled at a weekly chance that needs the organisation's
    time to be paid (`membership.bb_vacancy_fill_probability`); the successor is a newcomer
    with the base skills and no ties yet (000 §2, lesson 3). A post vacated this week
    (`left_this_week`) waits at least until next week. Returns the seats filled."""
    vacant = state.bb_post_open & ~state.active
    if left_this_week is not None:
        vacant[left_this_week] = False
    open_posts = vacant.nonzero()[0]
    if open_posts.size == 0:
        return open_posts
    chance = membership.bb_vacancy_fill_probability(state.coverage[state.org[open_posts]],
                                                    a=a)
    seats = open_posts[rng.random(open_posts.size) < chance]
    fill_seats(state, p, a, rng, seats, week)
    for seat in seats:
        make_bridge_builder(state, p, a, rng, int(seat))
        state.bb_post_open[seat] = False
        events.add(week, "bridge-builder appointed", "community",
                   f"A new bridge-builder ({Role(state.role[seat]).label}) takes up the open "
                   f"post, still without ties in the community.")
    return seats


def recruit(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
            week: int) -> np.ndarray:
    """Organisations send a new member to an empty seat, if they pay for the time (004);
    returns the seats filled."""
    empty = (~state.active & ~state.bb_post_open).nonzero()[0]
    if empty.size == 0:
        return np.zeros(0, dtype=int)
    chance = membership.recruitment_probability(
        a.recruitment_rate, state.coverage[state.org[empty]], state.shared_ambition, a=a)
    seats = empty[rng.random(empty.size) < chance]
    fill_seats(state, p, a, rng, seats, week)
    return seats


def announce_newcomers(state: CommunityState, seats: np.ndarray, week: int,
                       events: EventLog) -> None:
    """One event per recruit, naming the new member (`member_id` of the seat)."""
    for seat in seats:
        events.add(week, "member joins", str(state.member_id[seat]),
                   f"{Role(state.role[seat]).article} joins the community and starts with "
                   f"little trust.")


def fill_seats(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
               seats: np.ndarray, week: int) -> None:
    """Newcomers take empty seats: fresh profiles, and only starting trust on their ties."""
    if seats.size == 0:
        return
    state.trust[ties_touching(state, seats)] = p.initial_trust
    seat_newcomers(state, p, a, rng, seats, week)


def seat_newcomers(state: CommunityState, p: Params, a: Assumptions,
                   rng: np.random.Generator, seats: np.ndarray, week: int) -> None:
    """Put new people in `seats`: their role's knowledge profile, fresh stereotypes,
    motivation, ladder rung and expectations (docs/ODD.md §5; 000 §1, Tekstbox 3). The
    model creates their agents."""
    roles = state.role[seats]
    k = seats.size
    state.knowledge[seats] = np.clip(a.array("role_knowledge")[roles]
                                     + rng.normal(0, a.knowledge_noise, (k, N_KNOWLEDGE)),
                                     0.0, 1.0)
    state.stereotype[seats] = np.clip(
        stereotypes.initial_stereotypes(roles, p.stereotype_strength, a=a)
        * rng.uniform(*a.stereotype_noise, (k, N_ROLES)), 0.0, 1.0)
    state.motivation[seats] = rng.uniform(*a.motivation_start, k)
    state.load[seats] = 0.0
    state.is_bridge_builder[seats] = False
    state.bb_skills[seats] = 0.0
    state.rung[seats] = CO_DESIGN
    _seat_low_status(state, a, rng, seats, roles)
    # Members expect value in line with how much they are asked to take part; a newcomer
    # takes over what the community's members of that role have come to expect.
    expected = rng.uniform(*a.expectation_start, k) * a.array("rung_invitation")[
        state.rung[seats]]
    if week > 0:
        for role in np.flatnonzero(np.bincount(roles, minlength=N_ROLES)):
            members = state.seats_of_role[role]
            peers = members[state.active[members]]
            if peers.size:
                expected[roles == role] = state.expected[peers].mean()
    state.expected[seats] = expected
    state.experienced[seats] = expected
    state.joined_week[seats] = week
    state.active[seats] = True


def _seat_low_status(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                     seats: np.ndarray, roles: np.ndarray) -> None:
    """People with dementia start at inform, with barriers, gatekeeping and a tolerance for
    meetings; mbo staff start at advise if the participation policy reaches them, else at
    inform and invited late (000 §1, Tekstbox 3)."""
    pwd = seats[roles == Role.PERSON_WITH_DEMENTIA]
    cognitive = rng.uniform(*a.pwd_cognitive, pwd.size)
    socio_economic = rng.beta(*a.pwd_socio_economic, pwd.size)  # mostly high status joins
    state.barrier[pwd] = (a.pwd_barrier_cognitive * cognitive
                          + a.pwd_barrier_socio_economic * (1.0 - socio_economic))
    state.gatekeeping[pwd] = rng.uniform(*a.pwd_gatekeeping, pwd.size)
    state.tolerance[pwd] = rng.uniform(*a.pwd_tolerance, pwd.size)
    state.rung[pwd] = INFORM
    mbo = seats[roles == Role.MBO_STAFF]
    policy_applies = rng.random(mbo.size) < state.policy
    state.rung[mbo] = np.where(policy_applies, ADVISE, INFORM)
    state.late_invited[mbo] = ~policy_applies


def make_bridge_builder(state: CommunityState, p: Params, a: Assumptions,
                        rng: np.random.Generator, seat: int) -> None:
    """Give the bridge-builder function and its five soft skills to the member in `seat`
    (000 §2, Tekstbox 4)."""
    state.is_bridge_builder[seat] = True
    state.bb_skills[seat] = np.clip(p.bb_skill + rng.normal(
        0, a.bb_skill_noise, len(SOFT_SKILLS)), 0.0, 1.0)


def dissolution_reason(state: CommunityState, a: Assumptions) -> str | None:
    """Why the community stops now, as the event's sentence, or None while it goes on
    (`phases.dissolves`; 003 §2.5). It names every condition that holds (too few members,
    too few of research, education and practice, no meeting for too long) and the causes
    behind them: why members left over the community's life (`departure_causes`)."""
    n_active = np.count_nonzero(state.active)
    # Fields with an active member: research, education, practice (not people with dementia).
    n_fields = int(np.count_nonzero(np.bincount(
        FIELD[state.role[state.active]], minlength=NO_FIELD + 1)[:NO_FIELD]))
    if not phases.dissolves(n_active, n_fields, state.weeks_without_meeting, a=a):
        return None
    reasons = [text for holds, text in (
        (n_active < a.min_members, "too few members are left"),
        (n_fields < a.min_fields, "too few of research, education and practice still take "
                                  "part"),
        (state.weeks_without_meeting >= a.weeks_without_meeting,
         f"it has not met for {state.weeks_without_meeting} weeks")) if holds]
    return (f"The community stops: {' and '.join(reasons)}. {_time_left(state, n_active)} "
            f"{departure_causes(state)}")


def _time_left(state: CommunityState, n_active: int) -> str:
    """Who was still on the list and the time they could give, and whether funding had
    ended: the usual reason a community stops meeting (000 §3; 003 §2.5)."""
    time = float(state.capacity[state.active].mean()) if n_active else 0.0
    ended = state.funding_state == funding.NONE and state.funding_weeks > 0
    return (f"{n_active} members were still on its list, able to give {time:.0%} of a week "
            f"on average{', after funding had ended' if ended else ''}.")


def departure_causes(state: CommunityState) -> str:
    """Why members left over the community's life, largest cause first, in one sentence:
    job changes (turnover, 000 §2) and each reason for dropping out (003 §2.3-§2.4)."""
    counts = {"changed jobs or could no longer take part": state.departures,
              **{membership.DROPOUT_REASON_TEXT[reason]: count
                 for reason, count in state.dropouts.items()}}
    causes = sorted(((n, cause) for cause, n in counts.items() if n), reverse=True)
    if not causes:
        return "Nobody had left before."
    total = sum(n for n, _ in causes)
    listed = "; ".join(f"{cause}: {n}" for n, cause in causes)
    return f"Before this, {total} member{'s' * (total != 1)} left ({listed})."


def dissolve(state: CommunityState, p: Params, week: int, text: str,
             events: EventLog) -> None:
    """The community stops: its remaining members leave (0 active members from now on)."""
    state.phase = Phase.DISSOLVED
    state.dissolved_week = week
    state.active[:] = False
    state.attended[:] = False
    state.capacity = np.zeros(p.n_participants)
    events.add(week, "community dissolves", "community", text)
