"""report.html: one self-contained page per study, rendered from the stored results only.

Order: plain-language findings first, then figures (outcomes by design point, heatmaps of
two-parameter grids, fan charts of weekly series, sensitivity bars), then the comparison
table, failures, how to read the page, and how to reproduce it. Figures are matplotlib
`Figure()`s embedded as base64 PNG, so the file can be mailed or archived as it is.

A part that cannot be built (a figure, a table, a statistic) is replaced by a sentence that
says what is missing and why; the rest of the report is still written.
"""

from __future__ import annotations

import base64
import html
import io
import math
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from lcsim.experiments import stats
from lcsim.experiments.config import (
    ExperimentConfig,
    GridDesign,
    SampleDesign,
    ScenariosDesign,
)
from lcsim.experiments.design import salib_problem, value_text
from lcsim.experiments.storage import PARAM_PREFIX, RUN_META, ResultStore
from lcsim.params import Params

CI_LABEL = "95% CI of the mean"
BAND_LABEL = "spread across runs (5th-95th percentile band)"
DEFAULT_HEADLINE = ("realized_value", "survived", "stranded_potential_value", "mean_trust")
MAX_FIGURE_OUTCOMES = 6
MAX_FAN_POINTS = 6
MAX_TABLE_OUTCOMES = 8
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
          "#17becf")


# --------------------------------------------------------------------------- entry points
def write_report(directory: str | Path) -> Path:
    """Render report.html in `directory` from its manifest and Parquet files; return its path."""
    store = ResultStore(directory)
    manifest = store.read_manifest()
    if manifest is None:
        raise FileNotFoundError(f"{store.manifest_path}: no manifest; is this a results "
                                "directory of `lcsim experiment`?")
    runs, timeseries = store.load()
    config = ExperimentConfig.model_validate(manifest["config"])
    page = build_report(config, manifest, runs, timeseries)
    tmp = store.report_path.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(store.report_path)
    return store.report_path


def build_report(config: ExperimentConfig, manifest: dict[str, Any], runs: pd.DataFrame,
                 timeseries: pd.DataFrame) -> str:
    """The whole report as one HTML string."""
    return _Report(config, manifest, runs, timeseries).render()


# --------------------------------------------------------------------------- helpers
def outcome_columns(runs: pd.DataFrame) -> list[str]:
    """Outcome columns of runs.parquet, in stored order."""
    meta = {name for name, _ in RUN_META}
    return [c for c in runs.columns if c not in meta and not c.startswith(PARAM_PREFIX)]


def label(name: str) -> str:
    """A column name as words: 'realized_value' -> 'realized value'."""
    return name.replace("_", " ")


def number(x: float, binary: bool = False) -> str:
    """A number at a sensible precision; shares of yes/no outcomes as percentages."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if binary:
        return f"{100 * x:.0f}%"
    size = abs(x)
    if size >= 1000:
        return f"{x:,.0f}"
    if size >= 10:
        return f"{x:.1f}"
    if size >= 1:
        return f"{x:.2f}"
    if size == 0:
        return "0"
    return f"{x:.3f}" if size >= 0.001 else f"{x:.2e}"


def signed(x: float, binary: bool = False) -> str:
    """A difference with its sign; for shares in percentage points."""
    text = number(x, binary)
    if binary and not math.isnan(x):
        text = f"{100 * x:+.0f} points"
    return text if text.startswith(("-", "+")) or text == "n/a" else f"+{text}"


NO_SPREAD = "zero width, the runs do not vary"


def interval(low: float, high: float, binary: bool = False) -> str:
    """A CI as text; a t interval of zero width says that the runs did not vary (a share's
    Wilson interval is never zero-width)."""
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    if not binary and low == high:
        return NO_SPREAD
    if binary:
        return f"{100 * low:.0f}% to {100 * high:.0f}%"
    return f"{number(low)} to {number(high)}"


def error_bars(values: Sequence[float] | np.ndarray | pd.Series,
               lows: Sequence[float] | np.ndarray | pd.Series,
               highs: Sequence[float] | np.ndarray | pd.Series) -> list[np.ndarray]:
    """Distances from each value down to its low and up to its high bound, as matplotlib's
    `yerr`/`xerr` want them: never negative (a bound on the wrong side of its value is drawn
    at the value), NaN where a bound is unknown (then no bar is drawn)."""
    v = np.asarray(values, dtype=float)
    below = np.maximum(v - np.asarray(lows, dtype=float), 0.0)
    above = np.maximum(np.asarray(highs, dtype=float) - v, 0.0)
    return [below, above]


def diff_interval(low: float, high: float, binary: bool = False) -> str:
    """A CI of a difference as text, signed; in percentage points for shares."""
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    if not binary and low == high:
        return NO_SPREAD
    if binary:
        return f"{100 * low:+.0f} to {100 * high:+.0f} points"
    return f"{signed(low)} to {signed(high)}"


def figure_html(fig: Figure, alt: str) -> str:
    """A matplotlib Figure as an embedded PNG <img>."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(alt)}</figcaption></figure>")


