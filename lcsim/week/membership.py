"""Step 7 of the week: membership (docs/ODD.md §7.7), and the seating of newcomers.

Experienced value, motivation and expectations; "hands" treatment; the participation
ladder; dropout; turnover; bridge-builder skills; recruitment into empty seats; the
dissolution check. All K communities at once (docs/KSTATE.md): seats are global, a
community's values are gathered to its seats with `state.seat_community`, and a community
that has dissolved is left unchanged. This module changes only the state: it reports which
seats lost or got a member (`SeatChanges`) and the model creates or removes the Mesa agents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog, counted
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
    count_per_community,
    live_ties,
    mean_view_of_roles,
    seats_of,
    ties_touching,
)

RUNG_NAMES = ("", "inform", "advise", "co-design")


@dataclass
class SeatChanges:
    """Seats (global) whose member left this week and seats a new member took, each in the
    order it happened; `recruited` are the seats filled by recruitment (also in `seated`)."""

    left: list[int] = field(default_factory=list)
    seated: list[int] = field(default_factory=list)
    recruited: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


def _going_on(state: CommunityState) -> np.ndarray:
    """Per seat (length S), whether its community still exists (has not dissolved)."""
    return (state.phase != Phase.DISSOLVED)[state.seat_community]


def update_membership(state: CommunityState, p: Params, a: Assumptions,
                      rng: np.random.Generator, week: int, events: EventLog) -> SeatChanges:
    """One week of membership in every community that goes on: experienced value and
    motivation, distrust of members treated as "hands", the ladder, dropouts, job changes,
    bridge-builders' skills and recruitment, in that order (seat by seat within each
    community; docs/ODD.md 'Update order'). Returns the seats that lost or got a member;
    the model announces the recruits (`announce_newcomers`) once it has seated their
    agents, then checks for dissolution (`dissolution_reasons`). Sources: 003 §2.3 (value),
    000 §1 (hands breed distrust), 000 Tekstbox 3 (ladder), 001 condition 3 and 003 §2.5
    (dropout), 000 §2 (turnover), 000 lesson 3 (investing in bridge-builders), 004 insights
    2-3 (recruitment).

    Random draws, in order (S = all seats): the ladder `rng.random(S)`; dropout
    `rng.random(S)`; job change `rng.random(S)`, a vacated bridge-builder post kept open
    `rng.random(S)`; an open post filled `rng.random(S)`, then the profiles of its successors
    (`seat_newcomers`) and their skills (`make_bridge_builder`); recruitment
    `rng.random(S)`, then the recruits' profiles."""
    alive = _going_on(state)
    hands = ((state.role == Role.MBO_STAFF) & (state.rung == INFORM) & alive
             & (state.phase[state.seat_community] >= Phase.EXECUTE)
             & state.attended).astype(float)
    _update_motivation(state, a, hands, alive)
    if hands.any():  # treated as 'hands' breeds distrust of the others (000 §1)
        ties = ties_touching(state, np.flatnonzero(hands))
        out = ties[hands[state.tie_src[ties]] > 0]  # their trust in others
        state.trust[out] = trust.update_trust(state.trust[out], 0.0, a.hands_distrust, 0.0,
                                              p.trust_loss, a=a)
    climb_ladder(state, a, rng, week, events)
    changes = SeatChanges()
    _drop_outs(state, a, rng, week, events, hands, changes)
    _job_changes(state, p, a, rng, week, events, changes)
    # Training time for the function grows the soft skills (000 lesson 3; 001 cond. 8).
    growing = state.is_bridge_builder & alive
    state.bb_skills[growing] += a.bb_skill_growth * p.bridge_builder_investment * (
        1.0 - state.bb_skills[growing])
    changes.seated.extend(fill_bb_posts(state, p, a, rng, week, events,
                                        np.array(changes.left, dtype=int)).tolist())
    changes.recruited = recruit(state, p, a, rng, week)
    changes.seated.extend(changes.recruited.tolist())
    # Newcomers do not share the ambition yet (003 §3.5 b, d).
    newcomers = np.bincount(state.seat_community[np.array(changes.seated, dtype=int)],
                            minlength=state.n_communities)
    state.shared_ambition = phases.diluted_ambition(
        state.shared_ambition, newcomers, count_per_community(state, state.active), a=a)
    return changes


