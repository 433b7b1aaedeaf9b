"""report.html: one self-contained page per study, rendered from the stored results only.

Order, on screen and on A4 paper: the answer first (a few plain sentences that answer the
study's question, each with its likely range, and one headline figure; see
`lcsim.experiments.answer`), the words used, the figures, then the technical appendix
(findings per outcome, comparison tables with effect sizes, failures, the data
dictionary, design, seeds, manifest and the command that reproduces the study).

Plain names and units come from `lcsim.Params` (parameters) and `lcsim.outputs` (model
outputs); every figure and table says which framing it uses: the same time after funding
ends, or a fixed date. Figures are matplotlib `Figure()`s embedded as base64 PNG, so the
file can be mailed or archived as it is. The page is laid out by a jinja2 template
(`templates/report.html.j2`, print rules in `templates/report.css`).

A part that cannot be built (a figure, a table, a statistic) is replaced by a sentence that
says what is missing and why; the rest of the report is still written.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
import re
import shlex
import textwrap
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from lcsim import outputs
from lcsim.assumptions import Assumptions
from lcsim.calendar import WEEKS_PER_YEAR, weeks
from lcsim.events import counted
from lcsim.experiments import stats
from lcsim.experiments.answer import (
    GLOSSARY,
    LIKELY,
    NO_SPREAD,
    PER_SUBSIDY_WORDS,
    SUBSIDY_HOURS,
    Answer,
    ParamWords,
    Study,
    added_average_table,
    axis_tables,
    build_answer,
    ceiling_of,
    date_text,
    diff_interval,
    esc,
    find_axis,
    follow_up_hours,
    follow_up_tables,
    framed_table,
    framing_of,
    funding_levels,
    glossary_terms,
    half_up,
    identical_groups,
    inert_factors,
    interaction_family_note,
    interval,
    num,
    number,
    one_step_table,
    other_steps_caveat,
    per_subsidy_table,
    percent_text,
    plain_value,
    ref,
    signed,
    span_table,
    still_funded_levels,
    trend_table,
    uncomputable_reason,
)
from lcsim.experiments.config import (
    ConfigError,
    ExperimentConfig,
    GridDesign,
    SampleDesign,
    ScenariosDesign,
)
from lcsim.experiments.design import assumption_factors, salib_problem, value_text
from lcsim.experiments.levels import factor_column, factor_spec, is_assumption
from lcsim.experiments.storage import (
    ASSUMPTION_PREFIX,
    DICTIONARY,
    PARAM_PREFIX,
    RUN_META,
    SECOND_ORDER,
    SENSITIVITY,
    ResultStore,
    column_doc,
    write_data_dictionary,
)
from lcsim.outputs import Output
from lcsim.params import ParameterError, Params

CI_LABEL = "likely range (95% CI of the mean)"
# The tidy files of a sampled study's sensitivity indices (`write_sensitivity_files`).
SENSITIVITY_FILE = SENSITIVITY
SENSITIVITY_COLUMNS = ("outcome", "factor", "index", "value", "conf", "reliable", "problem")
SECOND_ORDER_FILE = SECOND_ORDER
SECOND_ORDER_COLUMNS = ("outcome", *stats.SECOND_ORDER_PAIR_COLUMNS)
SECOND_ORDER_WORDS = (
    "S2, the interaction index of two factors: the share of the outcome's variance due "
    "to the two acting together, beyond what each does alone (0 when their effects "
    "simply add up). Its intervals are often wide, wider than those of S1 and ST from "
    "the same runs, so read an S2 as an interaction only when its whole likely range "
    "lies above 0; more samples narrow it.")
# Added to "likely range" in the words of a region study (stats.pooled_share_ci).
REGION_RANGE = (" In a region of several communities, the share of a region's communities "
                "(such as communities still active) gets the wider of two ranges: the "
                "Wilson interval of all communities pooled, and the range of the average "
                "over runs (Student t). The communities of one region share members, so "
                "they are not independent, and the pooled Wilson interval alone would be "
                "too narrow.")
BAND_LABEL = "spread across runs (5th-95th percentile)"
# Parameters that count years of funding: a derived outcome divided by them gets a warning.
FUNDING_YEARS = ("funding_years", "follow_up_years")
DEFAULT_HEADLINE = ("survived", "products_landed_practice", "products_landed_education",
                    "realized_value", "stranded_potential_value", "mean_trust")
MAX_FIGURE_OUTCOMES = 6
MAX_PANELS = 12
MAX_SERIES_CHARTS = 4
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
          "#17becf")
STYLES = ("-", "--", ":", "-.")
# The y-axis of a share (in %) in every chart: 0 to 100%, a little room for the markers.
SHARE_LIMITS = (-3, 103)
# Tick labels with thousands separators ("24,000", not "24000"), so long numbers stay apart.
THOUSANDS = FuncFormatter(lambda x, _: f"{x:,.0f}" if abs(x) >= 1000 else f"{x:g}")

__all__ = ["CI_LABEL", "NO_SPREAD", "build_report", "diff_interval", "error_bars",
           "interval", "number", "outcome_columns", "signed",
           "write_report", "write_sensitivity_files"]


# --------------------------------------------------------------------------- entry points
def write_report(directory: str | Path) -> Path:
    """Render report.html in `directory` from its manifest and Parquet files; return its path.

    Also writes the data dictionary beside the Parquet files when it is missing (results
    of older lcsim versions), since the report links it.
    """
    store = ResultStore(directory)
    manifest = store.read_manifest()
    if manifest is None:
        raise FileNotFoundError(f"{store.manifest_path}: no manifest; is this a results "
                                "directory of `lcsim experiment`?")
    if store.foreign_report():
        raise ConfigError(str(store.report_path), "", "was not written by lcsim (not its "
                          "markup); move it out of the folder to have the report drawn there")
    runs, timeseries = store.load()
    config = ExperimentConfig.model_validate(manifest["config"])
    if not store.dictionary_path.exists():
        write_data_dictionary(store)
    report = _Report(config, manifest, runs, timeseries)
    tmp = store.report_path.with_suffix(".html.tmp")
    tmp.write_text(report.render(), encoding="utf-8")
    tmp.replace(store.report_path)
    write_sensitivity_files(store.directory, report.sensitivity, report.second_order)
    return store.report_path


def write_sensitivity_files(directory: Path, indices: pd.DataFrame,
                            second_order: pd.DataFrame) -> None:
    """Write the sensitivity indices of a sampled study as tidy CSV files beside the
    report, so they can be read without it (numbers at full precision):
    `sensitivity.csv` (one row per outcome, factor and index: `SENSITIVITY_COLUMNS`) and,
    for a Sobol study with `second_order = true`, `sensitivity_second_order.csv` (one row
    per outcome and pair of factors: `SECOND_ORDER_COLUMNS`). A file with no rows to hold
    is removed, so an older one never stands for this report. Each is written
    atomically."""
    if len(indices):
        indices = indices.rename(columns={"parameter": "factor"})
    for name, table, columns in ((SENSITIVITY_FILE, indices, SENSITIVITY_COLUMNS),
                                 (SECOND_ORDER_FILE, second_order, SECOND_ORDER_COLUMNS)):
        path = Path(directory) / name
        if not len(table):
            path.unlink(missing_ok=True)
            continue
        tmp = path.with_name(path.name + ".tmp")
        table[list(columns)].to_csv(tmp, index=False)
        os.replace(tmp, path)


def _no_pairs() -> pd.DataFrame:
    """An empty table of second-order indices (`SECOND_ORDER_COLUMNS`)."""
    return pd.DataFrame(columns=list(SECOND_ORDER_COLUMNS))


def build_report(config: ExperimentConfig, manifest: dict[str, Any], runs: pd.DataFrame,
                 timeseries: pd.DataFrame) -> str:
    """The whole report as one HTML string."""
    return _Report(config, manifest, runs, timeseries).render()


# --------------------------------------------------------------------------- helpers
def outcome_columns(runs: pd.DataFrame) -> list[str]:
    """Outcome columns of runs.parquet, in stored order."""
    meta = {name for name, _ in RUN_META}
    return [c for c in runs.columns if c not in meta and not c.startswith(PARAM_PREFIX)]


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


def index_range(value: Any, conf: Any) -> tuple[Any, Any]:
    """The likely range of a sensitivity index given as value &plusmn; conf (SALib's CI
    half-width), cut at 0 below: Morris mu*, S1 and ST are 0 or more in truth, so a range
    (or an error bar) reaching below 0 would show what cannot be. Works on numbers and on
    arrays or Series alike."""
    return np.maximum(value - conf, 0.0), value + conf


def figure_html(fig: Figure, alt: str, framing: str = "") -> str:
    """A matplotlib Figure as an embedded PNG <img>, with its caption and framing."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    tag = (f"<span class='framing-tag'>Framing: {esc(framing)}</span> " if framing else "")
    return (f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{tag}{esc(alt)}</figcaption></figure>")


def table_html(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    """A table; header cells are escaped, body cells are HTML already."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _why(err: BaseException) -> str:
    """An exception in one line: its type and the first line of its message."""
    message = (str(err).strip().splitlines() or [""])[0]
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("lcsim.experiments", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                       lstrip_blocks=True)


def _template_text(name: str) -> str:
    source, _, _ = _environment().loader.get_source(_environment(), name)
    return source


def axis_title(meta: Output) -> str:
    """An axis title with the unit: "realized value (model value units)"."""
    unit = unit_words(meta)
    return f"{meta.label} ({unit})" if unit else meta.label


def unit_words(meta: Output) -> str:
    """The unit for a bracket: "% of potential value", not "% (of potential value)", and
    "% of communities", not "% (share of communities)"."""
    text = meta.unit_text
    if text.startswith("% (") and text.endswith(")"):
        return "% " + text[3:-1].removeprefix("share ")
    return text


# --------------------------------------------------------------------------- the report
def _unreliable_words(index: str, row: pd.Series) -> str:
    """One unreliable index with its reason; a CI too wide to rank is given as the
    interval itself ("3.5, likely range 0.8 to 6.2"), not as "3.5 &plusmn; 2.7: its CI is
    wider than the index", which reads as a contradiction."""
    name = f"<i>{esc(plain(row['parameter']))}</i>"
    value, conf = row["value"], row["conf"]
    if math.isnan(conf):
        return f"{name} ({index} = {number(value)}: {esc(row['problem'])})"
    if row["problem"] == stats.WIDE_CI:
        low, high = index_range(value, conf)
        return (f"{name} ({index} = {number(value)}, likely range {number(low)} "
                f"to {number(high)}: too wide to rank)")
    return (f"{name} ({index} = {number(value)} &plusmn; {number(conf)}: "
            f"{esc(row['problem'])})")


def _overlap_groups(rows: list[pd.Series]) -> list[list[pd.Series]]:
    """Indices (sorted largest first) joined wherever two likely ranges (value give or
    take conf) overlap; only groups of two or more."""
    groups: list[list[pd.Series]] = []
    for row in rows:
        touching = [g for g in groups if any(stats.indices_overlap(a, row) for a in g)]
        merged = [r for g in touching for r in g] + [row]
        groups = [g for g in groups if not any(g is t for t in touching)] + [merged]
    return [g for g in groups if len(g) > 1]


class _Report:
    """Builds the sections of one report from config, manifest and stored results."""

    def __init__(self, config: ExperimentConfig, manifest: dict[str, Any], runs: pd.DataFrame,
                 timeseries: pd.DataFrame) -> None:
        self.config = config
        self.manifest = manifest
        self.runs = runs
        self.timeseries = timeseries if timeseries is not None else pd.DataFrame()
        self.design = config.design
        self.ok = stats.ok_runs(runs) if len(runs) else runs
        self.outcomes = outcome_columns(runs) if len(runs) else []
        self.headline = self._headline()
        self.derived = {d.name: d for d in config.derived}
        self.problems: list[str] = []  # statistics that could not be computed, and why
        self.region = stats.REGION_COLUMN in runs.columns and bool(
            (pd.to_numeric(runs[stats.REGION_COLUMN], errors="coerce") > 1).any())
        self.meta = self._metadata()
        self.kinds: dict[str, stats.OutcomeKind] = self._computed(
            "which outcomes are yes/no or cannot be negative (so yes/no outcomes get "
            "Student t intervals below)",
            lambda: stats.outcome_kinds(runs, self.outcomes + self._series_names(),
                                        self.derived), {})
        self.baseline = manifest.get("baseline")
        if self.baseline is not None and self.baseline not in set(self.ok.get("point", [])):
            self.baseline = None
        self.paired = config.common_random_numbers
        self.summary = self._computed(
            "the means and likely ranges per setting",
            lambda: stats.summarize(runs, self.headline, kinds=self.kinds), pd.DataFrame()
        ) if len(self.ok) else pd.DataFrame()
        self.compared = self._computed(
            "the comparison with the baseline",
            lambda: stats.compare_with_baseline(runs, self.headline, self.baseline,
                                                paired=self.paired, kinds=self.kinds),
            pd.DataFrame()) if self.baseline and not isinstance(self.design, SampleDesign) \
            else pd.DataFrame()
        self.interactions = self._computed("the interaction of the two settings",
                                           self._interactions, pd.DataFrame())
        self.sensitivity, self.sensitivity_problems = self._computed(
            "the sensitivity indices", self._sensitivity, (pd.DataFrame(), {}))
        self.second_order = self._computed("the second-order (interaction) indices",
                                           self._second_order, _no_pairs())
        self.identical = self._computed(
            "which settings gave exactly the same results",
            lambda: identical_groups(self.ok, self.outcomes, self.paired, self.timeseries),
            {})
        self.inert: dict[str, set[str]] = {}  # point -> factors that cannot act there
        self.labels = self._point_labels()
        self.study = self._study()
        self.answer: Answer = self._computed(
            "the answer in words", lambda: build_answer(self.study),
            Answer([], notes=["The answer could not be written; see the appendix."]))

    def _computed(self, what: str, compute: Callable[[], Any], fallback: Any) -> Any:
        """compute(), or `fallback` with a note in the findings when it fails: one statistic
        that cannot be computed must not cost the whole report."""
        try:
            return compute()
        except Exception as err:  # noqa: BLE001 - any failure becomes a sentence instead
            self.problems.append(f"Not computed: {esc(what)} ({esc(_why(err))}).")
            return fallback

    def _part(self, what: str, build: Callable[[], str]) -> str:
        """build(), or a sentence saying what is missing and why when it fails."""
        try:
            return build()
        except Exception as err:  # noqa: BLE001 - the rest of the report is still written
            return (f"<p class='warn'>Missing here: {esc(what)}, because it could not be "
                    f"drawn ({esc(_why(err))}). The rest of the report is complete, and "
                    "every run's numbers are in runs.parquet.</p>")

    # ------------------------------------------------------------------ choices
    def _headline(self) -> list[str]:
        if self.config.outputs is not None:
            return [o for o in self.config.outcome_names() if o in self.outcomes]
        chosen = [o for o in DEFAULT_HEADLINE if o in self.outcomes]
        chosen += [d.name for d in self.config.derived if d.name in self.outcomes]
        return chosen or self.outcomes[:4]

    def _metadata(self) -> dict[str, Output]:
        """Plain name, unit and kind of every outcome and series (derived ones included)."""
        derived = {d.name: outputs.derived_output(d.name, d.numerator, d.denominator,
                                                  d.description, region=self.region)
                   for d in self.config.derived}
        names = list(dict.fromkeys(self.outcomes + self._series_names()))
        return {n: outputs.describe(n, derived, region=self.region) for n in names}

    def _series_names(self) -> list[str]:
        if not len(self.timeseries):
            return []
        skip = {"run_id", "point", "point_index", "replication", "week"}
        return [c for c in self.timeseries.columns if c not in skip]

    def _grid_factors(self) -> list[str]:
        return list(self.design.factors) if isinstance(self.design, GridDesign) else []

    def _interactions(self) -> pd.DataFrame:
        factors = self._grid_factors()
        if len(factors) != 2 or not len(self.ok):
            return pd.DataFrame()
        return stats.grid_interactions(self.runs, factors[0], factors[1],
                                       self.headline, paired=self.paired,
                                       kinds=self.kinds)

    def _sample_points(self) -> tuple[dict[str, Any], np.ndarray, int]:
        """The SALib problem of a sampled design, the factor values of its points as the
        runs used them (one row per point, in design order) and the number of points."""
        problem = salib_problem(self.design)
        first = self.runs.sort_values("replication").drop_duplicates("point_index")
        first = first.set_index("point_index").sort_index()
        n_points = len(self.manifest.get("design_points", [])) or int(first.index.max()) + 1
        first = first.reindex(range(n_points))
        x = first[[factor_column(n) for n in problem["names"]]].to_numpy(dtype=float)
        return problem, x, n_points

    def _sensitivity(self) -> tuple[pd.DataFrame, dict[str, str]]:
        if not isinstance(self.design, SampleDesign) or not len(self.runs):
            return pd.DataFrame(), {}
        problem, x, n_points = self._sample_points()
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

    def _second_order(self) -> pd.DataFrame:
        """The second-order Sobol indices S2 of each headline outcome, one row per pair of
        factors (`SECOND_ORDER_COLUMNS`); empty unless the design asked for them
        (`second_order = true`). An outcome without first-order indices (its reason is in
        `sensitivity_problems`) gets none either."""
        if not isinstance(self.design, SampleDesign) or not self.design.second_order \
                or not len(self.runs):
            return _no_pairs()
        problem, _, n_points = self._sample_points()
        frames = []
        for outcome in self.headline:
            if outcome in self.sensitivity_problems:
                continue
            y = stats.point_means(self.runs, outcome, n_points)
            table = stats.second_order_indices(problem, y, seed=self.config.root_seed)
            table.insert(0, "outcome", outcome)
            frames.append(table)
        return pd.concat(frames, ignore_index=True) if frames else _no_pairs()

    @property
    def factor_noun(self) -> str:
        """What the design varies, in one noun: "parameter", or "parameter or assumption"
        when a factor is a model assumption."""
        factors = getattr(self.design, "factors", {})
        return "parameter or assumption" if any(map(is_assumption, factors)) else "parameter"

    @property
    def factor_nouns(self) -> str:
        """`factor_noun` in the plural: "parameters", or "parameters or assumptions"."""
        return " or ".join(word + "s" for word in self.factor_noun.split(" or "))

    @property
    def main_index(self) -> str:
        return {"morris": "mu_star", "sobol": "ST", "latin": "S1"}.get(
            getattr(self.design, "method", ""), "")

    def _point_labels(self) -> dict[str, str]:
        """Each design point's plain name: its settings in words for a grid ("3 years of
        external funding, no follow-up funding"), the scenario's name otherwise.

        A factor that cannot act at a point (`inert_factors`: its other levels gave
        exactly the same results there, as the share of time follow-up funding pays where
        there is none) is not named at its baseline level ("no follow-up funding"), and
        at another level it is named with "(no effect here)", so two such points still
        have names of their own."""
        grid = {p["name"]: dict(p.get("factors") or {})
                for p in self.manifest.get("design_points", [])
                if isinstance(self.design, GridDesign) and p.get("factors")}
        inert = self.inert = inert_factors(grid, self.identical)
        base = grid.get(self.baseline or "", {})
        labels = {}
        for name, factors in grid.items():
            parts = []
            for k, v in factors.items():
                if k not in inert.get(name, ()):
                    parts.append(ParamWords(k).setting(v))
                elif k in base and v != base[k]:
                    parts.append(ParamWords(k).setting(v) + " (no effect here)")
            labels[name] = ", ".join(parts)
        return labels

    def label(self, point: str) -> str:
        return self.labels.get(point, point)

    def _study(self) -> Study:
        framing = framing_of(self.ok) if len(self.ok) else framing_of(self.runs.head(0))
        axis = self._computed("the order of the settings",
                              lambda: find_axis(self.config, self.ok, self.baseline), None)
        study = Study(self.config, self.ok, self.timeseries, self.headline, self.meta,
                      self.kinds, self.summary, self.compared, self.interactions,
                      self.sensitivity, self.main_index, self.baseline, self.paired, axis,
                      framing, labels=self.labels, identical=self.identical)
        if axis is not None and len(self.ok):
            outcomes = self.headline
            study.steps, study.added = self._computed(
                "the steps between neighbouring settings",
                lambda: axis_tables(study, outcomes), (pd.DataFrame(), pd.DataFrame()))
            study.trend = self._computed("where the outcomes level off",
                                         lambda: trend_table(study, outcomes), pd.DataFrame())
            study.spans = self._computed("the first setting against where it levels off",
                                         lambda: span_table(study, outcomes), pd.DataFrame())
            study.added_avg = self._computed(
                "what the second setting adds on average",
                lambda: added_average_table(study, outcomes), pd.DataFrame())
            study.follow_up, study.follow_up_avg = self._computed(
                "follow-up funding against a longer subsidy",
                lambda: follow_up_tables(study, outcomes), (pd.DataFrame(), pd.DataFrame()))
            study.per_subsidy = self._computed("what the subsidy buys",
                                               lambda: per_subsidy_table(study),
                                               pd.DataFrame())
        other = framing.other()
        if other is not None and len(self.ok):
            study.framed_kind, study.framed_words, _ = other
            study.framed = self._computed(
                "the weekly series at the other framing",
                lambda: framed_table(study, self._series_names()), pd.DataFrame())
        return study

    # ------------------------------------------------------------------ page
    def render(self) -> str:
        appendix = [("the findings per outcome", self._findings),
                    ("the comparison tables", self._tables),
                    ("the list of failed runs", self._failures),
                    ("the data dictionary", self._dictionary),
                    ("the design table", self._design),
                    ("the seeds", self._seeds),
                    ("the manifest", self._manifest),
                    ("how to reproduce the study", self._reproduce),
                    ("how to read the statistics", self._how_to_read)]
        context = {
            "title": self.config.question,
            "css": Markup(_template_text("report.css")),
            "name": self.config.name, "question": self.config.question,
            "description": self.config.description, "meta_line": Markup(self._meta_line()),
            "warnings": [Markup(w) for w in self._warnings()],
            "dictionary_file": DICTIONARY,
            "sentences": [Markup(s) for s in self.answer.sentences],
            "answer_notes": [Markup(esc(n)) for n in self.answer.notes + [
                w for w in map(self.per_funded_year_warning, self.headline) if w]],
            "framing_note": Markup(self._framing_note()),
            "headline_figure": Markup(self._part("the headline figure",
                                                 self._headline_figure)),
            "glossary": self._glossary(),
            "figures": [Markup(p) for p in self._figures() if p],
            "appendix": [Markup(self._part(what, build)) for what, build in appendix],
        }
        return _environment().get_template("report.html.j2").render(**context)

    def _glossary(self) -> list[tuple[str, str]]:
        """The words of the report explained: the statistical terms the study needs, the
        outcomes the answer names, and the report's words for the code names in the
        study's description."""
        entries = []
        for term in glossary_terms(self.study):
            meaning = GLOSSARY[term]
            if term == "likely range" and self.region:
                meaning += REGION_RANGE
            entries.append((term, meaning))
        answer = html.unescape(re.sub(r"<[^>]+>", "", " ".join(self.answer.sentences)))
        answer = re.sub(r"\s+", " ", answer).lower()
        for name in self.headline:
            meta = self.meta.get(name)
            if meta and re.search(rf"\b{re.escape(meta.label.lower())}\b", answer):
                meaning = meta.meaning.rstrip(".")
                entries.append((meta.label, meaning[:1].upper() + meaning[1:] + "."))
        terms = self._description_terms()
        if terms:
            entries.append(("names in the study's description", terms))
        return entries

    def _description_terms(self) -> str:
        """The report's words for outputs the study's description names by their code
        names ("survived" is called "communities still active" here)."""
        text = (self.config.description or "").lower()
        pairs = []
        for name, meta in self.meta.items():
            spoken = name.replace("_", " ")
            if re.search(rf"\b{re.escape(spoken)}\b", text) and spoken != meta.label.lower():
                pairs.append(f"'{spoken}' is called '{meta.label}'")
        if not pairs:
            return ""
        return "In this report " + "; ".join(pairs) + "."

    def _counts(self) -> dict[str, int]:
        """Runs planned, finished, failed and missing, counted from the stored runs (the
        manifest's counts are those of the last session that finished)."""
        points = len(self.manifest.get("design_points", []))
        planned = points * self.config.replications if points else len(self.runs)
        failed = int((self.runs["status"] != "ok").sum()) if len(self.runs) else 0
        return {"planned": planned, "ok": len(self.ok), "failed": failed,
                "missing": max(planned - len(self.runs), 0)}

    def _meta_line(self) -> str:
        m = self.manifest
        counts = self._counts()
        points = len(m.get("design_points", []))
        settings = f"{points} setting" + ("s" if points != 1 else "")
        each = f"{self.config.replications} run" + ("s" if self.config.replications != 1
                                                    else "")
        return (f"{settings} &times; {each} each = "
                f"{self._simulated(counts.get('planned', len(self.runs)))} "
                f"({counts.get('ok', len(self.ok))} finished, {counts.get('failed', 0)} "
                f"failed). How it was computed, and how to reproduce it, is in the "
                f"<a href='#appendix'>technical appendix</a>.")

    def _simulated(self, runs: int) -> str:
        """What `runs` runs simulated: "4 simulated communities", or for regions "4
        simulated regions of 5 communities (20 communities)"."""
        if not self.region:
            return f"{runs} simulated communities"
        sizes = sorted(set(pd.to_numeric(self.runs[stats.REGION_COLUMN], errors="coerce"
                                         ).dropna().astype(int)))
        regions = f"{runs} simulated region{'s' if runs != 1 else ''}"
        if len(sizes) == 1:
            return f"{regions} of {sizes[0]} communities ({runs * sizes[0]} communities)"
        return f"{regions} of {sizes[0]} to {sizes[-1]} communities"

    def _warnings(self) -> list[str]:
        m = self.manifest
        status = m.get("status", "")
        counts = self._counts()
        if status == "complete" or not status:
            return []
        return [f"Status: <b>{esc(status)}</b>. {counts.get('failed', 0)} failed and "
                f"{counts.get('missing', 0)} missing run(s); results below use the finished "
                "runs only."]

    def _framing_note(self) -> str:
        """How the end-of-run numbers compare, in two or three sentences."""
        f = self.study.framing
        if not f.end:
            return ""
        cumulative = [self.meta[o].label for o in self.headline
                      if o in self.meta and self.meta[o].cumulative]
        totals = f" ({esc(', '.join(cumulative))})" if cumulative else ""
        if f.same_after and f.same_date:
            text = (f"How the numbers compare: every run is compared {esc(f.end_phrase())}, "
                    "the same time after funding ends and the same date for all.")
        elif f.same_after:
            text = (f"How the numbers compare: each run is compared {esc(f.end_phrase())}, "
                    "so a run with more funding is also watched longer, and totals that add "
                    f"up over time{totals} favour it.")
        elif f.same_date:
            text = (f"How the numbers compare: every run is compared {esc(f.end_phrase())}, "
                    "a fixed date, so runs funded longer have had less time since their "
                    "funding ended.")
        else:
            text = f"How the numbers compare: {esc(f.end_framing())}."
        others = self._measured_otherwise(self.headline)
        if others:
            text += (" Measured at another time: " + esc("; ".join(others)) + ".")
        other = f.other()
        if other is not None:
            words = other[1].split(" (")[0]
            text += (f" Where the study kept weekly series, they are also compared {esc(words)}"
                     ", and marked so.")
        return text

    def _measured_otherwise(self, names: Sequence[str]) -> list[str]:
        """The outcomes among `names` that are not measured at the end of the observed
        window, each with when it is ("knowledge combined while funded (averaged over the
        funded weeks)"; `Output.when`)."""
        return [f"{self.meta[o].label} ({self.meta[o].when})" for o in dict.fromkeys(names)
                if o in self.meta and not self.meta[o].at_end]

    def _framing_of(self, names: Sequence[str], framing: str | None = None) -> str:
        """A figure's or table's framing (`Framing.end_framing` unless given), with the
        outcomes among `names` that are measured at another time named as exceptions."""
        framing = self.study.framing.end_framing() if framing is None else framing
        others = self._measured_otherwise(names)
        return framing + ("; measured otherwise: " + "; ".join(others) if others else "")

    def _when_note(self, outcome: str) -> str:
        """When a run's number of one outcome is measured, as a sentence for its table."""
        meta = self.meta.get(outcome)
        if meta is None:
            return ""
        if not meta.at_end:
            return f"When a run's number is measured: {meta.when}."
        end = self.study.framing.end_phrase()
        total = (", as a total from the start of the run" if meta.cumulative else "")
        return f"When a run's number is measured: {end}{total}."

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
                    f"Against the baseline (<i>{esc(self.label(self.baseline))}</i>) a "
                    "difference counts as clear when its likely range excludes zero"
                    + (", with runs paired by seed" if self.paired else "")
                    + ". A is the chance that a run of that setting beats a baseline run "
                    "(0.5 = no difference).")
            items += self._outcome_findings()
            items += self._interaction_findings()
            items += self._identical_findings()
        items += self.problems
        failed = int((self.runs.get("status", pd.Series(dtype=str)) != "ok").sum())
        if failed:
            items.append(f"<b>{failed} run(s) failed</b> and are left out of every number "
                         "here; their tracebacks are listed under Failures.")
        return "<h3>Findings per outcome</h3><ul class='findings'>" + "".join(
            f"<li>{i}</li>" for i in items) + "</ul>"

    def percent(self, outcome: str) -> bool:
        meta = self.meta.get(outcome)
        return bool(meta and meta.percent)

    def _describe_mean(self, row: pd.Series) -> str:
        percent = self.percent(row["outcome"])
        return (f"{number(row['mean'], percent)} (likely range "
                f"{interval(row['ci_low'], row['ci_high'], percent, ceiling_of(row))})")

    def _outcome_findings(self) -> list[str]:
        """One sentence group per headline outcome: where it is highest and lowest, and which
        settings differ clearly from the baseline."""
        items = []
        for outcome in self.headline:
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
                text = (f"<b>{what}</b> is highest with <i>{esc(self.label(best['point']))}"
                        f"</i>: {self._describe_mean(best)}, and lowest with "
                        f"<i>{esc(self.label(worst['point']))}</i>: "
                        f"{self._describe_mean(worst)}.")
            items.append(text + self._baseline_sentence(outcome) + self._caveat(outcome))
        return items

    def per_funded_year_warning(self, outcome: str) -> str:
        """A warning, in plain words, for a derived outcome of the study's config that
        divides by years of funding (external or follow-up): a follow-up year counts as
        a full year although it pays less, a count with a ceiling divided by years falls
        with longer funding by construction, and a total of runs watched for different
        lengths is not like for like. "" for any other outcome."""
        derived = next((d for d in self.config.derived if d.name == outcome), None)
        if derived is None or not set(derived.denominator) & set(FUNDING_YEARS):
            return ""
        label, top = self.meta[outcome].label, outputs.plain_label(derived.numerator)
        years = " plus ".join(outputs.plain_label(t) for t in derived.denominator)
        reasons = []
        if "follow_up_years" in derived.denominator:
            levels = funding_levels(self.study.runs)
            reasons.append("a year of follow-up funding counts as a full year although it "
                           "pays a smaller share of members' time"
                           + (f" ({levels})" if levels else ""))
        if derived.numerator in stats.ORGANISATION_COUNTS:
            reasons.append(f"{top} cannot grow past the number of organisations a community "
                           "has, so divided by years it falls with longer funding by "
                           "construction")
        numerator = outputs.output(derived.numerator)
        if numerator is not None and numerator.cumulative and \
                self.study.framing.unequal_watch:
            reasons.append(f"{top} adds up over time and runs funded longer are watched "
                           "longer")
        if not reasons:
            reasons.append("a year of funding says how long the funder paid, not how much")
        return (f"{_cap(label)} divides {top} by years of funding ({years}). Read it with "
                "care: " + "; ".join(reasons) + ". Hours paid by the subsidy measure what "
                "the funder paid; set outcomes against them instead (as 'what the subsidy "
                "buys' does, per 1,000 subsidy hours).")

    def _caveat(self, outcome: str) -> str:
        meta = self.meta.get(outcome)
        if meta is None:
            return ""
        warning = self.per_funded_year_warning(outcome)
        if warning:
            return f" <i>{esc(warning)}</i>"
        if meta.frozen_when_dissolved and self.study.dissolving:
            return (" <i>A dissolved community keeps its last value of this, so it is not the "
                    "state of a living community.</i>")
        if meta.cumulative and self.study.framing.unequal_watch:
            return (" <i>It adds up over time and runs funded longer are watched longer, so "
                    "this is not like for like.</i>")
        return ""

    def _outcome_words(self, outcome: str) -> str:
        meta = self.meta.get(outcome)
        text = (meta.label if meta else outcome).capitalize()
        if meta and meta.yes_no:
            text += " (share of runs)"
        elif meta and meta.unit_text:
            text += f" ({self._unit_and_pooling(outcome)})"
        return esc(text)

    def _unit_and_pooling(self, outcome: str) -> str:
        """The unit for a bracket, and in a region study how a region's number is made
        from its communities' and the most it can be: "products, total over the
        region's communities", "organisations, counted once for the region, whose
        communities share them; at most 20"."""
        meta = self.meta[outcome]
        text = unit_words(meta)
        if not self.region:
            return text
        how = outputs.region_pooling_words(outcome)
        high = self.kinds.get(outcome, stats.ANY).high
        ceiling = (f"; at most {plain_value(high)}" if meta.kind == outputs.COUNT
                   and math.isfinite(high) else "")
        return ", ".join(t for t in (text, how) if t) + ceiling

    def _baseline_sentence(self, outcome: str) -> str:
        if self.compared.empty:
            return ""
        rows = self.compared[self.compared["outcome"] == outcome]
        clear = rows[(rows["ci_low"] > 0) | (rows["ci_high"] < 0)]
        if clear.empty:
            return (f" No setting differs clearly from the baseline (all {len(rows)} "
                    "likely ranges of the difference include zero).")
        percent = self.percent(outcome)
        top = clear.reindex(clear["difference"].abs().sort_values(ascending=False).index)
        parts = [f"<i>{esc(self.label(r['point']))}</i> {signed(r['difference'], percent)} "
                 f"({diff_interval(r['ci_low'], r['ci_high'], percent)}, A = {r['vd_a']:.2f})"
                 for _, r in top.head(2).iterrows()]
        verb = "differs" if len(clear) == 1 else "differ"
        largest = "the difference" if len(parts) == 1 else "the largest differences"
        return (f" {len(clear)} of {len(rows)} settings {verb} clearly from the "
                f"baseline; {largest}: " + "; ".join(parts) + ".")

    def _identical_findings(self) -> list[str]:
        """Settings whose runs gave exactly the same outcomes, seed by seed: in the model
        these settings are equivalent (only detectable with common random numbers)."""
        groups: dict[int, list[str]] = {}
        for point in self.ok.sort_values("point_index")["point"].drop_duplicates():
            if point in self.identical:
                groups.setdefault(self.identical[point], []).append(point)
        same = list(groups.values())
        if not same:
            return []
        shown = "; ".join(" = ".join(f"<i>{esc(self.label(n))}</i>" for n in names)
                          for names in same[:4])
        more = f" (and {len(same) - 4} more groups)" if len(same) > 4 else ""
        return [f"<b>Identical results</b>: {shown}{more} gave exactly the same outcomes in "
                "every replication (and the same weekly series, where kept). With the same "
                "seeds, the model treats these settings as equivalent; where the answer "
                "averages what a setting adds, it leaves such pairs out."]

    def _interaction_findings(self) -> list[str]:
        if self.interactions.empty:
            return []
        items = []
        for outcome in self.headline:
            rows = self.interactions[self.interactions["outcome"] == outcome]
            if rows.empty:
                continue
            why = uncomputable_reason(self.config, self.ok, outcome)
            if why:  # no interaction to tell, and "n/a" would not say why
                items.append(f"<b>Interaction, {self._outcome_words(outcome).lower()}</b>: "
                             + esc(why))
                continue
            r = rows.iloc[-1]  # first level of A to its last
            percent = self.percent(outcome)
            fa, fb = ParamWords(r["factor_a"]), ParamWords(r["factor_b"])
            verdict = ("the likely range excludes zero, so in these runs the effect of "
                       f"{esc(fa.label)} clearly depends on {esc(fb.label)}"
                       if (r["ci_low"] > 0 or r["ci_high"] < 0) else
                       "the likely range includes zero, so these runs do not show that the "
                       f"effect of {esc(fa.label)} depends on {esc(fb.label)}")
            items.append(
                f"<b>Interaction, {self._outcome_words(outcome).lower()}</b>: going "
                f"{esc(fa.change(r['a_from'], r['a_to']))} changes it by "
                f"{signed(r['effect_at_b_low'], percent)} with "
                f"{esc(fb.setting(r['b_low']))} and by "
                f"{signed(r['effect_at_b_high'], percent)} with "
                f"{esc(fb.setting(r['b_high']))}. The difference (interaction) is "
                f"{signed(r['interaction'], percent)} (likely range "
                f"{diff_interval(r['ci_low'], r['ci_high'], percent)}); {verdict}."
                + esc(other_steps_caveat(rows.iloc[:-1], fa.label)))
        return items

    def _sensitivity_findings(self) -> list[str]:
        """Which parameters matter, ranked among reliable indices only; unreliable indices
        (`stats.index_problem`) are named with the reason and the advice to raise samples."""
        items = []
        index = self.main_index
        for outcome in self.headline:
            if outcome in self.sensitivity_problems:
                items.append(f"<b>{self._outcome_words(outcome)}</b>: no sensitivity indices "
                             f"({esc(self.sensitivity_problems[outcome])}).")
                continue
            rows = self._index_rows(outcome)
            if rows.empty:
                continue
            good = rows[rows["reliable"]].sort_values("value", ascending=False)
            bad = rows[~rows["reliable"]]
            what = f"<b>{self._outcome_words(outcome)}</b>"
            text = self._ranked_text(what, outcome, good, bad)
            if not bad.empty:
                listed = "; ".join(_unreliable_words(index, r) for _, r in bad.iterrows())
                text += ((" " if text else f"{what}: ") + "<b>unreliable, so not ranked</b>: "
                         f"{listed}. {self._more_samples()}")
            items.append(text)
        if items:
            items.insert(0, self._sensitivity_intro())
        return items

    def _ranked_text(self, what: str, outcome: str, good: pd.DataFrame,
                     bad: pd.DataFrame) -> str:
        """The ranking of the reliable indices. When an unreliable index has a larger
        estimate than the top one, the ranking is said to be among the well-estimated
        settings only; an index of 0 is said to be 0, never "the one reliable index"."""
        index = self.main_index
        if good.empty:
            return ""
        top = good.iloc[0]
        among = (" among the settings estimated well enough"
                 if (bad["value"] > top["value"]).any() else "")
        if top["value"] == 0:
            named = [f"<i>{esc(plain(r['parameter']))}</i> ({index} = 0"
                     + (f" &plusmn; {number(r['conf'])}" if not math.isnan(r["conf"]) else "")
                     + ")" for _, r in good.iterrows()]
            joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " \
                + named[-1]
            return (f"{what}: {'the only setting' if len(named) == 1 else 'the settings'} "
                    f"estimated well enough, {joined}, "
                    f"{'has' if len(named) == 1 else 'have'} an index of 0: "
                    f"{'it' if len(named) == 1 else 'they'} did not change it in these "
                    "runs" + ("; which settings do cannot be told yet, as every other "
                              "estimate is too uncertain" if (bad["value"] > 0).any()
                              else "") + ".")
        if len(good) == 1:
            return (f"{what}: the only index estimated well enough is that of "
                    f"<i>{esc(plain(top['parameter']))}</i> ({index} = "
                    f"{number(top['value'])} &plusmn; {number(top['conf'])}"
                    f"{self._direction(outcome, top)}).")
        moving = [r for _, r in good.iterrows() if r["value"] > 0]
        zeros = [r for _, r in good.iterrows() if r["value"] == 0]
        first, *others = [
            f"<i>{esc(plain(r['parameter']))}</i> ({index} = {number(r['value'])} &plusmn; "
            f"{number(r['conf'])}{self._direction(outcome, r) if i == 0 else ''})"
            for i, r in enumerate(moving)]
        text = f"{what} depends most{among} on {first}"
        if others:
            text += ", then " + ", then ".join(others)
        if zeros:
            text += ("; " + ", ".join(f"<i>{esc(plain(r['parameter']))}</i>" for r in zeros)
                     + f" ({index} = 0) did not change it")
        for group in _overlap_groups(moving):
            names = [f"<i>{esc(plain(r['parameter']))}</i>" for r in group]
            joined = ", ".join(names[:-1]) + " and " + names[-1]
            text += (f"; the confidence intervals of {joined} overlap, so they are level, "
                     "not ranked against each other")
        return text + "."

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
                f"{self.factor_noun} over its sampled range.")
        if index in stats.SHARE_INDICES and self._any_reliable():
            text += (" A reliable value estimates the share of the outcome's variance due to "
                     f"the {self.factor_noun}" + (", interactions included." if index == "ST"
                                                  else " alone."))
        if not self._index_rows_all().empty and not self._index_rows_all()["reliable"].all():
            text += (" An index is <b>unreliable</b>, and never ranked, when it lies outside "
                     "0 to 1 beyond its confidence interval (Sobol, RBD-FAST) or its "
                     "likely range is longer than the index is large (3.5 with a likely "
                     "range of 0.8 to 6.2, say: 5.4 long).")
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
    def _figures(self) -> list[str]:
        if not len(self.ok):
            return []
        figures: list[tuple[str, Callable[[], str]]] = []
        axis = self.study.axis
        if axis is not None:
            figures.append(("the figure of outcomes along the settings", self._axis_lines))
            figures.append(("the figure at the other framing", self._framed_lines))
        if isinstance(self.design, GridDesign) and len(self._grid_factors()) == 2:
            figures.append(("the figure of every combination of the two settings",
                            self._heatmaps))
        if isinstance(self.design, ScenariosDesign):
            figures.append(("the figure of outcomes by scenario", self._scenario_dots))
        if isinstance(self.design, SampleDesign):
            figures.append(("the sensitivity figures", self._sensitivity_bars))
        figures.append(("the weekly series", self._fan_charts))
        return [self._part(what, build) for what, build in figures]

    def _headline_figure(self) -> str:
        """The answer's one figure: the main outcome (and the first readable one) along the
        study's settings, by scenario, or the settings ranked for a sample."""
        outcomes = [o for o in self.answer.figure_outcomes if o in self.outcomes]
        if not outcomes or not len(self.ok):
            return ""
        if isinstance(self.design, SampleDesign):
            return self._sensitivity_headline(outcomes[0])
        if self.study.axis is not None:
            return self._axis_figure(outcomes[:2], self.answer.highlight, headline=True)
        return self._scenario_figure(outcomes[:2], headline=True)

    def _lines(self) -> list[tuple[str, list[tuple[Any, str]]]]:
        """The lines of the axis figures: (legend, [(level, point), ...]) per level of the
        second factor (one line without one)."""
        axis = self.study.axis
        if axis.other is None:
            return [("", list(zip(axis.levels, axis.points, strict=True)))]
        words = ParamWords(axis.other)
        return [(words.setting(o), [(lv, axis.point(lv, o)) for lv in axis.levels
                                    if axis.point(lv, o)])
                for o in axis.other_levels[:len(COLORS)]]

    def _axis_figure(self, outcomes: Sequence[str], highlight: Any = None,
                     headline: bool = False, framed: bool = False) -> str:
        """Outcomes along the axis: one panel per outcome, one line per level of the
        second factor, the largest step shaded."""
        table = self.study.framed if framed else self.summary
        cols = 2 if len(outcomes) > 1 else 1
        rows = math.ceil(len(outcomes) / cols)
        fig = Figure(figsize=(5.6 * cols if cols > 1 else 7, 3.6 * rows + 0.7))
        lines = self._lines()
        handles: list[Any] = []
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            drawn = self._axis_panel_lines(ax, table, outcome, lines)
            if k == 0:
                handles.extend(drawn)
            if framed:
                funded = self._mark_still_funded(ax, table, outcome, lines)
                if funded is not None and not any(h.get_label() == funded.get_label()
                                                   for h in handles):
                    handles.append(funded)
            self._axis_panel_frame(ax, self.meta[outcome], highlight if k == 0 else None)
        shaded = ""
        if highlight is not None:
            under = (" with " + ParamWords(self.study.axis.other).setting(
                self.study.axis.other_levels[0]) if self.study.axis.other else "")
            to_end = highlight[1] == self.study.axis.levels[-1]
            shaded = (f"shaded (first panel): where {self.meta[outcomes[0]].label} changes "
                      f"clearly{under}, "
                      + ("all along the settings" if to_end else "before it levels off"))
        self._axis_legend(fig, handles, shaded)
        framing = (self.study.framed_words if framed else self.study.framing.end_framing())
        place = framing.split(" (")[0]
        framing = self._framing_of(outcomes, framing)
        place = place if place.startswith("at ") else "at " + place
        title = "" if headline else ("<h3>" + esc(place[:1].upper() + place[1:]) + "</h3>"
                                     if framed else "<h3>Outcomes along the settings</h3>")
        return title + figure_html(fig, self._axis_caption(outcomes), framing)

    def _axis_panel_lines(self, ax: Any, table: pd.DataFrame, outcome: str,
                          lines: list[tuple[str, list[tuple[Any, str]]]]) -> list[Any]:
        """Draw one outcome's lines (average with its likely range); return their handles."""
        axis = self.study.axis
        scale = 100.0 if self.meta[outcome].percent else 1.0
        s = table[table["outcome"] == outcome].set_index("point")
        width = (max(axis.levels) - min(axis.levels)) if all(
            isinstance(v, (int, float)) for v in axis.levels) else 0
        handles: list[Any] = []
        for j, (legend, line) in enumerate(lines):
            shift = (j - (len(lines) - 1) / 2) * 0.012 * width  # keeps lines apart
            xs = [float(lv) + shift for lv, p in line if p in s.index]
            pts = [p for _, p in line if p in s.index]
            if not pts:
                continue
            mean = s.loc[pts, "mean"].to_numpy(dtype=float) * scale
            low = s.loc[pts, "ci_low"].to_numpy(dtype=float) * scale
            high = s.loc[pts, "ci_high"].to_numpy(dtype=float) * scale
            handles.append(ax.errorbar(xs, mean, yerr=error_bars(mean, low, high),
                                       color=COLORS[j], ls=STYLES[j % len(STYLES)],
                                       marker="o", ms=4, capsize=3,
                                       label=legend or "average"))
        return handles

    def _axis_panel_frame(self, ax: Any, meta: Output, highlight: Any) -> None:
        """Shade the largest step and label one axis-figure panel."""
        axis = self.study.axis
        if highlight is not None:
            ax.axvspan(float(highlight[0]), float(highlight[1]), color="#ffd54f",
                       alpha=0.35, lw=0)
        ax.set_xlabel(axis.words.axis_label())
        ax.set_ylabel(textwrap.fill(axis_title(meta), 32), fontsize=9)
        ax.yaxis.set_major_formatter(THOUSANDS)
        ax.set_title(meta.label, fontsize=10)
        ax.set_xticks([float(v) for v in axis.levels],
                      [plain_value(v) for v in axis.levels])
        if meta.percent:
            ax.set_ylim(*SHARE_LIMITS)
        else:
            ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)

    def _mark_still_funded(self, ax: Any, table: pd.DataFrame, outcome: str,
                           lines: list[tuple[str, list[tuple[Any, str]]]]) -> Any:
        """Ring the settings still funded at the fixed date of a framed figure; return the
        legend handle, or None when no setting is."""
        axis = self.study.axis
        scale = 100.0 if self.meta[outcome].percent else 1.0
        s = table[table["outcome"] == outcome].set_index("point")
        width = (max(axis.levels) - min(axis.levels)) if all(
            isinstance(v, (int, float)) for v in axis.levels) else 0
        handle = None
        for j, (_, line) in enumerate(lines):
            other_level = axis.other_levels[j] if axis.other is not None else None
            funded = set(still_funded_levels(self.study, other_level))
            shown = [(lv, p) for lv, p in line if lv in funded and p in s.index]
            if not shown:
                continue
            shift = (j - (len(lines) - 1) / 2) * 0.012 * width
            handle = ax.scatter([float(lv) + shift for lv, _ in shown],
                                s.loc[[p for _, p in shown], "mean"].to_numpy(dtype=float)
                                * scale, s=90, facecolors="none", edgecolors="#555555",
                                lw=1, zorder=5, label="ringed: still funded at that date")
        return handle

    @staticmethod
    def _axis_legend(fig: Figure, handles: list[Any], shaded: str) -> None:
        """Lay out the axis figure and put the legend of its lines below the panels."""
        legend_title = "points and bars: average with its likely range (95%)"
        if shaded:
            legend_title += "\n" + shaded
        # Room below the panels for the legend: its title lines and rows of entries, at
        # about 0.2 inch a line, so it never runs over the x-axis labels.
        text_lines = legend_title.count("\n") + 1 + math.ceil(len(handles) / 4)
        bottom = min(0.4, (0.2 * text_lines + 0.1) / fig.get_figheight())
        fig.tight_layout(rect=(0, bottom, 1, 1))
        fig.legend(handles, [h.get_label() for h in handles], loc="lower center",
                   ncol=min(4, len(handles)), fontsize=8, title=legend_title,
                   title_fontsize=8, frameon=False)

    def _axis_caption(self, outcomes: Sequence[str]) -> str:
        """The axis figure's caption, with the other grid factors' levels or a frozen note."""
        axis = self.study.axis
        what = ", ".join(self.meta[o].label for o in outcomes)
        extra = self._frozen_note(outcomes)
        if axis.fixed:
            extra = " Other grid factors at " + ", ".join(
                ParamWords(f).setting(v) for f, v in axis.fixed.items()) + "."
        return (f"{what} for each setting of {axis.words.label}: average over runs with its "
                f"likely range." + extra)

    def _frozen_note(self, outcomes: Sequence[str]) -> str:
        """A caption's warning about outputs a dissolved community keeps unchanged."""
        frozen = [self.meta[o].label for o in outcomes if o in self.meta
                  and self.meta[o].frozen_when_dissolved]
        if not frozen or self.study.dissolving is False:
            return ""
        return (" " + ", ".join(frozen).capitalize() + ": a community that dissolves keeps "
                "its last value, so these are not the state of a living community.")

    def _axis_lines(self) -> str:
        every = [o for o in self.headline if o in self.meta]
        outcomes = every[:MAX_FIGURE_OUTCOMES]
        if not outcomes:
            return ""
        left = every[MAX_FIGURE_OUTCOMES:]
        return self._axis_figure(outcomes) + (
            self._not_drawn(left, "here", "runs.parquet") if left else "")

    def _framed_lines(self) -> str:
        other = self.study.framing.other()
        if other is None:
            return ("<p class='note'>Every run ends at the same time after funding and on "
                    "the same date, so the end-of-run numbers serve both framings.</p>")
        kind, words, _ = other
        if self.study.framed.empty:
            wanted = [o for o in self.headline if o in outputs.OUTPUTS][:3]
            series = ", ".join(f"<code>{esc(o)}</code>" for o in wanted) or "the outcomes"
            return (f"<h3>Outcomes {esc(words.split(',')[0])}</h3><p class='note'>Not drawn: "
                    f"the comparison {esc(words)}, because the study kept no weekly series of "
                    f"its outcomes (add them to <code>series</code> in the config, e.g. "
                    f"{series}). The figures above compare "
                    f"{esc(self.study.framing.end_phrase())}.</p>")
        shown = [o for o in dict.fromkeys(self.study.framed["outcome"]) if o in self.meta]
        shown = sorted(shown, key=lambda o: (not self.meta[o].cumulative, shown.index(o)))
        missing = [o for o in self.headline if o not in shown and o in self.meta
                   and o in outputs.OUTPUTS]
        note = ""
        if missing:
            note = ("<p class='note'>Not shown " + esc(words.split(" (")[0]) + ": "
                    + esc(", ".join(self.meta[o].label for o in missing))
                    + ", because the study kept no weekly series of them (to compare them "
                    "there, list them among the weekly series in the study's config, "
                    "<code>series</code>).</p>")
        if len(shown) > MAX_FIGURE_OUTCOMES:
            note += self._not_drawn(shown[MAX_FIGURE_OUTCOMES:], "here",
                                    "timeseries.parquet")
        axis = self.study.axis
        ringed = []
        for other_level in (axis.other_levels if axis.other else [None]):
            funded = still_funded_levels(self.study, other_level)
            if funded:
                ringed.append(axis.words.levels(funded) + (
                    f" with {ParamWords(axis.other).setting(other_level)}"
                    if axis.other else ""))
        if ringed:
            note += ("<p class='note'>Ringed points: settings still funded at that date ("
                     + esc("; ".join(ringed)) + "). Their funding has not ended yet, so at "
                     "that date they cannot differ by how long the funding runs; read them "
                     "as one group.</p>")
        return self._axis_figure(shown[:MAX_FIGURE_OUTCOMES], framed=True) + note

    def _heatmaps(self) -> str:
        fa, fb = self._grid_factors()
        outcomes = self.headline[:MAX_FIGURE_OUTCOMES]
        left = self.headline[MAX_FIGURE_OUTCOMES:]
        cols = min(3, len(outcomes))
        rows = math.ceil(len(outcomes) / cols)
        fig = Figure(figsize=(4.2 * cols, 3.4 * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            meta = self.meta[outcome]
            table = self.ok.pivot_table(index=factor_column(fb), columns=factor_column(fa),
                                        values=outcome, aggfunc="mean")
            values = table.to_numpy(dtype=float) * (100.0 if meta.percent else 1.0)
            ax.set_title(axis_title(meta), fontsize=9)
            if np.isnan(values).all():  # a ratio with nothing to divide by in every run
                ax.set_axis_off()
                ax.text(0.5, 0.5, "cannot be computed:\nno run has a value", ha="center",
                        va="center", fontsize=8, transform=ax.transAxes)
                continue
            scale = {"vmin": 0.0, "vmax": 100.0} if meta.percent else {}  # a share: 0-100%
            image = ax.imshow(values, aspect="auto", origin="lower", cmap="viridis", **scale)
            ax.set_xticks(range(table.shape[1]), [plain_value(v) for v in table.columns])
            ax.set_yticks(range(table.shape[0]), [plain_value(v) for v in table.index])
            ax.set_xlabel(ParamWords(fa).axis_label())
            ax.set_ylabel(ParamWords(fb).axis_label())
            middle = 50.0 if meta.percent else np.nanmean(values)  # dark cells: white text
            for i in range(values.shape[0]):
                for j in range(values.shape[1]):
                    text = (f"{half_up(values[i, j])}%" if meta.percent
                            else compact(values[i, j]))
                    ax.text(j, i, text, ha="center", va="center", fontsize=8,
                            color="white" if values[i, j] < middle else "black")
            bar = fig.colorbar(image, ax=ax, shrink=0.8)  # its ticks read as the cells do
            bar.ax.yaxis.set_major_formatter(FuncFormatter(
                (lambda v, _: f"{half_up(v)}%") if meta.percent else
                (lambda v, _: compact(v))))
        fig.tight_layout()
        return (f"<h3>Every combination of {esc(ParamWords(fa).label)} and "
                f"{esc(ParamWords(fb).label)}</h3>"
                + figure_html(fig, "The outcome for each combination of the two settings "
                                   "(colour and number: the average over the runs; k = "
                                   "thousand).",
                              self._framing_of(outcomes))
                + (self._not_drawn(left, "here", "runs.parquet") if left else ""))

    def _scenario_figure(self, outcomes: Sequence[str], headline: bool = False) -> str:
        points = self.summary[["point_index", "point"]].drop_duplicates().sort_values(
            "point_index")["point"].tolist()
        cols = 2 if len(outcomes) > 1 else 1
        rows = math.ceil(len(outcomes) / cols)
        fig = Figure(figsize=(5.6 * cols, max(2.5, 0.45 * len(points) + 1.2) * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            meta = self.meta[outcome]
            scale = 100.0 if meta.percent else 1.0
            s = self.summary[self.summary["outcome"] == outcome].set_index("point").reindex(
                points)
            y = np.arange(len(points))[::-1]
            if not meta.yes_no:
                ax.hlines(y, s["band_low"] * scale, s["band_high"] * scale, color="#999999",
                          lw=6, alpha=0.35, label=BAND_LABEL)
            mean = s["mean"].to_numpy(dtype=float) * scale
            ax.errorbar(mean, y, xerr=error_bars(mean, s["ci_low"] * scale,
                                                 s["ci_high"] * scale),
                        fmt="o", color=COLORS[0], capsize=3, label="average with its likely "
                                                                   "range")
            if self.baseline in points:
                ax.axvline(s.loc[self.baseline, "mean"] * scale, color=COLORS[1], ls=":",
                           lw=1, label="baseline")
            ax.set_yticks(y, [self.label(p) for p in points] if k % cols == 0
                          else [""] * len(points))
            ax.set_xlabel(axis_title(meta))
            ax.set_title(meta.label, fontsize=10)
            ax.grid(axis="x", alpha=0.3)
            if k == 0:
                handles, names = ax.get_legend_handles_labels()
        fig.tight_layout(rect=(0, 0.1, 1, 1))
        fig.legend(handles, names, loc="lower center", ncol=len(names), fontsize=8,
                   frameon=False)  # below the panels, so it covers no bar
        title = "" if headline else "<h3>Outcomes by scenario</h3>"
        return title + figure_html(
            fig, f"Dots with bars: average with its likely range. Grey bars: the "
                 f"{BAND_LABEL}. Dotted line: the baseline." + self._frozen_note(outcomes),
            self._framing_of(outcomes))

    def _scenario_dots(self) -> str:
        left = self.headline[MAX_FIGURE_OUTCOMES:]
        return self._scenario_figure(self.headline[:MAX_FIGURE_OUTCOMES]) + (
            self._not_drawn(left, "here", "runs.parquet") if left else "")

    def _fan_panels(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Small multiples of the weekly series: (panel title, [(legend, point), ...]).

        One panel per setting along the axis (the second factor's levels as lines in it),
        or per scenario; at most MAX_PANELS, spread evenly."""
        axis = self.study.axis
        if axis is not None:
            panels = []
            for level in axis.levels:
                if axis.other is None:
                    lines = [("", axis.point(level))]
                else:
                    lines = [(ParamWords(axis.other).setting(o), axis.point(level, o))
                             for o in axis.other_levels[:len(COLORS)]]
                panels.append((axis.words.setting(level), [(n, p) for n, p in lines if p]))
        else:
            points = (self.ok[["point_index", "point"]].drop_duplicates().sort_values(
                "point_index")["point"].tolist())
            panels = [(self.label(p), [("", p)]) for p in points]
        if len(panels) > MAX_PANELS:
            keep = sorted({int(i) for i in np.linspace(0, len(panels) - 1, MAX_PANELS)})
            panels = [panels[i] for i in keep]
        return panels

    def _fan_charts(self) -> str:
        if not len(self.timeseries):
            return ("<h3>Weekly series</h3><p class='note'>Not drawn: the study kept no "
                    "weekly series (list them under <code>series</code> in the config).</p>")
        names = self._series_names()
        preferred = [s for s in self.headline if s in names]
        ordered = preferred + [s for s in names if s not in preferred]
        chosen = ordered[:MAX_SERIES_CHARTS]
        if not chosen:
            return ""
        overall = isinstance(self.design, SampleDesign)
        ends = self._fan_ends(overall).values()
        follow_up = any(funding > external for external, funding in ends)
        band = (f"light band: the {BAND_LABEL} (for a yes/no outcome such as "
                "communities still active the line is the share of runs, and no spread is "
                "drawn)" if any(self.meta[c].yes_no for c in chosen) else
                f"light band: the {BAND_LABEL}")
        parts = ["<h3>Weekly series</h3><p class='note'>One small chart per setting, so no "
                 "line hides another. Line: average over runs; dark band: its likely range, "
                 f"week by week; {band}."
                 + (" Dashed vertical line: external funding ends" if ends else "")
                 + ("; dotted: follow-up funding ends." if follow_up else "." if ends else "")
                 + " All charts of one series share their scales.</p>"]
        for series in chosen:
            parts.append(self._part(f"the weekly series of {self.meta[series].label}",
                                    lambda series=series: self._fan_chart(series, overall)))
        if len(ordered) > len(chosen):
            parts.append(self._not_drawn(ordered[len(chosen):], "as weekly charts",
                                         "timeseries.parquet"))
        return "".join(parts)

    def _not_drawn(self, names: Sequence[str], where: str, file: str) -> str:
        """A note naming the outcomes a figure leaves out, and where to find them."""
        labels = ", ".join(self.meta[o].label for o in names if o in self.meta)
        return (f"<p class='note'>Not drawn {esc(where)} (to keep the figure readable): "
                f"{esc(labels)}. Their numbers are in the comparison tables of the "
                f"appendix where kept there, and every run's values in <code>{file}</code>."
                "</p>")

    def _fan_chart(self, series: str, overall: bool) -> str:
        """One weekly series as small fan charts: a panel per setting (or one for the whole
        sample), average with its likely range and spread, funding ends marked."""
        meta = self.meta[series]
        panels = [("all sampled runs", [("", None)])] if overall else self._fan_panels()
        wanted = [p for _, lines in panels for _, p in lines if p]
        bands = self._fan_bands(series, overall, wanted)
        cols = min(4, len(panels))
        rows = math.ceil(len(panels) / cols)
        fig = Figure(figsize=(11, 2.5 * rows + 0.9))
        axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
        ends = self._fan_ends(overall)
        handles: dict[str, Any] = {}
        for k, (title, lines) in enumerate(panels):
            ax = axes[k // cols][k % cols]
            self._fan_panel(ax, lines, bands, overall, meta, ends, handles)
            ax.set_title(title, fontsize=8)
            ax.grid(alpha=0.3)
            if k // cols == rows - 1 or k + cols >= len(panels):
                ax.set_xlabel("years since the start", fontsize=8)
                ax.xaxis.set_tick_params(labelbottom=True)
        for k in range(len(panels), rows * cols):
            axes[k // cols][k % cols].set_visible(False)
        if meta.percent:  # a share from 0 to 100%, as in the summary charts (shared y)
            axes[0][0].set_ylim(*SHARE_LIMITS)
        self._fan_titles_and_legend(fig, meta, handles)
        return figure_html(
            fig, self._fan_caption(meta, overall, wanted),
            "time since the start, with the end of funding marked in each chart")

    def _fan_bands(self, series: str, overall: bool, wanted: list[str]) -> pd.DataFrame:
        """The weekly bands of a series, per design point shown (or over all runs)."""
        kind = self.kinds.get(series, stats.ANY)
        data = self.timeseries if overall else self.timeseries[
            self.timeseries["point"].isin(wanted)]
        return stats.weekly_bands(stats.with_run_sizes(data, self.runs), series,
                                  by=None if overall else "point", kind=kind)

    @staticmethod
    def _fan_panel(ax: Any, lines: list[tuple[str, str]], bands: pd.DataFrame,
                   overall: bool, meta: Output, ends: dict[str, tuple[int, int]],
                   handles: dict[str, Any]) -> None:
        """Draw one panel's lines with their bands and funding ends; collect legend lines."""
        scale = 100.0 if meta.percent else 1.0
        # Longer horizons first, so a shorter one is drawn on top and stays visible.
        ordered = sorted(enumerate(lines), key=lambda item: -ends.get(item[1][1],
                                                                      (0, 0))[1])
        for j, (legend, point) in ordered:
            b = bands if overall else bands[bands["point"] == point]
            years = b["week"].to_numpy(dtype=float) / WEEKS_PER_YEAR
            color = COLORS[j]
            if not meta.yes_no:  # the spread of a yes/no outcome is just 0 to 1
                ax.fill_between(years, b["band_low"] * scale, b["band_high"] * scale,
                                color=color, alpha=0.10, linewidth=0)
            ax.fill_between(years, b["ci_low"] * scale, b["ci_high"] * scale,
                            color=color, alpha=0.30, linewidth=0)
            line, = ax.plot(years, b["mean"] * scale, color=color,
                            ls=STYLES[j % len(STYLES)], lw=1.5, label=legend or "average")
            if legend:
                handles.setdefault(legend, (j, line))
            if point in ends:
                external, funding = ends[point]
                ax.axvline(external / WEEKS_PER_YEAR, color=color, ls="--", lw=1)
                if funding > external:
                    ax.axvline(funding / WEEKS_PER_YEAR, color=color, ls=":", lw=1.2)

    @staticmethod
    def _fan_titles_and_legend(fig: Figure, meta: Output, handles: dict[str, Any]) -> None:
        """Title the fan charts, lay them out and put the legend of their lines below."""
        fig.suptitle(meta.label, fontsize=10)
        fig.supylabel(axis_title(meta), fontsize=9)
        fig.tight_layout(rect=(0, 0.06 if handles else 0, 1, 1))
        if handles:
            ordered = sorted(handles.items(), key=lambda item: item[1][0])
            fig.legend([line for _, (_, line) in ordered], [name for name, _ in ordered],
                       loc="lower center", ncol=min(4, len(handles)), fontsize=8,
                       frameon=False)

    def _fan_caption(self, meta: Output, overall: bool, wanted: list[str]) -> str:
        """The fan charts' caption: which settings are shown, and a frozen-value warning."""
        shown = ("all runs of the sample" if overall else
                 f"{len(wanted)} of {self._n_points()} settings" if len(wanted) <
                 self._n_points() else "every setting")
        frozen = (" A community that dissolves keeps its last value of this, so where "
                  "communities dissolve the line is not the state of a living community."
                  if meta.frozen_when_dissolved and self.study.dissolving is not False
                  else "")
        return f"{meta.label.capitalize()} week by week for {shown}: {meta.meaning}." + frozen

    def _fan_ends(self, overall: bool) -> dict[str | None, tuple[int, int]]:
        """The funding ends the fan charts mark, by the point of a line: per design point,
        or for a sample's one line over all runs (key None) only when every run's funding
        ends in the same weeks (a sampled funding length has no one end to mark)."""
        ends = self._funding_weeks()
        if not overall:
            return ends
        common = set(ends.values())
        return {None: common.pop()} if len(common) == 1 else {}

    def _funding_weeks(self) -> dict[str, tuple[int, int]]:
        """Design point -> (week external funding ends, week all funding ends)."""
        out = {}
        f = self.study.framing
        for _, row in self.ok.drop_duplicates("point").iterrows():
            point = row["point"]
            if point not in f.funding_end:
                continue
            years = row.get(PARAM_PREFIX + "funding_years")
            external = weeks(float(years)) if years is not None else \
                f.funding_end[point]
            out[point] = (external, f.funding_end[point])
        return out

    def _n_points(self) -> int:
        return int(self.ok["point_index"].nunique()) if len(self.ok) else 0

    def _sensitivity_headline(self, outcome: str) -> str:
        data = self._index_rows(outcome)
        if data.empty:
            return ""
        fig = Figure(figsize=(7, max(2.4, 0.38 * len(data) + 1.0)))
        self._bars(fig.add_subplot(1, 1, 1), outcome, data)
        fig.tight_layout()
        return figure_html(fig, f"How strongly {self.meta[outcome].label} responds to each "
                                "setting varied, with its likely range; hatched grey bars are "
                                "too uncertain to rank.", self._framing_of([outcome]))

    def _bars(self, ax: Any, outcome: str, d: pd.DataFrame) -> None:
        d = pd.concat([d[~d["reliable"]], d[d["reliable"]].sort_values("value")])
        names = [plain(p) + ("" if ok else " (unreliable)")
                 for p, ok in zip(d["parameter"], d["reliable"], strict=True)]
        bars = ax.barh(names, d["value"],
                       xerr=error_bars(d["value"], *index_range(d["value"], d["conf"])),
                       color=[COLORS[0] if ok else "#bbbbbb" for ok in d["reliable"]],
                       alpha=0.8, capsize=3)
        for bar, ok in zip(bars, d["reliable"], strict=True):
            if not ok:
                bar.set_hatch("//")
        ax.axvline(0, color="#555555", lw=0.8)
        ax.set_title(self.meta[outcome].label, fontsize=10)
        ax.set_xlabel(self._index_axis(outcome))
        ax.grid(axis="x", alpha=0.3)

    def _index_axis(self, outcome: str) -> str:
        if self.main_index == "mu_star":
            meta = self.meta[outcome]
            unit = "share 0-1" if meta.percent else meta.unit
            return f"Morris mu*: change over the sampled range ({unit})"
        return f"{self.main_index}: share of the differences between runs (0-1)"

    def _sensitivity_bars(self) -> str:
        """The sensitivity figures of a sample: the index per parameter for each outcome,
        and a matrix of which parameter matters most for which outcome."""
        if self.sensitivity.empty:
            return ""
        index = self.main_index
        data = self._index_rows_all()
        every = [o for o in self.headline if o in set(data["outcome"])]
        outcomes = every[:MAX_FIGURE_OUTCOMES]
        fig = self._index_bars_figure(data, outcomes)
        unreliable = ("" if data["reliable"].all() else
                      " Grey hatched bars are unreliable indices (see the findings): they are "
                      "not ranked, and need a larger sample.")
        parts = ["<h3>Sensitivity</h3>", figure_html(
            fig, f"Sensitivity index {index} per {self.factor_noun} with its 95% bootstrap "
                 "confidence "
                 "interval (error bars), computed on the mean over replications at each "
                 f"sampled point.{unreliable}", self._framing_of(outcomes))]
        reliable = data[data["reliable"]]
        if len(outcomes) > 1 and not reliable.empty:
            parts.append(self._index_matrix(data, reliable, outcomes))
        if len(every) > len(outcomes):
            parts.append(self._not_drawn(every[len(outcomes):], "here", "runs.parquet"))
        return "".join(parts)

    def _index_bars_figure(self, data: pd.DataFrame, outcomes: list[str]) -> Figure:
        """The index bars, one panel per outcome (with first-order bars for Sobol)."""
        cols = 2 if len(outcomes) > 1 else 1
        rows = math.ceil(len(outcomes) / cols)
        n_params = data["parameter"].nunique()
        fig = Figure(figsize=(11, max(2.6, 0.35 * n_params + 1.0) * rows))
        for k, outcome in enumerate(outcomes):
            ax = fig.add_subplot(rows, cols, k + 1)
            self._bars(ax, outcome, data[data["outcome"] == outcome])
            if self.design.method == "sobol":
                self._first_order_bars(ax, outcome, data[data["outcome"] == outcome])
        fig.tight_layout()
        return fig

    def _first_order_bars(self, ax: Any, outcome: str, d: pd.DataFrame) -> None:
        """Draw Sobol's first-order index S1 over the total-order bars of one outcome."""
        d = pd.concat([d[~d["reliable"]], d[d["reliable"]].sort_values("value")])
        s1 = self.sensitivity[(self.sensitivity["outcome"] == outcome)
                              & (self.sensitivity["index"] == "S1")].set_index(
            "parameter").reindex(d["parameter"])
        ax.barh([plain(p) + ("" if ok else " (unreliable)") for p, ok in
                 zip(d["parameter"], d["reliable"], strict=True)], s1["value"],
                height=0.4, color=COLORS[3], alpha=0.9, label="S1 (first order)")
        ax.legend(fontsize=7)

    def _index_matrix(self, data: pd.DataFrame, reliable: pd.DataFrame,
                      outcomes: list[str]) -> str:
        """Reliable indices as a parameter-by-outcome matrix, scaled per outcome."""
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
        ax.set_xticks(range(len(scaled.columns)),
                      [self.meta[c].label for c in scaled.columns], rotation=30,
                      ha="right")
        ax.set_yticks(range(len(scaled.index)), [plain(p) for p in scaled.index])
        self._matrix_cells(ax, scaled, flagged)
        fig.tight_layout()
        return figure_html(fig, f"Which {self.factor_noun} matters most for which outcome: "
                                f"reliable {self.main_index} scaled so that the largest per "
                                "outcome is 1; ? marks an unreliable index.",
                           self._framing_of(outcomes))

    @staticmethod
    def _matrix_cells(ax: Any, scaled: pd.DataFrame, flagged: set[tuple[str, str]]) -> None:
        """Write each scaled index in its cell; ? where the index is unreliable."""
        for i in range(scaled.shape[0]):
            for j in range(scaled.shape[1]):
                cell = scaled.iat[i, j]
                text = f"{cell:.2f}" if not math.isnan(cell) else (
                    "?" if (scaled.index[i], scaled.columns[j]) in flagged else "")
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if cell > 0.6 else "black")

    # ------------------------------------------------------------------ tables
    def _tables(self) -> str:
        if not len(self.ok):
            return ""
        parts = ["<h3>Comparison tables</h3><p class='note'>Framing of these tables: "
                 f"{esc(self._framing_of(self.headline))}.</p>"]
        outcomes = self.headline
        if isinstance(self.design, SampleDesign):
            parts.append(self._part("the table of the sample",
                                    lambda: self._sample_table(outcomes)))
        else:
            for outcome in outcomes:
                parts.append(self._part(f"the table of {self.meta[outcome].label}",
                                        lambda outcome=outcome: self._outcome_table(outcome)))
        shown_in = one_step_table(self.study)  # two settings: one step, nothing levels off
        if len(self.study.trend) and shown_in == "trend":
            parts.append(self._part("the table of where the main outcome levels off",
                                    self._trend_table))
        if len(self.study.steps) and shown_in != "diff":
            parts.append(self._part("the table of steps", self._steps_table))
        if len(self.study.spans):
            parts.append(self._part("the table of the first setting against where it "
                                    "levels off", self._span_table))
        if len(self.study.added):
            parts.append(self._part("the table of what the second factor adds",
                                    self._added_table))
        if len(self.study.follow_up):
            parts.append(self._part("the table of follow-up funding against a longer "
                                    "subsidy", self._follow_up_table))
        if len(self.study.per_subsidy):
            parts.append(self._part("the table of what the subsidy buys",
                                    self._per_subsidy_table))
        if not self.interactions.empty:
            parts.append(self._part("the interaction table", self._interaction_table))
        if len(self.study.framed):
            parts.append(self._part("the table at the other framing", self._framed_table))
        stored = [o for o in self.outcomes if not o.startswith(ASSUMPTION_PREFIX)]
        if len(stored) > len(outcomes):
            fixed = len(self.outcomes) - len(stored)
            parts.append(f"<p class='note'>{len(stored)} outcomes are stored per run; "
                         "every one is in runs.parquet"
                         + (f", beside the {fixed} assumption{'s' * (fixed != 1)} "
                            "each run was made under (a setting, not an outcome)"
                            if fixed else "") + ".</p>")
        return "".join(parts)

    def _outcome_table(self, outcome: str) -> str:
        meta = self.meta[outcome]
        percent = meta.percent
        s = self.summary[self.summary["outcome"] == outcome]
        c = (self.compared[self.compared["outcome"] == outcome].set_index("point")
             if not self.compared.empty else pd.DataFrame())
        header = ["setting", "runs", "average", CI_LABEL, BAND_LABEL]
        if not c.empty or self.baseline:
            header += ["difference from the baseline", "likely range of the difference",
                       "effect size (Cohen's d)",
                       "chance to beat the baseline (Vargha-Delaney A)"]
        rows = []
        for _, r in s.iterrows():
            point = r["point"]
            row = [esc(self.label(point)) + (" <b>(baseline)</b>" if point == self.baseline
                                              else ""),
                   f"{r['n']}" + (f" ({r['failed']} failed)" if r["failed"] else ""),
                   num(number(r["mean"], percent), ref("mean", point, outcome)),
                   num(interval(r["ci_low"], r["ci_high"], percent, ceiling_of(r)),
                       ref("ci", point, outcome)),
                   "yes/no outcome" if meta.yes_no else num(interval(
                       r["band_low"], r["band_high"], percent), ref("band", point, outcome))]
            if len(header) > 5:
                if point in c.index:
                    d = c.loc[point]
                    row += [num(signed(d["difference"], percent), ref("diff", outcome, point)),
                            num(diff_interval(d["ci_low"], d["ci_high"], percent),
                                ref("diff-ci", outcome, point)),
                            self._cohens_d(outcome, d), effect_text(d)]
                else:
                    row += ["", "", "", ""]
            rows.append(row)
        title = (esc(meta.label.capitalize())
                 + f" <small>({esc(self._unit_and_pooling(outcome))})</small>")
        notes = [esc(meta.meaning.capitalize().rstrip(".")) + ".",
                 esc(self._when_note(outcome))]
        if len(c) > 1:
            notes.append(many_comparisons(len(c), int(((c["ci_low"] > 0)
                                                        | (c["ci_high"] < 0)).sum())))
        caveat = self._caveat(outcome)
        if caveat:
            notes.append(caveat.strip())
        return (f"<h4>{title}</h4><p class='note'>{' '.join(notes)}</p>"
                + table_html(header, rows, "numbers"))

    def _cohens_d(self, outcome: str, row: pd.Series) -> str:
        """Cohen's d of a difference for a numeric outcome; for a yes/no outcome the
        difference in percentage points with its likely range is the effect size, so
        it gets no d (the spread of 0s and 1s makes d a poor yardstick)."""
        if self.meta[outcome].yes_no:
            return "yes/no outcome"
        return number(row["cohens_d"])

    def _pair_table(self, table: pd.DataFrame, key: str, title: str, note: str,
                    first: str, second: Callable[[pd.Series], str]) -> str:
        """Pairs of settings compared, one row per pair and outcome; with a column saying
        whether each difference stays clear allowing for the number compared (Holm)."""
        rows = []
        family = "clear_holm" in table and len(table) > table["outcome"].nunique()
        for _, r in table.iterrows():
            outcome = r["outcome"]
            percent = self.percent(outcome)
            row = [esc(self.meta[outcome].label), esc(second(r)),
                   num(signed(r["difference"], percent),
                       ref(key, outcome, r["point"], r["control"])),
                   num(diff_interval(r["ci_low"], r["ci_high"], percent),
                       ref(f"{key}-ci", outcome, r["point"], r["control"]))]
            if family:
                row.append(("yes" if r["clear_holm"] else "no")
                           + esc(f" (adjusted p {_p_text(r['p_holm'])})"))
            rows.append(row + [self._cohens_d(outcome, r), effect_text(r)])
        header = ["outcome", first, "difference", "likely range of the difference"]
        if family:
            header.append("clear allowing for the number compared (Holm); a range that "
                          "misses zero can still be 'no'")
        header += ["effect size (Cohen's d)", "chance to beat (Vargha-Delaney A)"]
        if family:
            n = int(table["family"].iloc[0])
            note += (f" Comparing {n} pairs per outcome, some differences look clear by "
                     "chance alone; the column 'clear allowing for the number compared' "
                     "applies Holm's correction for the pairs of each outcome, and the "
                     "answer calls a single difference clear only then: a likely range "
                     "that lies wholly above or below zero is not enough on its own here.")
        return f"<h4>{title}</h4><p class='note'>{note}</p>" + table_html(header, rows,
                                                                          "numbers")

    def _trend_table(self) -> str:
        """Where the main outcome levels off along the axis (`answer.trend_table`)."""
        primary = (self.answer.figure_outcomes or [None])[0]
        table = self.study.trend
        table = table[table["outcome"] == primary]
        if not len(table):
            return ""
        axis = self.study.axis
        percent = self.percent(primary)
        rows = []
        stopped: dict[Any, bool] = {}
        for _, r in table.iterrows():
            point = r["point"]
            where = axis.words.setting(r["level"])
            if point in self.inert:  # the second factor cannot act here: its label says so
                where = self.label(point)
            elif axis.other is not None:
                where += ", " + ParamWords(axis.other).setting(r["other_level"])
            later = ("" if pd.isna(r["difference"]) else
                     num(signed(r["difference"], percent), ref("trend", primary, point)))
            later_ci = ("" if pd.isna(r["difference"]) else
                        num(diff_interval(r["ci_low"], r["ci_high"], percent),
                            ref("trend-ci", primary, point)))
            verdict = _trend_verdict(r, stopped.get(r["other_level"], False),
                                     axis.words.later())
            stopped[r["other_level"]] = not r["rising"]
            rows.append([esc(where), num(number(r["mean"], percent), ref("mean", point,
                                                                          primary)),
                         "" if pd.isna(r["difference"]) else
                         num(number(r["from_mean"], percent), ref("trend-from", primary,
                                                                  point))
                         + " (" + num(interval(r["from_ci_low"], r["from_ci_high"], percent,
                                               self.kinds.get(primary, stats.ANY).high),
                                      ref("trend-from-ci", primary, point)) + ")",
                         "" if pd.isna(r["difference"]) else
                         number(r["mean"] + r["difference"], percent),
                         later, later_ci, verdict])
        further = axis.words.later()  # "the longer settings", "the settings with more ..."
        header = ["setting", "average", "average from this setting on, this one included "
                  "(likely range)", f"average of {further} only",
                  f"{further.removeprefix('the ')} minus this one", "likely range", "verdict"]
        return (f"<h4>Where {esc(self.meta[primary].label)} levels off</h4><p class='note'>"
                "Each setting against the average of the settings after it, per replication "
                "(so runs that share a seed stay paired; Student t range). Every test is "
                "read. The answer describes the outcome as rising (or falling) up to the "
                "last setting that is clearly below (above) the ones after it, and as "
                "levelling off from the next; where an earlier setting is not clear, it "
                "says that where the outcome levels off is not sharp and names both "
                "settings, since one unclear test is not evidence that the outcome has "
                "levelled off.</p>" + table_html(header, rows, "numbers"))

    def _span_table(self) -> str:
        axis = self.study.axis
        spans = self.study.spans
        a, b = spans["from_level"].iloc[0], spans["to_level"].iloc[0]
        where = f"{axis.words.setting(b)} instead of {plain_value(a)}"
        basis = spans["basis"].iloc[0] if "basis" in spans else ""
        levels_off = (f"{self.meta[basis].label} (the main outcome shows no trend)"
                      if basis else "the main outcome")
        title = (f"The first setting against where {esc(levels_off)} levels off"
                 if len(axis.levels) > 2 else  # one step: nothing to level off
                 f"{esc(_cap(axis.words.setting(b)))} against {esc(plain_value(a))}")
        note = (f"What stopping at the first setting costs: {esc(where)}, minus the first "
                "setting." if axis.words.is_funding else
                f"What {esc(where)} gives: the one minus the other, outcome by outcome.")
        return self._pair_table(spans, "span", title, note, "comparison",
                                lambda r: axis.words.change(r["from_level"], r["to_level"]))

    def _per_subsidy_table(self) -> str:
        table = self.study.per_subsidy
        outcomes = [o for o in dict.fromkeys(table["outcome"]) if o != "subsidy_hours"]
        header = ["setting", "hours paid by the subsidy (likely range)"] + [
            f"{PER_SUBSIDY_WORDS[o]} per {SUBSIDY_HOURS:,} subsidy hours (likely range)"
            for o in outcomes]
        rows = []
        for point, group in table.groupby("point", sort=False):
            g = group.set_index("outcome")
            row = [esc(self.label(point))]
            for o in ["subsidy_hours"] + outcomes:
                r = g.loc[o]
                row.append(num(number(r["mean"]), ref("per-subsidy", point, o)) + " ("
                           + num(interval(r["ci_low"], r["ci_high"]),
                                 ref("per-subsidy-ci", point, o)) + ")")
            rows.append(row)
        return ("<h4>What the subsidy buys</h4><p class='note'>Each run's outcome, "
                f"{esc(self.study.framing.end_phrase())}, divided by the hours of members' "
                f"time the subsidy paid in that run (external and follow-up funding), times "
                f"{SUBSIDY_HOURS:,}, averaged over runs. Counts with a ceiling (care "
                "organisations, schools) are not divided: they cannot grow past it.</p>"
                + table_html(header, rows, "numbers"))

    def _follow_up_table(self) -> str:
        """Follow-up funding against the longer subsidy that ends in the same week
        (`answer.follow_up_tables`): the average over the pairs, every pair, and the hours
        each paid."""
        study, axis = self.study, self.study.axis
        words, other = axis.words, ParamWords(axis.other)

        def pair(r: pd.Series) -> str:
            return (f"{words.setting(r['level'])} and then {other.setting(r['other_level'])}"
                    f", against {words.setting(r['twin_level'])}")

        rows = []
        for _, r in study.follow_up_avg.iterrows():
            o, percent = r["outcome"], self.percent(r["outcome"])
            rows.append([esc(self.meta[o].label),
                         esc(f"{other.setting(r['other_level'])} against the longer "
                             f"external funding, over {counted(int(r['settings']), 'pair')}"),
                         num(signed(r["difference"], percent),
                             ref("follow-up-avg", o, r["other_level"])),
                         num(diff_interval(r["ci_low"], r["ci_high"], percent),
                             ref("follow-up-avg-ci", o, r["other_level"]))])
        average = ("<h4>Follow-up funding against a longer subsidy, on average</h4>"
                   "<p class='note'>Per replication, the average over the pairs of the "
                   "setting with follow-up funding minus the setting with the longer "
                   "external funding whose funding ends in the same week (both watched to "
                   "the same date; runs that share a seed stay paired).</p>"
                   + table_html(["outcome", "comparison", "average difference",
                                 "likely range of the difference"], rows, "numbers"))
        hours_rows = []
        for _, r in study.follow_up.drop_duplicates("point").iterrows():
            hours = follow_up_hours(study, r)
            if hours is not None:
                hours_rows.append([esc(pair(r)),
                                   num(number(hours[0]), ref("follow-up-hours", r["point"])),
                                   num(number(hours[1]), ref("follow-up-hours", r["point"],
                                                             r["control"])),
                                   esc(percent_text(hours[0] / hours[1]))])
        hours_html = "" if not hours_rows else (
            "<h4>Hours paid: follow-up funding against a longer subsidy</h4><p class='note'>"
            "Hours of members' time paid by the funder (average subsidy hours) beyond those "
            "of the same years of external funding without follow-up, which both build "
            "on.</p>" + table_html(["pair", "the follow-up funding paid (hours)",
                                    "the extra years of external funding paid (hours)",
                                    "follow-up as a share of the extra years"],
                                   hours_rows, "numbers"))
        return average + self._pair_table(
            study.follow_up, "follow-up", "Follow-up funding against a longer subsidy",
            "Each setting with follow-up funding minus the setting with more years of "
            "external funding whose funding ends in the same week, so both are watched to "
            "the same date (like for like).", "comparison", pair) + hours_html

    def _steps_table(self) -> str:
        axis = self.study.axis
        words = axis.words

        def change(r: pd.Series) -> str:
            text = words.change(r["from_level"], r["to_level"])
            if axis.other is not None:
                text += ", with " + ParamWords(axis.other).setting(r["other_level"])
            return text

        kind = "paired by seed" if self.paired else "from independent runs (Welch)"
        reading = "".join(f"<p>{s}</p>" for s in self.answer.technical)
        return reading + self._pair_table(
            self.study.steps, "step", f"Steps between neighbouring settings of "
                                      f"{esc(words.label)}",
            f"Each setting minus the one before it ({kind}); differences of shares in "
            "percentage points.", "step", change)

    def _added_table(self) -> str:
        axis = self.study.axis
        other = ParamWords(axis.other)

        def where(r: pd.Series) -> str:
            return (f"{other.setting(r['other_level'])} instead of "
                    f"{other.setting(r['reference'])}, with "
                    f"{axis.words.setting(r['level'])}")

        return (self._added_average()
                + self._pair_table(self.study.added, "added", f"What {esc(other.label)} "
                                                             "adds",
                                   f"The setting with more {esc(other.label)} minus the "
                                   "one without, at every setting of "
                                   f"{esc(axis.words.label)}.", "comparison", where))

    def _added_average(self) -> str:
        """What the second factor adds on average over the axis (`added_average_table`)."""
        table = self.study.added_avg
        if not len(table):
            return ""
        axis = self.study.axis
        other = ParamWords(axis.other)
        rows = []
        for _, r in table.iterrows():
            o, percent = r["outcome"], self.percent(r["outcome"])
            rows.append([esc(self.meta[o].label),
                         esc(f"{other.setting(r['other_level'])} instead of "
                             f"{other.setting(r['reference'])}"),
                         num(signed(r["difference"], percent), ref("added-avg", o,
                                                                   r["other_level"])),
                         num(diff_interval(r["ci_low"], r["ci_high"], percent),
                             ref("added-avg-ci", o, r["other_level"]))])
        per = int(table.groupby("outcome").size().max())
        reference = esc(other.setting(table["reference"].iloc[0]))
        many = (f"{per} comparisons per outcome, each with its own 95% range and no "
                "correction for many, so one of them can look clear by chance" if per > 1
                else "one comparison per outcome, so no correction for many is needed")
        return (f"<h4>What {esc(other.label)} adds on average</h4><p class='note'>Per "
                f"replication, the average over every setting of {esc(axis.words.label)} "
                f"at each other setting of {esc(other.label)} minus the average at "
                f"{reference} (runs that share a seed stay paired; Student t range): "
                f"{many}.</p>"
                + table_html(["outcome", "comparison", "average difference",
                              "likely range of the difference"], rows, "numbers"))

    def _interaction_table(self) -> str:
        rows = []
        for _, r in self.interactions.iterrows():
            outcome = r["outcome"]
            percent = self.percent(outcome)
            keys = (outcome, r["a_to"])
            fa = ParamWords(r["factor_a"])
            tested = r["a_to"] == self.interactions["a_to"].max()
            rows.append([
                esc(self.meta[outcome].label),
                esc(fa.change(r["a_from"], r["a_to"])) + (" (tested)" if tested else ""),
                num(signed(r["effect_at_b_low"], percent), ref("inter-lo", *keys))
                + " (" + diff_interval(r["effect_at_b_low_ci_low"],
                                       r["effect_at_b_low_ci_high"], percent) + ")",
                num(signed(r["effect_at_b_high"], percent), ref("inter-hi", *keys))
                + " (" + diff_interval(r["effect_at_b_high_ci_low"],
                                       r["effect_at_b_high_ci_high"], percent) + ")",
                "<b>" + num(signed(r["interaction"], percent), ref("inter", *keys)) + "</b>",
                num(diff_interval(r["ci_low"], r["ci_high"], percent),
                    ref("inter-ci", *keys))])
        fa, fb = (ParamWords(f) for f in self._grid_factors())
        b = self.interactions.iloc[0]
        header = ["outcome", "change", f"effect with {fb.setting(b['b_low'])} (likely range)",
                  f"effect with {fb.setting(b['b_high'])} (likely range)", "interaction",
                  "95% CI of the interaction (likely range)"]
        kind = ("per replication, paired by seed" if self.paired else
                "from independent runs, Welch-Satterthwaite")
        return (f"<h4>Interaction of {esc(fa.label)} and {esc(fb.label)}</h4>"
                f"<p class='note'>Interaction = effect at the high level minus effect at the "
                f"low level of {esc(fb.label)} ({kind}). A likely range that excludes zero "
                f"means the effect of {esc(fa.label)} depends on {esc(fb.label)}."
                + (" For yes/no outcomes the effects have Newcombe intervals and the "
                   "interaction combines the Wilson intervals of its four shares (MOVER), "
                   "which ignores the pairing and so errs on the wide side."
                   if any(self.meta[o].yes_no for o in self.interactions["outcome"]) else "")
                + " " + esc(interaction_family_note(self.interactions, fa.label))
                + "</p>" + table_html(header, rows, "numbers"))

    def _still_funded_points(self) -> set[str]:
        """The settings still funded at the fixed date of the weekly-series comparison."""
        axis = self.study.axis
        if axis is None:
            return set()
        return {axis.point(lv, o) for o in (axis.other_levels or [None])
                for lv in still_funded_levels(self.study, o)}

    def _framed_table(self) -> str:
        table = self.study.framed
        series = list(dict.fromkeys(table["outcome"]))
        header = ["setting", "week"] + [f"{self.meta[s].label} ({self._unit_and_pooling(s)})"
                                        for s in series]
        funded = self._still_funded_points()
        if funded:
            header.insert(2, "still funded then")
        rows = []
        for point, group in table.groupby("point", sort=False):
            g = group.set_index("outcome")
            row = [esc(self.label(point)), str(int(g["week"].iloc[0]))]
            if funded:
                row.append("yes" if point in funded else "no")
            for s in series:
                if s not in g.index:
                    row.append("")
                    continue
                r = g.loc[s]
                percent = self.percent(s)
                row.append(num(number(r["mean"], percent), ref("framed", point, s)) + " ("
                           + num(interval(r["ci_low"], r["ci_high"], percent,
                                          ceiling_of(r)), ref("framed-ci", point, s)) + ")")
            rows.append(row)
        still = ("" if not funded else " Settings marked as still funded have not "
                 "reached the end of their funding at that week, so they cannot differ yet by "
                 "how long their funding runs: read them as one group, not as a comparison "
                 "of funding lengths.")
        return (f"<h4>Weekly series {esc(self.study.framed_words)}</h4>"
                "<p class='note'>Average over runs with its likely range in brackets, read "
                "from timeseries.parquet at the week shown." + still + "</p>"
                + table_html(header, rows, "numbers"))

    def _sample_table(self, outcomes: list[str]) -> str:
        rows = []
        for outcome in outcomes:
            values = self.ok[outcome]
            meta = self.meta[outcome]
            kind = self.kinds.get(outcome, stats.ANY)
            ci = stats.share_of_ci(values, kind, stats.sizes_of(self.ok, kind))
            band = stats.percentile_band(values)
            rows.append([esc(meta.label) + f" ({esc(self._unit_and_pooling(outcome))})",
                         str(ci.n),
                         num(number(ci.value, meta.percent), ref("overall", outcome)),
                         num(interval(ci.low, ci.high, meta.percent),
                             ref("overall-ci", outcome)),
                         "yes/no outcome" if meta.yes_no else interval(*band, meta.percent)])
        parts = [table_html(["outcome", "runs", "average over the whole sample", CI_LABEL,
                             BAND_LABEL], rows, "numbers")]
        if not self.sensitivity.empty:
            table = self.sensitivity.copy()
            table["text"] = [
                num(number(v), ref("sens", o, p, i))
                + ("" if math.isnan(c) else " &plusmn; " + num(number(c),
                                                              ref("sens-conf", o, p, i)))
                + ("" if not problem else " (unreliable)")
                for o, p, i, v, c, problem in zip(table["outcome"], table["parameter"],
                                                  table["index"], table["value"],
                                                  table["conf"], table["problem"],
                                                  strict=True)]
            wide = table.pivot_table(index=["parameter"], columns=["outcome", "index"],
                                     values="text", aggfunc="first")
            header = [self.factor_noun] + [f"{self.meta[o].label}: {i}"
                                           for o, i in wide.columns]
            rows = [[esc(plain(p))] + [str(v) if isinstance(v, str) else "" for v in
                                       wide.loc[p]] for p in wide.index]
            parts.append("<h4>Sensitivity indices</h4>" + table_html(header, rows, "numbers"))
        if len(self.second_order):
            parts.append(self._second_order_table())
        return "".join(parts)

    def _second_order_table(self) -> str:
        """The second-order indices: one row per pair of factors, one column per outcome,
        each S2 with its CI, and what an interaction index means in plain words."""
        table = self.second_order
        cells = {(o, a, b): num(number(v), ref("s2", o, a, b)) + (
            "" if math.isnan(c) else " &plusmn; " + num(number(c), ref("s2-conf", o, a, b)))
            for o, a, b, v, c in zip(table["outcome"], table["factor"], table["factor_2"],
                                     table["S2"], table["S2_conf"], strict=True)}
        outcomes = list(dict.fromkeys(table["outcome"]))
        pairs = list(dict.fromkeys(zip(table["factor"], table["factor_2"], strict=True)))
        header = [f"pair of {self.factor_nouns}"] + [f"{self.meta[o].label}: S2"
                                                     for o in outcomes]
        rows = [[esc(f"{plain(a)} × {plain(b)}")] + [cells.get((o, a, b), "")
                                                     for o in outcomes] for a, b in pairs]
        return ("<h4>Interactions of two factors (second-order Sobol indices S2)</h4>"
                f"<p class='note'>{esc(SECOND_ORDER_WORDS)} Each index is given with the "
                f"half-width of its {int(100 * stats.LEVEL)}% CI (&plusmn;); every row is "
                f"also in <code>{SECOND_ORDER_FILE}</code> beside this report.</p>"
                + table_html(header, rows, "numbers"))

    # ------------------------------------------------------------------ failures etc.
    def _failures(self) -> str:
        if not len(self.runs):
            return ""
        failed = self.runs[self.runs["status"] != "ok"]
        if failed.empty:
            return ""
        rows = []
        for _, r in failed.iterrows():
            error = r["error"] or ""
            last = (error.strip().splitlines() or [""])[-1]
            rows.append([esc(r["run_id"]), esc(self.label(r["point"])), str(r["seed"]),
                         esc(last), f"<details><summary>traceback</summary><pre>{esc(error)}"
                         f"</pre></details>",
                         f"<code>{esc(replay_command(r, self.config.assumptions))}</code>"])
        return ("<h3>Failures</h3>" + table_html(
            ["run", "setting", "seed", "error", "details", "reproduce"], rows))

    def _dictionary(self) -> str:
        rows = []
        derived = {n: self.meta[n] for n in self.derived if n in self.meta}
        for name in self.outcomes + [s for s in self._series_names() if s not in
                                     self.outcomes]:
            meta, label = self.meta[name], self.meta[name].label
            # Unit, and the meaning of a column that is no model output, as in the CSV.
            meaning, unit = column_doc(name, derived, region=self.region)
            if outputs.output(name) is not None or name in self.derived:
                meaning = meta.meaning
                if self.region and outputs.region_pooling(name):
                    meaning = (meaning.rstrip(".") + "; for a region: "
                               + outputs.region_pooling_words(name))
            elif name.startswith(ASSUMPTION_PREFIX):
                label = _assumption_words(name[len(ASSUMPTION_PREFIX):])
            measured = (meta.measured if name in self.outcomes and (
                outputs.output(name) is not None or name in self.derived) else "")
            rows.append([f"<code>{esc(name)}</code>", esc(label), esc(unit), esc(meaning),
                         esc(measured), "yes" if meta.cumulative else "",
                         "runs" + (", weekly" if name in self._series_names() else "")
                         if name in self.outcomes else "weekly"])
        return (f"<h3>Data dictionary</h3><p>Every column of <code>runs.parquet</code> and "
                f"<code>timeseries.parquet</code> is described, with its unit, in "
                f"<a href='{DICTIONARY}'><code>{DICTIONARY}</code></a> beside them and in "
                "each file's Parquet schema metadata (keys <code>description</code> and "
                "<code>unit</code> of every field); the model's outputs are defined in "
                "docs/ODD.md, section Outputs. The outcomes of this study:</p>"
                + table_html(["column", "plain name", "unit", "meaning",
                              "when a run's number is measured", "adds up over time", "in"],
                             rows))

    def _how_to_read(self) -> str:
        return (
            "<h3>How to read the statistics</h3><dl>"
            f"<dt>{CI_LABEL}</dt><dd>How precisely the average is known. With more "
            "replications it gets narrower. Two settings whose ranges do not overlap differ "
            "clearly. For yes/no outcomes (such as survival) it is a Wilson interval for the "
            "share, which is not zero-width even when all runs agree (0 of 6 runs: 0% to "
            "39%). Every range contains its average and stays within the values the outcome "
            "can take: no lcsim outcome can be negative, shares and levels stay within "
            "0-1, and counts of care organisations or schools stay at or below the number "
            "a community has.</dd>"
            f"<dt>{BAND_LABEL}</dt><dd>How differently single communities turn out: 90% of "
            "runs fall inside. It does <i>not</i> shrink with more replications; it is the "
            "variety a single real community could show.</dd>"
            "<dt>Difference from the baseline</dt><dd>Average of the outcome minus the "
            "baseline's; it can be negative. For yes/no outcomes it is in percentage points, "
            "with Newcombe's interval (within -100 to +100 points)"
            + (", for paired data (his method 10)" if self.paired else "") + ". "
            + ("Runs are paired by seed (common random numbers): replication r starts from "
               "the same random community at every setting, which removes much of the "
               "noise from the comparison." if self.paired else
               "Runs are independent; the interval is Welch's.")
            + "</dd><dt>Effect size (Cohen's d)</dt><dd>The difference in units of the pooled "
            "standard deviation across runs: about 0.2 small, 0.5 medium, 0.8 large. Not given "
            "for yes/no outcomes, where the difference in percentage points is the effect "
            "size.</dd>"
            "<dt>Chance to beat the baseline (Vargha-Delaney A)</dt><dd>The probability that "
            "a run of the setting beats a run of the baseline (ties count half). 0.5 means "
            "no difference; distance from 0.5 below 0.06 is negligible, below 0.14 small, "
            "below 0.21 medium, beyond that large.</dd>"
            + self._sensitivity_words() + "</dl>")

    def _sensitivity_words(self) -> str:
        """How to read the sensitivity index of a sampled study; nothing for other studies."""
        if not isinstance(self.design, SampleDesign):
            return ""
        if self.design.method == "morris":
            what = ("Morris mu*: the average absolute change of the outcome when one "
                    f"{self.factor_noun} moves a step across its range.")
        else:
            what = self._sobol_words()
        words = ("<dt>Sensitivity indices</dt><dd>" + what
                 + " An index outside 0 to 1 beyond its CI (Sobol, RBD-FAST), or with a CI "
                 "wider than the index itself, is flagged <b>unreliable</b> and never ranked; "
                 "more <code>samples</code> in the config make it readable.</dd>")
        if self.design.second_order:
            words += f"<dt>Second-order index S2</dt><dd>{esc(SECOND_ORDER_WORDS)}</dd>"
        return words

    def _sobol_words(self) -> str:
        if isinstance(self.design, SampleDesign) and self.main_index in stats.SHARE_INDICES \
                and not self._any_reliable():
            return ("Sobol S1/ST: with a large enough sample they estimate how much of the "
                    f"outcome's variance is due to the {self.factor_noun} alone / with its "
                    "interactions; none of the indices of this study is reliable enough to be "
                    "read that way.")
        return ("Sobol S1/ST: when reliable, the share of the outcome's variance due to the "
                f"{self.factor_noun} alone / including its interactions (between 0 and 1).")

    def _reproduce(self) -> str:
        m = self.manifest
        # Quoted for a POSIX shell, so a path with spaces or & pastes as one argument.
        command = shlex.join(str(part) for part in m.get("command_line", []) or [])
        if m.get("working_directory") and command:  # its paths are relative to that folder
            command = f"cd {shlex.quote(m['working_directory'])} && {command}"
        source = m.get("config_source")
        return (
            "<h3>Reproduce</h3>"
            f"<p>Command of the last session: <code>{esc(command)}</code>"
            + (f"; config file <code>{esc(source)}</code>" if source else "") + ". "
            "Running it again with the same config and model gives the same numbers, bit for "
            "bit, with any executor and worker count. " + self._replay_words() + "</p>"
            "<p>Files next to this report: <code>runs.parquet</code> (one "
            "row per run: parameters as <code>param_*</code>, assumptions a run was made "
            "under as <code>assumption_*</code>, seed, replication, status, "
            "error, wall time and every kept outcome), <code>timeseries.parquet</code> (one "
            "row per run and week), <code>manifest.json</code> (config, its hash, versions, "
            f"git commit, sessions and timings), <code>{DICTIONARY}</code> (what every "
            "column means, and its unit)" + self._sensitivity_files() + ". pandas: "
            "<code>pd.read_parquet(...)</code>; "
            "DuckDB: <code>SELECT * FROM 'runs.parquet'</code>. Re-render this page with "
            "<code>lcsim report DIR</code>.</p>")

    def _sensitivity_files(self) -> str:
        """The tidy sensitivity files beside the report, as a clause of the file list
        ("" for a study that has none; see `write_sensitivity_files`)."""
        text = ""
        if len(self.sensitivity):
            text += (f", <code>{SENSITIVITY_FILE}</code> (the sensitivity indices, one row "
                     f"per outcome, {esc(self.factor_noun)} and index)")
        if len(self.second_order):
            text += (f", <code>{SECOND_ORDER_FILE}</code> (the second-order indices S2, "
                     f"one row per outcome and pair of {esc(self.factor_nouns)})")
        return text

    def _replay_words(self) -> str:
        """How to replay a single run, with the command of the study's first run."""
        changed = changed_assumptions(self.config.assumptions)
        also = (" and the study's changed assumptions ("
                + ", ".join(f"<code>{esc(n)}</code>" for n in changed) + ")"
                if changed else "")
        varied = assumption_factors(self.config)
        if varied:
            also += (" and the assumptions its setting was made under (<code>assumption_"
                     + "</code>, <code>assumption_".join(esc(n) for n in varied) + "</code>)")
        text = ("Any single run can be replayed with <code>lcsim run --seed SEED --set "
                f"NAME=VALUE ...</code>, giving the seed and parameters in runs.parquet{also}.")
        if not len(self.ok):
            return text
        first = self.ok.sort_values(["point_index", "replication"]).iloc[0]
        return (text + f" The first run ({esc(self.label(first['point']))}, replication "
                f"{int(first['replication'])}): <code class='replay'>"
                f"{esc(replay_command(first, self.config.assumptions))}</code>")

    def _manifest(self) -> str:
        m = self.manifest
        sessions = m.get("sessions", [])
        wall = sum(s.get("wall_seconds", 0) or 0 for s in sessions)
        git = m.get("git", {}) or {}
        rows = [["status", esc(m.get("status", ""))],
                ["config hash", esc(m.get("config_hash", ""))],
                ["design hash (of the settings that decide the runs, not of their results)",
                 esc(m.get("results_hash", ""))],
                ["model fingerprint", esc(m.get("model_fingerprint", ""))],
                ["git commit", esc((git.get("commit") or "n/a")[:12])
                 + (" (uncommitted changes)" if git.get("dirty") else "")],
                ["versions", ", ".join(f"{esc(k)} {esc(v)}" for k, v in
                                       m.get("versions", {}).items())],
                ["sessions", f"{len(sessions)}, {wall:.0f} s of wall time in all"]]
        return ("<h3>Manifest</h3><p><code>manifest.json</code> beside this report records "
                "the resolved config and how every session ran.</p>"
                + table_html(["", ""], rows))

    def _seeds(self) -> str:
        config = self.config
        crn = ("the same seeds at every setting (common random numbers), so settings are "
               "compared run by run" if self.paired else
               "independent seeds at every setting")
        text = (f"<h3>Seeds</h3><p>Root seed {config.root_seed}; per-run seeds from "
                f"<code>numpy.random.SeedSequence({config.root_seed})</code>, with {crn}.")
        if len(self.runs) and self.paired:
            seeds = (self.runs.drop_duplicates("replication").sort_values("replication")
                     [["replication", "seed"]])
            shown = ", ".join(f"{int(r)}: {int(s)}" for r, s in seeds.head(5).itertuples(
                index=False, name=None))
            more = f" ... ({len(seeds)} in all)" if len(seeds) > 5 else ""
            text += f" Seed per replication: {shown}{more}."
        return text + " Every run's seed is in runs.parquet.</p>"

    def _design(self) -> str:
        config = self.config
        parts = ["<h3>Design</h3>"]
        if config.base:
            parts.append("<p>Fixed for every run (on top of the defaults): " + ", ".join(
                f"{esc(plain(k))} <code>{esc(k)} = {value_text(v)}</code>"
                for k, v in config.base.items()) + ".</p>")
        levels = funding_levels(self.study.runs)
        if levels:
            parts.append(f"<p>Funding levels: {esc(levels)}, so a year of follow-up "
                         "funding is a smaller grant than a year of subsidy.</p>")
        parts.append(self._changed_assumptions_table())
        parts.append(self._varied_parameters_table())
        parts.append("<p class='note'>Source: where the parameter's default comes from, "
                     "cited by document number and section (\"003 §2.5\" is section 2.5 of "
                     "document 003); the numbered source documents are listed in docs/ODD.md, "
                     "section \"How sources are cited\".</p>")
        if isinstance(self.design, ScenariosDesign):
            rows = [[esc(s.name), esc(s.description), ", ".join(
                f"{esc(plain(k))} <code>{esc(k)} = {value_text(v)}</code>"
                for k, v in s.params.items()) or "defaults"] for s in self.design.scenarios]
            parts.append(table_html(["scenario", "description", "settings"], rows))
        if isinstance(self.design, SampleDesign):
            parts.append(f"<p>{self.design.method.capitalize()} sample from SALib with "
                         f"{self.design.samples} "
                         f"{'trajectories' if self.design.method == 'morris' else 'samples'}"
                         f" (seed {config.root_seed}); {self._n_points()} settings.</p>")
        f = self.study.framing
        if f.end:
            end_weeks = sorted(set(f.end.values()))
            parts.append("<p>Each run is watched until "
                         + (f"week {end_weeks[0]}" if len(end_weeks) == 1 else
                            f"weeks {end_weeks[0]} to {end_weeks[-1]} "
                            f"({date_text(end_weeks[0])} to {date_text(end_weeks[-1])})")
                         + "; numbers at the end of a run compare "
                         + esc(self._framing_of(self.headline, f.end_framing())) + ".</p>")
        return "".join(parts)

    def _changed_assumptions_table(self) -> str:
        """The assumptions the config changes for every run, with their defaults ('' when
        it changes none)."""
        changed = changed_assumptions(self.config.assumptions)
        if not changed:
            return ""
        rows = [[esc(_assumption_words(name)), f"<code>{esc(name)}</code>",
                 esc(setting_text(value)), esc(setting_text(Assumptions.spec(name).default)),
                 esc(Assumptions.spec(name).unit)] for name, value in changed.items()]
        return ("<p>Assumptions changed for every run (the modeller's constants, "
                "<code>[assumptions]</code> in the config; every other one at its calibrated "
                "default, see <code>lcsim params --assumptions</code>):</p>"
                + table_html(["assumption", "code name", "value", "default", "unit"], rows))

    def _varied_parameters_table(self) -> str:
        """The parameters (and assumptions) the design varies: their values, unit, meaning
        and source."""
        varied: list[str] = []
        if isinstance(self.design, (GridDesign, SampleDesign)):
            varied = list(self.design.factors)
        else:
            for scenario in self.design.scenarios:
                varied += [k for k in scenario.params if k not in varied]
        rows = []
        for name in varied:
            spec = factor_spec(name)
            if isinstance(self.design, GridDesign):
                values = ", ".join(value_text(v) for v in self.design.factors[name])
            elif isinstance(self.design, SampleDesign):
                f = self.design.factors[name]
                values = f"{value_text(f.low)} to {value_text(f.high)} ({f.type})"
            else:
                values = "see scenarios"
            kind = f" ({spec.noun})" if spec.label and is_assumption(name) else ""
            rows.append([esc(plain(name) + kind), f"<code>{esc(name)}</code>", esc(values),
                         esc(spec.unit), esc(spec.doc), esc(spec.source)])
        return table_html([self.factor_noun, "code name", "values", "unit", "meaning",
                           "source"], rows)

def _trend_verdict(row: pd.Series, stopped: bool,
                   later: str = "the longer settings") -> str:
    """A row of the levels-off table in words: clearly below (above) `later` (the longer
    settings, the settings with more bridge-builders), not clear although a later setting
    is, where it levels off, or not clear after that (`stopped`)."""
    if pd.isna(row["difference"]):
        return ""
    side = "below" if row["direction"] > 0 else "above"
    if row["clear"]:
        return f"clearly {side} {later}"
    if row["unsure"]:
        return "not clear, but a later setting still is: where it levels off is not sharp"
    if stopped:
        return "not clear"
    if row.get("open", False):
        return ("not clear, but its range still allows a change as large as the last clear "
                "one: whether it levels off here, more runs would tell")
    return "not clear: it levels off from here"


def setting_text(value: Any) -> str:
    """A parameter or assumption value as `lcsim run --set` reads it, exactly: 4 not 4.0,
    true, 0.353476047 to its last digit, a table as numbers between commas and rows
    between slashes ("0.2, 0.15, 0.3")."""
    if isinstance(value, (list, tuple)):
        rows = value if value and isinstance(value[0], (list, tuple)) else (value,)
        return " / ".join(", ".join(_exact(x) for x in row) for row in rows)
    return _exact(value)


def _exact(value: Any) -> str:
    """One value as text that reads back as the same value (shortest form first)."""
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        value = value.item()
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return value_text(value)


def changed_assumptions(assumptions: dict[str, Any]) -> dict[str, Any]:
    """The assumptions of a study's `[assumptions]` table that differ from the calibrated
    defaults, checked and in their own types (tables as tuples)."""
    if not assumptions:
        return {}
    values = Assumptions.from_dict(assumptions)
    defaults = Assumptions()
    return {n: getattr(values, n) for n in assumptions
            if getattr(values, n) != getattr(defaults, n)}


def _assumption_words(name: str) -> str:
    """An assumption in plain words: its label, or the first sentence of its meaning."""
    spec = Assumptions.spec(name)
    return spec.label or spec.doc.split(". ")[0].split("; ")[0].rstrip(".")


def replay_command(run: pd.Series, assumptions: dict[str, Any]) -> str:
    """The `lcsim run` command that replays one stored run (a row of runs.parquet): its
    seed, every parameter that differs from the default and the assumptions that differ
    from the defaults (the study's `assumptions`, and the number assumptions the row
    stores, such as a design's assumption factors), quoted for a POSIX shell."""
    stored = {c[len(PARAM_PREFIX):]: run[c] for c in run.index if c.startswith(PARAM_PREFIX)
              and c[len(PARAM_PREFIX):] in Params.names() and not _missing(run[c])}
    assumptions = {**assumptions, **_stored_assumptions(run)}
    try:
        params = Params.from_dict(stored).to_dict()
    except ParameterError:
        params = stored
    defaults = Params().to_dict()
    settings = [f"{n}={setting_text(v)}" for n, v in params.items() if v != defaults.get(n)]
    settings += [f"{n}={setting_text(v)}" for n, v in
                 changed_assumptions(assumptions).items()]
    words = ["lcsim", "run", "--seed", str(int(run["seed"]))]
    if settings:
        words += ["--set"] + [s.replace(", ", ",").replace(" / ", "/") for s in settings]
    return shlex.join(words)


def _stored_assumptions(run: pd.Series) -> dict[str, Any]:
    """The number assumptions a row of runs.parquet stores (`assumption_<name>` columns
    of a design's assumption factors, or of the config's `[assumptions]`), by name."""
    found = {}
    for column in run.index:
        name = column[len(ASSUMPTION_PREFIX):]
        if column.startswith(ASSUMPTION_PREFIX) and is_assumption(name) and \
                not isinstance(run[column], str) and not _missing(run[column]):
            found[name] = run[column].item() if hasattr(run[column], "item") else run[column]
    return found


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def effect_text(row: pd.Series) -> str:
    """Vargha-Delaney A with its size word ("0.72 (large)") only when the difference is
    clear (its likely range excludes zero); otherwise the number alone, marked as such."""
    a = number(row["vd_a"])
    if row["ci_low"] > 0 or row["ci_high"] < 0:
        return f"{a} ({row['effect']})"
    return f"{a} (difference not clear)"


def many_comparisons(n: int, clear: int) -> str:
    """A note for a table that compares many settings with one: how many clear
    differences chance alone would give."""
    return (f"{n} settings are compared with the baseline here. Where a setting makes no "
            "difference, its 95% likely range still misses zero 1 time in 20, so about "
            f"{n / 20:.2g} of these {n} could look clear by chance alone; {clear} "
            f"{'does' if clear == 1 else 'do'}. Read a single clear difference among many "
            "with care.")


def compact(x: float) -> str:
    """A number short enough for a cell of a small grid: 24,842 -> "24.8k", 132,277 ->
    "132k"."""
    if math.isnan(x):
        return "n/a"
    if abs(x) >= 100_000:
        return f"{x / 1000:.0f}k"
    if abs(x) >= 1000:
        return f"{x / 1000:.1f}k"
    return number(x)


def _p_text(p: float) -> str:
    """An adjusted p-value at a readable precision, with its relation: "= 0.09", "< 0.001"."""
    return "< 0.001" if p < 0.001 else f"= {p:.3f}" if p < 0.01 else f"= {p:.2f}"


def plain(name: str) -> str:
    """A parameter's plain label (lcsim.Params), or that of an assumption a design
    varies (`ParamWords.label`)."""
    return ParamWords(name).label


# Re-exported for callers that format numbers as the report does.
LIKELY_RANGE = LIKELY


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
