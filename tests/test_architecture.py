"""The layout README describes, checked: no import circles, contracts kept, views imported
only by urls, and no import of our own modules hidden inside a function."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "config",
    "api",
    "ops",
    "demo",
    "scheduler",
    "rsvp",
    "notifications",
    "nightout",
    "followup",
    "feedback",
    "volunteers",
    "accommodations",
    "counters",
)


def _graph():
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def _circles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_module_graph_has_no_circle():
    assert _circles(_graph()) == []


def test_import_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _is_views(module: str) -> bool:
    return "views" in module.split(".")


def test_only_urls_import_views():
    graph = _graph()
    offenders = sorted(
        f"{importer} -> {imported}"
        for imported in graph.modules
        if _is_views(imported)
        for importer in graph.find_modules_that_directly_import(imported)
        if not importer.endswith(".urls")
        and importer != "config.urls"
        # Inside a views package, its modules may share a base class.
        and not (_is_views(importer) and importer.rsplit(".", 1)[0] == imported.rsplit(".", 1)[0])
    )
    assert offenders == []


def _function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            names = []
            if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                names = [inner.module]
            elif isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            for name in names:
                if name.split(".")[0] in PACKAGES:
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno} {name}")
    return found


def test_no_import_of_our_modules_hides_inside_a_function():
    """A function-level import of our own code is how a circle hides; the one place Django
    asks for them is AppConfig.ready() (apps.py)."""
    offenders = [
        hit
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path.name != "apps.py"
        for hit in _function_level_imports(path)
    ]
    assert offenders == []
