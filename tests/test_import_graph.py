"""Imports flow one way: no cycle between the modules of `reconciler` and `toggl_sandbox`, counting
every import in a module (inside functions and under TYPE_CHECKING too), and the emulator imports
nothing from the reconciler.

The graph is read from the source (AST), not from what one run happens to import; the modules
that load on first use (the lazy commands, the names of `import reconciler`) count as imported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("reconciler", "toggl_sandbox")


def module_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name -> file, for every module of `packages` under `root`."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported(module: str, is_package: bool, node: ast.AST, known: set[str]) -> list[str]:
    """The modules one import statement names (our own modules only)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    # `from pkg import name` imports the module pkg.name when there is one, else pkg itself.
    return [
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
    ]


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> every module it imports, anywhere in its source, among `files`."""
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets.update(_imported(module, is_package, node, known))
        graph[module] = {t for t in targets if t in known and t != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as [a, b, ..., a], or [] when there is none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once explored
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = "done"
        return []

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return []


def project_graph() -> dict[str, set[str]]:
    from reconciler import _LAZY
    from reconciler.cli import LAZY_COMMANDS

    graph = import_graph(module_files(ROOT, PACKAGES))
    # Imported by name at run time: the commands that load on use, and `import reconciler`'s names.
    graph["reconciler.cli"] |= {module for module, _, _ in LAZY_COMMANDS.values()}
    graph["reconciler"] |= set(_LAZY.values())
    return graph


def test_no_import_cycle_between_modules():
    graph = project_graph()
    assert "reconciler.cli.commands" in graph["reconciler.cli"]  # the walk sees the package
    assert find_cycle(graph) == [], " -> ".join(find_cycle(graph))


def test_the_emulator_imports_nothing_from_the_reconciler():
    graph = project_graph()
    offending = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("toggl_sandbox")
        for target in targets
        if target.split(".")[0] == "reconciler"
    }
    assert offending == set()
    assert "toggl_sandbox.backend" in graph["toggl_sandbox"]


def test_every_import_counts_even_inside_functions_and_type_checking(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
    )
    (package / "b.py").write_text("def late():\n    from pkg.c import thing\n")
    (package / "c.py").write_text("def later():\n    import pkg.a\n")
    graph = import_graph(module_files(tmp_path, ("pkg",)))
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.c"}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    (package / "c.py").write_text("def later():\n    import json\n")
    assert find_cycle(import_graph(module_files(tmp_path, ("pkg",)))) == []


def test_relative_imports_resolve_from_packages_and_modules(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("from .sub import tool\n")
    (tmp_path / "pkg" / "sub" / "__init__.py").write_text("from .. import base\n")
    (tmp_path / "pkg" / "sub" / "tool.py").write_text("from ..base import x\nfrom . import other\n")
    (tmp_path / "pkg" / "sub" / "other.py").write_text("")
    (tmp_path / "pkg" / "base.py").write_text("")
    graph = import_graph(module_files(tmp_path, ("pkg",)))
    assert graph["pkg"] == {"pkg.sub.tool"}
    assert graph["pkg.sub"] == {"pkg.base"}
    assert graph["pkg.sub.tool"] == {"pkg.base", "pkg.sub.other"}


def _module_map() -> list[str]:
    """The reconciler rows of the README's module map, top to bottom (first path of each row)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `(reconciler/[^`]*)`", readme, re.MULTILINE)


def _row_of(module: str, rows: list[str]) -> int | None:
    path = module.replace(".", "/")
    for index, row in enumerate(rows):
        folder = row.removesuffix("/")
        if row.endswith("/") and (path == folder or path.startswith(folder + "/")):
            return index
        if path + ".py" == row or path + "/__init__.py" == row:
            return index
    return None


def test_the_readme_module_map_exists_and_each_row_imports_only_rows_below_it():
    rows = _module_map()
    assert rows and all((ROOT / row).exists() for row in rows), rows
    upward = [
        (module, target)
        for module, targets in project_graph().items()
        for target in targets
        if (here := _row_of(module, rows)) is not None
        and (there := _row_of(target, rows)) is not None
        and there < here
    ]
    assert upward == []
