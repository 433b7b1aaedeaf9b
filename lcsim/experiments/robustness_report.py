"""robustness.html: 'How robust is this?' in plain words, then the evidence.

Its own page beside a study's report.html (which report.py writes). First, in plain words:
how the setting of this check differs from the study it checks (or from the model's
defaults) and what that means for reading it; then one paragraph per finding: under how
many plausible sets of assumptions it holds clearly, shows no clear difference, or is
clearly reversed, whether the spread between sets is mostly chance, and which assumption
it is most associated with (only when that is clear and stable); and a chart of each
finding's effect per set. Below, for researchers: the terms in one line each, the
tables, the pattern filter and scenario discovery. `robustness_section(analysis)` gives
the plain part as an HTML fragment, for a report that wants to include it.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lcsim import outputs
from lcsim.assumptions import Assumptions
from lcsim.experiments.answer import ParamWords, plain_value, signed
from lcsim.experiments.design import assumption_factors
from lcsim.experiments.stats import SIGNIFICANCE
from lcsim.experiments.verdicts import HOLDS, MOSTLY_NOISE, REVERSED, UNCLEAR
from lcsim.params import ParameterError

if TYPE_CHECKING:
    from lcsim.experiments.robustness import RobustnessResults

PAGE = "robustness.html"
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#222}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem;
display:block;overflow-x:auto}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
.answer{background:#f3f7fb;border-left:4px solid #2b6cb0;padding:.6rem 1rem}
.setting{background:#fff8e6;border-left:4px solid #c05621;padding:.6rem 1rem}
img{max-width:100%}.note{color:#555;font-size:.9rem}dt{font-weight:600}
dd{margin:0 0 .4rem 1rem}"""
VERDICT_COLOURS = {HOLDS: "#2b6cb0", UNCLEAR: "#9a9a9a", REVERSED: "#c53030"}
DEFAULT_WORDS = {HOLDS: "it holds clearly", UNCLEAR: "no clear difference",
                 REVERSED: "it is clearly reversed"}
TERMS = {  # one line each, for the researchers' part
    "paired difference": "the same random start (seed) is run on both sides of a "
    "comparison, so a difference comes from the setting, not from the luck of the draw.",
    "95% interval (95% CI)": "the range of values that fits the runs; computed this way, "
    "it holds the true value in 95 of 100 repeats of the study.",
    "Wilson interval": "a 95% interval for a share (here: of sets), sound also near 0% "
    "and 100%.",
    "noise share": "how much of the spread of an effect between sets chance alone (too "
    "few runs per set) would give; 50% or more: the spread is mostly noise.",
    "rank correlation (Spearman's rho)": "from -1 to +1: how consistently the effect "
    "rises (+) or falls (-) as an assumption's value rises.",
    "p (unadjusted p)": "how often a correlation at least this strong would turn up by "
    "chance if the assumption did not matter, for one assumption on its own.",
    "Holm-adjusted p": "p corrected for testing many assumptions at once (Holm's method); "
    "below 0.05 counts as clear.",
    "split-half check": "the correlation computed again on two halves of the sets (odd "
    "and even set numbers); a real link stands out in both halves, a chance one rarely "
    "does.",
    "Latin hypercube": "a way of drawing the sets so that each assumption's range is "
    "covered evenly.",
}
PATTERN_TERMS = {"KS test (Kolmogorov-Smirnov)": "tests whether the accepted and the "
                 "turned-away sets lie differently in an assumption's range."}
DISCOVERY_TERMS = {"PRIM (scenario discovery)": "an algorithm that looks for a simple box "
                   "of settings and assumptions inside which an outcome is mostly "
                   "reached; density: the share of cases inside the box that reach it; "
                   "coverage: the share of all cases that reach it that lie inside the "
                   "box."}


def _e(value: object) -> str:
    return html.escape(str(value))


