"""Documentation stays true to the code."""

import re
from pathlib import Path

from lcsim.assumptions import Assumptions, assumptions_markdown
from lcsim.indicators import SUMMARY_KEYS
from lcsim.params import Params, params_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_odd_parameter_table_matches_params():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    block = re.search(r"<!-- params:start -->\n(.*?)\n<!-- params:end -->", odd, re.S)
    assert block, "docs/ODD.md lacks the generated parameter block"
    assert block.group(1).strip() == params_markdown().strip(), \
        ("the parameter table of docs/ODD.md is out of date: replace the block between "
         "<!-- params:start --> and <!-- params:end --> with the output of "
         "`lcsim params --markdown`")


def test_odd_assumptions_table_matches_assumptions():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    block = re.search(r"<!-- assumptions:start -->\n(.*?)\n<!-- assumptions:end -->", odd, re.S)
    assert block, "docs/ODD.md lacks the generated assumptions block"
    assert block.group(1).strip() == assumptions_markdown().strip(), \
        ("the assumptions table of docs/ODD.md is out of date: replace the block between "
         "<!-- assumptions:start --> and <!-- assumptions:end --> with the output of "
         "`lcsim params --assumptions --markdown` (lcsim.assumptions.assumptions_markdown())")


def test_odd_names_only_assumptions_that_exist():
    """Where the text quotes a constant by a lower-case name in backticks that looks like an
    assumption of a table (a name with an underscore next to its default), it must exist."""
    odd = (ROOT / "docs" / "ODD.md").read_text()
    text = re.sub(r"<!-- (params|assumptions):start -->.*?<!-- \1:end -->", "", odd,
                  flags=re.S)
    quoted = set(re.findall(r"`([a-z]+(?:_[a-z]+)+)` = ", text))
    known = set(Assumptions.names()) | set(Params.names())
    assert quoted <= known, f"docs/ODD.md quotes unknown constants: {sorted(quoted - known)}"


def test_odd_defines_every_summary_output():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    missing = [key for key in SUMMARY_KEYS if f"`{key}`" not in odd]
    assert not missing, f"docs/ODD.md does not define: {missing}"


def test_every_parameter_cites_a_source_and_explains_itself():
    for spec in Params.specs():
        assert spec.source.strip() and spec.doc.strip() and spec.unit.strip(), spec.name
