"""Every rule names its source in its own docstring (docs/ODD.md: "Every rule is a small
pure function in `lcsim/rules/*.py` whose docstring names its source").

A source is a seed number (000-004, docs/ODD.md "How sources are cited"), MODEL_BRIEF, a
literature reference by author and year (Allport 1954, Nooteboom et al. 2007, Pettigrew
& Tropp 2006), or the word assumption/assumed where the modeller chose.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "lcsim" / "rules"
SOURCE = re.compile(
    r"\b00[0-4]\b"                                         # a seed
    r"|\bMODEL_BRIEF\b"                                    # the model brief
    r"|\b[A-Z][a-z]+(?: et al\.)?,? (?:19|20)\d\d\b"       # Author 1954, Author et al. 2007
    r"|\bassum(?:ption|ptions|ed)\b")                      # the modeller's choice


def public_rules() -> list[tuple[str, str]]:
    """(module.name, docstring) of every public function and class in lcsim/rules/."""
    found = []
    for path in sorted(RULES.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) \
                    and not node.name.startswith("_"):
                found.append((f"{path.stem}.{node.name}", ast.get_docstring(node) or ""))
    return found


def test_every_public_rule_names_its_source_in_its_own_docstring():
    rules = public_rules()
    assert len(rules) > 50, "the rules were not found"
    silent = [name for name, doc in rules if not SOURCE.search(doc)]
    assert not silent, (
        "these rules do not name a source in their own docstring (a seed number 000-004, "
        "MODEL_BRIEF, an author and year, or 'assumption'; the module docstring does not "
        f"count): {silent}")


def test_source_pattern_tells_a_citation_from_plain_text():
    cited = ["trust (001 condition 5)", "Allport 1954", "Nooteboom et al. 2007",
             "Pettigrew & Tropp 2006", "MODEL_BRIEF §2", "the rate is an assumption",
             "values assumed"]
    plain = ["Move a value towards its target.", "2000 runs of 004x", "Chance in 1954s"]
    assert all(SOURCE.search(text) for text in cited)
    assert not any(SOURCE.search(text) for text in plain)