def _update_motivation(state: CommunityState, a: Assumptions, hands: np.ndarray,
                       alive: np.ndarray) -> None:
    """Experienced value (with the felt value of landed products), then motivation and
    expectations (Wenger, Trayner & de Laat 2011; Dingyloudi & Strijbos 2015; 003 §2.3), on
    the seats of communities that go on (`alive`)."""
    c = state.seat_community
    experienced = (1.0 - a.experience_rate) * state.experienced + a.experience_rate * (
        state.immediate + state.pending_interest - a.hands_experience_penalty * hands)
    state.experienced = np.where(alive, experienced, state.experienced)
    state.pending_interest[alive] = 0.0
    # Members still waiting for their late invitation have nothing to judge yet.
    engaged = alive & ~(state.late_invited & (state.phase[c] < Phase.EXECUTE))
    state.motivation = np.where(engaged, value.update_motivation(
        state.motivation, state.experienced, state.expected, a=a), state.motivation)
    inspired = np.minimum(
        1.0, state.motivation + a.inspiring_motivation * state.bb_effect[:, INSPIRING][c])
    state.motivation = np.where(alive, inspired, state.motivation)
    state.expected = np.where(alive, value.update_expectation(
        state.expected, state.experienced, a=a), state.expected)


def climb_ladder(state: CommunityState, a: Assumptions, rng: np.random.Generator, week: int,
                 events: EventLog) -> None:
    """Mbo staff and people with dementia move up the participation ladder, or step back a
    rung when overburdened (000 Tekstbox 3, lesson 2). Each seat reads its community's
    policy, facilitation and mean view of its role. Draws `rng.random(S)`."""
    c = state.seat_community
    low = state.active & LOW_STATUS[state.role]
    view = mean_view_of_roles(state)[c, state.role]
    policy = state.policy[c]
    barrier = state.barrier * (1.0 - a.policy_barrier_cut * policy)
    gatekeeping = state.gatekeeping * (
        1.0 - a.movement_gatekeeping_cut * state.bb_effect[:, CREATING_MOVEMENT][c])
    up = participation.rung_up_probability(
        policy, state.bb_effect[:, EQUAL_PARTICIPATION][c], view, barrier, gatekeeping,
        a=a) * low
    down = participation.overburdened(state.load, state.tolerance) & low \
        & (state.rung > INFORM)
    before = state.rung
    state.rung = np.where(low, participation.next_rung(before, up, down, rng), before)
    for seat in (state.rung != before).nonzero()[0]:
        who, article = str(state.member_id[seat]), Role(state.role[seat]).article
        if state.rung[seat] > before[seat]:
            events.add(week, "participation up", who,
                       f"{article} moves up the ladder and now takes part to "
                       f"{RUNG_NAMES[state.rung[seat]]}.", community=c[seat])
        else:
            state.motivation[seat] *= 1.0 - a.overburden_motivation_loss
            events.add(week, "overburdened", who,
                       f"{article} is overburdened by too many meetings and steps back a "
                       f"rung.", community=c[seat])