def _pct(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{100 * value:.0f}%"


def _percent(outcome: str) -> bool:
    """True for an outcome shown in percent (a share or yes/no): its differences are
    percentage points."""
    return outputs.describe(outcome).percent


def _outcome_words(name: str) -> str:
    """An outcome's plain label with its unit ("realized value (model value units)"), or
    the name with spaces for one lcsim does not know."""
    meta = outputs.describe(name)
    return f"{meta.label} ({meta.unit})" if meta.unit else meta.label


def assumption_words(name: str) -> str:
    """An assumption in plain words with its name after it, for a reader who does not
    know it: "'a community with fewer active members dissolves' (min_members)"; the name
    alone when it is not an assumption."""
    try:
        meaning = Assumptions.spec(name).doc.strip().rstrip(".")
    except ParameterError:
        return name
    return f"'{meaning[:1].lower()}{meaning[1:]}' ({name})" if meaning else name


# --------------------------------------------------------------------------- the setting
def setting_note(analysis: RobustnessResults) -> str:
    """In plain words: how the setting of this check differs from the study it checks
    (or, when the config names none, from the model's defaults), and what that means for
    reading it; always how many runs each set gets."""
    config = analysis.results.config
    checked = analysis.checked
    reps = config.replications
    runs = (f"Each setting is run {reps} time{'' if reps == 1 else 's'} under each set of "
            "assumptions.")
    differences = analysis.differences
    there = f"the study it checks ({checked['name']})" if checked else \
        "the model's defaults (which most studies keep)"
    left_out = design_assumption_note(config)
    if not differences:
        return (f"This check runs the same setting as {there}. {runs}" if checked else
                f"This check keeps the model's default setting. {runs}") + left_out
    said = [_difference_words(d, bool(checked)) for d in differences]
    text = (f"Read this first: this check does not run the same setting as {there}. "
            if checked else "Read this first: the setting of this check differs from the "
            "model's defaults, which most studies keep (its config does not name the study "
            "it checks). ") + " ".join(said)
    if not any(d["kind"] == "replications" for d in differences):
        text += " " + runs
    text += (" So a finding here is about this setting: where this page and the study's "
             "own report disagree, the difference in setting can be the reason, not the "
             "assumptions.")
    return text + "".join(_meaning_of(d, bool(checked)) for d in differences) + left_out


def design_assumption_note(config: Any) -> str:
    """" <assumption> is varied by the study's design, so it was left out of the ensemble:
    ..." for the assumptions the design varies as factors ("" when it varies none)."""
    names = assumption_factors(config)
    if not names:
        return ""
    said = " and ".join(", ".join(assumption_words(n) for n in names).rsplit(", ", 1))
    one = len(names) == 1
    return (f" {said} {'is' if one else 'are'} varied by the study's design, so "
            f"{'it was' if one else 'they were'} left out of the ensemble: every set of "
            f"assumptions keeps the design's values of {'it' if one else 'them'}, and this "
            "page does not test robustness to "
            f"{'it' if one else 'them'}.")


def _difference_words(row: dict[str, Any], checked: bool) -> str:
    """One difference of setting as a sentence."""
    name, here, there = row["name"], row["here"], row["there"]
    other = "in the study it checks" if checked else "by default"
    if row["kind"] == "replications":
        return (f"Each setting is run {here[0]} times under each set of assumptions; the "
                f"study it checks runs each setting {there[0]} times.")
    if row["kind"] == "assumption":
        return (f"It fixes the assumption {assumption_words(name)} at "
                f"{plain_value(here[0])}; {other}: {plain_value(there[0])}.")
    words = ParamWords(name)
    return f"Here: {words.levels(here)}; {other}: {words.levels(there)}."


def _meaning_of(row: dict[str, Any], checked: bool) -> str:
    """What a difference of setting means for reading the page, where lcsim knows."""
    if row["name"] == "weeks_after_funding":
        return (" A community counts as still active when it has not stopped by the end "
                "of the watch after funding; with a different watch, communities that stop "
                "earlier or later count differently, so differences in survival (and in "
                "what builds up over time) can come out smaller or larger than "
                + ("in the study it checks." if checked else "with the default watch."))
    if row["kind"] == "replications" and row["here"][0] < row["there"][0]:
        return (" With fewer runs per set, each set's verdict is less certain, and more "
                "sets show 'no clear difference'.")
    return ""


# --------------------------------------------------------------------------- the answer
def _hinges_on(sensitivity: pd.DataFrame, sets: int = 0, replications: int = 0) -> str:
    """Which assumption a finding is most associated with, in words: named only when the
    correlation holds once every assumption tested is allowed for (Holm) and in both
    halves of the sets (`stable`); always with the caveat that it can be chance."""
    if not len(sensitivity):
        return ""
    stable = sensitivity.get("stable", False)
    strong = sensitivity[(sensitivity["p_adjusted"] < SIGNIFICANCE) & stable]
    size = (f" with {sets} sets and {replications} runs per set" if sets and replications
            else "")
    if len(strong):
        top = strong.iloc[0]
        way = "larger" if top["rho"] > 0 else "smaller"
        return (f" How large the effect is, is most associated with "
                f"{assumption_words(top['assumption'])}: the higher that is assumed, the "
                f"{way} the effect. The link is too strong to come only from looking at "
                f"{len(sensitivity)} assumptions at once, and it shows in both halves of "
                f"the sets (the appendix says how this is checked), but{size} it can still "
                "be chance.")
    return (f" No assumption is clearly and stably linked to how large the effect is"
            f"{size} ({len(sensitivity)} assumptions tested at once); the table of "
            "correlations below is for researchers and may show chance.")


def _verdict_counts(row: pd.Series, prefix: str = "all") -> str:
    """'holds clearly under 2, no clear difference under 28 (14 exactly equal on
    average), clearly reversed under 0'."""
    zero = int(row.get(f"{prefix}_zero", 0))
    equal = f" ({zero} of them exactly equal on average)" if zero else ""
    return (f"it holds clearly under {int(row[f'{prefix}_clear'])}, shows no clear "
            f"difference under {int(row[f'{prefix}_unclear'])}{equal}, and is clearly "
            f"reversed under {int(row[f'{prefix}_reversed'])}")


def finding_sentences(analysis: RobustnessResults) -> list[str]:
    """Per finding, in plain words: its three outcomes over the sampled sets (holds
    clearly, no clear difference, clearly reversed), under the defaults, whether the
    spread between sets is mostly chance, and what it is most associated with."""
    lines = []
    sens = analysis.sensitivity
    for _, row in analysis.summary.iterrows():
        n = int(row["all_sets"])
        if not n:
            continue
        reps = int(row["replications"])
        text = (f"“{row['name']}”: of {n} plausible sets of the model's assumptions, "
                f"{_verdict_counts(row)}.")
        if row.get("accepted_sets", 0):
            text += (f" Among the {int(row['accepted_sets'])} sets that pass the pattern "
                     f"filter (no known pattern contradicted), "
                     f"{_verdict_counts(row, 'accepted')}.")
        if row.get("default_verdict"):
            text += (f" Under the shipped defaults: {DEFAULT_WORDS[row['default_verdict']]}"
                     f" ({_difference(row['default_effect'], row['outcome'])}).")
        if row.get("noise_share", math.nan) >= MOSTLY_NOISE:
            text += (f" With {reps} run{'' if reps == 1 else 's'} per set, most of the "
                     "spread between sets is chance, so a single set's verdict says little "
                     "and 'no clear difference' often means 'too few runs to tell'.")
        mine = sens[sens["finding"] == row["finding"]] if len(sens) else sens
        text += _hinges_on(mine, n, reps)
        flips = mine[mine["flips"]]["assumption"].tolist() if len(mine) else []
        if flips:
            text += (" It flips across the range of: "
                     + "; ".join(assumption_words(a) for a in flips[:3]) + ".")
        lines.append(text)
    return lines


def _difference(value: float, outcome: str) -> str:
    """A difference of an outcome in words: "+10 points" for a share, else with its
    unit ("+6.0 model value units")."""
    meta = outputs.describe(outcome)
    if meta.percent:
        return signed(value, True)
    return f"{signed(value)} {meta.unit}".strip()


def answer_sentences(analysis: RobustnessResults) -> list[str]:
    """The plain-language answer: how the setting differs from the study checked, then
    per finding its outcomes over the sets (`finding_sentences`)."""
    return [setting_note(analysis), *finding_sentences(analysis)]


def effect_chart(analysis: RobustnessResults) -> str:
    """A PNG (data URI) of `effect_figure`; empty when there is nothing to draw."""
    if not len(analysis.findings):
        return ""
    import matplotlib.pyplot as plt

    fig = effect_figure(analysis)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def axis_words(outcome: str) -> tuple[float, str]:
    """How a finding's effect on `outcome` is drawn: the factor its differences are
    multiplied by (100 for a share: percentage points) and the axis label."""
    if _percent(outcome):
        return 100.0, f"difference in {outputs.describe(outcome).label}, percentage points"
    return 1.0, f"difference in {_outcome_words(outcome)}"


def effect_figure(analysis: RobustnessResults) -> Any:
    """A matplotlib figure of each finding's effect per sampled set (percentage points
    for a share), coloured by the set's verdict, the defaults marked, the legend below
    the charts where it hides no dot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    effects = analysis.findings
    names = list(dict.fromkeys(effects["name"]))
    fig, axes = plt.subplots(len(names), 1, figsize=(8, 1.0 + 1.25 * len(names)),
                             squeeze=False)
    accepted = set(analysis.sets.loc[analysis.sets.get(
        "accepted", pd.Series(False, index=analysis.sets.index)).astype(bool),
        "assumption_set"])
    for ax, name in zip(axes[:, 0], names, strict=True):
        mine = effects[effects["name"] == name]
        scale, label = axis_words(mine["outcome"].iloc[0])
        sampled = mine[mine["assumption_set"] != 0]
        x = sampled["effect"].to_numpy(dtype=float) * scale
        y = ((sampled["assumption_set"].to_numpy() * 0.618034) % 1 - 0.5) * 0.7
        for verdict, colour in VERDICT_COLOURS.items():
            mask = (sampled["verdict"] == verdict).to_numpy()
            ax.scatter(x[mask], y[mask], s=16, alpha=0.85, color=colour, edgecolors="none")
        ok = sampled["assumption_set"].isin(accepted).to_numpy()
        if ok.any():
            ax.scatter(x[ok], y[ok], s=30, facecolors="none", edgecolors="black",
                       linewidths=0.8)
        default = mine[mine["assumption_set"] == 0]["effect"]
        if len(default):
            ax.axvline(float(default.iloc[0]) * scale, color="#c05621", lw=2)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_ylim(-0.5, 0.5)
        ax.set_yticks([])
        ax.set_title(name, fontsize=9, loc="left")
        ax.set_xlabel(label, fontsize=8)
    handles = [Line2D([], [], ls="", marker="o", color=c, label=f"set: {v}")
               for v, c in VERDICT_COLOURS.items()]
    handles.append(Line2D([], [], color="#c05621", lw=2, label="shipped defaults"))
    if accepted:
        handles.append(Line2D([], [], ls="", marker="o", color="white",
                              markeredgecolor="black", label="passes the pattern filter"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=7,
               frameon=False)
    fig.tight_layout(rect=(0, 0.35 / fig.get_figheight(), 1, 1))
    return fig


def robustness_section(analysis: RobustnessResults) -> str:
    """'How robust is this?': how the setting differs, the answer and the chart, as an
    HTML fragment in plain words."""
    items = "".join(f"<p>{_e(s)}</p>" for s in finding_sentences(analysis)) or (
        "<p>No finding could be judged: the study has no comparison (one design point and "
        "no [[findings]])" + (", so this page is about the pattern filter below"
                              if analysis.patterns is not None else "")
        + ", or none of its runs finished.</p>")
    chart = effect_chart(analysis)
    left = left_out_note(analysis)
    image = (f'<figure><img alt="effect of each finding under each set of assumptions" '
             f'src="{chart}"><figcaption class="note">Each dot is one sampled set of '
             "assumptions (dots are spread up and down only so that equal ones stay "
             "visible). Right of the black line the first side of the comparison is "
             "higher. Blue: the finding holds clearly under that set; grey: no clear "
             "difference; red: clearly reversed. The orange line is the shipped defaults."
             "</figcaption></figure>" if chart else "")
    return (f'<section><h2>How robust is this?</h2><div class="setting"><p>'
            f'{_e(setting_note(analysis))}</p></div><p class="note">A finding holds '
            "clearly under a set of assumptions when its runs show a difference in the "
            "stated direction that is larger than chance; it is clearly reversed when they "
            "show a difference the other way that is larger than chance; anything between "
            f'is "no clear difference".</p><div class="answer">{items}</div>'
            + (f'<p class="note">{_e(left)}</p>' if left else "") + f"{image}</section>")


def left_out_note(analysis: RobustnessResults) -> str:
    """Which outcomes got no automatic finding because a dissolved community keeps their
    last value (trust), as `lcsim experiment`'s answer leaves them out ("" if none)."""
    if not analysis.left_out:
        return ""
    region = analysis.results.config.uses_regions()
    names = ", ".join(outputs.describe(o, region=region).label for o in analysis.left_out)
    return (f"No automatic finding on {names}: a community that dissolves keeps its last "
            "value of this, so where communities dissolve (or survival was not kept) it "
            "does not compare like for like; the study's own answer leaves it out too.")


def _cell(value: Any) -> str:
    """A table cell as a reader says it: yes/no, not True/False; three digits."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else f"{value:.3g}"
    return "" if value is None else str(value)


def _table(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    head = "".join(f"<th>{_e(label)}</th>" for label in columns.values())
    body = ["<tr>" + "".join(f"<td>{_e(_cell(row.get(c)))}</td>" for c in columns)
            + "</tr>" for _, row in frame.iterrows()]
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def write_robustness_report(analysis: RobustnessResults) -> Path:
    """Write robustness.html into the results folder and return its path: the plain
    part first (`robustness_section`), then, for researchers, the terms and the
    evidence."""
    config = analysis.results.config
    parts = [f"<h1>{_e(config.name)}: how robust is the answer?</h1>",
             f"<p>{_e(config.question)}</p>", robustness_section(analysis),
             "<h2>For researchers: the evidence</h2>", _terms_part(analysis)]
    parts += _findings_part(analysis.summary)
    sets = analysis.sets
    sampled = sets[~sets["is_default"]]
    if analysis.patterns is not None:
        parts += _pattern_filter_part(analysis, sampled)
    if analysis.discovery:
        parts += _discovery_part(analysis.discovery)
    if len(analysis.sensitivity):
        parts += _dependence_part(analysis.sensitivity)
    parts.append(_how_made(analysis, sampled))
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{_e(config.name)} robustness</title><style>{STYLE}</style></head><body>"
            + "".join(parts) + "</body></html>")
    path = analysis.results.directory / PAGE
    path.write_text(page)
    return path


def _terms_part(analysis: RobustnessResults) -> str:
    """The statistical terms of the sections below, one line each."""
    terms = dict(TERMS)
    if analysis.patterns is not None:
        terms.update(PATTERN_TERMS)
    if analysis.discovery:
        terms.update(DISCOVERY_TERMS)
    items = "".join(f"<dt>{_e(t)}</dt><dd>{_e(d)}</dd>" for t, d in terms.items())
    return f"<p>The terms used below, in one line each:</p><dl class='note'>{items}</dl>"


def _findings_part(summary: pd.DataFrame) -> list[str]:
    """The table of findings: the three outcomes over all sets and the accepted ones,
    the share pointing the stated way, noise and the defaults."""
    if not len(summary):
        return []

    def counts(row: pd.Series, prefix: str) -> str:
        if not row.get(f"{prefix}_sets", 0):
            return "not scored"
        return (f"{int(row[f'{prefix}_clear'])} / {int(row[f'{prefix}_unclear'])} / "
                f"{int(row[f'{prefix}_reversed'])} of {int(row[f'{prefix}_sets'])}")

    table = summary.assign(
        all=[counts(r, "all") for _, r in summary.iterrows()],
        acc=[counts(r, "accepted") for _, r in summary.iterrows()],
        way=[f"{int(k)}/{int(n)} ({_pct(s)}; 95% CI {_pct(lo)}–{_pct(hi)})" for k, n, s, lo, hi
             in zip(summary.all_holds, summary.all_sets, summary.all_share,
                    summary.all_low, summary.all_high, strict=True)],
        noise=[_pct(x) if not x > 1 else "100% or more" for x in summary.noise_share],
        default=[f"{r['default_verdict']} ({_difference(r['default_effect'], r['outcome'])})"
                 for _, r in summary.iterrows()])
    columns = {"name": "finding",
               "all": "clearly holds / no clear difference / clearly reversed: all "
                      "sampled sets",
               "acc": "the same: sets that pass the pattern filter",
               "way": "mean points the stated way (95% CI)",
               "all_zero": "sets with a mean difference of exactly 0",
               "replications": "runs per set", "noise": "noise share",
               "default": "under the defaults"}
    if not summary["accepted_sets"].any():
        del columns["acc"]
    return ["<h2>Findings over all sets and over the accepted ensemble</h2>",
            "<p>Per finding: in how many sampled sets it holds clearly / shows no clear "
            "difference / is clearly reversed (the 95% interval of the paired difference "
            "over a set's runs lies wholly on the stated side of 0, includes 0, or lies "
            "wholly on the other side); in how many the mean difference merely points the "
            "stated way, with a Wilson interval for that share; and the noise share. "
            "Differences of a share are in percentage points.</p>",
            _table(table, columns)]


def _pattern_filter_part(analysis: RobustnessResults, sampled: pd.DataFrame) -> list[str]:
    """The pattern filter: how many sets pass, each pattern's pass rate, what it pins."""
    sets = analysis.sets
    rate = sampled["accepted"].mean() if len(sampled) else math.nan
    default_ok = bool(sets.loc[sets["is_default"], "accepted"].iloc[0])
    parts = ["<h2>The pattern filter</h2>"]
    parts.append(
        f"<p>{int(sampled['accepted'].sum())} of {len(sampled)} sampled sets "
        f"({_pct(rate)}) "
        + ("are not contradicted by any of" if analysis.spec.pattern_rule ==
           "not_contradicted" else "reproduce all of")
        + " the eight patterns of MODEL_BRIEF §5 and the timescales and shares the "
        f"sources report (group 9) ({analysis.spec.pattern_replications} replications per "
        f"scenario, intervals at {analysis.spec.pattern_confidence:.0%}; "
        + ("a set is turned away only where an interval lies wholly against a pattern, so "
           "with few replications a set can pass without showing every pattern clearly"
           if analysis.spec.pattern_rule == "not_contradicted" else
           "a set is kept only where every interval lies wholly on the pattern's side")
        + "). The shipped defaults "
        f"{'pass' if default_ok else 'do not pass'} the filter. The accepted sets are in "
        "accepted_assumptions.parquet; `lcsim robustness CONFIG --assumptions-ensemble "
        "FILE` runs any study over them.</p>")
    p = analysis.patterns
    rates = p[p["assumption_set"] != 0].groupby(["pattern", "statistic"], sort=False)[
        "holds"].mean().reset_index()
    parts.append(_table(rates, {"pattern": "pattern", "statistic": "statistic",
                                "holds": "share of sets where it holds"}))
    if analysis.constraints is not None and len(analysis.constraints):
        parts += _constraints_part(analysis.constraints)
    return parts


def _constraints_part(c: pd.DataFrame) -> list[str]:
    """Which assumptions the patterns pin down, and where the accepted sets lie."""
    pinned = c[c["pinned"]]["assumption"].tolist()
    if pinned:
        text = (f"The patterns pin down: {_e(', '.join(pinned))} (the accepted sets differ "
                "from the turned-away ones, Holm-adjusted KS p below 0.05). Others are left "
                "free.")
    elif c["p"].notna().any():
        lean = c.iloc[0]
        side = "high" if lean["median_position"] > 0.5 else "low"
        text = (f"No assumption is clearly pinned down by the patterns at this sample size "
                f"once {int(c['p'].notna().sum())} assumptions are tested at once "
                f"(Holm-adjusted KS p below 0.05). The strongest lean: "
                f"{_e(assumption_words(lean['assumption']))}, where accepted sets lie "
                f"{side} in the range (unadjusted p {lean['p']:.2g}). More sets would tell.")
    else:
        text = ("Nothing to compare: the patterns turned away fewer than two sets (or "
                "accepted fewer than two), so every assumption is left free.")
    return ["<p>" + text + "</p>",
            _table(c.head(15), {
                "assumption": "assumption", "low": "sampled from", "high": "to",
                "default": "default", "median_position": "accepted median (share of range)",
                "spread": "accepted 10–90% spread (share of range)",
                "p": "KS p, accepted vs turned away", "p_adjusted": "Holm-adjusted p",
                "pinned": "pinned"})]


def box_words(limit: dict[str, Any]) -> str:
    """One side of a PRIM box in words: a lever by its settings inside the box ("3 years
    of external funding", "initial stereotyping (level) from 0.25 to 0.8"), an assumption
    by its name and meaning with its values or range."""
    name, values = limit["name"], limit.get("values")
    if limit.get("kind") == "lever":
        words = ParamWords(name)
        if values:
            return " or ".join(words.setting(v) for v in values)
        return f"{words.axis_label()} from {limit['low']:.3g} to {limit['high']:.3g}"
    unit = _assumption_unit(name)
    if values:
        said = list(dict.fromkeys(_three_digits(v) for v in values))
        listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} or {said[-1]}"
        return f"{assumption_words(name)} {listed}{unit}"
    return (f"{assumption_words(name)} from {limit['low']:.3g} to "
            f"{limit['high']:.3g}{unit}")


def _three_digits(value: Any) -> str:
    """A value of a box side as a reader needs it: 3 significant digits for a fraction
    (0.0491599 -> 0.0492), whole numbers and words as they are."""
    if isinstance(value, float | np.floating) and not float(value).is_integer():
        return f"{float(value):.3g}"
    return plain_value(value)


def _assumption_unit(name: str) -> str:
    """" (unit: level (sd))" of an assumption, "" when it has none or is unknown."""
    try:
        unit = Assumptions.spec(name).unit
    except ParameterError:
        return ""
    return f" (unit: {unit})" if unit else ""


PRIM_MIN_SETS = 20  # fewer sampled sets: a box on assumptions is mostly chance


def prim_caution(d: dict[str, Any]) -> str:
    """A warning when the box PRIM found rests on too few sampled sets to mean much
    ("" otherwise). Rule: an assumption takes one value per set, so with fewer than
    `PRIM_MIN_SETS` sets a box on assumptions is cut between a handful of values, and
    among the many assumptions sampled one nearly always splits so few cases by chance."""
    sets = d.get("sets")
    if not d.get("limits") or sets is None or sets >= PRIM_MIN_SETS or not any(
            x.get("kind") != "lever" for x in d["limits"]):
        return ""
    return (f"Caution: this box rests on only {sets} sampled set{'' if sets == 1 else 's'} "
            f"of assumptions (fewer than {PRIM_MIN_SETS}). Each assumption takes one value "
            "per set, so with this few sets one of the many assumptions sampled nearly "
            "always splits the cases by chance; treat the box as a lead to test with more "
            "sets, not as a finding.")


