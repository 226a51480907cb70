"""Real-browser test of the Course 4 filter widget: the c4w1 notebook in JupyterLab (headless Debian chromium driven
by Playwright), run all, type a number into the filter grid, and the feature map and its numbers change.

Run with ``pytest -m browser``; skipped (with the reason) when chromium, Playwright or the cat pictures are missing.
Screenshots go to ``artifacts/browser/`` (ignored by git).  The JupyterLab started here is stopped at the end, also
when the test fails.
"""

import json
import time
from pathlib import Path

import pytest
from lab_server import CHROMIUM, CHROMIUM_ARGS, jupyterlab, playwright_or_skip, write_settings

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "browser"
NOTEBOOK = "c4w1_convolution_step_by_step.ipynb"

expect, sync_playwright = playwright_or_skip()


@pytest.fixture
def lab(tmp_path, course_file):
    """JupyterLab serving a copy of the notebook (outputs cleared) in its own process group; stopped at the end."""
    course_file("train_catvnoncat.h5")  # skips when the cat pictures are missing
    nb = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (tmp_path / NOTEBOOK).write_text(json.dumps(nb))
    with jupyterlab(tmp_path, write_settings(tmp_path)) as server:
        yield server


def test_typing_a_filter_number_changes_the_feature_map(lab):
    base, token = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}&reset", timeout=60000)
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=60000)
            grid = page.locator(".jp-OutputArea-output .dlnotes-filter-grid input")
            for attempt in range(3):  # the first request can be lost while the kernel's websocket connects
                page.wait_for_timeout(2000)
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
                try:
                    expect(grid.first).to_be_attached(timeout=90000)
                    break
                except AssertionError:
                    if attempt == 2:
                        raise
            # let Run all finish (the cells after the widget train a CNN): typed numbers would wait for the kernel
            page.wait_for_timeout(1000)
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=300000)
            feature_map = page.locator("img.dlnotes-feature-map").first
            size = page.locator(".dlnotes-filter-size").first
            feature_map.scroll_into_view_if_needed()
            expect(size).to_contain_text("feature map 64 x 64", timeout=30000)
            expect(grid).to_have_count(9)
            before_src, before_text = feature_map.get_attribute("src"), size.inner_text()
            page.screenshot(path=str(SHOTS / "filters-1-vertical.png"))

            grid.nth(1).fill("5")  # the top middle number of the vertical detector: now it sees horizontal edges too
            end = time.time() + 30
            while feature_map.get_attribute("src") == before_src and time.time() < end:
                page.wait_for_timeout(200)
            page.screenshot(path=str(SHOTS / "filters-2-typed.png"))
            assert feature_map.get_attribute("src") != before_src, "the feature map did not change within 30 s"
            expect(size).not_to_have_text(before_text, timeout=10000)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
            assert errors.count() == 0, errors.first.inner_text()
        finally:
            browser.close()
