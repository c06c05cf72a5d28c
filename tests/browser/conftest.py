"""Browser tests run real Chromium; they carry the `browser` marker."""
import pytest
from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # Chromium on a busy two-core machine now and then misses a beat; a second failure
            # counts. Tests that passed only on the second try are listed at the end of the run.
            item.add_marker(pytest.mark.flaky(reruns=1))


def axe_violations(page) -> list[str]:
    """Run axe-core in the page; return one line per violation (empty when the page passes)."""
    results = AXE.run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x) {v['nodes'][0]['target']}"
            for v in results.response["violations"]]


@pytest.fixture
def axe():
    return axe_violations
