"""The layering of DESIGN.md holds: each part imports only what lies below it.

Read from the source (every import statement, also inside functions and type-checking blocks), so a
forbidden import is caught even on a path no test runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# part of the tree -> module prefixes it must never import
RULES: dict[str, tuple[str, ...]] = {
    "inspector": ("PySide6", "ui"),  # the core never imports Qt
    "inspector/sync": ("inspector.server",),  # the client never imports the server
    "inspector/server": ("inspector.sync", "PySide6", "ui"),  # nor the server the client
    "inspector/protocol": ("inspector.sync", "inspector.server", "inspector.store", "inspector.workspace",
                           "httpx", "sqlalchemy", "fastapi"),
    "inspector/store": ("inspector.report", "inspector.sync", "inspector.server", "inspector.workspace",
                        "reportlab", "httpx", "fastapi"),  # the store never renders nor speaks HTTP
    "inspector/report": ("inspector.sync", "inspector.server", "inspector.store", "httpx", "sqlite_utils",
                         "sqlcipher3"),
    "inspector/evidence.py": ("inspector.store", "inspector.sync", "inspector.server", "inspector.workspace",
                              "httpx", "sqlite_utils"),
    "inspector/pdf_evidence.py": ("inspector.store", "inspector.sync", "inspector.server",
                                  "inspector.workspace", "httpx", "sqlite_utils"),  # pure, like evidence.py
    "inspector/records.py": ("inspector.store", "inspector.sync", "inspector.server", "inspector.workspace"),
    "ui": ("inspector.store", "inspector.sync", "inspector.server", "inspector.report", "sqlite_utils",
           "sqlcipher3", "reportlab", "httpx"),  # the UI reaches all of that through the Workspace
}


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``."""
    tree = ast.parse(path.read_text("utf-8"))
    package = _module_of(path) if path.name == "__init__.py" else _module_of(path).rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[:len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _files(part: str) -> list[Path]:
    target = ROOT / part
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


@pytest.mark.parametrize("part", sorted(RULES))
def test_part_imports_nothing_above_it(part: str) -> None:
    """No module of this part imports a layer it must not know about."""
    bad = []
    for path in _files(part):
        for line, name in imports(path):
            if any(name == p or name.startswith(p + ".") for p in RULES[part]):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert bad == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The rule check itself works: a relative import that climbs into another part is resolved."""
    module = ROOT / "inspector" / "store" / "probe_for_layer_test.py"
    module.write_text("from ..sync import engine\nimport httpx\n", "utf-8")
    try:
        assert [name for _, name in imports(module)] == ["inspector.sync", "inspector.sync.engine", "httpx"]
    finally:
        module.unlink()