def _drop_outs(state: CommunityState, a: Assumptions, rng: np.random.Generator, week: int,
               events: EventLog, hands: np.ndarray, changes: SeatChanges) -> None:
    """Active members drop out under the strongest of their pressures (001 condition 3),
    in their community's conflict. Draws `rng.random(S)`."""
    live_ties(state)  # refresh the live-tie weights
    given = np.bincount(state.tie_src, weights=state.trust * state.live_weight,
                        minlength=state.role.size)
    trust_in_others = given / np.maximum(state.live_degree, 1.0)
    pressure = membership.dropout_pressures(
        state.motivation, trust_in_others, hands,
        state.relational_conflict[state.seat_community], a=a)
    p_drop = 1.0 - (1.0 - pressure).prod(axis=1)
    leaving = state.active & (rng.random(state.role.size) < p_drop)
    for seat in leaving.nonzero()[0]:
        reason = membership.DROPOUT_REASONS[int(np.argmax(pressure[seat]))]
        drop_out(state, int(seat), week, reason, events)
        changes.left.append(int(seat))


def drop_out(state: CommunityState, seat: int, week: int, reason: str,
             events: EventLog) -> None:
    """The member in `seat` (global) leaves its community for `reason` (a key of
    `membership.DROPOUT_REASON_TEXT`), counted in that community's `dropouts[reason]`; the
    seat stays empty until recruitment."""
    k = int(state.seat_community[seat])
    state.active[seat] = False
    state.dropouts.setdefault(reason, np.zeros(state.n_communities, dtype=int))[k] += 1
    leader = seat == state.leader_seat[k]
    kind = ("project leader leaves" if leader else
            "bridge-builder leaves" if state.is_bridge_builder[seat] else "member drops out")
    if state.is_bridge_builder[seat]:
        state.bb_departures[k] += 1
    state.is_bridge_builder[seat] = False
    who = f"The project leader ({Role(state.role[seat]).article.lower()})" if leader \
        else Role(state.role[seat]).article
    events.add(week, kind, str(state.member_id[seat]),
               f"{who} leaves the community: {membership.DROPOUT_REASON_TEXT[reason]}.",
               community=k)


def _job_changes(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                 week: int, events: EventLog, changes: SeatChanges) -> None:
    """Turnover: members change jobs at their organisation's rate (000 §2). Draws
    `rng.random(S)` for the job changes, then `rng.random(S)` for keeping a vacated
    bridge-builder post open (`leave_job`)."""
    s = state.role.size
    weekly = membership.weekly_probability(p.turnover_rate)
    moving = state.active & (rng.random(s) < weekly * state.org_turnover[state.org])
    kept_draws = rng.random(s)
    for seat in moving.nonzero()[0]:
        changes.left.append(int(seat))
        if leave_job(state, p, a, rng, int(seat), week, events, kept_draws[seat]):
            changes.seated.append(int(seat))


def leave_job(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
              seat: int, week: int, events: EventLog, draw: float | None = None) -> bool:
    """The member in `seat` (global) changes jobs; the seat stays empty until the
    organisation sends someone new (`recruit`). A bridge-builder's post is kept open
    (formalised) or lapses (`membership.bb_post_kept_probability`), decided by `draw` (this
    seat's number from the week's draws; one `rng.random()` when None); an open post is
    filled later (`fill_bb_posts`), never at once (000 §2). Returns whether a newcomer holds
    the seat now (never: kept for callers that seat agents)."""
    k = int(state.seat_community[seat])
    who, role = str(state.member_id[seat]), Role(state.role[seat])
    state.departures[k] += 1
    state.active[seat] = False
    if not state.is_bridge_builder[seat]:
        text = ("A person with dementia or carer can no longer take part."
                if role == Role.PERSON_WITH_DEMENTIA else
                f"{role.article} changes jobs and leaves the community; their trust and ties "
                f"go with them.")
        events.add(week, "turnover", who, text, community=k)
        return False
    state.bb_departures[k] += 1
    draw = rng.random() if draw is None else draw
    kept = draw < membership.bb_post_kept_probability(p.bridge_builder_investment, a=a)
    state.is_bridge_builder[seat] = False
    state.bb_post_open[seat] = kept
    events.add(week, "bridge-builder leaves", who,
               f"The bridge-builder ({role.label}) takes another job; their ties go with "
               f"them. " + ("The post is open for a successor." if kept
                            else "The post lapses: nobody replaces them."), community=k)
    return False


