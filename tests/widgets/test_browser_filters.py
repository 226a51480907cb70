"""Real-browser test of the Course 4 filter widget: the c4w1 notebook in JupyterLab (headless Debian chromium driven
by Playwright), run all, type a number into the filter grid, and the feature map and its numbers change.

Run with ``pytest -m browser``; skipped (with the reason) when chromium, Playwright or the cat pictures are missing.
Screenshots go to ``artifacts/browser/`` (ignored by git).  The JupyterLab started here is stopped at the end, also
when the test fails.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "browser"
NOTEBOOK = "c4w1_convolution_step_by_step.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTINGS = {  # no news toast, no autosave, every cell rendered (no virtual scrolling)
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - reported as a skip
    sync_playwright = None

if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it", allow_module_level=True)
if sync_playwright is None:
    pytest.skip("the playwright Python package is not installed", allow_module_level=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def lab(tmp_path, course_file):
    """JupyterLab serving a copy of the notebook (outputs cleared) in its own process group; stopped at the end."""
    course_file("train_catvnoncat.h5")  # skips when the cat pictures are missing
    nb = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    (tmp_path / NOTEBOOK).write_text(json.dumps(nb))
    for plugin, values in SETTINGS.items():
        path = tmp_path / ".settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path / ".settings"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / ".runtime"))
    port, token = free_port(), secrets.token_hex(16)
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", "--ip=127.0.0.1",
                             f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
                             "--expose-app-in-browser"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}")
        yield f"http://127.0.0.1:{port}", token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        log.close()


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