def _discovery_part(d: dict[str, Any]) -> list[str]:
    """Scenario discovery in words: the box PRIM found, or why there is none."""
    side = "at least" if d["above"] else "at most"
    outcome = outputs.describe(d["outcome"]).label
    parts = ["<h2>Scenario discovery (PRIM)</h2>"]
    if d["limits"]:
        box = "; ".join(box_words(x) for x in d["limits"])
        parts.append(f"<p>Of {d['cases']} cases (set × design point), {d['of_interest']} "
                     f"have {_e(outcome)} {side} {d['threshold']:g}. Where {_e(box)}, "
                     f"{_pct(d['density'])} of cases do (density), and this box holds "
                     f"{_pct(d['coverage'])} of all such cases (coverage).</p>")
        caution = prim_caution(d)
        if caution:
            parts.append(f'<p class="note">{_e(caution)}</p>')
    else:
        parts.append(f"<p>{d['of_interest']} of {d['cases']} cases have "
                     f"{_e(outcome)} {side} {d['threshold']:g}: no box to find.</p>")
    return parts


def _dependence_part(sensitivity: pd.DataFrame) -> list[str]:
    """The assumptions each finding's effect correlates with most (five per finding),
    with the split-half check."""
    top = sensitivity.groupby("finding").head(5)
    top = top.assign(assumption=top["assumption"].map(assumption_words))
    return ["<h2>What each finding's effect is associated with</h2>",
            "<p>Per finding, the five assumptions whose values correlate most with its "
            "effect over the sampled sets. With many assumptions and few sets some "
            "correlate by chance, and with few runs per set the effect itself is noisy. "
            "A correlation is named in the answer above only when it is a lead: its "
            "Holm-adjusted p is below 0.05 and it is stable in the split-half check (in "
            "both halves the same sign, at least half the size, and among the strongest "
            "5% (at least the top 3) of the assumptions tested). 'Holds, lowest third' "
            "and 'highest third': the share of sets whose mean difference points the "
            "stated way with the assumption in the lowest or highest third of its sampled "
            "values; 'flips': a lead whose two shares differ by at least 50 points.</p>",
            _table(top, {"name": "finding", "assumption": "assumption (its name)",
                         "rho": "rank correlation with the effect", "p": "p (unadjusted)",
                         "p_adjusted": "Holm-adjusted p",
                         "rho_half_1": "rank correlation, odd sets",
                         "rho_half_2": "rank correlation, even sets",
                         "stable": "stable (split-half)", "lead": "lead",
                         "share_low": "holds, lowest third",
                         "share_high": "holds, highest third", "flips": "flips"})]


