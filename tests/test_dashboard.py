"""Component tests of the classroom dashboard, without a browser (`solara.render`).

The controls must change the model as intended. No test asserts an outcome value of
the model: it is still being calibrated, and only its API is fixed.
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path

import ipyvuetify as vw
import ipywidgets
import pytest
import solara
import solara.widgets

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboards import charts, style  # noqa: E402
from dashboards.page import Dashboard, Page  # noqa: E402
from dashboards.session import (  # noqa: E402
    INTERVENTIONS,
    MAIN_LEVERS,
    Classroom,
    presets,
)
from lcsim.ecosystem import RegionModel  # noqa: E402
from lcsim.model import LearningCommunityModel  # noqa: E402
from lcsim.params import Params  # noqa: E402


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


def html_with_class(rc, css_class: str) -> list[str]:
    return [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
            if css_class in w.attributes.get("class", "").split()]


def texts_with_class(rc, css_class: str) -> list[str]:
    return [str(w.children) for w in rc.find(vw.Html).widgets
            if css_class in str(w.class_).split()]


def images(rc) -> list[bytes]:
    return [bytes(w.value) for w in rc.find(ipywidgets.Image).widgets]


def charts_by_name(rc) -> dict[str, bytes]:
    """The chart images, by the name in their CSS class (lc-chart-<name>)."""
    out = {}
    for w in rc.find(ipywidgets.Image).widgets:
        names = [c[len("lc-chart-"):] for c in w._dom_classes if c.startswith("lc-chart-")]
        out[names[0]] = bytes(w.value)
    return out


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
    assert len(after_images) == len(before_images) == 4  # network, climate, value, products
    assert all(a != b for a, b in zip(before_images, after_images, strict=True))


def test_play_steps_until_paused(session):
    classroom, rc = session
    slider(rc, "Speed").v_model = 20.0
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
    slider(rc, "Speed").v_model = 20.0
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


def test_lever_slider_sets_the_parameter(session):
    classroom, rc = session
    slider(rc, "Funding:").v_model = 2.0
    assert classroom.a.model.p.funding_years == 2.0
    slider(rc, "Bridge-builders:").v_model = 3
    assert classroom.a.model.p.n_bridge_builders == 3
    assert classroom.a.model.p.funding_years == 2.0


def test_lever_change_mid_run_waits_for_reset(session):
    classroom, rc = session
    click(rc, "Step")
    slider(rc, "Stereotyping at the start:").v_model = 0.9
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
        label = style.label(name)
        widget = slider(rc, label[0].upper() + label[1:] + ":")
        assert (widget.min, widget.max) == (spec.low, spec.high)
        assert spec.doc in texts


def test_every_parameter_has_a_lever(session):
    _classroom, rc = session
    labels = [str(w.label) for w in rc.find(vw.Slider).widgets]
    labels += [str(w.label) for w in rc.find(vw.Checkbox).widgets]
    for spec in Params.specs():  # including n_communities and shared_member_share
        name = style.label(spec.name)
        assert any(lb.startswith(name[0].upper() + name[1:]) for lb in labels), spec.name


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
        click(rc, intervention.label)
        assert len(model.events) > before, intervention.key
        assert model.events[-1].week == model.steps
        newest = html_with_class(rc, "lc-events")[0].split("<li>")[1]
        assert f"week {model.steps}" in newest
        assert html.escape(model.events[-1].text) in newest
        if intervention.key == "withdraw":
            click(rc, "Appoint a bridge-builder")  # a bridge-builder for "bridge-builder leaves"


def test_intervention_with_nobody_to_act_on_says_so():
    classroom = Classroom({"n_bridge_builders": 0})
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    before = len(classroom.a.model.events)
    click(rc, "Withdraw a bridge-builder")
    assert len(classroom.a.model.events) == before
    assert any("nobody to act on" in text for text in texts_with_class(rc, "lc-message"))
    rc.close()


def test_interventions_appear_on_the_charts(session):
    classroom, rc = session
    click(rc, "Step")
    plain = charts_by_name(rc)
    click(rc, "Workshop against stereotypes")
    marked = charts_by_name(rc)
    # The weekly charts mark the week of the intervention; the network is not a time chart.
    changed = {name: plain[name] != marked[name] for name in plain}
    assert changed == {"network": False, "climate": True, "value": True, "products": True}


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
    assert len(images(rc)) == 8
    assert len(html_with_class(rc, "lc-events")) == 2


def test_compare_mode_intervention_on_b_only(session):
    classroom, rc = session
    rc.find(vw.Switch, label="Compare with a second run (B)").widget.v_model = True
    rc.find(vw.Select, label="B = these settings, plus").widget.v_model = "short subsidy"
    assert classroom.b.model.p.funding_years == 1.5
    click(rc, "Step")
    a_before, b_before = len(classroom.a.model.events), len(classroom.b.model.events)
    click(rc, "End funding now")  # the target defaults to B
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
    for png in (charts.NetworkChart(model).frame(model),
                charts.ClimateChart(model).frame(model, df),
                charts.ClimateChart(model, columns=1).frame(model, df),
                charts.ValueChart(model, charts.value_ceilings(df)).frame(model, df),
                charts.ProductsChart(model, charts.products_ceiling(df)).frame(model, df)):
        assert png.startswith(b"\x89PNG")


def test_slider_steps_are_fine_enough():
    for spec in Params.specs():
        if spec.kind is float and spec.high > spec.low:
            step = style.slider_step(spec)
            assert 0 < step <= (spec.high - spec.low) / 10


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
    slider(rc, "Region:").v_model = 3
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
    assert "Communities: <b>3</b>" in status
    assert "Shared people:" in status and "Realized value (region total)" in status
    slider(rc, "Members shared with the next community").v_model = 0.2
    assert classroom.a.root.p.shared_member_share == 0.2
    assert isinstance(classroom.a.root, RegionModel)


def test_switching_community_changes_the_views(region):
    classroom, rc = region
    for _ in range(30):
        click(rc, "Step")
    network_0 = charts_by_name(rc)["network"]
    log_0 = html_with_class(rc, "lc-events")[0]
    assert classroom.a.model.events, "nothing happened in 30 weeks"
    slider(rc, "Community shown").v_model = 2
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
    slider(rc, "Community shown").v_model = 1
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
    slider(rc, "Community shown").v_model = 1
    communities = classroom.a.root.communities
    before = [len(c.events) for c in communities]
    click(rc, "Workshop against stereotypes")
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
    slider(rc, "Community shown").v_model = 2
    assert classroom.a.community == classroom.b.community == 2
    assert classroom.b.model is classroom.b.root.communities[2]
    for _ in range(2):
        click(rc, "Step")
    assert classroom.a.root.steps == classroom.b.root.steps == 2
    assert len(images(rc)) == 8
    assert len(html_with_class(rc, "lc-region")) == 2
    b_before = len(classroom.b.model.events)
    click(rc, "End funding now")  # the target defaults to B
    assert classroom.b.model.events[-1].kind == "intervention"
    assert len(classroom.b.model.events) == b_before + 1


def test_back_to_one_community_hides_the_selector(region):
    classroom, rc = region
    slider(rc, "Community shown").v_model = 2
    slider(rc, "Region:").v_model = 1
    assert type(classroom.a.root) is LearningCommunityModel
    assert classroom.community == 0
    assert not html_with_class(rc, "lc-region")
