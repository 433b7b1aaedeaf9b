"""experiments/README.md calls frozen at dissolution only what the model keeps at its last
value (trust), as the data dictionary does: members taking part drop to 0."""

from __future__ import annotations

import re
from pathlib import Path

from lcsim import outputs

README = Path(__file__).resolve().parents[1] / "experiments" / "README.md"


def test_the_readme_calls_frozen_only_outputs_the_model_freezes():
    text = re.sub(r"\s+", " ", README.read_text())
    sentence = re.search(r"[^.]*\*frozen\*[^.]*\.", text).group(0)
    frozen_part = sentence.split("*frozen*")[0].lower()
    for output in outputs.OUTPUTS.values():
        if output.label.lower() in frozen_part:
            assert output.frozen_when_dissolved, f"{output.label} is not frozen"
    assert "members taking part" not in frozen_part
    assert not outputs.output("active_members").frozen_when_dissolved