def _how_made(analysis: RobustnessResults, sampled: pd.DataFrame) -> str:
    """How the ensemble was drawn and run, and the files that hold it."""
    config = analysis.results.config
    source = (analysis.results.manifest.get("robustness") or {}).get("ensemble_file")
    drawn = f"from {_e(source)}" if source else "a Latin hypercube over the sampled ranges"
    reps = config.replications
    checked = analysis.checked
    versus = (f" It checks the study {_e(checked['name'])} ({_e(checked['path'])}; "
              f"{checked['replications']} replications per design point)." if checked else
              " The config names no study it checks (`checks` under [robustness]), so its "
              "setting is compared with the model's defaults.")
    files = ["runs.parquet (assumption_* columns; the set is the a-number of run_id)",
             "assumption_sets.parquet", "findings.parquet"]
    if analysis.patterns is not None:
        files += ["patterns.parquet", "accepted_assumptions.parquet"]
    return (
        f"<h2>How this was made</h2><p class='note'>{len(sampled)} sampled assumption sets "
        f"({drawn}) and set 0, the shipped defaults; {reps} replication"
        f"{'' if reps == 1 else 's'} per design point with the same seeds under every set. "
        "A finding holds under a set when its mean paired difference over the replications "
        "points the stated way; it holds clearly when the 95% interval of that mean lies "
        "wholly on the stated side of 0 (for a yes/no outcome Newcombe's interval of the "
        "difference of shares, as in report.html; a numeric difference that is the same "
        "in every replication has a zero-width interval)." + versus + " Files: "
        + ", ".join(files) + ", manifest.json, "
        "data_dictionary.csv (what every column means).</p>")
