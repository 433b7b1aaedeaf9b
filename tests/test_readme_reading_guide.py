"""The funding study's reading guide in experiments/README.md names only parts the report
has: every *italic* name in "How to read the report" is a heading or phrase the report
writes (no "Findings list", no "value-per-funded-year panel")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reading_guide() -> str:
    readme = (ROOT / "experiments" / "README.md").read_text()
    section = readme[readme.index("### Funding horizon (policymakers)"):
                     readme.index("### Funding horizon at a fixed date")]
    return section[section.index("How to read the report:"):]


def test_the_funding_reading_guide_names_only_parts_the_report_has():
    guide = reading_guide()
    sources = "".join(p.read_text().lower() for p in [
        *(ROOT / "lcsim" / "experiments").glob("report*.py"),
        ROOT / "lcsim" / "experiments" / "answer.py",
        ROOT / "lcsim" / "experiments" / "templates" / "report.html.j2"])
    names = re.findall(r"\*([^*`]+)\*", guide)
    assert "What the subsidy buys" in names and "Findings per outcome" in names
    for name in names:
        assert name.lower() in sources, f"the report has no {name!r}"
    assert "panel answers" not in guide and "value-per-funded-year" not in guide
