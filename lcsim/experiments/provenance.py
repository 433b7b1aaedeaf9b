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
import sys
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


def command_line(argv: list[str] | None = None,
                 orig_argv: list[str] | None = None) -> list[str]:
    """The command that started this process, in a form a researcher can type again (the
    report's "Reproduce" line and manifest.json's `command_line`).

    Started as `python -m lcsim ...`, Python puts the path of lcsim/__main__.py in
    sys.argv[0], which cannot be run; this gives the interpreter as it was typed
    (`sys.orig_argv[0]`, e.g. `python` or `.venv/bin/python`) with `-m lcsim`. Started by
    the `lcsim` command, it gives `lcsim` rather than the script's full path. Any other
    start (a Python script, a test) is recorded as it is. Defaults: sys.argv, sys.orig_argv.
    """
    argv = list(sys.argv if argv is None else argv)
    orig_argv = list(getattr(sys, "orig_argv", []) if orig_argv is None else orig_argv)
    if not argv:
        return []
    first = Path(argv[0])
    if first.name == "__main__.py" and first.parent.name == "lcsim":
        interpreter = orig_argv[0] if orig_argv else Path(sys.executable).name
        return [interpreter, "-m", "lcsim", *argv[1:]]
    if first.stem == "lcsim":
        return ["lcsim", *argv[1:]]
    return argv


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
