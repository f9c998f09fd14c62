import os

import pytest

from tests.a11y import axe_core


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's script (tests/a11y/axe_core.py). Without it the test is skipped, except
    under CI, where it is a failure: CI must run these checks (as tests/browser.py)."""
    try:
        return axe_core.script()
    except axe_core.AxeUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"The accessibility tests must run under CI: {exc}")
        pytest.skip(str(exc))
