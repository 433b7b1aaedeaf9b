"""Step 4 of the week: project work, combining knowledge into products (docs/ODD.md §7.4)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import N_ROLES, PRODUCT_KINDS, Role
from lcsim.rules import boundary, knowledge, products, stereotypes
from lcsim.rules.participation import ADVISE, CO_DESIGN
from lcsim.rules.phases import Phase
from lcsim.state import (
    LANDING_SETTINGS,
    TRANSLATING,
    CommunityState,
    Product,
    count_per_community,
    draw_indices,
    mean_view_of_roles,
    per_community,
    stereotype_in_room,
    sum_rows,
    trust_in_room,
    work_form_values,
)


def work_on_project(state: CommunityState, p: Params, a: Assumptions,
                    rng: np.random.Generator, week: int, events: EventLog) -> None:
    """In each community, members present combine their knowledge: in the design phase it
    builds the design (`design_progress`), in execute and sustain it advances the joint
    project, and a finished project becomes a product. Nothing happens in a community in
    the start phase, one that has dissolved, or one where nobody attends.
    Random draws, in order: `rng.random(K)` in `finish_product` (the kind of product of
    each community; only those finishing a project use theirs).
    Sources: 003 §3.3-§3.4 c (design, sprints, work between meetings), 000 Tekstbox 3
    (voice by rung), 000 §3 (knowledge combined), 003 §2.4 (task conflict, collusion)."""
    k, c = state.n_communities, state.seat_community
    working = (state.phase != Phase.START) & (state.phase != Phase.DISSOLVED) \
        & (count_per_community(state, state.attended) > 0)
    share = _shares(state, p, a) * working[c]
    # What each member puts in, per knowledge type, is knowledge x share; its sums:
    contribution = sum_rows(c, share[:, None] * state.knowledge, k)  # K x types
    member_total = share * state.knowledge.sum(axis=1)  # per seat
    by_role = np.bincount(c * N_ROLES + state.role, weights=member_total,
                          minlength=k * N_ROLES).reshape(k, N_ROLES)
    amount, quality = _combine(state, p, a, by_role)
    state.combination_quality = np.where(
        working, (1.0 - a.combination_rate) * state.combination_quality
        + a.combination_rate * quality, state.combination_quality)
    designing = working & (state.phase == Phase.DESIGN)
    state.design_progress = np.where(
        designing, state.design_progress + amount / (a.design_effort * p.product_effort),
        state.design_progress)
    executing = working & ~designing
    _advance_project(state, a, executing, amount, quality, contribution, member_total)
    finish_product(state, a, rng, week, events,
                   executing & (state.project.progress >= p.product_effort))


def _shares(state: CommunityState, p: Params, a: Assumptions) -> np.ndarray:
    """Each seat's share in this week's work (length S): capacity, how far the room values
    their group's knowledge, their voice on the ladder, and the work form."""
    here, c = state.attended, state.seat_community
    heard = stereotypes.valued_share(mean_view_of_roles(state, here)[c, state.role],
                                     state.bb_effect[c, TRANSLATING], p.value_all_perspectives,
                                     a=a)
    voice = a.array("voice")[state.rung]
    in_meeting = a.work_between_meetings + (1.0 - a.work_between_meetings) \
        * work_form_values(state, "work")[c]
    return state.capacity * heard * voice * here * in_meeting


