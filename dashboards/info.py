"""The Info panel's text: what the model is, what each view shows, how to use the
dashboard, and where its mechanisms come from (the model description, docs/ODD.md, with
a source for each)."""

from __future__ import annotations

from pathlib import Path

import markdown

from lcsim.outputs import plain_label

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"

INFO = f"""
### What is this model?
A **learning community** brings researchers, educators, practitioners, mbo care staff and
people with dementia and their carers together to close the gap between research, practice
and education in Dutch dementia care. lcsim simulates one such community week by week
(or a region of them): who meets, whom they trust, how much they discount each other's
knowledge, what they make together, and whether it lands in practice and education.
Every mechanism comes from five Dutch source documents; the **model description** (open
it below, or download it) gives a source for each.

### What each view shows
- **Status line**: the week (of the run's last week), the phase, the funding, members
  and bridge-builders.
- **Network**: every member as a marker (colour and shape = role); a thick dark line is
  high trust; a yellow disc with a black ring is a bridge-builder; × is an empty seat.
- **The eight conditions** for lasting collaboration, each from 0 (absent) to 1 (fully met).
- **Charts** (choose one): *Trust* (0-1), *Stereotyping* (% of other groups' knowledge
  members discount: the same number as the event log; the slider
  *{plain_label('stereotype_strength')}* scales each group's typical discount, so 0.9 starts
  near 45%), *Participation* (%),
  *Value* (six value cycles, each lane on its own scale, its top and unit printed at the
  right) and *Products* (counts). Value is counted in the model's own units ("model value
  units"; immediate value in "experience units"): they compare weeks and runs with each
  other, not with euros or hours. Dotted lines are interventions, named at the top;
  the dash-dotted vermillion line is the end of funding.
- **Event log**: what happened, newest first. A blue line under an entry names the
  intervention it came after ("After the workshop in week 55 ..."): that is *when* it
  happened, not proof that it caused it. It names one only where the intervention acts
  on what the entry reports (a move to sustain follows an end of funding, not a new
  bridge-builder) and where such entries were not already coming before it.
  *Key moments only* hides joins, turnover and steps on the participation ladder.

### How to use it
1. Choose a *classroom scenario* or move the levers on the left; press **Reset** to start
   a run with them (at week 0 they apply at once).
2. **Step** one week, **Play** at a chosen speed (the speed it reaches is shown), or
   **Run until** a week, the end of funding, or the community dissolving.
   Reloading the page keeps the run, a lesson under way and Projector mode.
3. Use **Interventions** to change the running community; compare with a second run (B)
   to see what one change does, with the same seed.
4. **Lessons** runs a guided scenario: it pauses at moments, explains what to look at,
   and asks the class a question. Teachers write their own in `configs/lessons/*.toml`.
   **Reset** during a lesson stops it: the new run has the settings shown on the left
   (the lesson's, unless you changed them), and the lesson card says so and offers to
   start the lesson again or to put your own settings back.
5. **Export** saves the weekly data and the event log (CSV) and the charts (PNG).
6. **Projector mode** hides the settings so the views fill the screen.

### Sources
The model's sources, assumptions and their plausible ranges are in the **model
description** below. Seven levers carry the seven lessons of the SPREAD+ report on 17
Dutch learning communities (their help says "Lesson 1 of the seven ..."); they are not
the dashboard's guided Lessons.
"""


def odd_text() -> str:
    """docs/ODD.md as text, or one line saying it is missing."""
    try:
        return ODD.read_text(encoding="utf-8")
    except OSError:
        return "The model description is not on this server."


def html(text: str) -> str:
    """Markdown as HTML, rendered on the server: Solara's Markdown component fetches a maths
    stylesheet from a CDN each time it is shown, which a classroom without internet logs as
    errors (the texts here hold no formulas)."""
    return markdown.markdown(text, extensions=["tables", "fenced_code"])