def fill_bb_posts(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, events: EventLog,
                  left_this_week: np.ndarray | None = None) -> np.ndarray:
    """Open bridge-builder posts of communities that go on are filled at a weekly chance
    that needs the organisation's time to be paid in that community
    (`membership.bb_vacancy_fill_probability` of `coverage[community, org]`); the successor
    is a newcomer with the base skills and no ties yet (000 §2, lesson 3). A post vacated
    this week (`left_this_week`, global seats) waits at least until next week. Returns the
    seats filled. Draws `rng.random(S)`, then the successors' profiles and skills."""
    c = state.seat_community
    open_posts = state.bb_post_open & ~state.active & _going_on(state)
    if left_this_week is not None:
        open_posts[left_this_week] = False
    draws = rng.random(state.role.size)
    vacant = np.flatnonzero(open_posts)
    if vacant.size == 0:
        return vacant
    chance = membership.bb_vacancy_fill_probability(
        state.coverage[c[vacant], state.org[vacant]], a=a)
    seats = vacant[draws[vacant] < chance]
    fill_seats(state, p, a, rng, seats, week)
    make_bridge_builder(state, p, a, rng, seats)
    state.bb_post_open[seats] = False
    for seat in seats:
        events.add(week, "bridge-builder appointed", "community",
                   f"A new bridge-builder ({Role(state.role[seat]).label}) takes up the open "
                   f"post, still without ties in the community.", community=c[seat])
    return seats


def recruit(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
            week: int) -> np.ndarray:
    """Organisations send a new member to an empty seat of a community that goes on, if they
    pay for the time there (`coverage[community, org]`) and as the community's ambition
    draws them (004); returns the seats filled. Draws `rng.random(S)`, then the recruits'
    profiles (`seat_newcomers`)."""
    c = state.seat_community
    empty = np.flatnonzero(~state.active & ~state.bb_post_open & _going_on(state))
    draws = rng.random(state.role.size)
    chance = membership.recruitment_probability(
        a.recruitment_rate, state.coverage[c[empty], state.org[empty]],
        state.shared_ambition[c[empty]], a=a)
    seats = empty[draws[empty] < chance]
    fill_seats(state, p, a, rng, seats, week)
    return seats


def announce_newcomers(state: CommunityState, seats: np.ndarray, week: int,
                       events: EventLog) -> None:
    """One event per recruit (global seats), naming the new member (`member_id` of the
    seat), in the recruit's community."""
    for seat in seats:
        events.add(week, "member joins", str(state.member_id[seat]),
                   f"{Role(state.role[seat]).article} joins the community and starts with "
                   f"little trust.", community=state.seat_community[seat])


def fill_seats(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
               seats: np.ndarray, week: int) -> None:
    """Newcomers take empty seats (global): fresh profiles, and only starting trust on their
    ties."""
    if seats.size == 0:
        return
    state.trust[ties_touching(state, seats)] = p.initial_trust
    seat_newcomers(state, p, a, rng, seats, week)