def _combine(state: CommunityState, p: Params, a: Assumptions,
             by_role: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per community (length K), the knowledge combined this week (work done) and its
    quality, from what each role put in (K x N_ROLES): integration across roles,
    coordination across boundaries, less the time spent on products."""
    integrated = knowledge.integration(
        trust_in_room(state, cross=True),
        stereotypes.valued_share(stereotype_in_room(state), state.bb_effect[:, TRANSLATING],
                                 p.value_all_perspectives, a=a))
    amount, quality = knowledge.combination(by_role, integrated, state.task_conflict,
                                            state.collusion, a=a)
    coordinated = (1.0 - a.coordination_work) \
        + a.coordination_work * state.boundary[:, boundary.COORDINATION]
    return amount * a.work_rate * coordinated * (1.0 - state.upkeep_share), quality


def _advance_project(state: CommunityState, a: Assumptions, executing: np.ndarray,
                     amount: np.ndarray, quality: np.ndarray, contribution: np.ndarray,
                     member_total: np.ndarray) -> None:
    """Add this week's work to the joint project of each community in `executing` (K mask),
    and who did it."""
    if not executing.any():
        return
    project, role, rung = state.project, state.role, state.rung
    done = np.where(executing, amount, 0.0)
    project.progress += done
    project.quality_weighted += done * quality
    project.contribution += np.where(executing[:, None], contribution, 0.0)
    put_in = np.where(executing[state.seat_community], member_total, 0.0)

    def put_in_by(seats: np.ndarray) -> np.ndarray:  # per community, by the seats in a mask
        return per_community(state, np.where(seats, put_in, 0.0))

    project.codesign += put_in_by((role == Role.PERSON_WITH_DEMENTIA) & (rung == CO_DESIGN))
    project.mbo += put_in_by((role == Role.MBO_STAFF) & (rung >= ADVISE))
    project.educator += put_in_by(role == Role.EDUCATOR)
    state.sprint_quality = np.where(
        executing, (1.0 - a.sprint_quality_rate) * state.sprint_quality
        + a.sprint_quality_rate * quality, state.sprint_quality)


def finish_product(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                   week: int, events: EventLog, done: np.ndarray) -> None:
    """In each community in `done` (K mask) the finished project becomes a product of a
    kind drawn from the knowledge put in (000 Tekstbox 5); it adds tangible (and for
    publicity reputational) capital (003 §2.3), and a new project starts there.
    Random draws: `rng.random(K)`, one kind for each of the K communities (`draw_indices`
    over all K, drawn whether or not a community finishes; only those in `done` use it)."""
    project = state.project
    if not done.any():  # the same draws, unused: nothing else changes
        rng.random(done.size)
        return
    # An even mix stands in where no project is finished, so that every row has chances.
    mix = np.where(done[:, None], project.contribution, 1.0)
    kinds = draw_indices(rng, products.product_kind_weights(mix, a=a))
    made = np.where(done, project.quality, 0.0)
    state.capitals["tangible"] += made
    state.capitals["reputational"] += np.where(
        kinds == PRODUCT_KINDS.index("publicity"), made, 0.0)
    total = np.maximum(project.contribution.sum(axis=1), 1e-12)
    for community in np.flatnonzero(done).tolist():
        number = int(np.count_nonzero(state.product_community == community)) + 1
        product = Product(number, PRODUCT_KINDS[kinds[community]],
                          float(project.quality[community]),
                          bool(project.codesign[community] / total[community] > a.codesign_share),
                          bool(project.mbo[community] / total[community] > a.mbo_share),
                          bool(project.educator[community] / total[community]
                               > a.educator_share), week, community=community)
        _record_product(state, a, product)
        _announce(product, week, events)
    project.restart(done)


def _announce(product: Product, week: int, events: EventLog) -> None:
    """The event of a product being ready, with its community."""
    made_with = [label for flag, label in ((product.codesigned, "people with dementia"),
                                           (product.mbo_involved, "mbo staff"))
                 if flag]
    extra = f", co-designed with {' and '.join(made_with)}" if made_with else ""
    events.add(week, "product developed", "community",
               f"Product {product.number} ({product.kind.replace('_', ' ')}) is ready"
               f"{extra}; quality {product.quality:.2f}.", community=product.community)


def _record_product(state: CommunityState, a: Assumptions, product: Product) -> None:
    """Add a product to the product list and a row to the product arrays."""
    state.products.append(product)
    state.product_community = np.append(state.product_community, product.community)
    state.product_quality = np.append(state.product_quality, product.quality)
    state.product_kind = np.append(state.product_kind, product.kind_index)
    state.product_codesigned = np.append(state.product_codesigned, product.codesigned)
    fits = [products.fit(product.quality, product.codesigned, product.mbo_involved,
                         product.educator_involved, setting == "education", a=a)
            for setting, _, _, _ in LANDING_SETTINGS]
    state.product_fit = np.vstack([state.product_fit, fits])
    state.product_landed = np.vstack([state.product_landed, [-1] * len(LANDING_SETTINGS)])
