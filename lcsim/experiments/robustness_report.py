"""robustness.html: 'How robust is this?' in plain words, then the evidence.

Its own page beside a study's report.html (which report.py writes): the answer first (one
sentence per finding: under how many plausible sets of assumptions it holds, what it
hinges on), a chart of each finding's effect across the ensemble, then the pattern filter,
scenario discovery and the tables. `robustness_section(analysis)` gives the answer and the
chart as an HTML fragment, for a report that wants to include them.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from lcsim import outputs
from lcsim.assumptions import Assumptions
from lcsim.experiments.answer import ParamWords, plain_value
from lcsim.experiments.stats import SIGNIFICANCE
from lcsim.params import ParameterError

if TYPE_CHECKING:
    from lcsim.experiments.robustness import RobustnessResults

PAGE = "robustness.html"
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#222}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.answer{background:#f3f7fb;border-left:4px solid #2b6cb0;padding:.6rem 1rem}
img{max-width:100%}.note{color:#555;font-size:.9rem}"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _pct(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{100 * value:.0f}%"


def _outcome_words(name: str) -> str:
    """An outcome's plain label with its unit ("realized value (value units)"), or the
    name with spaces for one lcsim does not know."""
    meta = outputs.describe(name)
    return f"{meta.label} ({meta.unit})" if meta.unit else meta.label


def assumption_words(name: str) -> str:
    """An assumption's name with its one-line meaning, for a reader who does not know it:
    "min_meeting ('a week with fewer members present counts as a week without a
    meeting')"; the name alone when it is not an assumption."""
    try:
        meaning = Assumptions.spec(name).doc.strip().rstrip(".")
    except ParameterError:
        return name
    return f"{name} ('{meaning[:1].lower()}{meaning[1:]}')" if meaning else name


def _hinges_on(sensitivity: pd.DataFrame) -> str:
    """What a finding hinges on: the assumption most correlated with its effect, when that
    holds once every assumption tested is allowed for (Holm), or else the strongest lead."""
    if not len(sensitivity):
        return ""
    strong = sensitivity[sensitivity["p_adjusted"] < SIGNIFICANCE]
    if len(strong):
        top = strong.iloc[0]
        way = "larger" if top["rho"] > 0 else "smaller"
        return (f" The result hinges mostly on {assumption_words(top['assumption'])}: the "
                f"higher that is assumed, the {way} the effect (rank correlation "
                f"{top['rho']:+.2f}).")
    lead = sensitivity.sort_values("p").iloc[0]
    if lead["p"] >= SIGNIFICANCE:
        return " No assumption is clearly linked to how large the effect is."
    return (f" No single assumption clearly decides it at this number of sets "
            f"({len(sensitivity)} assumptions tested at once); the strongest lead is "
            f"{assumption_words(lead['assumption'])} (rank correlation {lead['rho']:+.2f}, "
            f"unadjusted p {lead['p']:.2g}).")


def answer_sentences(analysis: RobustnessResults) -> list[str]:
    """The plain-language answer: per finding its share of sets, and what it hinges on."""
    lines = []
    sens = analysis.sensitivity
    for _, row in analysis.summary.iterrows():
        n, k = int(row["all_sets"]), int(row["all_holds"])
        if not n:
            continue
        text = (f"Under {k} of {n} plausible sets of assumptions ({_pct(k / n)}; 95% CI "
                f"{_pct(row['all_low'])}–{_pct(row['all_high'])}), {row['name']}.")
        if row.get("accepted_sets", 0):
            text += (f" Among the {int(row['accepted_sets'])} sets that pass the pattern "
                     f"filter (no known pattern contradicted): {int(row['accepted_holds'])} "
                     f"({_pct(row['accepted_share'])}).")
        text += " It holds under the shipped defaults." if row["holds_under_defaults"] \
            else " It does not hold under the shipped defaults."
        mine = sens[sens["finding"] == row["finding"]] if len(sens) else sens
        text += _hinges_on(mine)
        flips = mine[mine["flips"]]["assumption"].tolist() if len(mine) else []
        if flips:
            text += f" It flips across the range of: {', '.join(flips[:3])}."
        lines.append(text)
    return lines


