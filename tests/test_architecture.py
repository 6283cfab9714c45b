"""The house rules of the code, checked on every module's imports (parsed with ``ast``):

- imports run one way: ``udfs`` ← ``validation`` ← ``workbooks`` ← ``addin``; a module
  imports only from its own folder or from folders to its left;
- no import cycles between modules;
- no project import inside a function (the old way of dodging a cycle);
- no import of another module's ``_private`` name;
- rooms: no folder holds more than 15 modules side by side, no module more than 500 lines and
  no function more than 80 (docs/architecture.md, "Rooms");
- the lint: ruff (lint, import order, format) as configured in pyproject.toml;
- no test compares a value with itself.

See docs/architecture.md.
"""

from __future__ import annotations

import ast
import graphlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("udfs", "validation", "workbooks", "addin")
RANK = {name: i for i, name in enumerate(LAYERS)}
MAX_LINES = 500
MAX_MODULES_PER_FOLDER = 15
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Edge:
    source: str  # importing module
    target: str  # imported module (a project module)
    names: tuple[str, ...]  # names taken from it (from-imports)
    line: int
    in_function: bool
    type_only: bool  # under ``if TYPE_CHECKING:``


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


MODULES = project_modules()


def resolve(target: str) -> str | None:
    """The project module a dotted import refers to (a package, a module, or a name in one)."""
    while target:
        if target in MODULES:
            return target
        target = target.rpartition(".")[0]
    return None


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                ids.update(id(n) for n in ast.walk(child))
    return ids


def edges_of(module: str, path: Path) -> list[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    in_function = {
        id(n)
        for f in ast.walk(tree)
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for n in ast.walk(f)
    }
    type_only = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Edge] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = resolve(alias.name)
                if target:
                    out.append(Edge(module, target, (), node.lineno, id(node) in in_function, id(node) in type_only))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                dotted = ".".join(base + ([node.module] if node.module else []))
            else:
                dotted = node.module or ""
            if dotted.split(".")[0] not in RANK:
                continue
            names = tuple(a.name for a in node.names)
            # "from udfs import numbers" imports the module udfs.language.number_text
            submodules = [f"{dotted}.{n}" for n in names if f"{dotted}.{n}" in MODULES]
            if submodules:
                for sub in submodules:
                    out.append(Edge(module, sub, (), node.lineno, id(node) in in_function, id(node) in type_only))
                names = tuple(n for n in names if f"{dotted}.{n}" not in MODULES)
                if not names:
                    continue
            target = resolve(dotted)
            if target:
                out.append(Edge(module, target, names, node.lineno, id(node) in in_function, id(node) in type_only))
    return out


EDGES = [e for module, path in MODULES.items() for e in edges_of(module, path)]


def where(edge: Edge) -> str:
    return f"{MODULES[edge.source].relative_to(ROOT)}:{edge.line}"


def test_the_layers_exist():
    assert set(m.split(".")[0] for m in MODULES) == set(LAYERS)
    assert len(EDGES) > 100  # the parser sees the imports


def test_imports_run_one_way():
    wrong = [
        f"{where(e)}: {e.source} imports {e.target}"
        for e in EDGES
        if RANK[e.target.split(".")[0]] > RANK[e.source.split(".")[0]]
    ]
    assert not wrong, "imports against the direction udfs ← validation ← workbooks ← addin:\n" + "\n".join(wrong)


def test_no_project_import_inside_a_function():
    inside = [f"{where(e)}: {e.source} imports {e.target} inside a function" for e in EDGES if e.in_function]
    assert not inside, "\n".join(inside)


def test_no_private_name_of_another_module():
    private = [
        f"{where(e)}: {e.source} imports {n} from {e.target}"
        for e in EDGES
        for n in e.names
        if n.startswith("_") and not n.startswith("__") and e.target != e.source
    ]
    assert not private, "\n".join(private)


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (a → b → … → a) if the graph has any (the standard library's graphlib)."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return None


def test_no_import_cycles():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for e in EDGES:
        if e.target != e.source:
            graph[e.source].add(e.target)
    cycle = cycle_in(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_cycle_check_finds_a_cycle():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    cycle = cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert cycle is not None and set(cycle) == {"a", "b", "c"} and cycle[0] == cycle[-1]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines; split it (docs/architecture.md)"


def test_no_folder_holds_more_than_fifteen_modules():
    folders: dict[Path, int] = {}
    for path in MODULES.values():
        if path.name != "__init__.py":
            folders[path.parent] = folders.get(path.parent, 0) + 1
    crowded = {str(f.relative_to(ROOT)): n for f, n in folders.items() if n > MAX_MODULES_PER_FOLDER}
    assert not crowded, f"folders over {MAX_MODULES_PER_FOLDER} modules (cut them by concern): {crowded}"


def function_lengths() -> dict[str, int]:
    lengths = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lengths[f"{module}.{node.name}:{node.lineno}"] = node.end_lineno - node.lineno + 1
    return lengths


def test_functions_stay_small():
    long = {name: n for name, n in function_lengths().items() if n > MAX_FUNCTION_LINES}
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines (split them): {long}"


def test_ruff_lint_and_format_pass():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is missing: it comes with the test extra (pip install -e '.[test]')")
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"ruff {' '.join(args)}:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"


def test_no_test_compares_a_value_with_itself():
    same = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Compare)
                and len(node.ops) == 1
                and isinstance(node.ops[0], (ast.Eq, ast.Is))
                and ast.dump(node.left) == ast.dump(node.comparators[0])
            ):
                same.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert not same, "an assertion without an oracle:\n" + "\n".join(same)


# --- the checker itself ---------------------------------------------------------------------------
def test_the_checker_sees_each_kind_of_violation(tmp_path, monkeypatch):
    source = (
        "from workbooks.books.table_cut import table_from_grid\n"  # up the layers (from validation)
        "from validation.reader import INVALID as _x\n"
        "from validation.forecast_tables.inputs import _private\n"
        "def f():\n"
        "    from validation.round import traps\n"
    )
    path = ROOT / "validation" / "reader.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    edges = edges_of("validation.reader", path)
    assert any(e.target == "workbooks.books.table_cut" for e in edges)
    assert any(e.in_function and e.target == "validation.round.traps" for e in edges)
    assert any("_private" in e.names for e in edges)
