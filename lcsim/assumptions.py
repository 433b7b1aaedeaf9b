"""Every constant of the model's rules in one validated place: the modeller's assumptions.

`Params` are the users' levers; `Assumptions` are the numbers inside the mechanisms: each
coefficient, rate, threshold and table the rules use, with its default, a plausible range,
unit, meaning and source. Seed files are cited by their number and section (000-004, see
docs/ODD.md "How sources are cited"); "assumption" marks a number that no source gives,
where a source is named it gives the mechanism or its direction, rarely the value.
The defaults reproduce the calibrated model bit for bit.

Tables (per role, per rung, per organisation kind ...) are tuples, rows of a matrix tuples
of tuples; `Assumptions.array(name)` gives a table as a read-only numpy array.

    from lcsim import Assumptions, LearningCommunityModel
    a = Assumptions(learning_rate=0.08)
    LearningCommunityModel(assumptions=a, rng=1).run()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from lcsim.params import (
    ORDERED,
    POSITIVE_ROWS,
    SHARES,
    ParameterError,
    SpecifiedValues,
    _param,
    specs_markdown,
    specs_table,
)

Table = tuple[float, ...]
Matrix = tuple[tuple[float, ...], ...]

# Order of the rows and columns of the tables (see lcsim.roles, lcsim.agents).
ROLES = "researcher, educator, practitioner, mbo staff, person with dementia/carer"
KINDS = "university, school, care provider, client council"
RUNGS = "outside, inform, advise, co-design"
FORMS = ("stand-up, webinar, lunch meeting, thematic table, case discussion, intervision, "
         "work session")


def _a(default, low, high, unit, doc, source, group, check=""):
    """Declare one assumption (a `_param` with its group)."""
    return _param(default, low, high, unit, doc, source, group, check)


@dataclass(frozen=True)
class Assumptions(SpecifiedValues):
    """The constants of the model's rules; values are checked on creation.

    Pass one to `LearningCommunityModel(assumptions=...)` or `RegionModel(assumptions=...)`;
    `Assumptions()` is the calibrated default.
    """

    noun: ClassVar[str] = "assumption"

    # --- organisations (initialisation) ------------------------------------------
    org_room: Matrix = _a(
        ((0.6, 0.8), (0.4, 0.6), (0.35, 0.8), (0.9, 1.0)), 0.0, 1.0, "share of time",
        f"Range (low, high) of an organisation's room for innovation, drawn uniformly, per "
        f"kind ({KINDS}).",
        "000 intro list item 7; 002 §2, Les 4 (room to learn differs, small care "
        "organisations have least); values assumed", "organisations", ORDERED)
    org_pace: Table = _a(
        (0.4, 0.5, 0.7, 0.6), 0.0, 1.0, "level",
        f"Pace and agility of an organisation, per kind ({KINDS}); speeds up landing.",
        "000 intro list item 6 (tempo en wendbaarheid); values assumed", "organisations")
    org_turnover: Table = _a(
        (0.8, 0.8, 1.3, 1.2), 0.0, 3.0, "x turnover_rate",
        f"Staff turnover of an organisation relative to turnover_rate, per kind ({KINDS}).",
        "000 §2 (personeelsverloop); assumption: care providers and client councils lose "
        "members most often", "organisations")
    mbo_at_school: float = _a(
        0.2, 0.0, 1.0, "probability",
        "Chance an mbo seat belongs to a school (mbo student or mbo researcher) rather than "
        "to a care provider.",
        "000 §1 (mbo researchers and students take part); share assumed", "organisations")

    # --- roles --------------------------------------------------------------------
    role_mix: Table = _a(
        (0.15, 0.15, 0.30, 0.25, 0.15), 0.02, 0.8, "share of members",
        f"Share of each role in a new community ({ROLES}); practitioners take the rounding "
        f"remainder.",
        "000 §1 (mbo staff are the largest care workforce), Tekstbox 3 (few people with "
        "dementia take part); shares assumed", "roles", SHARES)
    role_time: Table = _a(
        (0.45, 0.35, 0.30, 0.25, 0.40), 0.0, 1.0, "share of a week",
        f"Time a member can give the LC when it is paid for, per role ({ROLES}).",
        "000 §3 (researchers little time, educators' hands full); 002 §2 (mbo least room "
        "to learn); values assumed", "roles")
    role_status: Table = _a(
        (1.0, 0.8, 0.8, 0.4, 0.5), 0.05, 1.0, "level",
        f"Standing of each role in the room ({ROLES}); sets how equal a contact feels.",
        "000 §1 (mbo staff not full partners), Tekstbox 3; values assumed", "roles")
    role_knowledge: Matrix = _a(
        ((0.90, 0.85, 0.15, 0.10, 0.05, 0.10, 0.05),
         (0.20, 0.15, 0.20, 0.90, 0.05, 0.40, 0.10),
         (0.10, 0.10, 0.90, 0.10, 0.10, 0.45, 0.35),
         (0.05, 0.05, 0.40, 0.05, 0.15, 0.10, 0.90),
         (0.00, 0.00, 0.05, 0.00, 0.95, 0.05, 0.10)), 0.0, 1.0, "level",
        f"Starting knowledge per role (rows: {ROLES}) and type (scientific, methodological, "
        f"clinical, didactic, experiential, organisational, work floor).",
        "000 §3 (who brings which knowledge); values assumed", "roles")
    role_interests: Matrix = _a(
        ((0.40, 0.05, 0.15, 0.05, 0.05, 0.10, 0.20),
         (0.15, 0.05, 0.15, 0.35, 0.15, 0.10, 0.05),
         (0.05, 0.25, 0.35, 0.15, 0.05, 0.10, 0.05),
         (0.00, 0.30, 0.25, 0.25, 0.10, 0.10, 0.00),
         (0.05, 0.20, 0.20, 0.05, 0.35, 0.10, 0.05)), 0.0, 1.0, "weight",
        f"What each role (rows: {ROLES}) wants from the LC, over the seven product kinds "
        f"(knowledge product, instrument, method, skills, attitude, process outcome, "
        f"publicity).",
        "000 §3 core question 1, Tekstbox 5; 001 cond. 3 ('stokpaardjes'); values assumed",
        "roles")
    knowledge_to_product: Matrix = _a(
        ((0.50, 0.05, 0.10, 0.05, 0.00, 0.05, 0.25),
         (0.30, 0.10, 0.40, 0.10, 0.00, 0.10, 0.00),
         (0.05, 0.25, 0.40, 0.20, 0.05, 0.05, 0.00),
         (0.10, 0.00, 0.20, 0.50, 0.15, 0.05, 0.00),
         (0.05, 0.15, 0.10, 0.05, 0.50, 0.10, 0.05),
         (0.05, 0.10, 0.10, 0.00, 0.05, 0.60, 0.10),
         (0.00, 0.45, 0.25, 0.20, 0.05, 0.05, 0.00)), 0.0, 1.0, "weight",
        "How much each knowledge type (rows, in role_knowledge's order) makes each product "
        "kind (columns, in role_interests' order) likely.",
        "000 §3 (products come from combining kinds of knowledge), Tekstbox 5; mapping "
        "assumed", "roles", POSITIVE_ROWS)

    # --- newcomers (initialisation, also of later recruits) ----------------------------
    knowledge_noise: float = _a(
        0.05, 0.0, 0.3, "level (sd)",
        "Spread of a newcomer's knowledge around their role's profile (normal sd).",
        "assumption", "newcomers")
    stereotype_noise: Table = _a(
        (0.8, 1.2), 0.0, 2.0, "x stereotype",
        "Range of the individual factor on a newcomer's stereotypes (uniform).",
        "assumption", "newcomers", ORDERED)
    motivation_start: Table = _a(
        (0.55, 0.85), 0.0, 1.0, "level",
        "Range of a newcomer's motivation (uniform).",
        "003 §3.3 e, §3.4 a (motivated participants); range assumed", "newcomers", ORDERED)
    expectation_start: Table = _a(
        (0.02, 0.03), 0.0, 0.5, "experience units per week",
        "Range of a founding member's expected value per unit of their rung's invitation "
        "rate (uniform).",
        "Dingyloudi & Strijbos 2015 via 003 §2.3 a (expected value); range assumed",
        "newcomers", ORDERED)
    pwd_cognitive: Table = _a(
        (0.1, 0.6), 0.0, 1.0, "level",
        "Range of the cognitive barrier of a person with dementia (uniform).",
        "000 lesson 2 (cognitive limitations); range assumed", "newcomers", ORDERED)
    pwd_socio_economic: Table = _a(
        (3.0, 2.0), 0.1, 20.0, "Beta(a, b)",
        "Beta distribution of the socio-economic position of people with dementia who join "
        "(mean a/(a+b) = 0.6: mostly higher status).",
        "000 Tekstbox 3 (mostly people with high socio-economic status take part); shape "
        "assumed", "newcomers")
    pwd_barrier_cognitive: float = _a(
        0.6, 0.0, 1.0, "weight",
        "Weight of the cognitive barrier in the participation barrier of a person with "
        "dementia.",
        "000 lesson 2 (socio-economic and cognitive barriers); weight assumed", "newcomers")
    pwd_barrier_socio_economic: float = _a(
        0.4, 0.0, 1.0, "weight",
        "Weight of a low socio-economic position in the participation barrier.",
        "000 lesson 2; weight assumed", "newcomers")
    pwd_gatekeeping: Table = _a(
        (0.1, 0.5), 0.0, 1.0, "level",
        "Range of the gatekeeping of family and professionals around a person with dementia "
        "(uniform).",
        "000 Tekstbox 3 ('gatekeeping'); range assumed", "newcomers", ORDERED)
    pwd_tolerance: Table = _a(
        (0.35, 0.7), 0.0, 1.0, "share of weeks",
        "Range of the meeting load a person with dementia bears before being overburdened "
        "(uniform).",
        "000 Tekstbox 3 (overvraging); range assumed", "newcomers", ORDERED)
    bb_skill_noise: float = _a(
        0.1, 0.0, 0.5, "level (sd)",
        "Spread of a new bridge-builder's five skills around bb_skill (normal sd).",
        "assumption", "newcomers")

    # --- meeting: work forms, presence, invitation, attendance -------------------------
    work_form_reach: Matrix = _a(
        ((0.7, 0.8, 1.0, 1.0, 0.5),
         (0.9, 0.9, 0.8, 0.7, 0.4),
         (0.8, 0.8, 0.9, 0.9, 0.8),
         (0.9, 0.8, 0.7, 0.6, 0.8),
         (0.7, 0.9, 0.9, 0.8, 0.9),
         (0.6, 0.8, 0.8, 0.7, 0.3),
         (0.8, 0.6, 0.5, 0.5, 0.6)), 0.0, 1.0, "level",
        f"How well each work form (rows: {FORMS}) fits each role's situation (columns: "
        f"{ROLES}).",
        "000 lesson 4 (work forms that fit different interests and situations); values "
        "assumed", "meeting")
    work_form_mixing: Table = _a(
        (0.5, 0.2, 0.9, 0.8, 0.7, 0.3, 0.6), 0.0, 1.0, "level",
        f"Cross-role conversation each work form brings about ({FORMS}).",
        "000 lesson 4, §2; values assumed", "meeting")
    work_form_work: Table = _a(
        (0.3, 0.1, 0.1, 0.4, 0.3, 0.1, 1.0), 0.0, 1.0, "level",
        f"Joint project work done in each work form ({FORMS}).",
        "003 §3.4 c (work sessions); values assumed", "meeting")
    work_form_reflection: Table = _a(
        (0.1, 0.2, 0.3, 0.5, 0.9, 1.0, 0.3), 0.0, 1.0, "level",
        f"Perspective exchange in each work form ({FORMS}).",
        "002 Les 2 (intervision); 004 (casusbespreking); values assumed", "meeting")
    work_form_coordination: Table = _a(
        (1.0, 0.1, 0.1, 0.3, 0.2, 0.2, 0.6), 0.0, 1.0, "level",
        f"Routines and agreements made in each work form ({FORMS}).",
        "003 §3.4 c (weekly stand-ups give a clear picture and remove blockages); values "
        "assumed", "meeting")
    standard_forms: Table = _a(
        (0.0, 0.0, 0.0, 0.2, 0.0, 0.0, 0.8), 0.0, 1.0, "weight",
        f"Chances of each work form ({FORMS}) in a community without creative variety: "
        f"mostly plenary work sessions.",
        "000 lesson 4 (asks for varied work forms); assumption: without variety a community "
        "meets in plenary work sessions", "meeting", POSITIVE_ROWS)
    phase_forms: Matrix = _a(
        ((0.0, 0.15, 0.35, 0.3, 0.1, 0.0, 0.1),
         (0.05, 0.05, 0.1, 0.3, 0.15, 0.05, 0.3),
         (0.25, 0.0, 0.05, 0.15, 0.1, 0.05, 0.4),
         (0.1, 0.25, 0.15, 0.15, 0.15, 0.1, 0.1)), 0.0, 1.0, "weight",
        f"Chances of each work form (columns: {FORMS}) that fits each phase (rows: start, "
        f"design, execute, sustain) when a community varies its forms.",
        "003 §3.2 e, §3.3, §3.4 c, §3.5 d-e; values assumed", "meeting", POSITIVE_ROWS)
    bb_availability: float = _a(
        3.0, 1.0, 20.0, "per share of a week",
        "Availability of a bridge-builder per unit of their paid capacity (full from a third "
        "of their base time).",
        "000 §2 (seconded bridge-builders are rarely on site); assumption", "meeting")
    rung_invitation: Table = _a(
        (0.0, 0.25, 0.6, 1.0), 0.0, 1.0, "probability",
        f"How often a member on each rung ({RUNGS}) is asked to a meeting.",
        "000 Tekstbox 3 (people with dementia mostly inform, sometimes advise); values "
        "assumed", "meeting")
    attendance_capacity: float = _a(
        4.0, 1.0, 20.0, "per share of a week",
        "Chance to be able to come per unit of capacity (always able from a quarter of a "
        "week).",
        "004 insight 2 (time and means); assumption", "meeting")
    attendance_motivation: float = _a(
        0.6, 0.0, 1.0, "weight",
        "Weight of motivation in the chance an invited member comes (the rest comes anyway).",
        "003 §3.3 e (motivation); weight assumed", "meeting")
    load_rate: float = _a(
        0.2, 0.01, 1.0, "per week",
        "Weight of this week's attendance in a member's meeting load (moving average).",
        "assumption", "meeting")

    # --- exchange: conversations, knowledge uptake ---------------------------------------
    contacts_per_meeting: float = _a(
        5.0, 1.0, 20.0, "conversations",
        "Conversations a member has in one meeting (fewer across groups they avoid).",
        "assumption", "exchange")
    avoidance: float = _a(
        0.8, 0.0, 1.0, "share",
        "How far a full stereotype of a group keeps members from talking with its members "
        "when nobody brokers.",
        "003 §2.4 (stereotyping); 000 Tekstbox 4 skills 1 and 4 (bridge-builders bring "
        "groups together); assumption", "exchange")
    translation_reach: float = _a(
        0.2, 0.0, 1.0, "share of distance",
        "Share of the cognitive distance a fully skilled translator bridges, for absorption "
        "and understanding.",
        "000 Tekstbox 4 skill 1 ('kunnen vertalen'); 001 promoting factor 'vertaling van "
        "kennis'; size assumed", "exchange")
    translation_revalue: float = _a(
        0.8, 0.0, 1.0, "share of discount",
        "Share of the stereotype discount on another group's knowledge that a fully skilled "
        "translator takes away.",
        "000 Tekstbox 4 skill 1, lesson 6; size assumed", "exchange")
    attitude_revalue: float = _a(
        0.4, 0.0, 1.0, "share of discount",
        "Share of the stereotype discount on another group's knowledge that a community with "
        "a full learning attitude (value_all_perspectives 1) takes away.",
        "000 lesson 6 (make room for every kind of knowledge; a learning attitude), 000 §3; "
        "size assumed", "exchange")
    learning_rate: float = _a(
        0.05, 0.0, 0.5, "share of the gap",
        "Share of a knowledge gap closed by one conversation with a fully trusted, valued and "
        "well-absorbed partner.",
        "003 §2.2, §3.2 f (trust and safety for knowledge sharing); rate assumed", "exchange")
    success_base: float = _a(
        0.55, 0.0, 1.0, "probability",
        "Chance a conversation goes well without understanding, safety or conflict.",
        "assumption", "exchange")
    success_understanding: float = _a(
        0.35, 0.0, 1.0, "probability",
        "Added chance of success from full understanding of a partner whose knowledge is "
        "fully valued.",
        "003 §2.4; 000 Tekstbox 4 skill 1 ('spraakverwarring signaleren'); size assumed",
        "exchange")
    success_valued: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of valuing the partner's knowledge in the understanding term (the rest counts "
        "anyway).",
        "000 lesson 6; weight assumed", "exchange")
    success_safety: float = _a(
        0.1, 0.0, 0.5, "probability",
        "Added chance of success at full psychological safety.",
        "003 §2.4 (a safe learning climate); size assumed", "exchange")
    success_conflict: float = _a(
        0.25, 0.0, 1.0, "probability",
        "Chance of success lost at full relational conflict.",
        "003 §2.4 a (relational conflict undermines collaboration); size assumed", "exchange")
    success_bounds: Table = _a(
        (0.02, 0.98), 0.0, 1.0, "probability",
        "Lowest and highest chance a conversation goes well.",
        "assumption: no conversation is sure to succeed or fail", "exchange", ORDERED)

    # --- trust --------------------------------------------------------------------------
    trust_foothold: float = _a(
        0.5, 0.05, 1.0, "trust level",
        "Trust from which a good experience builds trust at its full step (trust_gain); below "
        "it the step shrinks in proportion (trust builds on trust). With trust_loss x this > "
        "trust_gain, a bad experience costs more than a good one gains at every level.",
        "001 cond. 5 (trust is not static and often comes from earlier successful "
        "collaboration); 003 §2.4 (trust must be built, starts low); MODEL_BRIEF §2 and Slovic "
        "1993 (harder to build than to lose); level assumed", "trust")
    prior_trust_lift: float = _a(
        0.5, 0.0, 1.0, "share of the gap",
        "Ties with earlier successful collaboration start this share of the way from "
        "initial_trust to full trust.",
        "001 cond. 5 ('eerdere succesvolle samenwerkingen'); share assumed", "trust")
    observed_trust: float = _a(
        0.2, 0.0, 1.0, "weight",
        "Weight of seeing how the meeting went, relative to one's own conversation, as "
        "evidence for trust.",
        "003 §3.4 f (Afwegingskader vertrouwen: '(gebleken) prestaties'); weight assumed",
        "trust")
    failure_goodwill: float = _a(
        0.5, 0.0, 1.0, "share",
        "How much a partner's evident good intention (motivation) softens the trust lost in "
        "a failed conversation.",
        "003 §3.4 f (intentions are a basis of trust); share assumed", "trust")
    discussed_failure_trust: float = _a(
        0.3, 0.0, 1.0, "good experience",
        "Good experience on every tie among those present when a failed sprint is discussed "
        "openly.",
        "000 lesson 7; 003 §3.3 e (look together at how to overcome a failure); size assumed",
        "trust")
    hushed_failure_distrust: float = _a(
        0.5, 0.0, 1.0, "bad experience",
        "Bad experience on every tie among those present when a failed sprint is hushed up.",
        "000 lesson 7; 003 §2.4 (distrust); size assumed", "trust")
    hands_distrust: float = _a(
        0.1, 0.0, 1.0, "bad experience per week",
        "Bad experience a week on the trust an mbo member treated as 'hands' places in the "
        "others.",
        "000 §1 ('Dit kan leiden tot wantrouwen en onwil'); size assumed", "trust")

    # --- stereotypes ----------------------------------------------------------------------
    base_stereotype: Matrix = _a(
        ((0.0, 0.5, 0.4, 0.9, 0.6),
         (0.5, 0.0, 0.3, 0.7, 0.5),
         (0.7, 0.4, 0.0, 0.6, 0.4),
         (0.8, 0.5, 0.4, 0.0, 0.3),
         (0.5, 0.4, 0.3, 0.3, 0.0)), 0.0, 1.0, "level",
        f"How much each role (rows) discounts each role's knowledge (columns: {ROLES}) at "
        f"stereotype_strength 1.",
        "000 §1 (mbo staff as 'handjes'), §3 and lesson 6 (science slow and "
        "over-complicated; practical wisdom not seen as knowledge); 003 §2.4; values assumed",
        "stereotypes")
    good_contact_base: float = _a(
        0.5, 0.0, 2.0, "x contact_effect",
        "Stereotype reduction by a good contact without a learning attitude "
        "(value_all_perspectives adds to it).",
        "Allport 1954; 000 lesson 6 (a learning attitude); assumption", "stereotypes")
    bad_contact_effect: float = _a(
        0.5, 0.0, 2.0, "x contact_effect",
        "Stereotype rise after a bad contact, relative to contact_effect.",
        "assumption", "stereotypes")

    # --- project: combining knowledge into products ---------------------------------------
    voice: Table = _a(
        (0.0, 0.3, 0.7, 1.0), 0.0, 1.0, "weight",
        f"How much a member on each rung ({RUNGS}) shapes the joint work.",
        "000 Tekstbox 3 (participation ladder); values assumed", "project")
    work_rate: float = _a(
        2.5, 0.1, 10.0, "progress per knowledge unit",
        "Project progress per unit of combined knowledge.",
        "assumption (sets the scale of product_effort); calibrated so that a community "
        "funded for one year makes a product in most runs (003 §3.4 practice example: new "
        "training modules after half a year)", "project")
    work_between_meetings: float = _a(
        0.6, 0.0, 1.0, "share",
        "Share of project work done between meetings in members' own work time, whatever "
        "the work form; the rest is done in the meeting, as much as its form allows.",
        "003 §3.4 c (sprints: the work is done between stand-ups); share assumed", "project")
    coordination_work: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of boundary-crossing coordination in how much joint work gets done (the rest "
        "gets done anyway).",
        "Akkerman & Bakker 2011 via 003 §2.2; weight assumed", "project")
    combination_task_conflict: float = _a(
        0.5, 0.0, 1.0, "x quality",
        "Quality gained by a knowledge combination at full task conflict.",
        "003 §2.4 b (constructive conflict); Schruijer 2021; size assumed", "project")
    combination_collusion: float = _a(
        0.5, 0.0, 1.0, "x quality",
        "Quality lost by a knowledge combination at full collusion.",
        "003 §2.4 b (collusion flattens differences); size assumed", "project")
    combination_rate: float = _a(
        0.1, 0.01, 1.0, "per week",
        "Weight of this week's combination quality in its moving average "
        "(knowledge_combination).",
        "assumption", "project")
    design_effort: float = _a(
        0.3, 0.1, 2.0, "x product_effort",
        "Combined knowledge the design phase needs, relative to product_effort.",
        "003 §3.3 (design: structure and set-up); assumption, calibrated to a first product "
        "within a year", "project")
    codesign_share: float = _a(
        0.03, 0.0, 0.5, "share of input",
        "Share of a product's knowledge input from co-designing people with dementia that "
        "makes it co-designed.",
        "000 lesson 2, Tekstbox 3; threshold assumed", "project")
    mbo_share: float = _a(
        0.05, 0.0, 0.5, "share of input",
        "Share of a product's knowledge input from mbo staff at advise or higher that makes "
        "it mbo-involved.",
        "000 §1, lesson 2; threshold assumed", "project")
    educator_share: float = _a(
        0.05, 0.0, 0.5, "share of input",
        "Share of a product's knowledge input from educators that makes it "
        "educator-involved.",
        "000 §3 (educators bring didactic knowledge); threshold assumed", "project")

    # --- sprints: success and failure -------------------------------------------------------
    sprint_weeks: int = _a(
        3, 1, 10, "weeks",
        "Weeks per sprint in the execute phase; each sprint is reviewed at its end.",
        "003 §3.4 b (sprints of two or three weeks)", "sprints")
    sprint_quality_rate: float = _a(
        0.2, 0.01, 1.0, "per week",
        "Weight of this week's combination quality in the moving average a sprint review "
        "judges.",
        "assumption", "sprints")
    sprint_success_base: float = _a(
        0.3, 0.0, 1.0, "probability",
        "Chance a sprint succeeds at combination quality 0.",
        "assumption", "sprints")
    sprint_success_quality: float = _a(
        1.5, 0.0, 5.0, "probability per quality",
        "Added chance of sprint success per unit of combination quality.",
        "001 cond. 1 (transdisciplinarity); size assumed", "sprints")
    sprint_success_max: float = _a(
        0.9, 0.0, 1.0, "probability",
        "Highest chance a sprint succeeds.",
        "000 lesson 7 (failures happen); assumption", "sprints")
    sprint_reputation: float = _a(
        0.2, 0.0, 2.0, "value units",
        "Reputational capital of a successful sprint.",
        "003 §3.5 d-e (sharing interim results); size assumed", "sprints")
    sprint_learning: float = _a(
        0.2, 0.0, 2.0, "value units",
        "Learning capital of a successful sprint at full reflection across boundaries.",
        "000 lesson 7 (learning from successes); 003 §2.2 (reflection), §2.3 c; size "
        "assumed", "sprints")
    sprint_motivation: float = _a(
        0.02, 0.0, 0.2, "level",
        "Motivation gained by those present at a successful sprint.",
        "003 §3.3 e (celebrate interim results); size assumed", "sprints")
    failure_discussion_base: float = _a(
        0.5, 0.0, 1.0, "x safety",
        "Chance per unit of psychological safety that a failure is discussed when "
        "embrace_failure is 0 (embrace_failure adds to it).",
        "000 lesson 7 (a safe and open culture); assumption", "sprints")
    failure_learning: float = _a(
        0.5, 0.0, 2.0, "value units",
        "Learning capital of a discussed failure, before the reflection score is added.",
        "000 lesson 7; 003 §2.3 c (learning capital); size assumed", "sprints")
    failure_rework: float = _a(
        0.3, 0.0, 1.0, "share of progress",
        "Share of the project's progress a failed sprint costs when it is hushed up (the "
        "same mistakes are made again, work is redone).",
        "000 lesson 7 (lessons from failures); 003 §2.4 (blame, negative patterns); share "
        "assumed", "sprints")
    failure_lesson_saves: float = _a(
        0.7, 0.0, 1.0, "share",
        "Share of that rework a failure discussed openly saves: the lesson drawn keeps the "
        "work that was sound.",
        "000 lesson 7 ('waardevolle lessen kunnen trekken uit (elkaars) successen én "
        "mislukkingen'); share assumed",
        "sprints")
    hushed_flaw: float = _a(
        0.2, 0.0, 1.0, "share of quality",
        "Share of the project's quality a hushed-up failure costs: the flaw nobody names goes "
        "into the product.",
        "000 lesson 7; 003 §2.4 (collusion: conflict avoided, differences left unused); share "
        "assumed", "sprints")

    # --- climate ----------------------------------------------------------------------------
    relational_conflict_start: float = _a(
        0.1, 0.0, 1.0, "level",
        "Relational conflict in a new community.",
        "assumption", "climate")
    safety_facilitation: float = _a(
        0.1, 0.0, 0.5, "level",
        "Psychological safety a facilitator with full 'creating movement' skill adds to the "
        "target.",
        "003 §2.4 (facilitators help create a safe climate); 000 Tekstbox 4 skill 4; size "
        "assumed", "climate")
    safety_trust: float = _a(
        0.2, 0.0, 1.0, "level per trust",
        "Psychological safety gained per unit of mean trust above safety_trust_midpoint.",
        "003 §3.4 a; size assumed", "climate")
    safety_trust_midpoint: float = _a(
        0.5, 0.0, 1.0, "level",
        "Mean trust at which trust neither lifts nor lowers psychological safety.",
        "assumption", "climate")
    safety_conflict: float = _a(
        0.4, 0.0, 1.0, "level",
        "Psychological safety lost at full relational conflict.",
        "003 §2.4 a; size assumed", "climate")
    safety_drift: float = _a(
        0.05, 0.01, 1.0, "per week",
        "Share of the way psychological safety moves towards its target each week.",
        "assumption", "climate")
    conflict_stereotype: float = _a(
        0.35, 0.0, 1.0, "level",
        "Relational conflict fed by full stereotyping among those present.",
        "003 §2.4 a (stereotyping); size assumed", "climate")
    conflict_defusing: float = _a(
        0.6, 0.0, 1.0, "share",
        "Share of the stereotype-fed conflict a facilitator with full 'equal participation' "
        "skill defuses.",
        "000 Tekstbox 4 skill 2; share assumed", "climate")
    conflict_distrust: float = _a(
        0.15, 0.0, 1.0, "level",
        "Relational conflict fed by full distrust.",
        "003 §2.4 a (distrust); size assumed", "climate")
    conflict_power: float = _a(
        0.25, 0.0, 1.0, "level",
        "Relational conflict fed by full power play.",
        "003 §2.4 a (power play, win-lose); size assumed", "climate")
    conflict_hushed: float = _a(
        0.3, 0.0, 1.0, "level",
        "Relational conflict fed by recently hushed-up failures.",
        "000 lesson 7; assumption", "climate")
    conflict_drift: float = _a(
        0.1, 0.01, 1.0, "per week",
        "Share of the way relational conflict moves towards its target each week.",
        "assumption", "climate")
    open_failure_safety: float = _a(
        0.3, 0.0, 1.0, "level",
        "Psychological safety a failure discussed openly adds to the target while it is "
        "remembered (members see that speaking up is safe).",
        "000 lesson 7 (a safe and open culture that learns from failures); 003 §3.3 e "
        "(look as a group, not at the individual); size assumed", "climate")
    hushed_memory: float = _a(
        0.9, 0.0, 1.0, "share kept per week",
        "Share of the memory of a failed sprint (hushed up or discussed) kept from one week "
        "to the next.",
        "assumption", "climate")
    misalignment_power: float = _a(
        2.0, 0.0, 5.0, "x misalignment",
        "Power play per unit of interest misalignment among those present, without a shared "
        "ambition.",
        "003 §2.4 a; 001 hindering factor 'belangenconflicten'; size assumed", "climate")

    # --- boundary crossing ------------------------------------------------------------------
    boundary_start: float = _a(
        0.05, 0.0, 1.0, "level",
        "Each boundary-crossing score in a new community.",
        "assumption", "boundary crossing")
    boundary_rate: float = _a(
        0.05, 0.0, 0.5, "per week",
        "Share of the remaining gap a boundary-crossing score closes at full push.",
        "Akkerman & Bakker 2011 via 003 §2.2; rate assumed", "boundary crossing")
    boundary_decay: float = _a(
        0.01, 0.0, 0.2, "per week",
        "Share of a boundary-crossing score lost each week it is not kept up.",
        "assumption", "boundary crossing")
    movement_coordination: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of a bridge-builder's 'creating movement' in the coordination push (the rest "
        "comes from the work form alone).",
        "000 Tekstbox 4 skill 4 (keeping collaboration going); weight assumed",
        "boundary crossing")

    # --- phases -----------------------------------------------------------------------------
    ambition_to_design: float = _a(
        0.5, 0.0, 1.0, "level",
        "Shared ambition at which a community moves from start to design.",
        "003 §3.2 e ('als de gemeenschappelijke basis voldoende solide is'); 001 cond. 2; "
        "level assumed", "phases")
    ambition_rate: float = _a(
        0.9, 0.0, 1.0, "per week",
        "Weekly growth of the shared ambition (share of the remaining gap) at full "
        "alignment, attendance and trust.",
        "000 lesson 1; 001 cond. 2-3; rate calibrated so that the start (orientation) phase "
        "ends within weeks to a few months (003 §3.4 b: 'vaak enkele weken')", "phases")
    ambition_alignment_base: float = _a(
        0.1, 0.0, 1.0, "level",
        "Alignment that happens with the alignment lever at 0 (the lever adds to it).",
        "000 lesson 1; assumption", "phases")
    ambition_trust_base: float = _a(
        0.5, 0.0, 2.0, "level",
        "Growth factor of the shared ambition at mean trust 0 (mean trust adds to it).",
        "assumption", "phases")
    ambition_decay: float = _a(
        0.01, 0.0, 0.05, "per week",
        "Share of the shared ambition lost each week (it needs continuous work).",
        "003 §3.5 d (no one-off agreement); rate assumed", "phases")
    min_members: int = _a(
        5, 2, 20, "persons",
        "A community with fewer active members dissolves.",
        "assumption", "phases")
    min_fields: int = _a(
        2, 1, 3, "fields",
        "A community in which fewer of research, education and practice take part "
        "dissolves.",
        "000 intro (an LC connects the three fields); 003 §2.5 (several kinds of "
        "stakeholders)", "phases")
    min_meeting_share: float = _a(
        0.2, 0.05, 0.5, "share of members at the start",
        "A week in which fewer members are present than this share of the community's "
        "members at the start (rounded, and at least two people) counts as a week without "
        "a meeting.",
        "assumption: 6 of a community of 30, a team of 8-12 per theme meeting in part (003 "
        "§3.3 b); calibrated so that survival after funding rises gradually with the "
        "funding years (003 §2.5: the collaboration often ends with the subsidy)", "phases")
    weeks_without_meeting: int = _a(
        8, 1, 52, "weeks",
        "A community that has not met for this many weeks dissolves.",
        "assumption: two months", "phases")
    sustain_paid_time: float = _a(
        0.5, 0.0, 1.0, "share of time",
        "Mean share of paid members' time paid for below which an executing community turns "
        "to sustaining what it made (and above which a sustaining one executes again).",
        "003 §3.5 (verduurzamen: goals re-set when the means change); 003 §2.5; level "
        "assumed", "phases")

    # --- participation ladder ---------------------------------------------------------------
    rung_up_base: float = _a(
        0.035, 0.0, 0.1, "per week",
        "Weekly chance a low-status member climbs a rung without a policy or facilitator.",
        "000 Tekstbox 3 (people with dementia mostly inform, regularly advise, rarely become "
        "full partners); rate calibrated to those shares",
        "participation")
    rung_up_policy: float = _a(
        0.05, 0.0, 0.2, "per week",
        "Added weekly chance to climb under a full participation policy.",
        "000 lesson 2; rate assumed", "participation")
    rung_up_facilitation: float = _a(
        0.015, 0.0, 0.1, "per week",
        "Added weekly chance to climb with a facilitator of full 'equal participation' skill.",
        "000 Tekstbox 4 skill 2; rate assumed", "participation")
    policy_barrier_cut: float = _a(
        0.5, 0.0, 1.0, "share",
        "Share of the barriers of people with dementia a full participation policy removes.",
        "000 lesson 2 (address socio-economic and cognitive barriers); share assumed",
        "participation")
    movement_gatekeeping_cut: float = _a(
        0.5, 0.0, 1.0, "share",
        "Share of gatekeeping a facilitator with full 'creating movement' skill overcomes.",
        "000 Tekstbox 4 skill 4 (handling resistance of gatekeepers); share assumed",
        "participation")
    overburden_motivation_loss: float = _a(
        0.1, 0.0, 1.0, "share",
        "Share of motivation lost by a member who steps back a rung, overburdened.",
        "000 Tekstbox 3 (overvraging); share assumed", "participation")
    hands_experience_penalty: float = _a(
        0.05, 0.0, 0.5, "experience units per week",
        "Experienced value lost each week an mbo member is used as 'hands'.",
        "000 §1 ('handjes'); size assumed", "participation")

    # --- membership: motivation, dropout, recruitment ---------------------------------------
    experience_rate: float = _a(
        0.1, 0.01, 1.0, "per week",
        "Weight of this week's value in a member's experienced value (moving average).",
        "assumption", "membership")
    inspiring_motivation: float = _a(
        0.001, 0.0, 0.01, "level per week",
        "Motivation every member gains a week from a bridge-builder of full 'inspiring' "
        "skill.",
        "000 Tekstbox 4 skill 3; size assumed", "membership")
    bb_skill_growth: float = _a(
        0.005, 0.0, 0.05, "per week",
        "Share of the gap to full skill a bridge-builder closes a week at "
        "bridge_builder_investment 1.",
        "000 lesson 3 (invest in their soft skills); rate assumed", "membership")
    bb_refill_base: float = _a(
        0.1, 0.0, 1.0, "probability",
        "Chance a vacated bridge-builder post is kept open to be filled (a formalised "
        "function) without investment in the function; investment raises it towards 1.",
        "000 lesson 3, §2 (turnover of bridge-builders; invest in the function); chance "
        "assumed", "membership")
    recruitment_rate: float = _a(
        0.05, 0.0, 0.5, "per week",
        "Weekly chance an empty seat is filled when its time is fully paid and the ambition "
        "is full.",
        "004 insights 2-3 (time and means, frontrunners); rate assumed", "membership")
    recruitment_ambition: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of the shared ambition in the chance of recruitment (the rest does not "
        "depend on it).",
        "004 insight 3; 003 §3.5 b; weight assumed", "membership")
    dropout_value: float = _a(
        0.05, 0.0, 0.5, "per week",
        "Weekly dropout chance of a member with no motivation left.",
        "003 §2.4 a ('het afhaken van partijen'); 001 cond. 3; rate assumed", "membership")
    dropout_motivation_floor: float = _a(
        0.35, 0.01, 1.0, "level",
        "Motivation below which a member starts to consider leaving.",
        "assumption", "membership")
    dropout_distrust: float = _a(
        0.006, 0.0, 0.1, "per week",
        "Weekly dropout chance of a member nobody trusts.",
        "003 §2.4 a (distrust); rate assumed", "membership")
    dropout_trust_floor: float = _a(
        0.25, 0.01, 1.0, "level",
        "Trust received below which distrust starts to push a member out.",
        "assumption", "membership")
    dropout_hands: float = _a(
        0.004, 0.0, 0.1, "per week",
        "Weekly dropout chance of an mbo member used as 'hands'.",
        "000 §1 ('wantrouwen en onwil'); rate assumed", "membership")
    dropout_conflict: float = _a(
        0.01, 0.0, 0.1, "per week",
        "Weekly dropout chance at full relational conflict (it grows with its square).",
        "003 §2.4 a; rate assumed", "membership")

    # --- products: fit, landing, use -----------------------------------------------------------
    fit_base: float = _a(
        0.15, 0.0, 1.0, "level",
        "Fit of a product to a landing place that nobody who will use it helped make.",
        "000 lesson 5; assumption", "products")
    fit_codesigned: float = _a(
        0.5, 0.0, 1.0, "level",
        "Fit added by co-design with people with dementia.",
        "000 lesson 2; 004 insight 4 (experts by experience); size assumed", "products")
    fit_mbo: float = _a(
        0.2, 0.0, 1.0, "level",
        "Fit added when mbo staff took part at advise or higher.",
        "000 §1; 002 §3 (innovations 'over de schutting' do not fit); size assumed",
        "products")
    fit_educator: float = _a(
        0.15, 0.0, 1.0, "level",
        "Fit to education added when educators took part.",
        "000 §3 (educators bring didactic knowledge); size assumed", "products")
    fit_quality: float = _a(
        0.15, 0.0, 1.0, "level per quality",
        "Fit added per unit of product quality.",
        "000 lesson 5; size assumed", "products")
    landing_rate: float = _a(
        0.12, 0.0, 1.0, "per week",
        "Weekly landing chance of a fully fitting product at a free place with full room "
        "and push.",
        "000 lesson 5; rate assumed", "products")
    landing_pace_base: float = _a(
        0.5, 0.0, 2.0, "level",
        "Landing factor of an organisation of pace 0 (its pace adds to it).",
        "000 intro list item 6 (pace and agility); assumption", "products")
    landing_without_place: float = _a(
        0.06, 0.0, 1.0, "share",
        "Landing chance without a free pilot or minor, relative to with one.",
        "000 lesson 5 (landing places with room for renewal, such as minors and pilots); "
        "share assumed", "products")
    landing_push_base: float = _a(
        0.3, 0.0, 1.0, "level",
        "Landing push without effort to make products accessible.",
        "assumption", "products")
    landing_push_effort: float = _a(
        0.7, 0.0, 2.0, "level",
        "Landing push added by full product_landing effort.",
        "000 lesson 5 (accessible, understandable, findable); size assumed", "products")
    landing_change: float = _a(
        0.2, 0.0, 1.0, "weight",
        "Weight of a change agent (driving change, decision authority) in the landing push "
        "(the rest does not depend on one).",
        "000 Tekstbox 4 skill 5, §2 (no authority to decide); weight assumed", "products")
    landing_after_dissolution: float = _a(
        0.3, 0.0, 1.0, "share",
        "Landing chance of a dissolved community's products, relative to an active one's.",
        "003 §3.5 g (a vacuum between development and application); share assumed",
        "products")
    pilot_weeks: int = _a(
        26, 1, 156, "weeks",
        "Weeks a landing occupies a pilot or minor.",
        "000 lesson 5 (pilots, minors); assumption: about half a year", "products")
    room_slots: float = _a(
        4.0, 1.0, 20.0, "products per unit of room",
        "Products an organisation with full room for innovation can keep in use before its "
        "room is taken up.",
        "000 intro list item 7 (room for change); assumption", "products")
    # --- products: upkeep of uses (000 lesson 5, §3) -------------------------------------
    product_work_share: float = _a(
        0.3, 0.0, 1.0, "share of project time",
        "Share of the community's project time spent on making products accessible and "
        "keeping them up at full product_landing (it is taken from project work).",
        "000 lesson 5, §3 (products must be made accessible and maintained); share assumed",
        "upkeep")
    upkeep_need: float = _a(
        0.05, 0.001, 1.0, "member-weeks per week",
        "Time one product needs a week to be fully kept up (in use) or made accessible "
        "(waiting to land).",
        "000 §3 ('passen en meten', maintenance); size assumed", "upkeep")
    upkeep_restore: float = _a(
        0.05, 0.0, 1.0, "per week",
        "Share of the gap to a full local fit that full upkeep closes a week.",
        "000 §3 (maatwerk, local adaptation); rate assumed", "upkeep")
    upkeep_outsider: float = _a(
        0.4, 0.0, 1.0, "share",
        "Upkeep effect where no member of the using organisation takes part, relative to "
        "where one does.",
        "000 §3 (what works locally need not work elsewhere); 002 §3 (innovations thrown "
        "'over de schutting'); share assumed", "upkeep")
    fit_drift: float = _a(
        0.01, 0.0, 0.2, "per week",
        "Share of a use's local fit lost each week as the setting and the product change.",
        "000 §3 (instruments are in a constant state of development); rate assumed",
        "upkeep")
    discontinue_rate: float = _a(
        0.03, 0.0, 0.2, "per week",
        "Weekly chance a use that no longer fits at all (local fit 0) is dropped; it falls "
        "in proportion to local fit.",
        "000 §3 (researchers have little time to keep products alive); rate assumed",
        "upkeep")

    # --- learning paths and room to learn (002) --------------------------------------------
    formal_path_room: Table = _a(
        (0.0, 0.0, 0.6, 2.0), 0.0, 2.0, "room for innovation",
        f"Room for innovation from which an organisation has a formal learning path "
        f"(courses, an academy), per kind ({KINDS}); above 1 never.",
        "002 §2 (large care organisations have academies, small day-care locations not; "
        "room as a proxy of size); thresholds assumed", "learning")
    course_reach: Table = _a(
        (0.5, 0.8), 0.0, 1.0, "share of staff",
        "Share of the staff using a product that courses reach, in practice and in "
        "education.",
        "002 §2 (doctors, psychologists, nurses must keep their registration; carers, day "
        "care coordinators and case managers have less room; mbo teachers less than hbo); "
        "shares assumed", "learning")
    learning_informal: float = _a(
        0.005, 0.0, 0.2, "per week",
        "Weekly share of untrained staff who pick up a product informally from colleagues, "
        "at full room to learn.",
        "002 §2 (informal learning path); rate assumed", "learning")
    learning_course: float = _a(
        0.02, 0.0, 0.5, "per week",
        "Weekly share of untrained staff reached by courses who learn to work with a "
        "product, at full room to learn.",
        "002 §2 (formal path, often felt to be apart from daily practice); rate assumed",
        "learning")
    learning_in_pilot: float = _a(
        0.06, 0.0, 0.5, "per week",
        "Weekly share of untrained staff who learn to work with a product on the job while "
        "it is in its pilot, at full room to learn.",
        "002 Les 3 (informal learning lands better), Les 5 (couple learning to pilots); "
        "rate assumed", "learning")
    trained_staff_leaving: float = _a(
        0.003, 0.0, 0.05, "per week",
        "Weekly share of trained staff who leave, at turnover factor 1.",
        "000 §2 (personeelsverloop); about 15% a year, assumed", "learning")

    landing_reputation: float = _a(
        0.1, 0.0, 1.0, "x quality",
        "Reputational capital of a landing, per unit of product quality.",
        "003 §2.3 c (reputational capital); size assumed", "products")
    interest_weight: float = _a(
        0.3, 0.0, 2.0, "experience units per quality",
        "Felt value of a landed product to a member whose interests it fully serves.",
        "000 §3 core questions 1-2; 001 cond. 3; size assumed", "products")

    # --- value --------------------------------------------------------------------------------
    capital_units: Table = _a(
        (20.0, 10.0, 1.0, 1.0, 1.0), 0.01, 1000.0, "raw amount per value unit",
        "Raw amount of each capital (human, social, tangible, reputational, learning) worth "
        "one value unit, about one good product.",
        "Wenger, Trayner & de Laat 2011 via 003 §2.3 c (five capitals); scale assumed",
        "value")
    meeting_value: float = _a(
        0.02, 0.0, 0.5, "experience units",
        "Value a member feels from just having met.",
        "004 (new contacts, new insights); size assumed", "value")
    realized_rate: float = _a(
        0.065, 0.0, 0.5, "value units per week",
        "Realized value a week of a product of quality 1 in use at an organisation with full "
        "room, after the lag.",
        "003 §2.3 e (realized value takes time); 002 Les 4-5 (room to learn); rate assumed",
        "value")
    transformative_uncodesigned: float = _a(
        0.3, 0.0, 1.0, "share",
        "Transformative share of the realized value of a product not co-designed, relative "
        "to a co-designed one.",
        "003 §2.3 f; 000 lesson 2; share assumed", "value")
    motivation_rate: float = _a(
        0.02, 0.0, 0.2, "level per week",
        "Largest weekly change of motivation from the gap between experienced and expected "
        "value.",
        "003 §2.3 a; 001 cond. 3; rate assumed", "value")
    motivation_baseline: float = _a(
        0.7, 0.0, 1.0, "level",
        "Motivation a member settles back to when value meets expectations.",
        "assumption", "value")
    motivation_settling: float = _a(
        0.05, 0.0, 0.2, "per week",
        "Share of the way motivation settles back to its baseline each week.",
        "assumption", "value")
    expectation_rate: float = _a(
        0.01, 0.0, 0.2, "per week",
        "Share of the way expectations move towards experienced value each week.",
        "Dingyloudi & Strijbos 2015 via 003 §2.3 a; rate assumed", "value")

    # --- funding ----------------------------------------------------------------------------
    embedding_proof: float = _a(
        0.5, 0.01, 10.0, "value units",
        "Applied value at an organisation that proves the LC there to 63 % (the proof "
        "saturates exponentially).",
        "001 promoting factor 'inbedding'; 003 §3.5 h; scale assumed", "funding")

    # --- governance: project leader, decision-makers' backing ------------------------------
    leader_goal_guarding: float = _a(
        0.5, 0.0, 1.0, "share",
        "Share of the weekly loss of shared ambition a fully present, full-quality project "
        "leader prevents.",
        "004 insight 6 ('bewaakt de doelstelling'); size assumed", "governance")
    leader_connecting: float = _a(
        0.3, 0.0, 2.0, "x growth",
        "How much faster the shared ambition grows with a fully present, full-quality "
        "leader who motivates and connects the parties.",
        "004 insight 6 ('motiveert en verbindt'); 003 §3.3 b; size assumed", "governance")
    leader_convening: float = _a(
        0.5, 0.0, 1.0, "share",
        "Convening a fully present, full-quality leader brings to the next meeting, as a "
        "share of a bridge-builder's full 'creating movement' (members come more often).",
        "004 insight 6 ('initieert, faciliteert ... motiveert en verbindt'); 001 "
        "'Persoonlijke relaties' (the leader is essential for the relations between "
        "parties); size assumed", "governance")
    leader_safety: float = _a(
        0.1, 0.0, 0.5, "level",
        "Psychological safety a fully present, full-quality leader adds to the target.",
        "001 'Persoonlijke relaties' (vertrouwde omgeving); size assumed", "governance")
    leader_time: float = _a(
        0.2, 0.0, 0.8, "share of capacity",
        "Share of the leader's LC time that leading takes from meetings and project work.",
        "004 insight 6 (initieert, faciliteert, verbindt); share assumed", "governance")
    leader_successor_start: float = _a(
        0.3, 0.0, 1.0, "level",
        "Experience in the post of a newcomer who takes over the leader's seat.",
        "001 'Persoonlijke relaties' (the leader's relations must be rebuilt); assumption",
        "governance")
    leader_growth: float = _a(
        0.03, 0.0, 0.5, "per week",
        "Share of the remaining way a new leader grows into the post each week.",
        "assumption (about half a year to grow in)", "governance")
    backing_start: float = _a(
        0.2, 0.0, 1.0, "level",
        "Backing of an organisation's decision-makers when the consortium starts (they "
        "signed up).",
        "003 §3.2 e (directors at the consortium meetings); assumption", "governance")
    backing_rate: float = _a(
        0.03, 0.0, 0.5, "per week",
        "Weekly growth of backing (share of the remaining way) with full involvement and a "
        "full signal.",
        "003 §3.5 h (key stakeholders continuously involved); rate assumed", "governance")
    backing_involvement_base: float = _a(
        0.25, 0.0, 1.0, "intensity",
        "Involvement decision-makers have without effort to involve them (they hear of the "
        "LC anyway).",
        "004 insight 2; assumption", "governance")
    backing_presence: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of the organisation's staff taking part in the signal that builds backing "
        "(the rest is value proved there).",
        "004 insight 2 (permission to take part); 002 §3 (managers need proof); weight "
        "assumed", "governance")
    backing_decay: float = _a(
        0.005, 0.0, 0.1, "per week",
        "Share of backing lost each week without renewal (managers change, priorities "
        "move).",
        "000 §2 (personeelsverloop); rate assumed", "governance")

    # --- indicators -------------------------------------------------------------------------
    fte_hours: float = _a(
        36.0, 32.0, 40.0, "hours per week",
        "Hours of one full-time week (FTE), to turn members' shares of a week into hours.",
        "assumption: a full-time week in Dutch care and education (cao VVT 36 hours)",
        "indicators")
    lasting_check_weeks: int = _a(
        104, 26, 260, "weeks",
        "Weeks after all funding ends at which products still in use are counted (for paid "
        "hours in the funded years per lasting product).",
        "003 §2.5 (value lost after the subsidy ends); two years: assumption, the default "
        "observation window", "indicators")
    strong_tie: float = _a(
        0.5, 0.0, 1.0, "level",
        "Trust at which a tie counts as a personal relation (cross_role_tie_share, "
        "personal_relations).",
        "001 cond. 4 (personal relations); threshold assumed", "indicators")
    members_per_bridge_builder: float = _a(
        10.0, 1.0, 100.0, "persons",
        "Active members one bridge-builder covers in the professional_organisation score.",
        "001 cond. 6; assumption", "indicators")
    organisation_coordination: float = _a(
        0.6, 0.0, 1.0, "weight",
        "Weight of coordination in professional_organisation (the rest is bridge-builder "
        "cover).",
        "001 cond. 6; weight assumed", "indicators")
    meaningful_progress: float = _a(
        0.5, 0.0, 1.0, "weight",
        "Weight of phase progress in meaningful_process (the rest counts from the start).",
        "001 cond. 7; weight assumed", "indicators")
    phase_progress: Table = _a(
        (0.0, 0.33, 0.67, 1.0, 0.0), 0.0, 1.0, "level",
        "Progress of each phase (start, design, execute, sustain, dissolved) in "
        "meaningful_process.",
        "003 ch. 3 (phases); values assumed", "indicators")

    # --- interventions (defaults of their arguments) ----------------------------------------
    workshop_effect: float = _a(
        0.25, 0.0, 1.0, "share",
        "Share of attendees' stereotypes a workshop against stereotypes takes away.",
        "000 lesson 6; size assumed", "interventions")
    policy_level: float = _a(
        0.8, 0.0, 1.0, "intensity",
        "Participation policy a community adopts when it starts one during a run.",
        "000 lesson 2; assumption", "interventions")
    follow_up_grant_years: float = _a(
        2.0, 0.0, 10.0, "years",
        "Length of a follow-up grant given during a run.",
        "003 §3.5 f (follow-up funding); assumption", "interventions")

    # --- lever mechanisms: learning capacity, bridge-builder posts, ambition (issue 11) -----
    learning_capacity_half: float = _a(
        3.0, 0.1, 50.0, "value units",
        "Learning capital at which the community's learning capacity is half its maximum "
        "(capacity = LC / (LC + this)).",
        "003 §2.3 c ('Leerkapitaal is het (ontwikkelen) van leervermogen'); size assumed",
        "lever mechanisms")
    learning_capacity_success: float = _a(
        0.2, 0.0, 0.5, "probability",
        "Added chance a sprint succeeds at full learning capacity: lessons drawn earlier "
        "improve later work.",
        "000 lesson 7; 003 §2.3 c; size assumed", "lever mechanisms")
    failure_stereotype_relief: float = _a(
        0.05, 0.0, 0.5, "share",
        "Share of their views of the other roles present that members lose when a failure is "
        "discussed together.",
        "000 §3 (reflecting on successes and failures helps value all perspectives); size "
        "assumed", "lever mechanisms")
    bb_training_time: float = _a(
        0.05, 0.0, 0.5, "share of weeks",
        "Share of a bridge-builder's weeks spent on training and intervision off site at "
        "bridge_builder_investment 1 (the cost of investing in soft skills).",
        "001 cond. 8 (time and capacity to develop soft skills); share assumed",
        "lever mechanisms")
    bb_post_time: float = _a(
        0.3, 0.0, 1.0, "share of a week",
        "Paid time a formalised bridge-builder post keeps for the function at "
        "bridge_builder_investment 1, also when the members' other time is no longer paid.",
        "000 §2 ('beperkt aanwezig op locatie'); 001 ('formalisering van "
        "verantwoordelijkheden'); share assumed: one and a half days a week", "lever mechanisms")
    convening_attendance: float = _a(
        0.3, 0.0, 2.0, "relative rise",
        "Relative rise of each member's chance to attend when a bridge-builder of full "
        "'creating movement' skill is present (the rise is capped at certainty).",
        "000 Tekstbox 4 skill 4 ('samenwerkingen continu opstarten en gaande houden'); size "
        "assumed", "lever mechanisms")
    bb_vacancy_fill: float = _a(
        0.1, 0.0, 1.0, "per week",
        "Weekly chance a vacant bridge-builder post is filled, when the time of its "
        "organisation is fully paid.",
        "000 §2 (turnover of bridge-builders); 001 (formalising roles); rate assumed: about "
        "ten weeks", "lever mechanisms")
    newcomer_ambition_dilution: float = _a(
        1.0, 0.0, 1.0, "weight",
        "How far newcomers dilute the shared ambition: it falls by this weight times the "
        "share of newcomers among the active members (they do not share it yet).",
        "003 §3.5 d ('geen eenmalige afspraak'), §3.5 b (a newcomer is a moment to revisit "
        "the goal); weight assumed", "lever mechanisms")

    # --- reporting (the event log only) -----------------------------------------------------
    stall_report_weeks: int = _a(
        52, 13, 156, "weeks",
        "Weeks without landing after which a product is reported as stalled.",
        "assumption: a year", "reporting")
    stereotype_report_weeks: int = _a(
        13, 1, 52, "weeks",
        "Interval at which a shift of the mean stereotype is checked for the event log.",
        "assumption: a quarter", "reporting")
    stereotype_report_shift: float = _a(
        0.03, 0.0, 1.0, "level",
        "Change of the mean stereotype since the last report that is worth reporting.",
        "assumption", "reporting")

    def __post_init__(self) -> None:
        super().__post_init__()
        arrays = {}
        for spec in self.specs():
            if spec.kind is tuple:
                array = np.array(getattr(self, spec.name), dtype=float)
                array.flags.writeable = False
                arrays[spec.name] = array
        object.__setattr__(self, "_arrays", arrays)

    def array(self, name: str) -> np.ndarray:
        """A table as a read-only numpy array of floats (made once, on creation)."""
        return self._arrays[name]

    def replace(self, **changes: Any) -> Assumptions:
        """A copy with some values changed (validated, unknown names rejected)."""
        return super().replace(**changes)

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = "") -> Assumptions:
        """Build from plain values (numbers, lists for tables); errors name `where`.

        Raises:
            ParameterError: one line naming `where`, the assumption and its allowed range.
        """
        return super().from_dict(values, where=where)


DEFAULTS = Assumptions()


def as_assumptions(value: Assumptions | dict[str, Any] | None, *,
                   where: str = "assumptions") -> Assumptions:
    """An `Assumptions` from None (the defaults), a dict of changes, or an `Assumptions`.

    Raises:
        ParameterError: for an unknown name or a value out of range (one line).
    """
    if value is None:
        return DEFAULTS
    if isinstance(value, Assumptions):
        return value
    if isinstance(value, dict):
        return Assumptions.from_dict(value, where=where)
    raise ParameterError(f"{where}: expected lcsim.Assumptions or a dict of assumption "
                         f"values; got {type(value).__name__}")


def split_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split name=value settings (e.g. of `lcsim run --set`) into parameters and assumptions.

    Names of neither kind stay with the parameters, so `Params.from_dict` reports them.
    """
    names = set(Assumptions.names())
    return ({k: v for k, v in values.items() if k not in names},
            {k: v for k, v in values.items() if k in names})


def _by_group() -> dict[str, list]:
    groups: dict[str, list] = {}
    for spec in Assumptions.specs():
        groups.setdefault(spec.group, []).append(spec)
    return groups


def assumptions_table() -> str:
    """A plain-text table of every assumption by group: name, default, range, unit, meaning,
    source (for `lcsim params --assumptions`)."""
    return "\n\n".join(f"[{group}]\n{specs_table(specs, max_width=30)}"
                       for group, specs in _by_group().items())


def assumptions_markdown() -> str:
    """The assumptions as Markdown, one table per group (used in docs/ODD.md)."""
    return "\n\n".join(f"**{group.capitalize()}**\n\n{specs_markdown(specs)}"
                       for group, specs in _by_group().items())
