"""Where results came from: package versions, git commit and a fingerprint of the model code.

The manifest records these so a study can be traced and so that a stored sweep is never
silently resumed with a different model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
from pathlib import Path
from typing import Any

PACKAGES = ("lcsim", "mesa", "numpy", "pandas", "pyarrow", "networkx", "SALib", "scipy",
            "pydantic", "dask", "distributed", "matplotlib")
LCSIM_DIR = Path(__file__).resolve().parents[1]
# Code that decides what a run computes; the experiments layer, CLI and presets do not.
NOT_MODEL = ("experiments", "cli.py", "__main__.py", "scenarios.py")


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
    """Hash of the model's source files: equal fingerprints mean the same model code."""
    digest = hashlib.sha256()
    for path in sorted(LCSIM_DIR.rglob("*.py")):
        relative = path.relative_to(LCSIM_DIR)
        if relative.parts[0] in NOT_MODEL or "__pycache__" in relative.parts:
            continue
        digest.update(str(relative.as_posix()).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