def seat_newcomers(state: CommunityState, p: Params, a: Assumptions,
                   rng: np.random.Generator, seats: np.ndarray, week: int) -> None:
    """Put new people in `seats` (global): their role's knowledge profile, fresh
    stereotypes, motivation, ladder rung and expectations (docs/ODD.md §5; 000 §1, Tekstbox
    3). The model creates their agents. Draws, for the n newcomers: knowledge
    `rng.normal` (n x N_KNOWLEDGE), stereotypes `rng.uniform` (n x N_ROLES), motivation
    `rng.uniform` (n), the draws of `_seat_low_status`, expectations `rng.uniform` (n)."""
    roles = state.role[seats]
    n = seats.size
    state.knowledge[seats] = np.clip(a.array("role_knowledge")[roles]
                                     + rng.normal(0, a.knowledge_noise, (n, N_KNOWLEDGE)),
                                     0.0, 1.0)
    state.stereotype[seats] = np.clip(
        stereotypes.initial_stereotypes(roles, p.stereotype_strength, a=a)
        * rng.uniform(*a.stereotype_noise, (n, N_ROLES)), 0.0, 1.0)
    state.motivation[seats] = rng.uniform(*a.motivation_start, n)
    state.load[seats] = 0.0
    state.is_bridge_builder[seats] = False
    state.bb_skills[seats] = 0.0
    state.rung[seats] = CO_DESIGN
    _seat_low_status(state, a, rng, seats, roles)
    # Members expect value in line with how much they are asked to take part; a newcomer
    # takes over what its community's members of that role have come to expect.
    expected = rng.uniform(*a.expectation_start, n) * a.array("rung_invitation")[
        state.rung[seats]]
    if week > 0:
        _expect_as_peers(state, seats, expected)
    state.expected[seats] = expected
    state.experienced[seats] = expected
    state.joined_week[seats] = week
    state.active[seats] = True


def _expect_as_peers(state: CommunityState, seats: np.ndarray, expected: np.ndarray) -> None:
    """Each newcomer in `seats` takes over the mean expectation of the active members of its
    role in its own community, where there are any (written into `expected`)."""
    cells = state.seat_community[seats] * N_ROLES + state.role[seats]
    for cell in np.unique(cells):
        community, role = divmod(int(cell), N_ROLES)
        members = state.seats_of_role[role]
        peers = members[state.active[members] & (state.seat_community[members] == community)]
        if peers.size:
            expected[cells == cell] = state.expected[peers].mean()


def _seat_low_status(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                     seats: np.ndarray, roles: np.ndarray) -> None:
    """People with dementia start at inform, with barriers, gatekeeping and a tolerance for
    meetings; mbo staff start at advise if their community's participation policy reaches
    them, else at inform and invited late (000 §1, Tekstbox 3). Draws, for the people with
    dementia among them: cognitive `rng.uniform`, socio-economic `rng.beta`, gatekeeping and
    tolerance `rng.uniform`; then for the mbo staff `rng.random`."""
    pwd = seats[roles == Role.PERSON_WITH_DEMENTIA]
    cognitive = rng.uniform(*a.pwd_cognitive, pwd.size)
    socio_economic = rng.beta(*a.pwd_socio_economic, pwd.size)  # mostly high status joins
    state.barrier[pwd] = (a.pwd_barrier_cognitive * cognitive
                          + a.pwd_barrier_socio_economic * (1.0 - socio_economic))
    state.gatekeeping[pwd] = rng.uniform(*a.pwd_gatekeeping, pwd.size)
    state.tolerance[pwd] = rng.uniform(*a.pwd_tolerance, pwd.size)
    state.rung[pwd] = INFORM
    mbo = seats[roles == Role.MBO_STAFF]
    policy_applies = rng.random(mbo.size) < state.policy[state.seat_community[mbo]]
    state.rung[mbo] = np.where(policy_applies, ADVISE, INFORM)
    state.late_invited[mbo] = ~policy_applies


def make_bridge_builder(state: CommunityState, p: Params, a: Assumptions,
                        rng: np.random.Generator, seats: int | np.ndarray) -> None:
    """Give the bridge-builder function and its five soft skills to the members in `seats`
    (one global seat or an array of them; 000 §2, Tekstbox 4). Draws `rng.normal` (n x 5),
    seat after seat."""
    seats = np.atleast_1d(seats)
    state.is_bridge_builder[seats] = True
    state.bb_skills[seats] = np.clip(p.bb_skill + rng.normal(
        0, a.bb_skill_noise, (seats.size, len(SOFT_SKILLS))), 0.0, 1.0)


