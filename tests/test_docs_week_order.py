"""The weekly order written in the docs is the order `CommunitiesModel.step()` calls.

The order is written out by hand in docs/ODD.md (section 3's numbered steps and the
arrow list of "Update order and vectorisation"), in the docstrings of lcsim/model.py and
lcsim/week/__init__.py, and in the first line ("Step N of the week") of each module of
lcsim/week/. A step added to `step()` and not to these fails here, with what to update;
docs/KSTATE.md, "Adding a submodel", is the checklist.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from pathlib import Path

import lcsim.model
import lcsim.week
from lcsim.model import CommunitiesModel

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "ODD.md"
WEEK = ROOT / "lcsim" / "week"
CHECKLIST = "see docs/KSTATE.md, 'Adding a submodel'"


def step_calls() -> list[tuple[str, str]]:
    """(module, function) of each call of a lcsim/week module in `step()`, in order."""
    week_modules = {path.stem for path in WEEK.glob("*.py")} - {"__init__"}
    tree = ast.parse(textwrap.dedent(inspect.getsource(CommunitiesModel.step)))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
             and node.func.value.id in week_modules]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    return [(node.func.value.id, node.func.attr) for node in calls]


def odd_section(title: str) -> str:
    text = ODD.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def odd_steps() -> list[tuple[int, str, str]]:
    """(number, title, text) of each numbered step of ODD section 3."""
    section = odd_section("3. Process overview and scheduling")
    items = re.findall(r"^(\d+)\. \*\*(.+?)\*\*(.*?)(?=^\d+\. \*\*|^\S|\Z)", section,
                       flags=re.S | re.M)
    return [(int(number), title, body) for number, title, body in items]


def odd_named_calls(steps) -> list[tuple[int, str, str]]:
    """(step number, module, function) of each `week/<module>.py: <function>` in ODD §3."""
    return [(number, module, function) for number, _, body in steps
            for module, function in re.findall(r"`week/(\w+)\.py: (\w+)`", body)]


def arrows(text: str) -> list[str]:
    """The steps of an arrow list 'a -> b -> c' in a text (whitespace-normalised)."""
    step = r"\w+(?: \w+)*"
    match = re.search(rf"({step}(?: -> {step}){{5,}})", " ".join(text.split()))
    assert match, "no arrow list of the weekly order found"
    return [step.strip() for step in match.group(1).split(" -> ")]


def section_3_problems(code: list[tuple[str, str]], steps) -> list[str]:
    """What ODD section 3 (`steps`) gets wrong about the calls `code` of `step()`: a call
    it does not name, calls named out of order, a step it names that is not called."""
    def step_of(module: str, function: str) -> int | None:
        names = (f"`week/{module}.py: {function}`", f"`{module}.{function}`", f"`{function}`")
        return next((number for number, _, body in steps
                     if any(name in body for name in names)), None)
    placed = [(f"{module}.{function}", step_of(module, function)) for module, function in code]
    problems = [f"step() calls {call}, which no numbered step names"
                for call, number in placed if number is None]
    numbers = [number for _, number in placed if number is not None]
    if numbers != sorted(numbers):
        problems.append(f"the numbered steps name step()'s calls out of order: {placed}")
    problems += [f"step {number} names `week/{module}.py: {function}`, which step() does not "
                 "call" for number, module, function in odd_named_calls(steps)
                 if (module, function) not in code]
    return problems


def test_odd_section_3_names_every_call_of_step_in_order():
    steps = odd_steps()
    assert [number for number, _, _ in steps] == list(range(1, len(steps) + 1)), \
        "docs/ODD.md section 3: the steps are not numbered 1, 2, 3, ..."
    problems = section_3_problems(step_calls(), steps)
    assert not problems, f"docs/ODD.md section 3 is out of date: {problems}; {CHECKLIST}"


def test_a_new_or_moved_call_in_step_is_reported():
    steps, code = odd_steps(), step_calls()
    added = code[:3] + [("governance", "elect_leader")] + code[3:]
    assert section_3_problems(added, steps) == [
        "step() calls governance.elect_leader, which no numbered step names"]
    swapped = [code[1], code[0]] + code[2:]
    assert "out of order" in " ".join(section_3_problems(swapped, steps))
    assert "does not call" in " ".join(section_3_problems(code[1:], steps))


def test_arrow_lists_follow_the_numbered_steps():
    titles = [title.lower() for _, title, _ in odd_steps()]
    places = {
        "docs/ODD.md 'Update order and vectorisation'": odd_section(
            "Update order and vectorisation"),
        "the docstring of lcsim/model.py": lcsim.model.__doc__,
    }
    for place, text in places.items():
        listed = arrows(text)
        assert len(listed) == len(titles) and all(
            title.startswith(step) for step, title in zip(listed, titles, strict=True)), (
            f"{place} lists the week as {listed}, but docs/ODD.md section 3 numbers "
            f"{titles}; {CHECKLIST}")


def test_week_package_docstring_lists_the_modules_in_the_order_step_calls_them():
    modules = list(dict.fromkeys(module for module, _ in step_calls()))
    match = re.search(r"in this order: ([\w, ]+)\.", " ".join(lcsim.week.__doc__.split()))
    assert match, "lcsim/week/__init__.py: no 'in this order: ...' in the docstring"
    listed = [name.strip() for name in match.group(1).split(",")]
    assert listed == modules, (
        f"lcsim/week/__init__.py lists {listed}, but CommunitiesModel.step() first calls the "
        f"week modules in the order {modules}; {CHECKLIST}")


def test_each_week_module_says_its_step_number_of_odd_section_3():
    first_step = {}
    for number, module, _ in odd_named_calls(odd_steps()):
        first_step.setdefault(module, number)
    wrong = []
    for path in sorted(WEEK.glob("*.py")):
        if path.stem == "__init__":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        said = re.match(r"Step (\d+) of the week", doc)
        expected = first_step.get(path.stem)
        if expected is None or not said or int(said.group(1)) != expected:
            wrong.append(f"lcsim/week/{path.name}: says "
                         f"{said.group(0) if said else 'no step'!r}, ODD section 3 names it "
                         f"first in step {expected}")
    assert not wrong, f"{wrong}; {CHECKLIST}"
