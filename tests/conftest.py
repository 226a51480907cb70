import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser end-to-end tests (need chromium)")
    # the external course files: CI sets DLNOTES_DATA; a developer's checkout has shared/ beside it
    if not os.environ.get("DLNOTES_DATA") and SHARED.is_dir():
        os.environ["DLNOTES_DATA"] = str(SHARED)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
