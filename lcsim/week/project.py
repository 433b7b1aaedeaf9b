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
    Project,
    draw_index,
    mean_view_of_roles,
    stereotype_in_room,
    trust_in_room,
)


def work_on_project(state: CommunityState, p: Params, a: Assumptions,
                    rng: np.random.Generator, week: int, events: EventLog) -> None:
    """Members present combine their knowledge: in the design phase it builds the design
    (`design_progress`), in execute and sustain it advances the joint project, and a
    finished project becomes a product. Nothing happens in the start phase or when nobody
    attends. Sources: 003 §3.3-§3.4 c (design, sprints, work between meetings), 000
    Tekstbox 3 (voice by rung), 000 §3 (knowledge combined), 003 §2.4 (task conflict,
    collusion)."""
    if state.phase == Phase.START or not state.attended.any():
        return
    share = _shares(state, p, a)
    # What each member puts in, per knowledge type, is knowledge x share; its sums:
    contribution = np.einsum("i,ij->j", share, state.knowledge)  # per knowledge type
    member_total = share * np.einsum("ij->i", state.knowledge)   # per member
    by_role = np.bincount(state.role, weights=member_total, minlength=N_ROLES)
    integrated = knowledge.integration(
        trust_in_room(state, cross=True),
        float(stereotypes.valued_share(np.array(stereotype_in_room(state)),
                                       state.bb_effect[TRANSLATING],
                                       p.value_all_perspectives, a=a)))
    amount, quality = knowledge.combination(by_role, integrated, state.task_conflict,
                                            state.collusion, a=a)
    coordinated = (1.0 - a.coordination_work) \
        + a.coordination_work * state.boundary[boundary.COORDINATION]
    amount *= a.work_rate * coordinated * (1.0 - state.upkeep_share)
    state.combination_quality = ((1.0 - a.combination_rate) * state.combination_quality
                                 + a.combination_rate * quality)
    if state.phase == Phase.DESIGN:
        state.design_progress += amount / (a.design_effort * p.product_effort)
        return
    _advance_project(state, a, amount, quality, contribution, member_total)
    if state.project.progress >= p.product_effort:
        finish_product(state, a, rng, week, events)


def _shares(state: CommunityState, p: Params, a: Assumptions) -> np.ndarray:
    """Each seat's share in this week's work (length N): capacity, how far the room values
    their group's knowledge, their voice on the ladder, and the work form."""
    here = state.attended
    heard = stereotypes.valued_share(mean_view_of_roles(state, here)[state.role],
                                     state.bb_effect[TRANSLATING], p.value_all_perspectives,
                                     a=a)
    voice = a.array("voice")[state.rung]
    in_meeting = a.work_between_meetings + (1.0 - a.work_between_meetings) \
        * state.work_form.work
    return state.capacity * heard * voice * here * in_meeting


def _advance_project(state: CommunityState, a: Assumptions, amount: float, quality: float,
                     contribution: np.ndarray, member_total: np.ndarray) -> None:
    """Add this week's work to the joint project, and who did it."""
    project = state.project
    project.progress += amount
    project.quality_weighted += amount * quality
    project.contribution += contribution
    project.codesign += float(member_total[(state.role == Role.PERSON_WITH_DEMENTIA)
                                           & (state.rung == CO_DESIGN)].sum())
    project.mbo += float(member_total[(state.role == Role.MBO_STAFF)
                                      & (state.rung >= ADVISE)].sum())
    project.educator += float(member_total[state.role == Role.EDUCATOR].sum())
    state.sprint_quality = ((1.0 - a.sprint_quality_rate) * state.sprint_quality
                            + a.sprint_quality_rate * quality)


def finish_product(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                   week: int, events: EventLog) -> None:
    """The finished project becomes a product of a kind drawn from the knowledge put in
    (000 Tekstbox 5); it adds tangible (and for publicity reputational) capital (003 §2.3),
    and a new project starts."""
    project = state.project
    total = max(project.contribution.sum(), 1e-12)
    weights = products.product_kind_weights(project.contribution, a=a)
    kind = PRODUCT_KINDS[draw_index(rng, weights)]
    product = Product(len(state.products) + 1, kind, project.quality,
                      project.codesign / total > a.codesign_share,
                      project.mbo / total > a.mbo_share,
                      project.educator / total > a.educator_share, week)
    _record_product(state, a, product)
    state.capitals["tangible"] += product.quality
    if kind == "publicity":
        state.capitals["reputational"] += product.quality
    made_with = [label for flag, label in ((product.codesigned, "people with dementia"),
                                           (product.mbo_involved, "mbo staff"))
                 if flag]
    extra = f", co-designed with {' and '.join(made_with)}" if made_with else ""
    events.add(week, "product developed", "community",
               f"Product {product.number} ({kind.replace('_', ' ')}) is ready"
               f"{extra}; quality {product.quality:.2f}.")
    state.project = Project()


def _record_product(state: CommunityState, a: Assumptions, product: Product) -> None:
    """Add a product to the product list and a row to the product arrays."""
    state.products.append(product)
    state.product_quality = np.append(state.product_quality, product.quality)
    state.product_kind = np.append(state.product_kind, product.kind_index)
    state.product_codesigned = np.append(state.product_codesigned, product.codesigned)
    fits = [products.fit(product.quality, product.codesigned, product.mbo_involved,
                         product.educator_involved, setting == "education", a=a)
            for setting, _, _, _ in LANDING_SETTINGS]
    state.product_fit = np.vstack([state.product_fit, fits])
    state.product_landed = np.vstack([state.product_landed, [-1] * len(LANDING_SETTINGS)])
