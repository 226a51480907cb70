"""What the real-browser tests share: Debian's chromium and its flags, JupyterLab's test settings, and a
JupyterLab (or Voila) server started in its own process group and stopped at the end, also on failure.
Not a test module: ``test_browser.py`` and ``test_browser_filters.py`` import it."""

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
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTINGS = {  # no news toast, no autosave, every cell rendered (no virtual scrolling: widgets below the fold exist)
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def playwright_or_skip():
    """Playwright's ``(expect, sync_playwright)``; without chromium or Playwright, the calling test module is
    skipped with the reason (call it at module level)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it",
                    allow_module_level=True)
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed", allow_module_level=True)
    return expect, sync_playwright


def write_settings(work: Path) -> dict:
    """Write SETTINGS under ``work/.settings``; the environment for a JupyterLab that reads them."""
    for plugin, values in SETTINGS.items():
        path = work / ".settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / ".settings"),
                JUPYTER_RUNTIME_DIR=str(work / ".runtime"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    """Until ``url`` answers (any status below 500); TimeoutError after ``timeout`` seconds."""
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return  # the server answers
            time.sleep(0.2)
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextmanager
def serving(cmd: list, env: dict, log_path: Path, ready_url: str, timeout: float = 60):
    """Run ``cmd`` in its own process group, wait for ``ready_url``, and stop the whole group at the end."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_http(ready_url, timeout=timeout)
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(5)


@contextmanager
def jupyterlab(root: Path, env: dict):
    """A JupyterLab serving ``root`` on a free port with a token; yields (base address, token)."""
    port, token = free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--expose-app-in-browser"]
    with serving(cmd, env, root / "lab.log", f"http://127.0.0.1:{port}/api/status?token={token}"):
        yield f"http://127.0.0.1:{port}", token
