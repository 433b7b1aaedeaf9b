"""Component tests of the classroom dashboard, without a browser (`solara.render`).

The controls must change the model as intended. No test asserts an outcome value of
the model: it is still being calibrated, and only its API is fixed.
"""

from __future__ import annotations

import dataclasses
import gc
import html
import math
import os
import re
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import ipyvuetify as vw
import ipywidgets
import numpy as np
import pytest
import solara
import solara.widgets

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboards import capacity, charts, page, style, views  # noqa: E402
from dashboards.page import SIDE_TABS, Dashboard, Page  # noqa: E402
from dashboards.session import (  # noqa: E402
    INTERVENTIONS,
    MAIN_LEVERS,
    Classroom,
    presets,
)
from lcsim import outputs  # noqa: E402
from lcsim import params as params_module  # noqa: E402
from lcsim.assumptions import DEFAULTS  # noqa: E402
from lcsim.ecosystem import RegionModel  # noqa: E402
from lcsim.model import LearningCommunityModel  # noqa: E402
from lcsim.params import Params  # noqa: E402
from lcsim.roles import max_bridge_builders  # noqa: E402


@pytest.fixture
def session():
    """A classroom rendered with its settings inline (no AppLayout sidebar in tests)."""
    classroom = Classroom()
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    yield classroom, rc
    rc.close()


def click(rc, label: str) -> None:
    rc.find(vw.Btn, children=[label]).widget.click()


def slider(rc, prefix: str) -> vw.Slider:
    found = [w for w in rc.find(vw.Slider).widgets if str(w.label).startswith(prefix)]
    assert len(found) == 1, [w.label for w in rc.find(vw.Slider).widgets]
    return found[0]


def lever(name: str) -> str:
    """The start of a lever's slider label, from its plain name in `Params`:
    "External funding:" for funding_years."""
    return page.lever_name(Params.spec(name)) + ":"


def move(rc, prefix: str, value: float) -> None:
    """What a user's drag, click or key press does: Vuetify sets the value and then fires
    `change` (the dashboard acts on that event only)."""
    widget = slider(rc, prefix)
    widget.v_model = value
    widget.fire_event("change", value)


def html_with_class(rc, css_class: str) -> list[str]:
    return [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
            if css_class in w.attributes.get("class", "").split()]


def _widgets(widget):
    """A widget and everything inside it (rc.find does not look inside a matching Div)."""
    yield widget
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            yield from _widgets(child)


def texts_with_class(rc, css_class: str) -> list[str]:
    return [str(w.children) for w in _widgets(rc.find().widget) if isinstance(w, vw.Html)
            and css_class in str(w.class_).split()]


def said(rc, css_class: str) -> list[str]:
    """The sentences shown with `css_class`, as a class reads them."""
    return [" ".join(str(c) for c in w.children) for w in _widgets(rc.find().widget)
            if isinstance(w, vw.Html) and css_class in str(w.class_).split()]


def images(rc) -> list[bytes]:
    return [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]


def charts_by_name(rc) -> dict[str, bytes]:
    """The chart images, by the name in their CSS class (lc-chart-<name>)."""
    out = {}
    for w in rc.find(ipywidgets.Image).widgets:
        names = [c[len("lc-chart-"):] for c in w._dom_classes if c.startswith("lc-chart-")]
        out[names[0]] = bytes(w.value)
    return out


def open_tab(rc, name: str) -> None:
    """What a click on one of the side panel's tabs (Event log, Interventions, ...) does."""
    toggle = [w for w in rc.find(vw.BtnToggle).widgets if "lc-tabs" in str(w.class_)][0]
    toggle.v_model = SIDE_TABS.index(name)


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_step_advances_one_week_and_redraws(session):
    classroom, rc = session
    before_images = images(rc)
    assert classroom.week == 0
    click(rc, "Step")
    assert classroom.week == 1
    click(rc, "Step")
    assert classroom.week == 2
    assert "Week <b>2</b>" in html_with_class(rc, "lc-status")[0]
    after_images = images(rc)
    assert len(after_images) == len(before_images) == 2  # the network and the chosen chart
    assert all(a != b for a, b in zip(before_images, after_images, strict=True))


def test_play_steps_until_paused(session):
    classroom, rc = session
    move(rc, "Speed", 20.0)
    click(rc, "Play")
    assert wait_for(lambda: classroom.week >= 3), "play did not advance the model"
    click(rc, "Pause")
    assert wait_for(lambda: rc.find(vw.Btn, children=["Play"]).widgets != [])
    paused_at = classroom.week
    time.sleep(0.4)
    assert classroom.week == paused_at


def test_play_stops_at_the_end_of_the_run():
    classroom = Classroom({"funding_years": 0.25, "weeks_after_funding": 4})
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    move(rc, "Speed", 20.0)
    click(rc, "Play")
    assert wait_for(lambda: not classroom.running)
    assert wait_for(lambda: rc.find(vw.Btn, children=["Play"]).widgets != [])
    assert rc.find(vw.Btn, children=["Step"]).widget.disabled
    rc.close()


def test_reset_starts_the_same_run_again(session):
    classroom, rc = session
    for _ in range(5):
        click(rc, "Step")
    first = classroom.a.model
    trust_after_5 = first.trust.copy()
    click(rc, "Reset")
    assert classroom.a.model is not first
    assert classroom.week == 0
    for _ in range(5):
        click(rc, "Step")
    # Same settings and seed: the same run, bit for bit.
    assert (classroom.a.model.trust == trust_after_5).all()


def test_seed_field_and_new_seed_button(session):
    classroom, rc = session
    field = rc.find(vw.TextField, label="Seed").widget
    field.v_model = "7"
    field.fire_event("keyup.enter", None)
    assert classroom.seed == 7  # at week 0 a setting applies at once
    click(rc, "Step")
    click(rc, "New seed")
    assert classroom.seed == 7  # mid-run it waits for Reset
    assert texts_with_class(rc, "lc-pending")
    click(rc, "Reset")
    assert classroom.seed == int(rc.find(vw.TextField, label="Seed").widget.v_model)
    assert classroom.week == 0
    assert not texts_with_class(rc, "lc-pending")


def type_seed(rc, text: str) -> None:
    field = rc.find(vw.TextField, label="Seed").widget
    field.v_model = text
    field.fire_event("keyup.enter", None)


@pytest.mark.parametrize("typed", ["-5", "seven", "4.5", "", str(2**32)])
def test_a_seed_out_of_range_is_refused_with_a_plain_message(session, typed):
    classroom, rc = session
    first = classroom.a.model
    type_seed(rc, typed)  # handle_error=False: an exception here would fail the test
    assert classroom.seed == 42 and classroom.a.model is first  # the run stays as it was
    said = texts_with_class(rc, "lc-input-problem")
    expected = "Seed must be a whole number from 0 to 4294967295" + (
        f"; “{typed}” is not." if typed and not typed.lstrip("-").isdigit()
        else f"; {typed} is not." if typed else ".")
    assert len(said) == 1 and expected in said[0]
    assert not texts_with_class(rc, "lc-pending")
    type_seed(rc, " 12 ")
    assert classroom.seed == 12
    assert texts_with_class(rc, "lc-input-problem") == []


def test_new_seed_replaces_a_refused_seed_and_its_message(session):
    classroom, rc = session
    type_seed(rc, "-1")
    assert texts_with_class(rc, "lc-input-problem")
    click(rc, "New seed")
    assert wait_for(lambda: not texts_with_class(rc, "lc-input-problem"))
    assert rc.find(vw.TextField, label="Seed").widget.v_model == str(classroom.seed)


