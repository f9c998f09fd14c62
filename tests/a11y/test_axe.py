"""axe-core on every page (tests/a11y/site.py), in English and in Spanish, on a phone and on
a laptop: no WCAG 2.2 A/AA violation at all.

One test per language: the pages' rows are built once, each page is opened once and checked
at both sizes (the viewport resized in place, as a phone turned or a window narrowed).
"""

import json
import os

import pytest

from tests.a11y.browse import open_page, role_pages
from tests.a11y.site import site_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# axe.run returns a promise; only what the failure message needs comes back.
RUN = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' ') : t).join(' ')),
    html: v.nodes.slice(0, 3).map(
      n => n.html.slice(0, 300) + ' → ' + n.failureSummary.slice(0, 300)),
  }));
}"""


def axe_violations(page, axe_script: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the site's CSP (script-src 'self') stays on
        # and would refuse a <script> tag.
        page.evaluate(axe_script)
    return page.evaluate(RUN, OPTIONS)


# One h1 and one main landmark a page (WCAG 1.3.1, 2.4.1, 2.4.6): counted here, as axe's
# rules for them are best practices, outside the WCAG tags above.
STRUCTURE = """() => ({
  h1: document.querySelectorAll('h1').length,
  main: document.querySelectorAll('main, [role=main]').length,
})"""


def report(found: list[tuple[str, str, dict]]) -> str:
    lines = [f"{len(found)} axe violation(s):"]
    for name, size, v in found:
        targets = ", ".join(v["nodes"][:3])
        lines.append(f"  {name} [{size}]: {v['id']} ×{len(v['nodes'])} ({v['help']}) at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_has_an_axe_violation(language, live_server, chromium_browser, axe_script):
    pages = site_build()
    # PORCHLIGHT_A11Y_ONLY=admin checks only the pages whose name contains it (while fixing).
    only = os.environ.get("PORCHLIGHT_A11Y_ONLY")
    pages = [p for p in pages if only in p.name] if only else pages
    found = []
    with role_pages(chromium_browser, live_server.url, language, VIEWPORTS["laptop"]) as roles:
        for spec in pages:
            page = open_page(roles, live_server.url, spec)
            shape = page.evaluate(STRUCTURE)
            if shape != {"h1": 1, "main": 1}:
                found.append(
                    (spec.name, "any", {"id": "structure", "help": str(shape), "nodes": []})
                )
            for size in ("laptop", "phone"):
                page.set_viewport_size(VIEWPORTS[size])
                found += [(spec.name, size, v) for v in axe_violations(page, axe_script)]
            page.set_viewport_size(VIEWPORTS["laptop"])
    if os.environ.get("PORCHLIGHT_A11Y_REPORT"):
        # For tests/a11y/README.md's tables: every violation, by page.
        with open(f"{os.environ['PORCHLIGHT_A11Y_REPORT']}.{language}.json", "w") as out:
            json.dump([{"page": n, "size": s, **v} for n, s, v in found], out, indent=1)
    assert found == [], report(found)
