"""Layers point one way and no lcsim modules import each other in a circle.

The order (docs/KSTATE.md, "Layers", the developers' guide): foundations (roles, params,
assumptions, events) -> rules -> model (agents, state, the week's submodels, interventions,
indicators, model, ecosystem, scenarios) -> experiments -> the command line. The
dashboard stands above all of them.
Imports only for type hints (inside `if TYPE_CHECKING:`) are not dependencies at run time
and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lcsim"
LAYERS = {  # module prefix -> layer; a module may import only from its layer or below
    "lcsim.calendar": 0, "lcsim.roles": 0, "lcsim.params": 0, "lcsim.assumptions": 0,
    "lcsim.events": 0,
    "lcsim.rules": 1,
    "lcsim.agents": 2, "lcsim.state": 2, "lcsim.week": 2, "lcsim.interventions": 2,
    "lcsim.indicators": 2, "lcsim.community": 2, "lcsim.model": 2,
    "lcsim.ecosystem": 2, "lcsim.scenarios": 2, "lcsim.outputs": 2,
    "lcsim.experiments": 3,
    "lcsim.cli": 4, "lcsim.__main__": 4, "lcsim.bench": 4, "lcsim": 4,
}


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return name.removesuffix(".__init__")


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The lcsim modules a file imports, outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text())
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test).endswith("TYPE_CHECKING")
                   for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lcsim"):
            targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith("lcsim")]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
                break
    return found - {module_name(path)}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: runtime_imports(path, set(paths)) for name, path in paths.items()}


def test_every_module_imports_only_from_its_layer_or_below():
    wrong = [f"{name} -> {target}" for name, targets in import_graph().items()
             for target in targets if layer(target) > layer(name) and target != "lcsim"]
    assert not wrong, wrong


def test_no_modules_import_each_other_in_a_circle():
    graph = {n: {t for t in ts if t != "lcsim"} for n, ts in import_graph().items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, cycles


def test_no_function_in_the_package_is_longer_than_fifty_lines():
    """Issue 10: every function and method of lcsim/ reads on one screen (docstring
    included); a longer one is split into named parts."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > 50:
                    long.append(f"{module_name(path)}.{node.name}: {lines} lines")
    assert not long, long
