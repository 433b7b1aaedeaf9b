"""Documentation stays true to the code."""

import re
from pathlib import Path

from lcsim.indicators import SUMMARY_KEYS
from lcsim.params import Params, params_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_odd_parameter_table_matches_params():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    block = re.search(r"<!-- params:start -->\n(.*?)\n<!-- params:end -->", odd, re.S)
    assert block, "docs/ODD.md lacks the generated parameter block"
    assert block.group(1).strip() == params_markdown().strip(), \
        "regenerate the block with `lcsim params --markdown`"


def test_odd_defines_every_summary_output():
    odd = (ROOT / "docs" / "ODD.md").read_text()
    missing = [key for key in SUMMARY_KEYS if f"`{key}`" not in odd]
    assert not missing, f"docs/ODD.md does not define: {missing}"


def test_every_parameter_cites_a_source_and_explains_itself():
    for spec in Params.specs():
        assert spec.source.strip() and spec.doc.strip() and spec.unit.strip(), spec.name
