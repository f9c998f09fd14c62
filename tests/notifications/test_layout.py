"""How the notifications app is put together: small modules, no circles, one default each."""

import ast
import re
from pathlib import Path

from django.conf import settings

APP = Path(settings.BASE_DIR) / "notifications"
OURS = ("config", "scheduler", "rsvp", "notifications", "api")
MODULES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, inside a function) for every import in a module."""
    found = []

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.extend((f"{child.module}.{alias.name}", in_function) for alias in child.names)
            walk(child, inner)

    walk(tree, False)
    return found


def _ours(name: str) -> bool:
    return name.split(".")[0] in OURS


def test_no_module_of_the_app_imports_our_code_inside_a_function():
    late = {
        (path.name, name)
        for path in MODULES
        for name, in_function in _imports(ast.parse(path.read_text()))
        if in_function and _ours(name)
    }
    # Django's AppConfig.ready() is where receivers are connected, once the models exist.
    assert late == {("apps.py", "notifications.receivers")}


def test_planning_dispatch_and_delivery_never_import_the_tasks_module():
    for name in (
        "planning.py",
        "dispatch.py",
        "delivery.py",
        "batches.py",
        "enqueue.py",
        "links.py",
    ):
        imported = [n for n, _ in _imports(ast.parse((APP / name).read_text()))]
        assert [n for n in imported if n.startswith("notifications.tasks")] == [], name
    enqueue = [n for n, _ in _imports(ast.parse((APP / "enqueue.py").read_text())) if _ours(n)]
    assert enqueue == []


def test_no_module_of_the_app_is_over_400_lines():
    assert {p.name: n for p in MODULES if (n := len(p.read_text().splitlines())) > 400} == {}


def test_every_notice_setting_is_read_from_its_one_default_in_settings():
    source = "\n".join(p.read_text() for p in MODULES)
    read = set(re.findall(r"\[\"(NOTICE_\w+)\"\]", source))
    assert read == {
        "NOTICE_MAX_ATTEMPTS",
        "NOTICE_RETRY_BASE_SECONDS",
        "NOTICE_SEND_TIMEOUT_SECONDS",
        "NOTICE_LEASE_SECONDS",
        "NOTICE_QUEUE_GRACE_SECONDS",
        "NOTICE_ENQUEUE_LEASE_SECONDS",
        "NOTICE_DISPATCH_BATCH",
        "NOTICE_DISPATCH_BUDGET_SECONDS",
        "NOTICE_BATCH_SIZE",
        "NOTICE_BATCH_TIMEOUT_SECONDS",
        "NOTICE_LINK_RESEND_MINUTES",
    }
    assert read <= set(settings.PORCHLIGHT)
    # No second default next to the code: PORCHLIGHT.get("NOTICE_…", default).
    assert re.findall(r"\.get\(\s*\"NOTICE_", source) == []
