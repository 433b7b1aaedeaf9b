"""Under each intervention the classroom log says how what it acts on moved since, in the
model's own weekly numbers (the teacher's tryout: after appointing or withdrawing a
bridge-builder or the project leader leaving, the log said nothing, although the
condition bars moved)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboards import charts, narrative
from dashboards.session import INTERVENTION_BY_KEY, Action, Classroom
from lcsim.events import Event


@pytest.fixture(scope="module")
def after_leader_left():
    room = Classroom({}, seed=7)
    room.step(40)
    assert room.intervene("leader_leaves") == {}
    room.step(12)
    yield room
    room.close()


def test_the_intervention_line_gives_the_weekly_numbers_from_its_week_to_now(
        after_leader_left):
    model = after_leader_left.a.model
    df = charts.weekly(model)
    rows = narrative.rows(model.events, after_leader_left.a.actions, df)
    own = next(r for r in rows if r.kind == "project leader leaves")
    assert own.week == 40 and own.since.startswith("Since then (12 weeks): ")
    for key in narrative.WATCHED["leader_leaves"]:
        then, now = df[key].iloc[40], df[key].iloc[-1]
        assert f"{narrative._value_text(key, then)} → {narrative._value_text(key, now)}" \
            in own.since


def test_every_intervention_names_what_it_acts_on_in_the_weekly_series():
    df = pd.DataFrame({key: [0.5] * 10 for keys in narrative.WATCHED.values()
                       for key in keys})
    for key in INTERVENTION_BY_KEY:
        assert narrative.since_then(Action(2, key, logged=0), df), key


def test_nothing_is_said_in_the_first_weeks_or_without_the_weekly_series():
    events = [Event(5, "intervention", "community", "A participation policy starts.")]
    df = pd.DataFrame({"mbo_participation": [0.5] * 8, "pwd_participation": [0.1] * 8})
    action = Action(5, "policy", logged=0)
    assert narrative.rows(events, [action], df)[0].since == ""  # 2 weeks on
    assert narrative.rows(events, [action])[0].since == ""
    longer = pd.concat([df] * 2, ignore_index=True)
    assert narrative.rows(events, [action], longer)[0].since == (
        "Since then (10 weeks): mbo care staff taking part 50% → 50%; people with "
        "dementia taking part 10% → 10%.")


def test_the_event_log_shows_the_line_under_the_intervention(after_leader_left):
    import solara

    from dashboards import views

    run = after_leader_left.a
    _box, rc = solara.render(views.EventLog(run, 0, False, charts.weekly(run.model)),
                             handle_error=False)
    shown = " ".join(w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets)
    assert "Since then (12 weeks): condition 6: professional organisation" in shown
    rc.close()