def test_reset_after_a_refused_seed_shows_and_says_the_seed_the_new_run_uses(session):
    classroom, rc = session
    click(rc, "Step")
    type_seed(rc, "seven")
    click(rc, "Reset")
    assert classroom.week == 0 and classroom.seed == 42
    assert rc.find(vw.TextField, label="Seed").widget.v_model == "42"
    said = texts_with_class(rc, "lc-input-problem")
    assert len(said) == 1 and "“seven” was not used" in said[0]
    assert "this run uses seed 42" in said[0]
    click(rc, "Reset")  # again: the seed in the box is the one used, nothing to say
    assert texts_with_class(rc, "lc-input-problem") == []
    type_seed(rc, "9")
    assert classroom.seed == 9 and texts_with_class(rc, "lc-input-problem") == []


def test_lever_slider_sets_the_parameter(session):
    classroom, rc = session
    move(rc, lever("funding_years"), 2.0)
    assert classroom.a.model.p.funding_years == 2.0
    move(rc, lever("n_bridge_builders"), 3)
    assert classroom.a.model.p.n_bridge_builders == 3
    assert classroom.a.model.p.funding_years == 2.0


def test_lever_change_mid_run_waits_for_reset(session):
    classroom, rc = session
    click(rc, "Step")
    move(rc, lever("stereotype_strength"), 0.9)
    assert classroom.a.model.p.stereotype_strength == Params().stereotype_strength
    assert classroom.week == 1
    assert any("press Reset" in text for text in texts_with_class(rc, "lc-pending"))
    click(rc, "Reset")
    assert classroom.a.model.p.stereotype_strength == 0.9
    assert classroom.week == 0


def test_sliders_take_range_and_meaning_from_params(session):
    _classroom, rc = session
    texts = " ".join(str(w.children) for w in rc.find(vw.Html).widgets)
    for name in MAIN_LEVERS:
        spec = Params.spec(name)
        widget = slider(rc, lever(name))
        # Bridge-builders stop at what a community of 30 can seat (educators,
        # researchers and practitioners), below their parameter's top.
        most = max_bridge_builders(30, DEFAULTS.array("role_mix")) \
            if name == "n_bridge_builders" else spec.high
        assert (widget.min, widget.max) == (spec.low, most)
        assert page.teacher_text(spec.doc) in texts


def test_every_parameter_has_a_lever(session):
    _classroom, rc = session
    labels = [str(w.label) for w in rc.find(vw.Slider).widgets]
    labels += [str(w.label) for w in rc.find(vw.Checkbox).widgets]
    for spec in Params.specs():  # including n_communities and shared_member_share
        assert any(lb.startswith(lever(spec.name).rstrip(":")) for lb in labels), spec.name


def test_every_lever_is_labelled_with_its_params_name_and_unit(session):
    """The dashboard keeps no names of its own: a slider reads "External funding: 4 years",
    its plain name and unit from `Params`, and no label shows a code name."""
    _classroom, rc = session
    labels = [str(w.label) for w in rc.find(vw.Slider).widgets]
    labels += [str(w.label) for w in rc.find(vw.Checkbox).widgets]
    assert "External funding: 4 years" in labels
    assert "Time paid by the subsidy: 70% of time" in labels  # shares as percentages
    assert "Job turnover: 15% per year" in labels
    assert "Initial stereotyping: 0.5 on a 0-1 scale" in labels
    for spec in Params.specs():
        name = page.lever_name(spec)
        assert name.lower() in spec.label
        expected = name if spec.kind is bool else \
            f"{name}: {page._shown(spec.unit, spec.default)}"
        assert expected in labels, spec.name
    assert not [label for label in labels if "_" in label or "(lesson" in label]


def test_lever_help_names_no_code_and_spells_out_jargon(session):
    """The teacher reported "use lcsim.RegionModel or lcsim.build_model when above 1",
    "(product_work_share of its project time)" and "LC" under the levers."""
    _classroom, rc = session
    helps = texts_with_class(rc, "lc-help")
    assert len(helps) >= len(Params.specs())
    for text in helps:
        assert "lcsim" not in text and not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
        assert not re.search(r"\bLC\b", text), text
    assert page.teacher_text("Communities (1 = one); use lcsim.build_model when above 1.") \
        == "Communities (1 = one)."
    assert page.teacher_text("A share (product_work_share of its time); taken from work.") \
        == "A share; taken from work."
    assert page.teacher_text("Lesson 2: a policy once the LC works.") == \
        "Lesson 2 of the seven in the SPREAD+ report: a policy once the learning community works."


def test_a_lever_renamed_in_params_is_renamed_on_its_slider(monkeypatch):
    specs = params_module._specs_by_name(Params)
    monkeypatch.setitem(specs, "funding_years", dataclasses.replace(
        specs["funding_years"], label="years the funder pays", unit="funded years"))
    classroom = Classroom()
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    try:
        assert str(slider(rc, "Years the funder pays:").label) == \
            "Years the funder pays: 4 funded years"
        assert not [w for w in rc.find(vw.Slider).widgets
                    if str(w.label).startswith("External funding")]
    finally:
        rc.close()


