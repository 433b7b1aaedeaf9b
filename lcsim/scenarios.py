"""Named scenarios from a config file's `[[design.scenarios]]`, e.g. the classroom presets.

Plain TOML reading only; full config validation lives in `lcsim.experiments`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lcsim.params import Params

CONFIGS = Path(__file__).resolve().parents[1] / "configs"
CLASSROOM = CONFIGS / "classroom.toml"


@dataclass(frozen=True)
class Scenario:
    """A named set of parameter overrides with a one-line description."""

    name: str
    description: str
    overrides: dict[str, Any]

    def params(self, base: Params | None = None) -> Params:
        """The scenario's parameters on top of `base` (defaults if None), validated."""
        return (base or Params()).replace(**self.overrides)


def load_scenarios(path: str | Path = CLASSROOM) -> dict[str, Scenario]:
    """Scenarios of a config file, by name, in file order; overrides are validated."""
    path = Path(path)
    with path.open("rb") as handle:
        config = tomllib.load(handle)
    base = config.get("base", {})
    out = {}
    for index, entry in enumerate(config.get("design", {}).get("scenarios", [])):
        overrides = {**base, **entry.get("params", {})}
        Params.from_dict(overrides, where=f"{path}: design.scenarios[{index}].params")
        out[entry["name"]] = Scenario(entry["name"], entry.get("description", ""), overrides)
    return out


def classroom_presets() -> dict[str, Scenario]:
    """The classroom scenarios the dashboard offers as presets."""
    return load_scenarios(CLASSROOM)