def table_html(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _why(err: BaseException) -> str:
    """An exception in one line: its type and the first line of its message."""
    message = (str(err).strip().splitlines() or [""])[0]
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


# --------------------------------------------------------------------------- the report
class _Report:
    """Builds the sections of one report from config, manifest and stored results."""

    def __init__(self, config: ExperimentConfig, manifest: dict[str, Any], runs: pd.DataFrame,
                 timeseries: pd.DataFrame) -> None:
        self.config = config
        self.manifest = manifest
        self.runs = runs
        self.timeseries = timeseries
        self.design = config.design
        self.ok = stats.ok_runs(runs) if len(runs) else runs
        self.outcomes = outcome_columns(runs) if len(runs) else []
        self.headline = self._headline()
        self.derived = {d.name: d for d in config.derived}
        self.problems: list[str] = []  # statistics that could not be computed, and why
        self.kinds: dict[str, stats.OutcomeKind] = self._computed(
            "which outcomes are yes/no or cannot be negative (so yes/no outcomes get "
            "Student t intervals below)",
            lambda: stats.outcome_kinds(runs, self.outcomes, self.derived), {})
        self.binary = {o: k.yes_no for o, k in self.kinds.items()}
        self.baseline = manifest.get("baseline")
        if self.baseline is not None and self.baseline not in set(self.ok.get("point", [])):
            self.baseline = None
        self.paired = config.common_random_numbers
        self.summary = self._computed(
            "the means and CIs per design point",
            lambda: stats.summarize(runs, self.headline, kinds=self.kinds), pd.DataFrame()
        ) if len(self.ok) else pd.DataFrame()
        self.compared = self._computed(
            "the comparison with the baseline",
            lambda: stats.compare_with_baseline(runs, self.headline, self.baseline,
                                                paired=self.paired, kinds=self.kinds),
            pd.DataFrame()) if self.baseline and not isinstance(self.design, SampleDesign) \
            else pd.DataFrame()
        self.interactions = self._computed("the interaction of the two grid parameters",
                                           self._interactions, pd.DataFrame())
        self.sensitivity, self.sensitivity_problems = self._computed(
            "the sensitivity indices", self._sensitivity, (pd.DataFrame(), {}))

    def _computed(self, what: str, compute: Callable[[], Any], fallback: Any) -> Any:
        """compute(), or `fallback` with a note in the findings when it fails: one statistic
        that cannot be computed must not cost the whole report."""
        try:
            return compute()
        except Exception as err:  # noqa: BLE001 - any failure becomes a sentence instead
            self.problems.append(f"Not computed: {_esc(what)} ({_esc(_why(err))}).")
            return fallback

    def _part(self, what: str, build: Callable[[], str]) -> str:
        """build(), or a sentence saying what is missing and why when it fails."""
        try:
            return build()
        except Exception as err:  # noqa: BLE001 - the rest of the report is still written
            return (f"<p class='warn'>Missing here: {_esc(what)}, because it could not be "
                    f"drawn ({_esc(_why(err))}). The rest of the report is complete, and "
                    "every run's numbers are in runs.parquet.</p>")

    # ------------------------------------------------------------------ choices
    def _headline(self) -> list[str]:
        if self.config.outputs is not None:
            return [o for o in self.config.outcome_names() if o in self.outcomes]
        chosen = [o for o in DEFAULT_HEADLINE if o in self.outcomes]
        chosen += [d.name for d in self.config.derived if d.name in self.outcomes]
        return chosen or self.outcomes[:4]

    def _grid_factors(self) -> list[str]:
        return list(self.design.factors) if isinstance(self.design, GridDesign) else []

    def _interactions(self) -> pd.DataFrame:
        factors = self._grid_factors()
        if len(factors) != 2 or not len(self.ok):
            return pd.DataFrame()
        return stats.grid_interactions(self.runs, factors[0], factors[1],
                                       self.headline[:MAX_FIGURE_OUTCOMES], paired=self.paired,
                                       kinds=self.kinds)

    def _sensitivity(self) -> tuple[pd.DataFrame, dict[str, str]]:
        if not isinstance(self.design, SampleDesign) or not len(self.runs):
            return pd.DataFrame(), {}
        problem = salib_problem(self.design)
        first = self.runs.sort_values("replication").drop_duplicates("point_index")
        first = first.set_index("point_index").sort_index()
        n_points = len(self.manifest.get("design_points", [])) or int(first.index.max()) + 1
        first = first.reindex(range(n_points))
        x = first[[PARAM_PREFIX + n for n in problem["names"]]].to_numpy(dtype=float)
        frames, problems = [], {}
        for outcome in self.headline:
            y = stats.point_means(self.runs, outcome, n_points)
            try:
                table = stats.sensitivity(self.design.method, problem, x, y,
                                          second_order=self.design.second_order,
                                          levels=self.design.levels,
                                          seed=self.config.root_seed)
            except (ValueError, ZeroDivisionError) as err:
                problems[outcome] = str(err)
                continue
            table.insert(0, "outcome", outcome)
            frames.append(table)
        return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), problems

    @property
    def main_index(self) -> str:
        return {"morris": "mu_star", "sobol": "ST", "latin": "S1"}.get(
            getattr(self.design, "method", ""), "")

    # ------------------------------------------------------------------ page
    def render(self) -> str:
        sections = [("the header", self._header), ("the findings", self._findings),
                    ("the figures", self._figures), ("the comparison table", self._tables),
                    ("the list of failed runs", self._failures),
                    ("how to read this report", self._how_to_read),
                    ("how to reproduce the study", self._reproduce),
                    ("the design table", self._design)]
        body = "\n".join(s for s in (self._part(what, build) for what, build in sections)
                         if s)
        title = _esc(f"{self.config.name}: {self.config.question}")
        return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
                f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
                f"<title>{title}</title><style>{CSS}</style></head>"
                f"<body><main>{body}</main></body></html>\n")

    def _header(self) -> str:
        m = self.manifest
        counts = m.get("runs", {})
        sessions = m.get("sessions", [])
        wall = sum(s.get("wall_seconds", 0) or 0 for s in sessions)
        points = len(m.get("design_points", []))
        crn = ("the same seeds at every design point (common random numbers), so design "
               "points are compared run by run" if self.paired else
               "independent seeds at every design point")
        status = m.get("status", "")
        warn = ""
        if status != "complete":
            warn = (f"<p class='warn'>Status: <b>{_esc(status)}</b>. "
                    f"{counts.get('failed', 0)} failed and {counts.get('missing', 0)} missing "
                    "run(s); results below use the finished runs only.</p>")
        description = f"<p>{_esc(self.config.description)}</p>" if self.config.description \
            else ""
        return (f"<h1>{_esc(self.config.name)}</h1>"
                f"<p class='question'>{_esc(self.config.question)}</p>{description}"
                f"<p class='meta'>{points} design point(s) &times; {self.config.replications} "
                f"replication(s) = {counts.get('planned', len(self.runs))} runs "
                f"({counts.get('ok', len(self.ok))} finished, {counts.get('failed', 0)} "
                f"failed). Seeds from root seed {self.config.root_seed}, with {crn}. "
                f"Computed in {wall:.0f} s of wall time over {len(sessions)} session(s); "
                f"lcsim {_esc(m.get('versions', {}).get('lcsim', '?'))}, "
                f"git {_esc((m.get('git', {}).get('commit') or 'n/a')[:10])}"
                f"{' (uncommitted changes)' if m.get('git', {}).get('dirty') else ''}.</p>"
                f"{warn}")

    # ------------------------------------------------------------------ findings
    def _findings(self) -> str:
        items: list[str] = []
        if not len(self.ok):
            items.append("No run finished, so there is nothing to report yet; see the "
                         "failures below.")
        elif isinstance(self.design, SampleDesign):
            items += self._sensitivity_findings()
        else:
            if not self.compared.empty:
                items.append(
                    f"Against the baseline (<i>{_esc(self.baseline)}</i>) a difference counts "
                    "as clear when its 95% CI excludes zero"
                    + (", with runs paired by seed" if self.paired else "")
                    + ". A is the chance that a run at that design point beats a baseline run "
                    "(0.5 = no difference).")
            items += self._outcome_findings()
            items += self._interaction_findings()
            items += self._identical_findings()
        items += self.problems
        failed = int((self.runs.get("status", pd.Series(dtype=str)) != "ok").sum())
        if failed:
            items.append(f"<b>{failed} run(s) failed</b> and are left out of every number "
                         "here; their tracebacks are listed under Failures.")
        items.append("These are model results: they show what follows from the model's "
                     "assumptions (docs/ODD.md), not measurements. Read directions and sizes "
                     "of differences rather than exact values.")
        return "<h2>Findings</h2><ul class='findings'>" + "".join(
            f"<li>{i}</li>" for i in items) + "</ul>"

    def _describe_mean(self, row: pd.Series) -> str:
        binary = self.binary.get(row["outcome"], False)
        return (f"{number(row['mean'], binary)} ({CI_LABEL}: "
                f"{interval(row['ci_low'], row['ci_high'], binary)})")

    def _outcome_findings(self) -> list[str]:
        """One sentence group per headline outcome: where it is highest and lowest, and which
        design points differ clearly from the baseline."""
        items = []
        for outcome in self.headline[:MAX_FIGURE_OUTCOMES]:
            rows = self.summary[self.summary["outcome"] == outcome].dropna(subset=["mean"])
            if rows.empty:
                continue
            best = rows.loc[rows["mean"].idxmax()]
            worst = rows.loc[rows["mean"].idxmin()]
            what = self._outcome_words(outcome)
            if best["mean"] == worst["mean"]:
                text = (f"<b>{what}</b> is the same everywhere: "
                        f"{self._describe_mean(best)}.")
            else:
                text = (f"<b>{what}</b> is highest at <i>{_esc(best['point'])}</i>: "
                        f"{self._describe_mean(best)}, and lowest at "
                        f"<i>{_esc(worst['point'])}</i>: {self._describe_mean(worst)}.")
            items.append(text + self._baseline_sentence(outcome))
        return items

    def _outcome_words(self, outcome: str) -> str:
        text = label(outcome).capitalize()
        if self.binary.get(outcome):
            text += " (share of runs)"
        return _esc(text)

    def _baseline_sentence(self, outcome: str) -> str:
        if self.compared.empty:
            return ""
        rows = self.compared[self.compared["outcome"] == outcome]
        clear = rows[(rows["ci_low"] > 0) | (rows["ci_high"] < 0)]
        if clear.empty:
            return (f" No design point differs clearly from the baseline (all {len(rows)} "
                    "CIs of the difference include zero).")
        binary = self.binary.get(outcome, False)
        top = clear.reindex(clear["difference"].abs().sort_values(ascending=False).index)
        parts = [f"<i>{_esc(r['point'])}</i> {signed(r['difference'], binary)} "
                 f"({diff_interval(r['ci_low'], r['ci_high'], binary)}, A = {r['vd_a']:.2f})"
                 for _, r in top.head(2).iterrows()]
        return (f" {len(clear)} of {len(rows)} design points differ clearly from the "
                f"baseline; the largest differences: " + "; ".join(parts) + ".")

    def _identical_findings(self) -> list[str]:
        """Design points whose runs gave exactly the same outcomes, seed by seed: in the
        model these settings are equivalent (only detectable with common random numbers)."""
        if not self.paired or self.config.replications < 2 or not self.headline:
            return []
        groups: dict[tuple, list[str]] = {}
        ordered = self.ok.sort_values(["point_index", "replication"])
        for point, group in ordered.groupby("point", sort=False):
            key = tuple(group["replication"]) + tuple(
                group[self.headline].to_numpy(dtype=float).ravel().tolist())
            groups.setdefault(key, []).append(point)
        same = [names for names in groups.values() if len(names) > 1]
        if not same:
            return []
        shown = "; ".join(" = ".join(f"<i>{_esc(n)}</i>" for n in names)
                          for names in same[:4])
        more = f" (and {len(same) - 4} more groups)" if len(same) > 4 else ""
        return [f"<b>Identical results</b>: {shown}{more} gave exactly the same outcomes in "
                "every replication. With the same seeds, the model treats these settings as "
                "equivalent."]

    def _interaction_findings(self) -> list[str]:
        if self.interactions.empty:
            return []
        items = []
        for outcome in self.headline[:MAX_FIGURE_OUTCOMES]:
            rows = self.interactions[self.interactions["outcome"] == outcome]
            if rows.empty:
                continue
            r = rows.iloc[-1]  # first level of A to its last
            binary = self.binary.get(outcome, False)
            fa, fb = r["factor_a"], r["factor_b"]
            verdict = ("the CI excludes zero, so in these runs the effect of "
                       f"{_esc(label(fa))} clearly depends on {_esc(label(fb))}"
                       if (r["ci_low"] > 0 or r["ci_high"] < 0) else
                       "the CI includes zero, so these runs do not show that the effect of "
                       f"{_esc(label(fa))} depends on {_esc(label(fb))}")
            items.append(
                f"<b>Interaction, {self._outcome_words(outcome).lower()}</b>: going from "
                f"{_esc(fa)}={value_text(r['a_from'])} to {value_text(r['a_to'])} changes it "
                f"by {signed(r['effect_at_b_low'], binary)} at {_esc(fb)}="
                f"{value_text(r['b_low'])} and by {signed(r['effect_at_b_high'], binary)} at "
                f"{_esc(fb)}={value_text(r['b_high'])}. The difference (interaction) is "
                f"{signed(r['interaction'], binary)} (95% CI "
                f"{diff_interval(r['ci_low'], r['ci_high'], binary)}); {verdict}.")
        return items

    def _sensitivity_findings(self) -> list[str]:
        """Which parameters matter, ranked among reliable indices only; unreliable indices
        (`stats.index_problem`) are named with the reason and the advice to raise samples."""
        items = []
        index = self.main_index
        for outcome in self.headline:
            if outcome in self.sensitivity_problems:
                items.append(f"<b>{self._outcome_words(outcome)}</b>: no sensitivity indices "
                             f"({_esc(self.sensitivity_problems[outcome])}).")
                continue
            rows = self._index_rows(outcome)
            if rows.empty:
                continue
            good = rows[rows["reliable"]].sort_values("value", ascending=False)
            bad = rows[~rows["reliable"]]
            what = f"<b>{self._outcome_words(outcome)}</b>"
            text = ""
            if len(good) >= 2:
                top, second = good.iloc[0], good.iloc[1]
                text = (f"{what} depends most on <i>{_esc(label(top['parameter']))}</i> "
                        f"({index} = {number(top['value'])} &plusmn; {number(top['conf'])}"
                        f"{self._direction(outcome, top)}), then "
                        f"<i>{_esc(label(second['parameter']))}</i> ({index} = "
                        f"{number(second['value'])} &plusmn; {number(second['conf'])})")
                if top["value"] - top["conf"] <= second["value"] + second["conf"]:
                    text += ("; their confidence intervals overlap, so the ranking of the top "
                             "two is not certain")
                text += "."
            elif len(good) == 1:
                top = good.iloc[0]
                text = (f"{what}: the one reliable index is that of "
                        f"<i>{_esc(label(top['parameter']))}</i> ({index} = "
                        f"{number(top['value'])} &plusmn; {number(top['conf'])}"
                        f"{self._direction(outcome, top)}).")
            if not bad.empty:
                listed = "; ".join(
                    f"<i>{_esc(label(r['parameter']))}</i> ({index} = {number(r['value'])}"
                    + (f" &plusmn; {number(r['conf'])}" if not math.isnan(r["conf"]) else "")
                    + f": {_esc(r['problem'])})" for _, r in bad.iterrows())
                text += ((" " if text else f"{what}: ") + "<b>unreliable, so not ranked</b>: "
                         f"{listed}. {self._more_samples()}")
            items.append(text)
        if items:
            items.insert(0, self._sensitivity_intro())
        return items

    def _index_rows(self, outcome: str) -> pd.DataFrame:
        """The main index (ST, S1 or mu*) of every parameter for one outcome."""
        if self.sensitivity.empty:
            return self.sensitivity
        return self.sensitivity[(self.sensitivity["outcome"] == outcome)
                                & (self.sensitivity["index"] == self.main_index)]

    def _any_reliable(self) -> bool:
        main = self._index_rows_all()
        return bool(len(main)) and bool(main["reliable"].any())

    def _index_rows_all(self) -> pd.DataFrame:
        if self.sensitivity.empty:
            return self.sensitivity
        return self.sensitivity[self.sensitivity["index"] == self.main_index]

    def _more_samples(self) -> str:
        samples = getattr(self.design, "samples", None)
        now = f" (now {samples})" if samples else ""
        return (f"To read them, raise <code>samples</code> in <code>[design]</code>{now}: a CI "
                "shrinks about as one over the square root of the sample, so four times the "
                "samples halves it.")

    def _sensitivity_intro(self) -> str:
        index = self.main_index
        name = {"mu_star": "Morris mu*, the mean absolute elementary effect",
                "ST": "the total-effect Sobol index ST",
                "S1": "the first-order index S1 (RBD-FAST)"}[index]
        text = (f"Sensitivity measure: {name}; larger means the outcome responds more to that "
                "parameter over its sampled range.")
        if index in stats.SHARE_INDICES and self._any_reliable():
            text += (" A reliable value estimates the share of the outcome's variance due to "
                     "the parameter" + (", interactions included." if index == "ST" else
                                        " alone."))
        if not self._index_rows_all().empty and not self._index_rows_all()["reliable"].all():
            text += (" An index is <b>unreliable</b>, and never ranked, when it lies outside "
                     "0 to 1 beyond its confidence interval (Sobol, RBD-FAST) or its "
                     "confidence interval is wider than the index itself.")
        return text

    def _direction(self, outcome: str, top: pd.Series) -> str:
        """Morris only: whether more of the parameter raises or lowers the outcome (mu vs mu*)."""
        if self.main_index != "mu_star" or not top["value"] or not top["reliable"]:
            return ""
        rows = self.sensitivity[(self.sensitivity["outcome"] == outcome)
                                & (self.sensitivity["parameter"] == top["parameter"])
                                & (self.sensitivity["index"] == "mu")]
        if rows.empty:
            return ""
        ratio = float(rows["value"].iloc[0]) / float(top["value"])
        if ratio > 0.8:
            return "; more of it raises the outcome"
        if ratio < -0.8:
            return "; more of it lowers the outcome"
        return "; its direction is not consistent across the sample"

    # ------------------------------------------------------------------ figures
    def _figures(self) -> str:
        if not len(self.ok):
            return ""
        figures: list[tuple[str, Callable[[], str]]] = []
        if isinstance(self.design, GridDesign):
            figures.append(("the figure of outcomes across the grid", self._grid_lines))
            if len(self._grid_factors()) == 2:
                figures.append(("the heatmaps of the two grid parameters", self._heatmaps))
        elif isinstance(self.design, ScenariosDesign):
            figures.append(("the figure of outcomes by scenario", self._scenario_dots))
        else:
            figures.append(("the sensitivity figures", self._sensitivity_bars))
        figures.append(("the fan charts of the weekly series", self._fan_charts))
        parts = [self._part(what, build) for what, build in figures]
        return "<h2>Figures</h2>" + "".join(p for p in parts if p)

    def _grid_lines(self) -> str:
        factors = self._grid_factors()
        x_factor = factors[0]
        others = factors[1:]
        outcomes = self.headline[:MAX_FIGURE_OUTCOMES]
        fig = Figure(figsize=(11, 3.4 * math.ceil(len(outcomes) / 2) + 0.8))
        handles: list[Any] = []
        names: list[str] = []
        ok = self.ok
        groups = (ok.groupby([PARAM_PREFIX + f for f in others], sort=True) if others
                  else [((), ok)])
        group_list = list(groups)[:len(COLORS)]
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(math.ceil(len(outcomes) / 2), 2, k + 1)
            binary = self.binary.get(outcome, False)
            kind = self.kinds.get(outcome, stats.ANY)
            for color, (key, group) in zip(COLORS, group_list, strict=False):
                key = key if isinstance(key, tuple) else (key,)
                name = ", ".join(f"{f}={value_text(v)}" for f, v in zip(others, key,
                                                                       strict=True))
                xs, means, lows, highs, blow, bhigh = [], [], [], [], [], []
                for x, cell in group.groupby(PARAM_PREFIX + x_factor, sort=True):
                    ci = stats.outcome_ci(cell[outcome], kind=kind)
                    band = stats.percentile_band(cell[outcome])
                    xs.append(float(x))
                    means.append(ci.value)
                    lows.append(ci.low)
                    highs.append(ci.high)
                    blow.append(band[0])
                    bhigh.append(band[1])
                if not binary:  # a band of yes/no runs is just 0 to 1
                    ax.fill_between(xs, blow, bhigh, color=color, alpha=0.12, linewidth=0)
                ax.errorbar(xs, means, yerr=error_bars(means, lows, highs),
                            color=color, marker="o", ms=3.5, capsize=3,
                            label=name or "mean")
            ax.set_xlabel(label(x_factor))
            ax.set_ylabel(label(outcome) + (" (share)" if binary else ""))
            ax.grid(alpha=0.3)
            if k == 0:
                handles, names = ax.get_legend_handles_labels()
        fig.tight_layout(rect=(0, 0.06, 1, 1))
        fig.legend(handles, names, loc="lower center", ncol=min(4, len(names)), fontsize=8,
                   title=f"lines: mean with {CI_LABEL}; shade: {BAND_LABEL}",
                   title_fontsize=8, frameon=False)
        return ("<h3>Outcomes across the grid</h3>" + figure_html(
            fig, f"Mean outcome per grid point: points and error bars show the mean with its "
                 f"{CI_LABEL}; the shaded area shows the {BAND_LABEL}."))

    def _heatmaps(self) -> str:
        fa, fb = self._grid_factors()
        outcomes = self.headline[:MAX_FIGURE_OUTCOMES]
        cols = min(3, len(outcomes))
        rows = math.ceil(len(outcomes) / cols)
        fig = Figure(figsize=(4.2 * cols, 3.4 * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            table = self.ok.pivot_table(index=PARAM_PREFIX + fb, columns=PARAM_PREFIX + fa,
                                        values=outcome, aggfunc="mean")
            image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", origin="lower",
                              cmap="viridis")
            ax.set_xticks(range(table.shape[1]), [value_text(v) for v in table.columns])
            ax.set_yticks(range(table.shape[0]), [value_text(v) for v in table.index])
            ax.set_xlabel(label(fa))
            ax.set_ylabel(label(fb))
            ax.set_title(label(outcome), fontsize=10)
            binary = self.binary.get(outcome, False)
            values = table.to_numpy(dtype=float)
            middle = np.nanmean(values)
            for i in range(values.shape[0]):
                for j in range(values.shape[1]):
                    ax.text(j, i, number(values[i, j], binary), ha="center", va="center",
                            fontsize=7, color="white" if values[i, j] < middle else "black")
            fig.colorbar(image, ax=ax, shrink=0.8)
        fig.tight_layout()
        return ("<h3>Heatmaps of the two grid parameters</h3>"
                + figure_html(fig, "Mean outcome per combination of the two grid parameters "
                                   "(colour and number: mean over replications)."))

    def _scenario_dots(self) -> str:
        outcomes = self.headline[:MAX_FIGURE_OUTCOMES]
        points = self.summary[["point_index", "point"]].drop_duplicates().sort_values(
            "point_index")["point"].tolist()
        cols = 2 if len(outcomes) > 1 else 1
        rows = math.ceil(len(outcomes) / cols)
        fig = Figure(figsize=(5.6 * cols, max(2.5, 0.45 * len(points) + 1.2) * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            s = self.summary[self.summary["outcome"] == outcome].set_index("point").reindex(
                points)
            y = np.arange(len(points))[::-1]
            if not self.binary.get(outcome):
                ax.hlines(y, s["band_low"], s["band_high"], color="#999999", lw=6, alpha=0.35,
                          label=BAND_LABEL)
            ax.errorbar(s["mean"], y, xerr=error_bars(s["mean"], s["ci_low"], s["ci_high"]),
                        fmt="o", color=COLORS[0], capsize=3, label=f"mean with {CI_LABEL}")
            if self.baseline in points:
                ax.axvline(s.loc[self.baseline, "mean"], color=COLORS[1], ls=":", lw=1)
            ax.set_yticks(y, points if k % cols == 0 else [""] * len(points))
            ax.set_title(label(outcome) + (" (share)" if self.binary.get(outcome) else ""),
                         fontsize=10)
            ax.grid(axis="x", alpha=0.3)
            if k == 0:
                ax.legend(fontsize=7, loc="best")
        fig.tight_layout()
        return ("<h3>Outcomes by scenario</h3>" + figure_html(
            fig, f"Dots with error bars: mean with its {CI_LABEL}. Grey bars: the {BAND_LABEL}. "
                 "Dotted line: the baseline mean."))

    def _fan_points(self) -> list[str]:
        points = (self.ok[["point_index", "point"]].drop_duplicates().sort_values(
            "point_index")["point"].tolist())
        if len(points) <= MAX_FAN_POINTS:
            return points
        firsts = self.ok.drop_duplicates("point_index").sort_values("point_index")
        if isinstance(self.design, GridDesign):
            # First, baseline and last level of the first factor; ends of the others.
            base = firsts[firsts["point"] == self.baseline]
            chosen = firsts
            for i, factor in enumerate(self._grid_factors()):
                column = PARAM_PREFIX + factor
                levels = sorted(firsts[column].unique())
                keep = {levels[0], levels[-1]}
                if i == 0:
                    keep.add(base[column].iloc[0] if len(base) else levels[len(levels) // 2])
                chosen = chosen[chosen[column].isin(keep)]
            return chosen["point"].tolist()[:MAX_FAN_POINTS]
        picked = [points[int(i)] for i in np.linspace(0, len(points) - 1, MAX_FAN_POINTS)]
        if self.baseline and self.baseline not in picked:
            picked = [self.baseline] + picked[:MAX_FAN_POINTS - 1]
        return picked

    def _fan_charts(self) -> str:
        if self.timeseries is None or not len(self.timeseries):
            return ""
        names = [c for c in self.timeseries.columns if c not in
                 {"run_id", "point", "point_index", "replication", "week"}]
        preferred = [s for s in self.headline if s in names]
        chosen = (preferred + [s for s in names if s not in preferred])[:4]
        if not chosen:
            return ""
        overall = isinstance(self.design, SampleDesign)
        points = [] if overall else self._fan_points()
        data = self.timeseries if overall else self.timeseries[
            self.timeseries["point"].isin(points)]
        cols = 2 if len(chosen) > 1 else 1
        rows = math.ceil(len(chosen) / cols)
        fig = Figure(figsize=(11, 3.6 * rows))
        for k, series in enumerate(chosen):
            ax = fig.add_subplot(rows, cols, k + 1)
            kind = self.kinds[series] if series in self.kinds else self._series_kind(series)
            bands = stats.weekly_bands(data, series, by=None if overall else "point",
                                       kind=kind)
            groups = [("all sampled runs", bands)] if overall else [
                (p, bands[bands["point"] == p]) for p in points]
            for color, (name, b) in zip(COLORS, groups, strict=False):
                ax.fill_between(b["week"], b["band_low"], b["band_high"], color=color,
                                alpha=0.10, linewidth=0)
                ax.fill_between(b["week"], b["ci_low"], b["ci_high"], color=color, alpha=0.35,
                                linewidth=0)
                ax.plot(b["week"], b["mean"], color=color, lw=1.4, label=name)
            ax.set_title(label(series), fontsize=10)
            ax.set_xlabel("week")
            ax.grid(alpha=0.3)
            if k == 0:
                ax.legend(fontsize=7, loc="best")
        fig.tight_layout()
        shown = ("all runs of the sample" if overall else
                 f"{len(points)} of the design points" if len(points) < self._n_points()
                 else "every design point")
        return ("<h3>Weekly series (fan charts)</h3>" + figure_html(
            fig, f"Weekly series for {shown}. Line: mean over runs; dark band: {CI_LABEL} "
                 f"(week by week); light band: {BAND_LABEL}. Runs end at different weeks when "
                 "their funding horizons differ."))

    def _series_kind(self, series: str) -> stats.OutcomeKind:
        """The kind of a weekly series that is not a kept outcome (series share the names of
        the model's outputs)."""
        return stats.outcome_kinds(self.runs, [series]).get(series, stats.ANY)

    def _n_points(self) -> int:
        return int(self.ok["point_index"].nunique()) if len(self.ok) else 0

    def _sensitivity_bars(self) -> str:
        if self.sensitivity.empty:
            return ""
        index = self.main_index
        data = self._index_rows_all()
        outcomes = [o for o in self.headline if o in set(data["outcome"])][:MAX_FIGURE_OUTCOMES]
        cols = 2 if len(outcomes) > 1 else 1
        rows = math.ceil(len(outcomes) / cols)
        n_params = data["parameter"].nunique()
        fig = Figure(figsize=(11, max(2.6, 0.35 * n_params + 1.0) * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            d = data[data["outcome"] == outcome]
            # Unreliable indices are drawn at the bottom, unsorted: they are not ranked.
            d = pd.concat([d[~d["reliable"]], d[d["reliable"]].sort_values("value")])
            names = [label(p) + ("" if ok else " (unreliable)")
                     for p, ok in zip(d["parameter"], d["reliable"], strict=True)]
            bars = ax.barh(names, d["value"],
                           xerr=error_bars(d["value"], d["value"] - d["conf"],
                                           d["value"] + d["conf"]),
                           color=[COLORS[0] if ok else "#bbbbbb" for ok in d["reliable"]],
                           alpha=0.8, capsize=3)
            for bar, ok in zip(bars, d["reliable"], strict=True):
                if not ok:
                    bar.set_hatch("//")
            if self.design.method == "sobol":
                s1 = self.sensitivity[(self.sensitivity["outcome"] == outcome)
                                      & (self.sensitivity["index"] == "S1")].set_index(
                    "parameter").reindex(d["parameter"])
                ax.barh(names, s1["value"], height=0.4, color=COLORS[3], alpha=0.9,
                        label="S1 (first order)")
                ax.legend(fontsize=7)
            ax.axvline(0, color="#555555", lw=0.8)
            ax.set_title(label(outcome), fontsize=10)
            ax.set_xlabel(index)
            ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        unreliable = ("" if data["reliable"].all() else
                      " Grey hatched bars are unreliable indices (see the findings): they are "
                      "not ranked, and need a larger sample.")
        parts = ["<h3>Sensitivity</h3>", figure_html(
            fig, f"Sensitivity index {index} per parameter with its 95% bootstrap confidence "
                 "interval (error bars), computed on the mean over replications at each "
                 f"sampled point.{unreliable}")]
        reliable = data[data["reliable"]]
        if len(outcomes) > 1 and not reliable.empty:
            matrix = reliable.pivot_table(index="parameter", columns="outcome",
                                          values="value").reindex(
                sorted(data["parameter"].unique()))
            matrix = matrix.reindex(columns=outcomes)
            scaled = matrix / matrix.max(axis=0).where(lambda m: m > 0, 1.0)
            flagged = {(r["parameter"], r["outcome"]) for _, r in data.iterrows()
                       if not r["reliable"]}
            fig = Figure(figsize=(1.3 * len(outcomes) + 3, 0.4 * len(matrix) + 1.6))
            ax = fig.add_subplot(1, 1, 1)
            ax.imshow(scaled.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0, vmax=1)
            ax.set_xticks(range(len(scaled.columns)), [label(c) for c in scaled.columns],
                          rotation=30, ha="right")
            ax.set_yticks(range(len(scaled.index)), [label(p) for p in scaled.index])
            for i in range(scaled.shape[0]):
                for j in range(scaled.shape[1]):
                    cell = scaled.iat[i, j]
                    text = f"{cell:.2f}" if not math.isnan(cell) else (
                        "?" if (scaled.index[i], scaled.columns[j]) in flagged else "")
                    ax.text(j, i, text, ha="center", va="center", fontsize=7,
                            color="white" if cell > 0.6 else "black")
            fig.tight_layout()
            parts.append(figure_html(fig, f"Which parameter matters most for which outcome: "
                                          f"reliable {index} scaled so that the largest per "
                                          "outcome is 1; ? marks an unreliable index."))
        return "".join(parts)

    # ------------------------------------------------------------------ tables
    def _tables(self) -> str:
        if not len(self.ok):
            return ""
        parts = ["<h2>Comparison table</h2>"]
        outcomes = self.headline[:MAX_TABLE_OUTCOMES]
        if isinstance(self.design, SampleDesign):
            parts.append(self._part("the table of the sample",
                                    lambda: self._sample_table(outcomes)))
        else:
            for outcome in outcomes:
                parts.append(self._part(f"the table of {label(outcome)}",
                                        lambda outcome=outcome: self._outcome_table(outcome)))
        if not self.interactions.empty:
            parts.append(self._part("the interaction table", self._interaction_table))
        if len(self.outcomes) > len(outcomes):
            parts.append(f"<p class='note'>{len(self.outcomes)} outcomes are stored per run; "
                         "every one is in runs.parquet.</p>")
        return "".join(parts)

    def _outcome_table(self, outcome: str) -> str:
        binary = self.binary.get(outcome, False)
        s = self.summary[self.summary["outcome"] == outcome]
        c = (self.compared[self.compared["outcome"] == outcome].set_index("point")
             if not self.compared.empty else pd.DataFrame())
        header = ["design point", "runs", "mean", CI_LABEL, BAND_LABEL]
        if not c.empty or self.baseline:
            header += ["difference vs baseline", "95% CI of the difference", "Cohen's d",
                       "Vargha-Delaney A"]
        rows = []
        for _, r in s.iterrows():
            row = [_esc(r["point"]) + (" <b>(baseline)</b>" if r["point"] == self.baseline
                                       else ""),
                   f"{r['n']}" + (f" ({r['failed']} failed)" if r["failed"] else ""),
                   number(r["mean"], binary), interval(r["ci_low"], r["ci_high"], binary),
                   "yes/no outcome" if binary else interval(r["band_low"], r["band_high"])]
            if len(header) > 5:
                if r["point"] in c.index:
                    d = c.loc[r["point"]]
                    row += [signed(d["difference"], binary),
                            diff_interval(d["ci_low"], d["ci_high"], binary),
                            number(d["cohens_d"]), f"{number(d['vd_a'])} ({d['effect']})"]
                else:
                    row += ["", "", "", ""]
            rows.append(row)
        title = label(outcome) + (" (share of runs)" if binary else "")
        extra = self.derived.get(outcome)
        note = f"<p class='note'>{_esc(extra.description)}</p>" if extra and \
            extra.description else ""
        return f"<h3>{_esc(title)}</h3>{note}" + table_html(header, rows, "numbers")

    def _sample_table(self, outcomes: list[str]) -> str:
        rows = []
        for outcome in outcomes:
            values = self.ok[outcome]
            binary = self.binary.get(outcome, False)
            ci = stats.outcome_ci(values, kind=self.kinds.get(outcome, stats.ANY))
            band = stats.percentile_band(values)
            rows.append([_esc(label(outcome)), str(ci.n), number(ci.value, binary),
                         interval(ci.low, ci.high, binary),
                         "yes/no outcome" if binary else interval(*band)])
        parts = [table_html(["outcome", "runs", "mean over the whole sample", CI_LABEL,
                             BAND_LABEL], rows, "numbers")]
        if not self.sensitivity.empty:
            table = self.sensitivity.copy()
            table["text"] = [(f"{number(v)} &plusmn; {number(c)}" if not math.isnan(c)
                              else number(v)) + ("" if not problem else " (unreliable)")
                             for v, c, problem in zip(table["value"], table["conf"],
                                                      table["problem"], strict=True)]
            wide = table.pivot_table(index=["parameter"], columns=["outcome", "index"],
                                     values="text", aggfunc="first")
            header = ["parameter"] + [f"{label(o)}: {i}" for o, i in wide.columns]
            rows = [[_esc(label(p))] + [str(v) if isinstance(v, str) else "" for v in
                                        wide.loc[p]] for p in wide.index]
            parts.append("<h3>Sensitivity indices</h3>" + table_html(header, rows, "numbers"))
        return "".join(parts)

    @staticmethod
    def _effect_text(row: pd.Series, key: str, binary: bool) -> str:
        ci = diff_interval(row[f"{key}_ci_low"], row[f"{key}_ci_high"], binary)
        return f"{signed(row[key], binary)} ({ci})"

    def _interaction_table(self) -> str:
        rows = []
        for _, r in self.interactions.iterrows():
            binary = self.binary.get(r["outcome"], False)
            rows.append([
                _esc(label(r["outcome"])),
                f"{_esc(r['factor_a'])}: {value_text(r['a_from'])} &rarr; "
                f"{value_text(r['a_to'])}",
                self._effect_text(r, "effect_at_b_low", binary),
                self._effect_text(r, "effect_at_b_high", binary),
                f"<b>{signed(r['interaction'], binary)}</b>",
                diff_interval(r["ci_low"], r["ci_high"], binary)])
        fa, fb = self._grid_factors()
        b = self.interactions.iloc[0]
        header = ["outcome", "change", f"effect at {fb}={value_text(b['b_low'])} (95% CI)",
                  f"effect at {fb}={value_text(b['b_high'])} (95% CI)", "interaction",
                  "95% CI of the interaction"]
        kind = ("per replication, paired by seed" if self.paired else
                "from independent runs, Welch-Satterthwaite")
        return (f"<h3>Interaction of {_esc(label(fa))} and {_esc(label(fb))}</h3>"
                f"<p class='note'>Interaction = effect at the high level minus effect at the "
                f"low level of {_esc(label(fb))} ({kind}). A CI that excludes zero means the "
                f"effect of {_esc(label(fa))} depends on {_esc(label(fb))}."
                + (" For yes/no outcomes the effects have Newcombe intervals and the "
                   "interaction combines the Wilson intervals of its four shares (MOVER), "
                   "which ignores the pairing and so errs on the wide side."
                   if any(self.binary.get(o) for o in self.interactions["outcome"]) else "")
                + "</p>" + table_html(header, rows, "numbers"))

    # ------------------------------------------------------------------ failures etc.
    def _failures(self) -> str:
        if not len(self.runs):
            return ""
        failed = self.runs[self.runs["status"] != "ok"]
        if failed.empty:
            return ""
        points = {p["name"]: p for p in self.manifest.get("design_points", [])}
        rows = []
        for _, r in failed.iterrows():
            error = r["error"] or ""
            last = (error.strip().splitlines() or [""])[-1]
            factors = points.get(r["point"], {}).get("factors", {})
            settings = " ".join(f"{k}={value_text(v)}" for k, v in factors.items())
            rows.append([_esc(r["run_id"]), _esc(r["point"]), str(r["seed"]), _esc(last),
                         f"<details><summary>traceback</summary><pre>{_esc(error)}</pre>"
                         f"</details>", f"<code>lcsim run --seed {r['seed']}"
                         f"{' --set ' + _esc(settings) if settings else ''}</code>"])
        return ("<h2>Failures</h2>" + table_html(
            ["run", "design point", "seed", "error", "details", "reproduce"], rows))

    def _how_to_read(self) -> str:
        return (
            "<h2>How to read this report</h2><dl>"
            f"<dt>{CI_LABEL}</dt><dd>How precisely the average is known. With more "
            "replications it gets narrower. Two points whose CIs do not overlap differ "
            "clearly. For yes/no outcomes (such as survival) it is a Wilson interval for the "
            "share, which is not zero-width even when all runs agree (0 of 6 runs: 0% to "
            "39%). Every CI contains its mean and stays within the values the outcome can "
            "take: no lcsim outcome can be negative, so a CI that would reach below zero is "
            "cut at zero.</dd>"
            f"<dt>{BAND_LABEL}</dt><dd>How differently single communities turn out: 90% of "
            "runs fall inside. It does <i>not</i> shrink with more replications; it is the "
            "variety a single real community could show.</dd>"
            "<dt>Difference vs baseline</dt><dd>Mean of the outcome minus the baseline's; "
            "it can be negative. For yes/no outcomes it is in percentage points, with "
            "Newcombe's interval (within -100 to +100 points)"
            + (", for paired data (his method 10)" if self.paired else "") + ". "
            + ("Runs are paired by seed (common random numbers): replication r starts from "
               "the same random community at every design point, which removes much of the "
               "noise from the comparison." if self.paired else
               "Runs are independent; the CI is Welch's.")
            + "</dd><dt>Cohen's d</dt><dd>The difference in units of the pooled standard "
            "deviation across runs: about 0.2 small, 0.5 medium, 0.8 large.</dd>"
            "<dt>Vargha-Delaney A</dt><dd>The probability that a run of the design point "
            "beats a run of the baseline (ties count half). 0.5 means no difference; "
            "distance from 0.5 below 0.06 is negligible, below 0.14 small, below 0.21 medium, "
            "beyond that large.</dd>"
            "<dt>Sensitivity indices</dt><dd>Morris mu*: the average absolute change of the "
            "outcome when one parameter moves a step across its range. "
            + self._sobol_words()
            + " An index outside 0 to 1 beyond its CI (Sobol, RBD-FAST), or with a CI wider "
            "than the index itself, is flagged <b>unreliable</b> and never ranked; a larger "
            "<code>samples</code> makes it readable.</dd></dl>")

    def _sobol_words(self) -> str:
        if isinstance(self.design, SampleDesign) and self.main_index in stats.SHARE_INDICES \
                and not self._any_reliable():
            return ("Sobol S1/ST: with a large enough sample they estimate how much of the "
                    "outcome's variance is due to the parameter alone / with its "
                    "interactions; none of the indices of this study is reliable enough to be "
                    "read that way.")
        return ("Sobol S1/ST: when reliable, the share of the outcome's variance due to the "
                "parameter alone / including its interactions (between 0 and 1).")

    def _reproduce(self) -> str:
        m = self.manifest
        # Quoted for a POSIX shell, so a path with spaces or & pastes as one argument.
        command = shlex.join(str(part) for part in m.get("command_line", []) or [])
        source = m.get("config_source")
        return (
            "<h2>Reproduce</h2>"
            f"<p>Command of the last session: <code>{_esc(command)}</code>"
            + (f"; config file <code>{_esc(source)}</code>" if source else "") + ". "
            "Running it again with the same config and model gives the same numbers, bit for "
            "bit, with any executor and worker count. Any single run can be replayed with "
            "<code>lcsim run --seed SEED --set ...</code> using the seed and parameters in "
            "runs.parquet.</p><p>Files next to this report: <code>runs.parquet</code> (one "
            "row per run: parameters as <code>param_*</code>, seed, replication, status, "
            "error, wall time and every kept outcome), <code>timeseries.parquet</code> (one "
            "row per run and week), <code>manifest.json</code> (config, its hash, versions, "
            "git commit, sessions and timings). pandas: <code>pd.read_parquet(...)</code>; "
            "DuckDB: <code>SELECT * FROM 'runs.parquet'</code>. Re-render this page with "
            "<code>lcsim report DIR</code>.</p>"
            f"<p class='meta'>Config hash {_esc(m.get('results_hash', ''))}, model "
            f"fingerprint {_esc(m.get('model_fingerprint', ''))}; versions: "
            + ", ".join(f"{_esc(k)} {_esc(v)}" for k, v in m.get("versions", {}).items())
            + ".</p>")

    def _design(self) -> str:
        config = self.config
        parts = ["<h2>Design</h2>"]
        if config.base:
            parts.append("<p>Fixed for every run (on top of the defaults): " + ", ".join(
                f"<code>{_esc(k)} = {value_text(v)}</code>" for k, v in config.base.items())
                + ".</p>")
        varied: list[str] = []
        if isinstance(self.design, (GridDesign, SampleDesign)):
            varied = list(self.design.factors)
        else:
            for scenario in self.design.scenarios:
                varied += [k for k in scenario.params if k not in varied]
        rows = []
        for name in varied:
            spec = Params.spec(name)
            if isinstance(self.design, GridDesign):
                values = ", ".join(value_text(v) for v in self.design.factors[name])
            elif isinstance(self.design, SampleDesign):
                f = self.design.factors[name]
                values = f"{value_text(f.low)} to {value_text(f.high)} ({f.type})"
            else:
                values = "see scenarios"
            rows.append([f"<code>{_esc(name)}</code>", _esc(values), _esc(spec.unit),
                         _esc(spec.doc), _esc(spec.source)])
        parts.append(table_html(["parameter", "values", "unit", "meaning", "source"], rows))
        if isinstance(self.design, ScenariosDesign):
            rows = [[_esc(s.name), _esc(s.description), ", ".join(
                f"<code>{_esc(k)} = {value_text(v)}</code>" for k, v in s.params.items())
                or "defaults"] for s in self.design.scenarios]
            parts.append(table_html(["scenario", "description", "settings"], rows))
        if isinstance(self.design, SampleDesign):
            parts.append(f"<p>{self.design.method.capitalize()} sample from SALib with "
                         f"{self.design.samples} "
                         f"{'trajectories' if self.design.method == 'morris' else 'samples'}"
                         f" (seed {config.root_seed}); {self._n_points()} points.</p>")
        return "".join(parts)


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;margin:0;
background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem;background:#fff}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.question{font-size:1.2rem;font-style:italic;margin-top:0}
.meta,.note{color:#555;font-size:.9rem}.warn{background:#fff3cd;padding:.5rem;border-radius:4px}
ul.findings li{margin:.45rem 0;line-height:1.45}
figure{margin:1rem 0}figure img{max-width:100%}figcaption{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}
th{background:#f0f0f0;text-align:left}table.numbers td{text-align:right}
table.numbers td:first-child{text-align:left}
pre{white-space:pre-wrap;font-size:.75rem;max-width:60rem}
dt{font-weight:600;margin-top:.5rem}code{background:#f3f3f3;padding:0 .2rem}
"""