def _chart_words(chart: charts.TimeChart) -> list[str]:
    """Every word a chart prints beside its data: legend, axis labels and ticks."""
    ax = chart.ax
    words = [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
    words += [t.get_text() for t in ax.get_yticklabels()]
    legend = ax.get_legend()
    words += [t.get_text() for t in legend.get_texts()] if legend else []
    return words


def test_chart_legends_and_axes_name_outputs_as_lcsim_outputs_does():
    classroom = Classroom()
    classroom.step(3)
    model = classroom.a.model
    df = charts.weekly(model)
    words = {name: _chart_words(charts.build(name, model, df)) for name in charts.CHART_NAMES}
    assert not [w for ws in words.values() for w in ws if "_" in w]
    for key in charts.TRUST_KEYS:
        assert outputs.plain_label(key) in words["trust"]
    for key in charts.LADDER_KEYS:
        assert outputs.short_label(key) in words["participation"]
    assert any(w.startswith(outputs.plain_label(charts.MBO_KEY)) for w in words["participation"])
    for i, key in enumerate(charts.VALUE_KEYS):
        assert f"{i + 1}. {outputs.short_label(key)}" in words["value"]
    for key in charts.PRODUCT_KEYS:
        assert outputs.short_label(key) in words["products"]


def test_an_output_renamed_in_lcsim_outputs_is_renamed_in_charts_and_views(monkeypatch):
    developed = outputs.OUTPUTS["products_developed"]
    monkeypatch.setitem(outputs.OUTPUTS, "products_developed",
                        dataclasses.replace(developed, short="made"))
    classroom = Classroom()
    model = classroom.a.model
    assert "made" in _chart_words(charts.build("products", model, charts.weekly(model)))
    _box, rc = solara.render(views.ProductCounts(classroom.a, 0), handle_error=False)
    try:
        [counts] = html_with_class(rc, "lc-products")
        assert "made</div>" in counts and "developed</div>" not in counts
    finally:
        rc.close()
        classroom.close()


def test_each_preset_loads_its_settings(session):
    classroom, rc = session
    select = rc.find(vw.Select, label="Classroom scenario").widget
    assert select.items == list(presets())
    for name, scenario in presets().items():
        select.v_model = name
        assert classroom.a.model.p == scenario.params(), name
        assert classroom.week == 0


def test_each_intervention_leaves_a_mark_in_the_event_log(session):
    classroom, rc = session
    model = classroom.a.model
    assert model.p.n_bridge_builders >= 1  # so withdrawing and leaving have someone to act on
    for intervention in INTERVENTIONS:
        click(rc, "Step")
        before = len(model.events)
        open_tab(rc, "Interventions")
        click(rc, intervention.label)
        open_tab(rc, "Event log")
        assert len(model.events) > before, intervention.key
        assert model.events[-1].week == model.steps
        newest = html_with_class(rc, "lc-events")[0].split("<li>")[1]
        assert f"week {model.steps}" in newest
        assert html.escape(model.events[-1].text) in newest
        if intervention.key == "withdraw":
            open_tab(rc, "Interventions")
            click(rc, "Appoint a bridge-builder")  # a bridge-builder for "bridge-builder leaves"


def test_an_interventions_message_goes_after_some_weeks(session):
    """The tryout: "Week 60: Start a participation policy: see the event log." was still
    on screen at week 120."""
    classroom, rc = session
    click(rc, "Step")
    open_tab(rc, "Interventions")
    click(rc, "Start a participation policy")
    assert said(rc, "lc-message") == ["Week 1: Start a participation policy: see the "
                                      "event log."]
    for _ in range(page.MESSAGE_WEEKS):
        click(rc, "Step")
    assert len(said(rc, "lc-message")) == 1
    click(rc, "Step")
    assert said(rc, "lc-message") == []


def test_the_end_of_the_run_is_said_in_the_toolbar_without_a_row_of_its_own():
    """The tryout: "The run has ended" took a row above the live area and cut off the
    Value chart's units footnote at 720 pixels."""
    classroom = Classroom({"funding_years": 0.0, "weeks_after_funding": 3})
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    while classroom.running:
        click(rc, "Step")
    assert said(rc, "lc-achieved") == [page.RUN_ENDED]
    assert not [t for t in said(rc, "lc-note") if "ended" in t]
    rc.close()


def test_intervention_with_nobody_to_act_on_says_why_without_a_run_name():
    classroom = Classroom({"n_bridge_builders": 0})
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    before = len(classroom.a.model.events)
    open_tab(rc, "Interventions")
    click(rc, "Withdraw a bridge-builder")
    assert len(classroom.a.model.events) == before
    assert said(rc, "lc-message") == [
        "Week 0: Withdraw a bridge-builder: nobody to withdraw: there is no bridge-builder."]
    assert classroom.a.actions == []  # nothing for the log or the charts to name
    rc.close()


def test_interventions_appear_on_the_charts(session):
    classroom, rc = session
    click(rc, "Step")
    plain = charts_by_name(rc)
    open_tab(rc, "Interventions")
    click(rc, "Workshop against stereotypes")
    marked = charts_by_name(rc)
    # The weekly chart marks the week of the intervention; the network is not a time chart.
    changed = {name: plain[name] != marked[name] for name in plain}
    assert changed == {"network": False, "trust": True}


def test_compare_mode_steps_two_runs_with_the_same_seed(session):
    classroom, rc = session
    rc.find(vw.Switch, label="Compare with a second run (B)").widget.v_model = True
    assert classroom.b is not None
    change = presets()[classroom.compare_with].overrides
    assert classroom.b.model.p == Params().replace(**change)
    assert classroom.a.seed == classroom.b.seed
    for _ in range(3):
        click(rc, "Step")
    assert classroom.a.model.steps == classroom.b.model.steps == 3
    assert len(images(rc)) == 4  # each run's network and the chosen chart
    assert len(html_with_class(rc, "lc-events")) == 2


def test_compare_mode_intervention_on_b_only(session):
    classroom, rc = session
    rc.find(vw.Switch, label="Compare with a second run (B)").widget.v_model = True
    rc.find(vw.Select, label="B = these settings, plus").widget.v_model = "short subsidy"
    assert classroom.b.model.p.funding_years == 1.5
    click(rc, "Step")
    a_before, b_before = len(classroom.a.model.events), len(classroom.b.model.events)
    open_tab(rc, "Interventions")
    toggle = [w for w in rc.find(vw.BtnToggle).widgets if "lc-tabs" not in str(w.class_)
              and len(w.children) == 3][-1]
    toggle.v_model = 2  # "A+B" (the default), "A", "B"
    click(rc, "End funding now")
    assert len(classroom.a.model.events) == a_before
    assert classroom.b.model.events[-1].kind == "intervention"
    assert len(classroom.b.model.events) == b_before + 1


def test_same_seed_without_a_change_gives_identical_runs():
    classroom = Classroom(compare_with="baseline")
    classroom.step(20)
    assert (classroom.a.model.trust == classroom.b.model.trust).all()
    assert classroom.a.model.summary() == classroom.b.model.summary()


def test_each_page_has_its_own_model():
    _box1, rc1 = solara.render(Page(), handle_error=False)
    _box2, rc2 = solara.render(Page(), handle_error=False)
    click(rc1, "Step")
    click(rc1, "Step")
    assert "Week <b>2</b>" in html_with_class(rc1, "lc-status")[0]
    assert "Week <b>0</b>" in html_with_class(rc2, "lc-status")[0]
    rc1.close()
    rc2.close()


def test_event_log_key_moments_filter(session):
    classroom, rc = session
    classroom.step(60)
    rc.find(vw.Checkbox, label="Event log: key moments only").widget.v_model = True
    click(rc, "Step")
    log = html_with_class(rc, "lc-events")[0]
    for kind in ("participation up", "member joins", "turnover", "overburdened"):
        assert f">{kind}<" not in log


def test_charts_at_the_end_of_a_long_run():
    classroom = Classroom({"follow_up_years": 1.0})
    classroom.a.model.grant_follow_up(2.0)
    classroom.step(400)
    model = classroom.a.model
    df = charts.weekly(model)
    marks = [charts.Mark(10, "workshop"), charts.Mark(12, "funding ends")]
    pngs = [charts.NetworkChart(model).frame(model)]
    pngs += [charts.build(name, model, df).frame(model, df, marks)
             for name in charts.CHART_NAMES]
    for png in pngs:
        assert png.startswith(b"\x89PNG")


def test_slider_steps_are_fine_enough():
    for spec in Params.specs():
        if spec.kind is float and spec.high > spec.low:
            step = style.slider_step(spec)
            assert 0 < step <= (spec.high - spec.low) / 10


def vuetify_round(value: float, low: float, high: float, step: float) -> float:
    """Vuetify 2's VSlider.roundValue, which it applies to every value it is given."""
    text = repr(float(step)) if step != int(step) else str(int(step))
    decimals = len(text) - text.index(".") - 1 if "." in text else 0
    offset = math.fmod(low, step)
    rounded = math.floor((value - offset) / step + 0.5) * step + offset  # JS Math.round
    exact = Decimal(min(rounded, high))  # JS toFixed: exact binary value, ties away
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_the_slider_leaves_every_value_the_dashboard_sets_unchanged():
    """Vuetify rounds a slider's value as it draws it and reports the result as a change;
    on the old product-effort grid (0.5 + k, no decimals) 20 crept up to 200. Every
    default, preset value and range end must survive that rounding, and so must every
    value a user can reach."""
    preset_values = {}
    for scenario in presets().values():
        for name, value in scenario.overrides.items():
            preset_values.setdefault(name, []).append(value)
    for spec in Params.specs():
        if spec.kind is bool:
            continue
        step = style.slider_step(spec)
        low, high = float(spec.low), float(spec.high)
        values = [spec.default, low, high, *preset_values.get(spec.name, [])]
        values += [low + k * step for k in range(0, int(round((high - low) / step)) + 1, 7)]
        for value in values:
            assert vuetify_round(float(value), low, high, step) == pytest.approx(
                float(value), abs=1e-12), (spec.name, value, step)


def test_a_slider_that_moves_by_itself_changes_no_setting(session):
    """What Vuetify does when it rounds or clamps a value: it sets v-model and fires no
    change event. No setting may follow, at week 0 (where it would rebuild the run) or
    later (where it would leave a pending change)."""
    classroom, rc = session
    first = classroom.a.model
    slider(rc, lever("product_effort")).v_model = 200.0
    slider(rc, "Speed").v_model = 20.0
    assert classroom.a.model is first and classroom.overrides == {}
    click(rc, "Step")
    slider(rc, lever("funding_years")).v_model = 1.0
    slider(rc, lever("n_communities")).v_model = 3
    assert not texts_with_class(rc, "lc-pending")
    assert classroom.overrides == {} and classroom.week == 1


# ---------------------------------------------------------------- a region of communities
def test_one_community_shows_no_region_controls(session):
    classroom, rc = session
    assert type(classroom.a.root) is LearningCommunityModel
    assert classroom.a.model is classroom.a.root
    assert not [w for w in rc.find(vw.Slider).widgets
                if str(w.label).startswith("Community shown")]
    assert not html_with_class(rc, "lc-region")


@pytest.fixture
def region():
    """The page after the n_communities lever is set to 3 (at week 0: at once)."""
    classroom = Classroom()
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    move(rc, lever("n_communities"), 3)
    yield classroom, rc
    rc.close()


def test_region_lever_builds_a_region_and_shows_the_selector(region):
    classroom, rc = region
    assert isinstance(classroom.a.root, RegionModel)
    assert classroom.a.root.p.n_communities == 3
    assert classroom.a.model is classroom.a.root.communities[0]
    picker = slider(rc, "Community shown")
    assert (picker.min, picker.max, picker.v_model) == (0, 2, 0)
    status = html_with_class(rc, "lc-region")[0]
    assert "Communities in the region: <b>3</b>" in status
    assert "People in two communities:" in status and "Realized value (region total)" in status
    move(rc, lever("shared_member_share"), 0.2)
    assert classroom.a.root.p.shared_member_share == 0.2
    assert isinstance(classroom.a.root, RegionModel)


def test_switching_community_changes_the_views(region):
    classroom, rc = region
    for _ in range(30):
        click(rc, "Step")
    network_0 = charts_by_name(rc)["network"]
    log_0 = html_with_class(rc, "lc-events")[0]
    assert classroom.a.model.events, "nothing happened in 30 weeks"
    move(rc, "Community shown", 2)
    assert classroom.community == 2
    assert classroom.a.model is classroom.a.root.communities[2]
    assert charts_by_name(rc)["network"] != network_0
    log_2 = html_with_class(rc, "lc-events")[0]
    assert log_2 != log_0
    newest = classroom.a.model.events[-1]
    assert html.escape(newest.text) in log_2.split("<li>")[1]
    assert "Showing community <b>2</b>" in html_with_class(rc, "lc-region")[0]
    assert classroom.week == 30  # choosing a community does not step


def test_step_and_reset_move_the_whole_region(region):
    classroom, rc = region
    move(rc, "Community shown", 1)
    for _ in range(3):
        click(rc, "Step")
    region_model = classroom.a.root
    assert region_model.steps == 3
    assert [c.steps for c in region_model.communities] == [3, 3, 3]
    assert "Region, week <b>3</b>" in html_with_class(rc, "lc-region")[0]
    assert any("Week <b>3</b> of" in h for h in html_with_class(rc, "lc-status"))
    click(rc, "Reset")
    assert classroom.a.root is not region_model
    assert classroom.week == 0 and classroom.community == 1  # the chosen community stays


def test_intervention_goes_to_the_selected_community(region):
    classroom, rc = region
    click(rc, "Step")
    move(rc, "Community shown", 1)
    communities = classroom.a.root.communities
    before = [len(c.events) for c in communities]
    open_tab(rc, "Interventions")
    click(rc, "Workshop against stereotypes")
    open_tab(rc, "Event log")
    after = [len(c.events) for c in communities]
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] > before[1]
    assert communities[1].events[-1].kind == "intervention"
    newest = html_with_class(rc, "lc-events")[0].split("<li>")[1]
    assert html.escape(communities[1].events[-1].text) in newest
    assert any("community 1" in text for text in texts_with_class(rc, "lc-message"))


