"""Shared small fixtures: short runs keep the unit and contract tests fast; a session guard
fails the run if the tests changed a tracked file under docs/ or configs/."""

from __future__ import annotations

import ast
import functools
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lcsim import LearningCommunityModel, Params

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fast_params() -> Params:
    """One funded year and a ten-week observation window: a 62-week run."""
    return Params(funding_years=1.0, weeks_after_funding=10)


@pytest.fixture(scope="session")
def finished_model() -> LearningCommunityModel:
    """A short run that has ended (seed 1); tests must only read it, never step or change it."""
    return LearningCommunityModel(Params(funding_years=1.0, weeks_after_funding=10), rng=1).run()


# ------------------------------------------------------------------ tracked files guard
class TrackedFiles:
    """Content hashes of the git-tracked files under some folders of a checkout.

    Tests must write only to temporary folders. The guard compares these files before and
    after the test session; it counts a file as changed by the tests only if its content
    changed during the session and it now differs from the last commit, so a colleague
    who edits and commits in the same tree meanwhile does not trip it. (In CI the
    checkout is clean and nobody else writes.)
    """

    def __init__(self, root: Path, folders: tuple[str, ...] = ("docs", "configs")) -> None:
        self.root = root
        self.folders = folders

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True,
                              text=True, check=True).stdout

    def hashes(self) -> dict[str, str]:
        """SHA-256 of each tracked file's working-tree content ('' if it is missing)."""
        out = {}
        for name in self._git("ls-files", "-z", "--", *self.folders).split("\0"):
            if name:
                path = self.root / name
                out[name] = hashlib.sha256(path.read_bytes()).hexdigest() \
                    if path.is_file() else ""
        return out

    def changed(self, before: dict[str, str]) -> list[str]:
        """Tracked files whose content differs from `before` and from the last commit."""
        now = self.hashes()
        moved = [name for name in sorted(set(before) | set(now))
                 if before.get(name) != now.get(name)]
        if not moved:
            return []
        dirty = set(self._git("diff", "--name-only", "HEAD", "--", *moved).splitlines())
        return [name for name in moved if name in dirty]


@pytest.fixture(scope="session", autouse=True)
def replication_pool() -> Iterator[None]:
    """End the worker processes of the shared replications (pattern_support) at session end."""
    yield
    support = sys.modules.get("pattern_support")
    if support is not None:
        support.shutdown_pool()


@pytest.fixture(scope="session", autouse=True)
def tracked_files() -> Iterator[TrackedFiles]:
    """Fail the session if the tests changed a tracked file under docs/ or configs/."""
    guard = TrackedFiles(ROOT)
    try:
        before = guard.hashes()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: nothing to guard
        yield guard
        return
    yield guard
    changed = guard.changed(before)
    assert not changed, ("the tests changed tracked files (tests must write to tmp_path; "
                         "regenerate images with python -m dashboards.screenshots --out "
                         f"docs/img): {', '.join(changed)}")


# ------------------------------------------------------------------ parallel workers
# Groups for pytest-xdist's `--dist loadgroup` (pyproject's addopts run two workers): the
# tests of one module share a worker, so a module's fixtures (a dashboard server, a study
# written once) are made once; and every module that replicates through `pattern_support`
# shares one worker, so its runs are shared as in one process.
@functools.cache
def _shares_runs(module: Path) -> bool:
    """Whether a test module imports from pattern_support (the shared replications)."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return False
    return any(
        (isinstance(node, ast.ImportFrom) and node.module == "pattern_support")
        or (isinstance(node, ast.Import)
            and any(alias.name == "pattern_support" for alias in node.names))
        for node in ast.walk(tree))


def xdist_group(nodeid: str, root: Path = ROOT) -> str:
    """The worker group of a test: 'replications' or its module's path."""
    module = nodeid.split("::", 1)[0]
    return "replications" if _shares_runs(root / module) else module


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its group (what xdist's loadgroup reads where it works)."""
    for item in items:
        item.add_marker(pytest.mark.xdist_group(xdist_group(item.nodeid)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN201
    """Group by `xdist_group` in the controller itself. xdist 3.8 passes a test's group to
    the controller by appending '@group' to the test's id in a worker, which pytest 9.2's
    ids no longer take (pytest-xdist issue #1386): every test became its own unit, spread
    over both workers, and both made each module's fixtures and the shared replications."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class GroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # xdist's own suffix, where it works
                return super()._split_scope(nodeid)
            return xdist_group(nodeid, config.rootpath)

    return GroupScheduling(config, log)