def effect_chart(analysis: RobustnessResults) -> str:
    """A PNG (data URI) of each finding's effect across the sampled sets, the defaults
    marked; empty when there is nothing to draw."""
    effects = analysis.findings
    if not len(effects):
        return ""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(effects["name"]))
    fig, axes = plt.subplots(len(names), 1, figsize=(8, 1.3 + 1.1 * len(names)),
                             squeeze=False)
    accepted = set(analysis.sets.loc[analysis.sets.get(
        "accepted", pd.Series(False, index=analysis.sets.index)).astype(bool),
        "assumption_set"])
    for ax, name in zip(axes[:, 0], names, strict=True):
        mine = effects[effects["name"] == name]
        sampled = mine[mine["assumption_set"] != 0]
        ok = sampled["assumption_set"].isin(accepted)
        ax.scatter(sampled.loc[~ok, "effect"], [0] * int((~ok).sum()), s=10, alpha=0.4,
                   color="#888", label="all sampled sets")
        if ok.any():
            ax.scatter(sampled.loc[ok, "effect"], [0] * int(ok.sum()), s=14, alpha=0.8,
                       color="#2b6cb0", label="pass the pattern filter")
        default = mine[mine["assumption_set"] == 0]["effect"]
        if len(default):
            ax.axvline(float(default.iloc[0]), color="#c05621", lw=2, label="defaults")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks([])
        ax.set_title(name, fontsize=9, loc="left")
        ax.set_xlabel(f"effect on {_outcome_words(mine['outcome'].iloc[0])} "
                      "(mean paired difference)", fontsize=8)
    axes[0, 0].legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def robustness_section(analysis: RobustnessResults) -> str:
    """'How robust is this?': the answer and the chart, as an HTML fragment."""
    items = "".join(f"<p>{_e(s)}</p>" for s in answer_sentences(analysis)) or (
        "<p>No finding could be judged: the study has no comparison (one design point and "
        "no [[findings]])" + (", so this page is about the pattern filter below"
                              if analysis.patterns is not None else "")
        + ", or none of its runs finished.</p>")
    chart = effect_chart(analysis)
    image = (f'<figure><img alt="effect of each finding across the assumption sets" '
             f'src="{chart}"><figcaption class="note">Each dot is one sampled set of '
             "assumptions; right of the black line the first side of the comparison is "
             "higher. The orange line is the shipped defaults.</figcaption></figure>"
             if chart else "")
    return f'<section><h2>How robust is this?</h2><div class="answer">{items}</div>' \
           f"{image}</section>"


def _table(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    head = "".join(f"<th>{_e(label)}</th>" for label in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, float):
                value = "" if math.isnan(value) else f"{value:.3g}"
            cells.append(f"<td>{_e(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def write_robustness_report(analysis: RobustnessResults) -> Path:
    """Write robustness.html into the results folder and return its path."""
    config = analysis.results.config
    parts = [f"<h1>{_e(config.name)}: how robust is the answer?</h1>",
             f"<p>{_e(config.question)}</p>", robustness_section(analysis)]
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


def _findings_part(summary: pd.DataFrame) -> list[str]:
    """The table of findings over all sets and over the accepted ensemble."""
    if not len(summary):
        return []
    return ["<h2>Findings over all sets and over the accepted ensemble</h2>", _table(
        summary.assign(
            all=[f"{int(k)}/{int(n)} ({_pct(s)}; {_pct(lo)}–{_pct(hi)})" for k, n, s, lo, hi in
                 zip(summary.all_holds, summary.all_sets, summary.all_share, summary.all_low,
                     summary.all_high, strict=True)],
            acc=[f"{int(k)}/{int(n)} ({_pct(s)})" if n else "not scored" for k, n, s in
                 zip(summary.accepted_holds, summary.accepted_sets, summary.accepted_share,
                     strict=True)]),
        {"name": "finding", "all": "holds: all sampled sets (95% CI)",
         "acc": "holds: sets that pass the pattern filter",
         "all_clear": "sets where its 95% CI excludes 0",
         "holds_under_defaults": "holds under the defaults",
         "default_effect": "effect under the defaults"})]


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
    if values:
        return f"{assumption_words(name)} {' or '.join(plain_value(v) for v in values)}"
    return f"{assumption_words(name)} from {limit['low']:.3g} to {limit['high']:.3g}"


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
    else:
        parts.append(f"<p>{d['of_interest']} of {d['cases']} cases have "
                     f"{_e(outcome)} {side} {d['threshold']:g}: no box to find.</p>")
    return parts


def _dependence_part(sensitivity: pd.DataFrame) -> list[str]:
    """The assumptions each finding depends on most (at most five per finding)."""
    top = sensitivity.groupby("finding").head(5)
    top = top.assign(assumption=top["assumption"].map(assumption_words))
    return ["<h2>What each finding depends on</h2>",
            "<p>A lead is only a lead unless its Holm-adjusted p is below 0.05: with many "
            "assumptions, some correlate with an effect by chance.</p>",
            _table(top, {"name": "finding", "assumption": "assumption (what it means)",
                         "rho": "rank correlation with the effect", "p": "p",
                         "p_adjusted": "Holm-adjusted p",
                         "share_low": "holds, lowest third",
                         "share_high": "holds, highest third", "flips": "flips"})]


def _how_made(analysis: RobustnessResults, sampled: pd.DataFrame) -> str:
    """How the ensemble was drawn and run, and the files that hold it."""
    config = analysis.results.config
    source = (analysis.results.manifest.get("robustness") or {}).get("ensemble_file")
    drawn = f"from {_e(source)}" if source else "a Latin hypercube over the sampled ranges"
    reps = config.replications
    files = ["runs.parquet (assumption_* columns; the set is the a-number of run_id)",
             "assumption_sets.parquet", "findings.parquet"]
    if analysis.patterns is not None:
        files += ["patterns.parquet", "accepted_assumptions.parquet"]
    return (
        f"<h2>How this was made</h2><p class='note'>{len(sampled)} sampled assumption sets "
        f"({drawn}) and set 0, the shipped defaults; {reps} replication"
        f"{'' if reps == 1 else 's'} per design point with the same seeds under every set. "
        "A finding holds under a set when its mean paired difference over the replications "
        "points the stated way. Files: " + ", ".join(files) + ", manifest.json, "
        "data_dictionary.csv.</p>")
