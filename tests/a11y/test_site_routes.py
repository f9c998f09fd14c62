"""tests/a11y/site.py stays "every page": each named URL pattern of ours is checked there or
said not to be a page, and each model of ours in the admin has its list, add and change."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.a11y.pages import NOT_PAGES, NOT_PAGES_NAMESPACES, Superuser, admin_models
from tests.a11y.site import site_build

pytestmark = pytest.mark.django_db


def _names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
    return names


def _ours(name: str) -> bool:
    if not name.startswith("admin:"):
        return True
    # The admin's own pages for other apps' models (auth, django_q) are Django's.
    route = name.removeprefix("admin:")
    labels = {m._meta.app_label for m in admin_models()}
    return route in {"index", "login", "app_list"} or route.split("_")[0] in labels


def _may_add(model) -> bool:
    return admin.site._registry[model].has_add_permission(Superuser())


def test_every_route_and_admin_model_of_ours_is_a_checked_page_or_said_not_to_be_one():
    # One test for both checks: the demo city takes seconds to build.
    checked = {page.route for page in site_build()}
    routes = {n for n in _names(get_resolver().url_patterns) if _ours(n)}
    skipped = set(NOT_PAGES) | {r for r in routes if r.split(":")[0] in NOT_PAGES_NAMESPACES}
    # Django's delete and history pages of each model, and the admin's autocomplete: checked
    # for the event (templates/admin/audit_history.html is ours), alike for the others.
    alike = {r for r in routes if r.endswith(("_delete", "_history", "_auditlog", "_autocomplete"))}
    # The add page of a model the admin adds none of (has_add_permission): a 403.
    refused = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_add"
        for m in admin_models()
        if not _may_add(m)
    }
    unchecked = sorted(routes - checked - skipped - alike - refused)
    assert unchecked == [], "not checked by tests/a11y/site.py:\n" + "\n".join(unchecked)
    assert sorted((checked - {""}) - routes) == []

    # Each model of ours in the admin: its list, its change page, its add page if it adds.
    missing = []
    for model in admin_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        kinds = ["changelist", "change", *(["add"] if _may_add(model) else [])]
        missing += [f"{prefix}_{k}" for k in kinds if f"{prefix}_{k}" not in checked]
    assert missing == [], "admin pages not checked by tests/a11y/site.py:\n" + "\n".join(missing)
