"""Every page (tests/a11y/site.py) at 320 CSS px wide, in English and in Spanish: nothing
scrolls sideways (WCAG 1.4.10 Reflow). A data table may scroll inside its own region (a
`.table-scroll`, focusable and named): the region is as wide as the page, so the page is
measured as it is."""

import os

import pytest

from tests.a11y.browse import open_page, role_pages
from tests.a11y.site import site_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

WIDTH = 320
NARROW = {"width": WIDTH, "height": 720}
# The outermost elements that stick out past the right edge, outside a scrolling region.
WIDEST = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5) continue;
    if (out.some(o => o.contains(el))) continue;
    out.push(el);
  }
  return out.slice(0, 3).map(el => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const right = Math.round(el.getBoundingClientRect().right);
    return `${el.tagName.toLowerCase()}${id}${cls} (${right}px)`;
  });
}"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_scrolls_sideways_at_320_px(language, live_server, chromium_browser):
    pages = site_build()
    # PORCHLIGHT_A11Y_ONLY=admin checks only the pages whose name contains it (while fixing).
    only = os.environ.get("PORCHLIGHT_A11Y_ONLY")
    if only:
        pages = [spec for spec in pages if only in spec.name]
    wide = []
    with role_pages(chromium_browser, live_server.url, language, NARROW) as roles:
        for spec in pages:
            page = open_page(roles, live_server.url, spec)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                wide.append(
                    f"  {spec.name} ({spec.path}): {width}px, {page.evaluate(WIDEST, WIDTH)}"
                )
    assert wide == [], f"{len(wide)} page(s) wider than {WIDTH}px:\n" + "\n".join(wide)
