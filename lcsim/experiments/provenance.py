"""Where results came from: package versions, git commit and a fingerprint of the model code.

The manifest records these so a study can be traced and so that a stored sweep is never
silently resumed with a different model.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import platform
import subprocess
from pathlib import Path
from typing import Any

PACKAGES = ("lcsim", "mesa", "numpy", "pandas", "pyarrow", "networkx", "SALib", "scipy",
            "pydantic", "dask", "distributed", "matplotlib")
LCSIM_DIR = Path(__file__).resolve().parents[1]
MODEL_MODULE = "lcsim.ecosystem"


def versions() -> dict[str, str]:
    """Installed versions of Python, lcsim and the libraries results depend on."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_state() -> dict[str, Any]:
    """Commit of the lcsim checkout and whether it has uncommitted changes (None outside git)."""
    root = LCSIM_DIR.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", "lcsim"], cwd=root,
                                capture_output=True, text=True, timeout=10,
                                check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(status)}


def model_fingerprint() -> str:
    """Hash of the source of `lcsim.model` and every lcsim module it imports, directly or
    not: equal fingerprints mean the same model code. Other modules (CLI, dashboard,
    experiments, benchmarks) do not count."""
    digest = hashlib.sha256()
    for path in model_sources():
        digest.update(path.relative_to(LCSIM_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_sources() -> list[Path]:
    """Source files of the model: the import closure of lcsim.model inside lcsim (read
    statically with ast, so nothing is imported and the answer does not depend on what
    this process happened to import)."""
    seen: set[Path] = set()
    todo = [MODEL_MODULE]
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        package = path.parent / "__init__.py"
        if package != path and package.exists() and package.parent != LCSIM_DIR:
            todo.append(_module_name(package))
        todo += _imported_lcsim_modules(path)
    return sorted(seen)


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "lcsim":
        return None
    base = LCSIM_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    relative = path.relative_to(LCSIM_DIR.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_lcsim_modules(path: Path) -> list[str]:
    """lcsim modules a file imports: `import lcsim.x`, `from lcsim.x import y` (y may be a
    submodule) and relative imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("lcsim")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + (
                    [node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.startswith("lcsim"):
                found.append(base)
                found += [f"{base}.{a.name}" for a in node.names]
    return found