def test_compare_mode_with_a_region_shows_the_same_community_of_a_and_b(region):
    classroom, rc = region
    rc.find(vw.Switch, label="Compare with a second run (B)").widget.v_model = True
    assert isinstance(classroom.b.root, RegionModel)
    move(rc, "Community shown", 2)
    assert classroom.a.community == classroom.b.community == 2
    assert classroom.b.model is classroom.b.root.communities[2]
    for _ in range(2):
        click(rc, "Step")
    assert classroom.a.root.steps == classroom.b.root.steps == 2
    assert len(images(rc)) == 4
    assert len(html_with_class(rc, "lc-region")) == 2
    b_before = len(classroom.b.model.events)
    open_tab(rc, "Interventions")
    click(rc, "End funding now")  # the target defaults to both runs
    assert classroom.b.model.events[-1].kind == "intervention"
    assert len(classroom.b.model.events) == b_before + 1


def test_back_to_one_community_hides_the_selector(region):
    classroom, rc = region
    move(rc, "Community shown", 2)
    move(rc, lever("n_communities"), 1)
    assert type(classroom.a.root) is LearningCommunityModel
    assert classroom.community == 0
    assert not html_with_class(rc, "lc-region")


def test_tracked_files_guard_notices_a_rewritten_image_but_not_a_commit(tracked_files,
                                                                         tmp_path):
    """The session guard (tests/conftest.py) that keeps `pytest` from dirtying a clone:
    a test that rewrites docs/img/dashboard.png is caught; untracked files and a
    colleague's commit in the same tree are not."""
    repo = tmp_path / "repo"
    (repo / "docs" / "img").mkdir(parents=True)
    (repo / "configs").mkdir()
    (repo / "docs" / "img" / "dashboard.png").write_bytes(b"old picture")
    (repo / "configs" / "study.toml").write_text("seeds = 1\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "docs", "configs"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], check=True)

    guard = type(tracked_files)(repo)
    before = guard.hashes()
    assert guard.changed(before) == []
    (repo / "docs" / "img" / "dashboard.png").write_bytes(b"new picture")
    (repo / "docs" / "scratch.txt").write_text("untracked")
    assert guard.changed(before) == ["docs/img/dashboard.png"]
    subprocess.run([*git, "commit", "-q", "-am", "a colleague's commit"], check=True)
    assert guard.changed(before) == []


def test_a_note_that_appears_keeps_more_levers_open_and_its_sliders(session):
    """Mid-run a lever change adds the 'press Reset' note above "More levers". The panel
    must stay open and no slider may be rebuilt (a rebuilt slider is drawn afresh, and a
    folded panel loses the place the teacher was at)."""
    classroom, rc = session
    click(rc, "Step")
    panel = rc.find(vw.ExpansionPanels).widget
    panel.v_model = 0  # a user opens "More levers"
    sliders = {id(w) for w in rc.find(vw.Slider).widgets}
    move(rc, lever("n_communities"), 3)
    assert texts_with_class(rc, "lc-pending")
    assert rc.find(vw.ExpansionPanels).widget is panel and panel.v_model == 0
    assert {id(w) for w in rc.find(vw.Slider).widgets} == sliders
    assert classroom.overrides == {}  # mid-run: waits for Reset


# ---------------------------------------------------------------- memory: a cap on sizes
@pytest.mark.parametrize(("overrides", "measured_mib"), [
    ({"n_participants": 4000}, 120), ({"n_communities": 400, "n_participants": 6}, 259),
    ({"n_communities": 100, "n_participants": 6, "funding_years": 15.0}, 170),
    ({"n_communities": 10, "n_participants": 400}, 44),
    ({"n_participants": 1000, "contacts_per_participant": 96}, 57)])
def test_memory_estimate_matches_the_measured_peaks(overrides, measured_mib):
    """The peaks measured by `benchmarks/bench_dashboard.py --memory` that the constants
    in dashboards/capacity.py were fitted to; the estimate may err on the high side."""
    estimate = capacity.run_bytes(Params().replace(**overrides)) / 2**20
    assert 0.9 * measured_mib <= estimate <= 1.25 * measured_mib


def test_a_run_too_large_for_the_server_is_refused_with_a_plain_message():
    classroom = Classroom(budget=capacity.MemoryBudget(64 * 2**20))
    first = classroom.a.model
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    limit = said(rc, "lc-capacity")
    most = capacity.max_participants(Params(), 1, classroom.budget.free_for(classroom))
    assert limit == [f"This server can run a community of up to {most:,} members."]
    move(rc, lever("n_participants"), 5000)  # at week 0 this would rebuild the run at once
    need = capacity.gib(capacity.run_bytes(Params().replace(n_participants=5000)))
    refusal = (f"Cannot start a new run: a community of 5,000 participants would need about "
               f"{need} of memory; this server has about 64 MiB left for this page, so at most")
    # A run this large is built in the background, which refuses it.
    assert wait_for(lambda: refusal in " ".join(texts_with_class(rc, "lc-note")))
    assert classroom.a.model is first and classroom.overrides == {}
    assert classroom.budget.held(classroom) == capacity.run_bytes(Params())
    rc.close()


def test_sessions_share_the_server_memory_and_give_it_back():
    one_run = capacity.run_bytes(Params().replace(n_participants=300))
    default_run = capacity.run_bytes(Params())
    budget = capacity.MemoryBudget(one_run + default_run + default_run // 4)
    first = Classroom({"n_participants": 300}, budget=budget)
    second = Classroom(budget=budget)  # the default size still fits beside it
    with pytest.raises(capacity.TooLargeError, match="left for this page"):
        second.reset({"n_participants": 300}, seed=1)
    assert second.overrides == {}  # refused: the old run stays
    first.close()  # its page closed
    second.reset({"n_participants": 300}, seed=1)
    assert second.overrides == {"n_participants": 300}
    del first, second
    gc.collect()
    assert budget.free_for(object()) == budget.total  # a collected session holds nothing


def test_the_server_budget_is_a_share_of_this_machines_memory():
    total = capacity.server_budget().total
    assert 0 < total <= capacity.SERVER_SHARE * os.sysconf("SC_PHYS_PAGES") \
        * os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- cause and effect, lessons
def test_the_log_names_the_workshop_an_effect_follows_and_one_mark_per_funding_end():
    from dashboards import narrative
    from dashboards.session import Action
    from lcsim.events import Event

    events = [Event(55, "intervention", "community", "A workshop is held."),
              Event(65, "stereotypes shift", "community", "Stereotypes soften."),
              Event(107, "intervention", "community", "The funder ends funding now."),
              Event(108, "funding ends", "community", "Funding ends."),
              Event(109, "member joins", "7", "A researcher joins.")]
    actions = [Action(55, "workshop"), Action(107, "end_funding")]
    rows = narrative.rows(events, actions)
    assert rows[1].cause.startswith("After the workshop in week 55")
    assert rows[3].cause.startswith("After the early end of funding in week 107")
    assert [r.key for r in rows] == [True, True, True, True, False]
    marks = narrative.marks(events, actions)
    assert sorted((m.week, m.label) for m in marks) == [(55, "workshop"),
                                                        (108, "funding ended early")]
    assert narrative.empty_text(3, True).startswith("No key moment yet: 3 routine events")
    import numpy as np
    import pandas as pd

    series = pd.DataFrame({charts.STEREOTYPE_KEY: np.linspace(0.30, 0.20, 70)})
    linked = narrative.rows(events[:2], actions[:1], series)[1].cause
    assert linked.endswith(f"{series[charts.STEREOTYPE_KEY].iloc[55]:.0%} in week 55, "
                           f"{series[charts.STEREOTYPE_KEY].iloc[65]:.0%} in week 65.")


def test_a_move_to_sustain_is_named_with_the_end_of_funding_not_a_new_bridge_builder():
    """The tryout: "phase: execute to sustain. Since the appointment of a bridge-builder
    in week 20" although the teacher ended funding in week 20 too."""
    from dashboards import narrative
    from dashboards.session import Action
    from lcsim.events import Event

    events = [Event(20, "intervention", "community", "A bridge-builder is appointed."),
              Event(20, "intervention", "community", "The funder ends funding now."),
              Event(21, "funding ends", "community", "Funding ends."),
              Event(21, "phase", "community", "The community moves from execute to sustain.")]
    for order in ([Action(20, "appoint"), Action(20, "end_funding")],
                  [Action(20, "end_funding"), Action(20, "appoint")]):
        phase = narrative.rows(events, order)[3]
        assert "appointment" not in phase.cause
        assert phase.cause.startswith("After the early end of funding in week 20")
    alone = narrative.rows(events, [Action(20, "appoint")])[3]
    assert alone.cause == ""  # a bridge-builder does not move a community to sustain
    design = [Event(30, "phase", "community", "The community moves from design to execute.")]
    assert narrative.rows(design, [Action(20, "appoint")])[0].cause.startswith("After the")


def test_an_event_kind_that_was_happening_before_an_intervention_is_not_named_with_it():
    """The tryout: "participation up … Since the participation policy in week 20" while
    such steps happened in weeks 5, 6 and 8 too."""
    from dashboards import narrative
    from dashboards.session import Action
    from lcsim.events import Event

    up = [Event(w, "participation up", "3", "Someone steps up.") for w in (5, 6, 8, 24)]
    assert [r.cause for r in narrative.rows(up, [Action(20, "policy")])] == [""] * 4
    assert narrative.rows(up[-1:], [Action(20, "policy")])[0].cause.startswith(
        "After the participation policy in week 20 (4 weeks before)")


def test_a_lesson_says_plainly_when_the_expected_effect_did_not_come_this_time():
    """The tryout: trust between roles went 0.30 -> 0.32 after the bridge-builder left,
    yet the lesson asked "did the roles drift apart?"."""
    from dashboards import lessons

    found, _ = lessons.load_all()
    moment = found["A bridge-builder leaves"].moments[1]
    values = {"week": 110, "previous_week": 60, "trust_between_roles": 0.32,
              "previous_trust_between_roles": 0.30, "fell_trust_between_roles": False,
              "rose_trust_between_roles": True, "trust_within_roles": 0.41,
              "bridge_builders": 0.0, "last_event": "nothing yet.", "same_as_without": False}
    held = lessons.fill(moment.narration, values)
    assert "no drop this time" in held and "four runs of five" in held and "False" not in held
    fell = lessons.fill(moment.narration, {**values, "fell_trust_between_roles": True})
    assert "no drop" not in fell and "Trust between roles fell" in fell
    assert lessons.fill("{phase_sustain:sustains|not yet}", {"phase_sustain": False}) \
        == "not yet"


def test_lesson_texts_name_no_phase_of_their_own_and_a_rerun_says_press_reset_first():
    """A summary said "in the middle of the design work" while the run was executing; a
    last question asked to appoint a bridge-builder in a run that had ended."""
    from dashboards import lessons

    for lesson in lessons.load_all()[0].values():
        texts = [lesson.summary] + [t for m in lesson.moments for t in (m.narration,
                                                                        m.question)]
        for text in texts:
            plain = re.sub(r"\{[^{}]*\}", "", text)  # what the run fills in may name one
            assert not re.search(r"(?<!co-)\b(design|execute|sustain)\b", plain), text
        last = lesson.moments[-1].question
        if re.search(r"instead|set .* to|Interventions", last):
            assert "Reset first" in last, last


def test_time_axes_tick_each_year_and_the_last_week():
    assert charts.week_ticks(312) == [0, 52, 104, 156, 208, 260, 312]
    assert charts.week_ticks(300) == [0, 52, 104, 156, 208, 260, 300]
    assert charts.week_ticks(110) == [0, 52, 110]  # 104 is too close to 110 to label


def test_every_lesson_in_configs_loads_and_a_bad_one_names_file_and_key(tmp_path):
    from dashboards import lessons

    found, problems = lessons.load_all()
    assert problems == [] and len(found) >= 4
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[[moments]]\nuntil = "tomorrow"\nnarration = "hi"\n')
    with pytest.raises(lessons.LessonError, match=r"bad.toml: moments\[1\]: until"):
        lessons.load(bad)
    assert lessons.fill("{week} {nope:.0%}", {"week": 3}) == "3 [nope: not known]"


def test_singular_units_on_slider_labels(session):
    _classroom, rc = session
    assert str(slider(rc, lever("n_bridge_builders")).label) == "Bridge-builders: 1 person"
    assert str(slider(rc, lever("n_communities")).label) == "Communities in the region: 1 community"


# ---------------------------------------------------------------- reloads
def test_parking_hands_a_reloaded_tab_its_run_and_frees_a_run_nobody_claims():
    from dashboards.session import Parking

    now = [0.0]
    parking = Parking(seconds=10.0, clock=lambda: now[0])
    budget = capacity.MemoryBudget(64 * 2**20)
    classroom = Classroom(budget=budget)
    old_page, new_page = object(), object()
    parking.attach("cookie/tab", classroom, old_page)
    classroom.step(3)
    assert parking.park("cookie/tab", classroom, old_page)       # the reloaded page went
    assert parking.claim("other/tab", new_page) is None           # another tab: its own run
    assert parking.claim("cookie/tab", new_page) is classroom     # the reload gets it back
    assert classroom.owner is new_page and classroom.week == 3
    assert not parking.park("cookie/tab", classroom, old_page)   # a late unmount: not its run
    now[0] = 5.0
    parking.expire()
    assert budget.held(classroom) > 0                             # still shown
    assert parking.park("cookie/tab", classroom, new_page)
    now[0] = 16.0
    parking.expire()
    assert budget.held(classroom) == 0 and len(parking) == 0      # memory given back
    assert parking.claim("cookie/tab", object()) is None


def _report_tab(rc, key: str) -> None:
    """What reload_guard.vue does once mounted: report the tab's sessionStorage key."""
    guard = [w for w in _widgets(rc.find().widget) if hasattr(w, "vue_tab")]
    assert len(guard) == 1
    guard[0].vue_tab(key)


def test_a_reloaded_page_shows_its_tabs_run_and_stops_the_old_pages_play():
    _box1, rc1 = solara.render(Page(), handle_error=False)
    _report_tab(rc1, "tab-1")
    for _ in range(3):
        click(rc1, "Step")
    guard = [w for w in _widgets(rc1.find().widget) if hasattr(w, "vue_tab")][0]
    assert guard.armed  # past week 0: the browser asks before leaving
    _box2, rc2 = solara.render(Page(), handle_error=False)  # the same tab, reloaded
    assert "Week <b>0</b>" in html_with_class(rc2, "lc-status")[0]
    _report_tab(rc2, "tab-1")
    assert "Week <b>3</b>" in html_with_class(rc2, "lc-status")[0]
    click(rc1, "Play")  # the old page's loop must not step the run it gave away
    time.sleep(0.6)
    assert "Week <b>3</b>" in html_with_class(rc2, "lc-status")[0]
    rc1.close()  # its unmount leaves the run to the new page
    click(rc2, "Step")
    assert "Week <b>4</b>" in html_with_class(rc2, "lc-status")[0]
    _box3, rc3 = solara.render(Page(), handle_error=False)
    _report_tab(rc3, "tab-2")  # a new tab: a new run
    assert "Week <b>0</b>" in html_with_class(rc3, "lc-status")[0]
    rc2.close()
    rc3.close()


# ---------------------------------------------------------------- long builds
def test_a_large_build_shows_a_spinner_ignores_step_and_starts_at_week_0(session):
    """Issue item 5: 5,000 participants built for ~55 s with no feedback, and a Step
    clicked meanwhile landed in the new run. A run of 1,500 (about 10 s here) builds in
    the background: a spinner and a note show, the old run is greyed, a Step clicked
    during the build moves neither run, and the new run appears at week 0."""
    classroom, rc = session
    click(rc, "Step")
    click(rc, "Step")
    old = classroom.a
    move(rc, lever("n_participants"), 1500)  # mid-run: waits for Reset
    assert classroom.a is old and not classroom.building
    click(rc, "Reset")
    assert classroom.building
    assert len(rc.find(vw.ProgressCircular).widgets) == 1
    assert "Building 1500 seats" in " ".join(texts_with_class(rc, "lc-note"))
    live = [w for w in _widgets(rc.find().widget) if "lc-live" in str(getattr(w, "class_", ""))]
    assert len(live) == 1 and "lc-stale" in str(live[0].class_)
    step = rc.find(vw.Btn, children=["Step"]).widget
    assert step.disabled
    step.click()  # a click already on its way when the button greyed out
    step.click()
    assert classroom.building, "the build ended too soon to test a Step during it"
    assert old.root.steps == 2
    assert wait_for(lambda: not classroom.building, timeout=120)
    assert wait_for(lambda: not rc.find(vw.ProgressCircular).widgets, timeout=10)
    assert classroom.a is not old and len(classroom.a.model.role) == 1500
    assert classroom.week == 0 and old.root.steps == 2
    assert "Week <b>0</b>" in html_with_class(rc, "lc-status")[0]
    click(rc, "Step")
    assert classroom.week == 1


# ---------------------------------------------------------------- a teacher's report
def lesson_card(rc) -> str:
    """Every text on the lesson card ("" when no lesson is under way)."""
    cards = [w for w in _widgets(rc.find().widget)
             if isinstance(w, vw.Html) and "lc-lesson" in str(w.class_).split()]
    if not cards:
        return ""
    return " ".join(str(w.children[0]) for w in _widgets(cards[0])
                    if isinstance(w, vw.Html) and w.children and isinstance(w.children[0], str))


def start_lesson(rc, title: str) -> None:
    open_tab(rc, "Lessons")
    assert wait_for(lambda: rc.find(vw.Btn, children=[f"Start: {title}"]).widgets)
    click(rc, f"Start: {title}")


def test_a_lesson_paused_on_the_way_says_where_it_is_heading_and_play_goes_there(session):
    """Pausing before the first moment once showed that moment's question at week 1."""
    classroom, rc = session
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    click(rc, "Pause")
    assert wait_for(lambda: "paused on the way" in lesson_card(rc))
    week = classroom.week
    assert week < 52, "the lesson reached its moment before the test could pause it"
    card = lesson_card(rc)
    assert f"moment 1 of 4: paused on the way to week 52 (week {week})" in card
    assert "Ask the class" not in card and not rc.find(vw.Btn, children=["Go on"]).widgets
    click(rc, "Play")
    assert wait_for(lambda: "Ask the class" in lesson_card(rc))
    assert classroom.week == 52
    assert wait_for(lambda: [b.disabled for b in rc.find(vw.Btn, children=["Play"]).widgets]
                    == [True])  # at a moment, Go on plays on, not Play
    click(rc, "Go on")
    assert wait_for(lambda: "moment 2 of 4" in lesson_card(rc))
    assert wait_for(lambda: classroom.week > 52)


def seed_shown(rc) -> int:
    """The seed in the Settings panel's Seed box."""
    return int(rc.find(vw.TextField, label="Seed").widget.v_model)


def test_reset_during_a_lesson_stops_it_on_the_card_and_runs_the_seed_settings_show(session):
    """The tryout: Reset ended a lesson without a word on the card and silently put the
    Settings seed back (the lesson's 73 became the teacher's 42 on the reset run)."""
    classroom, rc = session
    type_seed(rc, "5")
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    assert seed_shown(rc) == 73 and classroom.seed == 73
    click(rc, "Reset")
    assert wait_for(lambda: classroom.week == 0 and "stopped by Reset" in lesson_card(rc))
    week = int(re.search(r"stopped by Reset in week (\d+)", lesson_card(rc)).group(1))
    assert week >= 2
    # the run is the one the Settings show, with the seed they show, and the card says it
    assert seed_shown(rc) == classroom.seed == 73
    assert classroom.a.model.p.funding_years == 2.0  # the lesson's settings, still shown
    assert slider(rc, lever("funding_years")).label.endswith(": 2 years")
    assert "(the lesson's, seed 73)" in lesson_card(rc)
    assert "Start it again" in lesson_card(rc) and not texts_with_class(rc, "lc-pending")
    assert "Ask the class" not in lesson_card(rc)
    time.sleep(0.3)
    assert classroom.week == 0  # the lesson does not play on by itself
    assert rc.find(vw.Btn, children=["My settings back (seed 5)"]).widgets


def test_a_seed_typed_during_a_lesson_is_the_seed_reset_uses(session):
    classroom, rc = session
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    type_seed(rc, "11")  # mid-run: waits for Reset
    assert classroom.seed == 73 and wait_for(lambda: texts_with_class(rc, "lc-pending"))
    click(rc, "Reset")
    assert wait_for(lambda: classroom.week == 0 and "stopped by Reset" in lesson_card(rc))
    assert seed_shown(rc) == classroom.seed == 11
    assert "(seed 11)" in lesson_card(rc) and "(the lesson's, seed" not in lesson_card(rc)


def test_a_stopped_lesson_starts_again_or_gives_the_teachers_settings_back(session):
    classroom, rc = session
    type_seed(rc, "5")
    move(rc, lever("funding_years"), 4.5)
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    click(rc, "Reset")
    assert wait_for(lambda: "stopped by Reset" in lesson_card(rc))
    click(rc, "Start it again")
    assert wait_for(lambda: "moment 1 of 4" in lesson_card(rc))
    assert classroom.seed == seed_shown(rc) == 73
    assert wait_for(lambda: classroom.week >= 2)
    click(rc, "Reset")
    assert wait_for(lambda: classroom.week == 0 and "stopped by Reset" in lesson_card(rc))
    click(rc, "My settings back (seed 5)")  # at week 0: the run starts from them at once
    assert wait_for(lambda: lesson_card(rc) == "")
    assert seed_shown(rc) == classroom.seed == 5 and classroom.week == 0
    assert classroom.a.model.p.funding_years == 4.5
    assert said(rc, "lc-message") == [
        "Your own settings are back in Settings, and the run starts from them (seed 5)."]


def test_closing_a_stopped_lesson_keeps_the_settings_and_the_run(session):
    classroom, rc = session
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    click(rc, "Reset")
    assert wait_for(lambda: "stopped by Reset" in lesson_card(rc))
    run = classroom.a
    click(rc, "Keep this run")
    assert wait_for(lambda: lesson_card(rc) == "")
    assert classroom.a is run and seed_shown(rc) == classroom.seed == 73
    assert "own_settings" not in classroom.view


def test_leaving_a_lesson_puts_the_teachers_own_settings_back_and_says_so(session):
    """The tryout: External funding 4.5 years became 2 years after a lesson, unsaid."""
    classroom, rc = session
    move(rc, lever("funding_years"), 4.5)
    assert classroom.a.model.p.funding_years == 4.5
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: classroom.week >= 2)
    assert slider(rc, lever("funding_years")).label.endswith(": 2 years")
    click(rc, "Leave the lesson")
    assert wait_for(lambda: lesson_card(rc) == "")
    assert slider(rc, lever("funding_years")).label.endswith(": 4.5 years")
    assert said(rc, "lc-message") == [
        "The lesson “The subsidy cliff” is closed: your own settings are back in "
        "Settings; press Reset to start a run with them."]
    assert any("press Reset" in text for text in texts_with_class(rc, "lc-pending"))
    click(rc, "Reset")
    assert classroom.a.model.p.funding_years == 4.5 and classroom.week == 0


def test_a_lesson_started_during_play_runs_to_its_first_moment(session):
    """The old play loop stepped the run it found when it started; a lesson started
    while playing replaced that run, so the loop stopped and the lesson stood still."""
    classroom, rc = session
    click(rc, "Play")
    assert wait_for(lambda: classroom.week >= 2)
    start_lesson(rc, "The subsidy cliff")
    assert wait_for(lambda: "Ask the class" in lesson_card(rc), timeout=30)
    assert classroom.week == 52 and classroom.a.model.p.funding_years == 2.0


def chosen_chart(rc) -> str:
    toggle = [w for w in rc.find(vw.BtnToggle).widgets if "lc-chooser" in str(w.class_)][0]
    return list(charts.CHART_NAMES)[toggle.v_model]


def test_a_reloaded_page_goes_on_with_the_lesson_its_moment_chart_and_projector():
    """The tryout: a reload during a lesson dropped the lesson card, projector mode and
    the lesson's chart, and the moment's pending workshop was never held."""
    _box1, rc1 = solara.render(Page(), handle_error=False)
    _report_tab(rc1, "tab-lesson")
    start_lesson(rc1, "Stereotypes and the workshop")
    assert wait_for(lambda: "Ask the class" in lesson_card(rc1), timeout=30)
    click(rc1, "Projector")
    card = lesson_card(rc1)
    _box2, rc2 = solara.render(Page(), handle_error=False)  # the same tab, reloaded
    _report_tab(rc2, "tab-lesson")
    rc1.close()
    assert lesson_card(rc2) == card and "moment 1 of 4" in card
    assert chosen_chart(rc2) == "stereotyping"
    assert rc2.find(vw.Btn, children=["Settings"]).widgets  # still in projector mode
    click(rc2, "Go on (Workshop against stereotypes)")
    assert wait_for(lambda: "moment 2 of 4" in lesson_card(rc2))
    rc2.close()


def status(rc) -> str:
    return html_with_class(rc, "lc-status")[0]


def test_the_status_line_shows_an_intervention_at_once_and_a_second_press_registers(session):
    classroom, rc = session
    for _ in range(3):
        click(rc, "Step")
    open_tab(rc, "Interventions")
    assert "Funding: <b>external</b>" in status(rc)
    assert "Bridge-builders: <b>1</b>" in status(rc)
    click(rc, "End funding now")
    assert "Funding: <b>ends after this week</b>" in status(rc)
    assert said(rc, "lc-message") == ["Week 3: End funding now: see the event log."]
    click(rc, "Appoint a bridge-builder")
    assert "Bridge-builders: <b>2</b>" in status(rc)
    members = int(np.count_nonzero(classroom.a.model.active))
    click(rc, "A member leaves")
    assert f"Members: <b>{members - 1}</b>" in status(rc)
    click(rc, "End funding now")
    assert said(rc, "lc-message") == [
        "Week 3: End funding now (2nd press this week): nothing to end: funding already "
        "ends after this week."]
    click(rc, "Step")
    assert "Funding: <b>none</b>" in status(rc)
    click(rc, "End funding now")
    assert said(rc, "lc-message") == [
        "Week 4: End funding now: nothing to end: funding has already ended."]
    assert [a.key for a in classroom.a.actions] == ["end_funding", "appoint", "member_leaves"]


def test_in_compare_mode_the_message_names_the_run_that_had_nobody_to_act_on():
    classroom = Classroom(compare_with="no bridge-builder")
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    open_tab(rc, "Interventions")
    click(rc, "Withdraw a bridge-builder")
    assert said(rc, "lc-message") == [
        "Week 0: Withdraw a bridge-builder in both runs: B: nobody to withdraw: there is no "
        "bridge-builder; A: done, see the event log."]
    rc.close()


def test_the_status_says_running_only_while_the_run_plays(session):
    classroom, rc = session
    assert "(" not in status(rc)  # week 0, nothing runs
    click(rc, "Step")
    assert "(" not in status(rc)
    move(rc, "Speed", 2.0)
    click(rc, "Play")
    assert wait_for(lambda: "(running)" in status(rc))
    click(rc, "Pause")
    assert wait_for(lambda: "(running)" not in status(rc))


def test_run_until_keeps_the_chosen_stop_and_says_when_the_run_ended_short_of_it():
    """The chooser snapped back to "the end of funding" while the run went on; a run that
    never dissolved went to its last week without a word."""
    classroom = Classroom({"funding_years": 0.25, "weeks_after_funding": 4})
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    rc.find(vw.Select, label="stop at").widget.v_model = "the community dissolves"
    click(rc, "Run until")
    assert wait_for(lambda: html_with_class(rc, "lc-status") and "(running)" in status(rc))
    assert rc.find(vw.Select, label="stop at").widget.v_model == "the community dissolves"
    assert wait_for(lambda: not classroom.running)
    assert wait_for(lambda: rc.find(vw.Btn, children=["Play"]).widgets != [])
    assert rc.find(vw.Select, label="stop at").widget.v_model == "the community dissolves"
    dissolved = any(e.kind == "community dissolves" for e in classroom.a.model.events)
    assert not dissolved, "this run dissolved: choose settings under which it does not"
    assert said(rc, "lc-until-note") == [
        f"The run reached its last week ({classroom.week}) without the community dissolving. "
        "Press Reset for a new run."]
    rc.close()


def test_a_run_that_never_dissolves_says_so_when_run_until_stops():
    classroom = Classroom({"funding_years": 0.25, "weeks_after_funding": 4})
    classroom.step(100)
    events = classroom.a.model.events
    events[:] = [e for e in events if e.kind != "community dissolves"]  # as if it never did
    assert classroom.fell_short(page.Target("dissolution")) == (
        f"The run reached its last week ({classroom.week}) without the community dissolving.")
    assert classroom.fell_short(page.Target("end")) == ""


def week_box(rc, text: str) -> None:
    rc.find(vw.Select, label="stop at").widget.v_model = "a week …"
    box = rc.find(vw.TextField, label="Week").widget
    box.v_model = text
    box.fire_event("keyup.enter", None)


def test_run_until_a_week_that_has_passed_says_so_and_a_week_box_allows_the_runs_weeks(
        session):
    classroom, rc = session
    for _ in range(6):
        click(rc, "Step")
    last = charts.end_week(classroom.a.model)
    week_box(rc, "9999")
    assert said(rc, "lc-until-note") == [
        f"Week must be a whole number from 1 to {last}; 9999 is not."]
    assert said(rc, "lc-input-problem") == []  # not squeezed under the box
    week_box(rc, "3")
    assert said(rc, "lc-until-note") == []
    click(rc, "Run until")
    assert said(rc, "lc-until-note") == ["Week 3 has passed: the run is at week 6."]
    time.sleep(0.3)
    assert classroom.week == 6


def test_the_log_shows_earlier_events_on_request(session, monkeypatch):
    monkeypatch.setattr(views, "LOG_ROWS", 2)
    classroom, rc = session
    for _ in range(30):
        click(rc, "Step")
        if len(classroom.a.model.events) > 3:
            break
    total = len(classroom.a.model.events)
    assert total > 3, "too few events to page through"
    assert html_with_class(rc, "lc-events")[0].count("<li>") == 2
    click(rc, f"Show {total - 2} earlier events too")
    assert html_with_class(rc, "lc-events")[0].count("<li>") == total
    click(rc, "Show only the newest 2")
    assert html_with_class(rc, "lc-events")[0].count("<li>") == 2


def test_the_scenario_box_names_the_preset_the_settings_match(session):
    classroom, rc = session
    def shown():
        return rc.find(vw.Select, label="Classroom scenario").widget.v_model
    assert shown() == "baseline"
    move(rc, lever("funding_years"), 1.5)
    assert shown() == "short subsidy"  # the same settings as that preset
    move(rc, lever("funding_years"), 3.0)
    assert shown() is None
    rc.find(vw.Select, label="Classroom scenario").widget.v_model = "strong stereotypes"
    assert shown() == "strong stereotypes"
    assert classroom.a.model.p.stereotype_strength == 0.9


def test_a_narration_names_this_weeks_event_without_repeating_the_week():
    """"Week 105: week 105: Funding ends…" in the subsidy-cliff lesson."""
    from dashboards import lessons

    classroom = Classroom({"funding_years": 0.25})
    while not any(e.kind == "funding ends" for e in classroom.a.model.events):
        classroom.step()
    values = page.narration_values(classroom.a, since=2)
    week = classroom.week
    text = lessons.fill("Week {week}: {last_event}", values)
    assert text.startswith(f"Week {week}: ") and f"week {week}:" not in text.lower()[1:]
    def newest_key_week() -> int:
        return [r for r in narrative.rows(classroom.a.model.events, []) if r.key
                and r.kind != "intervention"][-1].week
    from dashboards import narrative

    classroom.step()
    while newest_key_week() == classroom.week:  # "Week 106: week 105: Funding ends …"
        classroom.step()
    text = lessons.fill("Week {week}: {last_event}", page.narration_values(classroom.a))
    assert text.startswith(f"Week {classroom.week}: ")
    assert text.lower().count("week") == 2 and f"(week {newest_key_week()})." in text
    df = charts.weekly(classroom.a.model)
    assert values["previous_week"] == 2
    assert values["previous_trust_between_roles"] == df["trust_between_roles"].iloc[2]
    classroom.close()
