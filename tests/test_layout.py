"""The layout holds: the domain package imports no Pelican, Jinja, plugin or command, and nothing imports upward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Which top-level packages each layer may not import (the layers: directory ← plugins ← commands ← tasks).
FORBIDDEN = {
    "directory": {"pelican", "jinja2", "plugins", "commands", "tasks", "bench", "tools", "tests"},
    "plugins": {"commands", "tasks", "bench", "tools", "tests"},
}


def imported(path: Path) -> list[tuple[int, str, bool]]:
    """Every module a file imports: (line, dotted name, whether the import is inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for n in ast.walk(f) if n is not f}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, id(node) in nested) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, id(node) in nested))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_upward(layer):
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for line, name, _ in imported(path)
        if name.split(".")[0] in FORBIDDEN[layer]
    ]
    assert wrong == []


def test_the_domain_needs_no_import_inside_a_function_to_break_a_loop():
    local = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "directory").rglob("*.py"))
        for line, name, inside in imported(path)
        if inside and name.split(".")[0] == "directory"
    ]
    assert local == []


def test_relative_imports_are_not_used_across_packages():
    relative = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for folder in ("directory", "commands")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []
