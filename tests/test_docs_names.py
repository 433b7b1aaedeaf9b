"""Every dotted name the developer docs put in backticks exists in the code.

A name in backticks of the form `Class.method`, `module.function` or `lcsim.x.y` (a
trailing `()` allowed) in docs/*.md or README.md must resolve to a real attribute:

- `lcsim...` by import;
- `Class.attr` where Class is a class defined anywhere in lcsim (`RegionModel._after_week`,
  `Product.number`, `Phase.START`); a dataclass field counts;
- `module.attr` where module is a module of lcsim, lcsim.rules or lcsim.week (`climate.power_play`
  may be `lcsim.rules.climate` or `lcsim.week.climate`);
- `model.x`, `state.x`, `region.x`, `view.x`, `participant.x`, `rng.x`, `np.x`, `mesa.x`
  and the like on a real object of that kind (a small model is built for this).

Other dotted names (a local variable in a formula, a file name such as `outputs.py`) are
not checked. Modules recorded in
docs/PERFORMANCE.md as living on another branch are listed in `NOT_ON_MAIN`.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path

import mesa
import networkx
import numpy as np

import lcsim
from lcsim import LearningCommunityModel, RegionModel

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
DOTTED = re.compile(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?`")
# docs/PERFORMANCE.md, session 9: the numba spike is on the branch `numba-spike`.
NOT_ON_MAIN = ("lcsim.kernels", "numba")
PACKAGES = ("lcsim", "lcsim.rules", "lcsim.week")
FILE_TYPES = {"py", "md", "toml", "csv", "json", "html", "txt", "png", "parquet", "j2"}  # a file


@cache
def lcsim_modules() -> dict[str, object]:
    found = {"lcsim": lcsim}
    for info in pkgutil.walk_packages(lcsim.__path__, "lcsim."):
        if info.name.endswith("__main__"):  # runs the command line when imported
            continue
        found[info.name] = importlib.import_module(info.name)
    return found


@cache
def lcsim_classes() -> dict[str, list[type]]:
    classes: dict[str, list[type]] = {}
    for module in lcsim_modules().values():
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__.startswith("lcsim"):
                classes.setdefault(name, []).append(value)
    return classes


@cache
def objects() -> dict[str, list[object]]:
    """Real objects for the prefixes the docs use for instances."""
    model = LearningCommunityModel(n_participants=8, rng=1)
    model.step()
    region = RegionModel(n_communities=2, n_participants=8, rng=1)
    return {
        "model": [model], "state": [model.state], "region": [region],
        "view": [region.communities[0], model], "participant": [model.participants[0]],
        "rng": [model.rng], "datacollector": [model.datacollector],
        "array": [np.zeros(2)], "ndarray": [np.zeros(2)],
        "org_applied_value": [model.state.org_applied_value],
        "np": [np], "numpy": [np], "mesa": [mesa], "networkx": [networkx],
        "time": [importlib.import_module("time")],
    }


def has_path(owner: object, path: list[str]) -> bool:
    for part in path:
        if dataclasses.is_dataclass(owner) and isinstance(owner, type) \
                and part in {f.name for f in dataclasses.fields(owner)}:
            return True  # a dataclass field (set per instance)
        if isinstance(owner, type) and part in getattr(owner, "__annotations__", {}):
            return True  # an annotated attribute set per instance
        try:
            owner = getattr(owner, part)
        except (AttributeError, ImportError):
            try:
                owner = importlib.import_module(f"{owner.__name__}.{part}")
            except (AttributeError, ImportError):
                return False
    return True


def candidates(head: str) -> list[object] | None:
    """What the first part of a dotted name may stand for; None if it is not checked."""
    found = [lcsim_modules()[f"{package}.{head}"] for package in PACKAGES
             if f"{package}.{head}" in lcsim_modules()]
    found += lcsim_classes().get(head, [])
    found += objects().get(head, [])
    return found or None


def resolves(name: str) -> bool | None:
    """True or False for a checked name, None for one that is not checked."""
    if name.startswith(NOT_ON_MAIN) or name.rpartition(".")[2] in FILE_TYPES:
        return None
    head, *path = name.split(".")
    if head == "lcsim":
        return has_path(lcsim, path)
    owners = candidates(head)
    if owners is None:
        return None
    return any(has_path(owner, path) for owner in owners)


def documented_names() -> list[tuple[str, str]]:
    return [(path.name, name) for path in DOCS
            for name in DOTTED.findall(path.read_text(encoding="utf-8"))]


def test_every_dotted_name_in_the_docs_exists_in_the_code():
    names = documented_names()
    checked = [(doc, name) for doc, name in names if resolves(name) is not None]
    assert len(checked) > 50, "the docs' names were not found"
    missing = sorted({f"{doc}: `{name}`" for doc, name in checked if not resolves(name)})
    assert not missing, ("the docs name code that does not exist (renamed or removed?); "
                         f"correct the docs: {missing}")


def test_a_made_up_name_does_not_resolve():
    assert resolves("RegionModel._after_week")
    assert resolves("climate.power_play") and resolves("membership.climb_ladder")
    assert resolves("model.summary") and resolves("lcsim.state.CommunityState")
    assert resolves("RegionModel._merge_shared_people") is False
    assert resolves("climate.no_such_rule") is False
    assert resolves("lcsim.no_such_module.thing") is False
    assert resolves("k_other.type") is None and resolves("indicators.py") is None