def dissolution_reasons(state: CommunityState, a: Assumptions) -> dict[int, str]:
    """The communities that stop now, each with why as the event's sentence; none while
    they go on (`phases.dissolves`; 003 §2.5). A reason names every condition that holds
    (too few members, too few of research, education and practice, no meeting for too
    long) and the causes behind them: why members left over the community's life
    (`departure_causes`). Communities that have dissolved already are not listed."""
    k = state.n_communities
    n_active = count_per_community(state, state.active)
    # Fields with an active member: research, education, practice (not people with dementia).
    cells = state.seat_community[state.active] * (NO_FIELD + 1) + FIELD[
        state.role[state.active]]
    per_field = np.bincount(cells, minlength=k * (NO_FIELD + 1)).reshape(k, NO_FIELD + 1)
    n_fields = (per_field[:, :NO_FIELD] > 0).sum(axis=1)
    stopping = phases.dissolves(n_active, n_fields, state.weeks_without_meeting, a=a) & (
        state.phase != Phase.DISSOLVED)
    return {int(community): _dissolution_text(state, a, int(community),
                                              int(n_active[community]),
                                              int(n_fields[community]))
            for community in np.flatnonzero(stopping)}


def _dissolution_text(state: CommunityState, a: Assumptions, community: int, n_active: int,
                      n_fields: int) -> str:
    """The sentence of community `community` stopping: every condition that holds, the
    time its members had left, and why members left (`dissolution_reasons`)."""
    idle = int(state.weeks_without_meeting[community])
    reasons = [text for holds, text in (
        (n_active < a.min_members, "too few members are left"),
        (n_fields < a.min_fields, "too few of research, education and practice still take "
                                  "part"),
        (idle >= a.weeks_without_meeting,
         f"it has not had a meeting of at least "
         f"{counted(phases.meeting_quorum(state.community_size, a), 'member')} for "
         f"{counted(idle, 'week')}"),
    ) if holds]
    return (f"The community stops: {' and '.join(reasons)}. "
            f"{_time_left(state, community, n_active)} {departure_causes(state, community)}")


def _time_left(state: CommunityState, community: int, n_active: int) -> str:
    """Who was still on community `community`'s list and the time they could give, and
    whether funding had ended: the usual reason a community stops meeting (000 §3; 003
    §2.5)."""
    seats = seats_of(state, community)
    members = state.active[seats]
    time = float(state.capacity[seats][members].mean()) if n_active else 0.0
    ended = (state.funding_state[community] == funding.NONE
             and state.funding_weeks[community] > 0)
    return (f"{counted(n_active, 'member')} {'was' if n_active == 1 else 'were'} still on "
            f"its list, able to give {time:.0%} of a week "
            f"on average{', after funding had ended' if ended else ''}.")


def departure_causes(state: CommunityState, community: int = 0) -> str:
    """Why members of community `community` left over its life, largest cause first, in one
    sentence: job changes (turnover, 000 §2) and each reason for dropping out (003
    §2.3-§2.4)."""
    counts = {"changed jobs or could no longer take part": int(state.departures[community]),
              **{membership.DROPOUT_REASON_TEXT[reason]: int(count[community])
                 for reason, count in state.dropouts.items()}}
    causes = sorted(((n, cause) for cause, n in counts.items() if n), reverse=True)
    if not causes:
        return "Nobody had left before."
    total = sum(n for n, _ in causes)
    listed = "; ".join(f"{cause}: {n}" for n, cause in causes)
    return f"Before this, {counted(total, 'member')} left ({listed})."


def dissolve(state: CommunityState, p: Params, community: int, week: int, text: str,
             events: EventLog) -> None:
    """Community `community` stops: its remaining members leave (0 active members from now
    on), and it is marked dissolved this week; the other communities are untouched."""
    seats = seats_of(state, community)
    state.phase[community] = Phase.DISSOLVED
    state.dissolved_week[community] = week
    state.active[seats] = False
    state.attended[seats] = False
    state.capacity[seats] = 0.0
    events.add(week, "community dissolves", "community", text, community=community)
