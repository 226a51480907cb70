"""The notebooks' main text speaks the course's language: engineering goes in a closing appendix.

Every notebook may end with a section headed "## How this notebook is computed" (how the speed is obtained, random
generators, BLAS kernels, reproducibility across CPUs). No markdown cell before that heading may name the
engineering words below, and nothing after it may open another top-level section.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
APPENDIX = "## How this notebook is computed"
ENGINEERING = re.compile(
    r"\b(?:OpenBLAS|BLAS|SIMD|Sandybridge|Haswell|SkylakeX|PCG64|Mersenne|ziggurat|Box-Muller)\b"
    r"|\bAVX[\w-]*|\bthreadpool\w*",
    re.IGNORECASE)


def engineering_words(text: str) -> list:
    """The engineering words ``text`` names, in order."""
    return [m.group(0) for m in ENGINEERING.finditer(text)]


def split_at_appendix(cells) -> tuple:
    """(the cells before the appendix heading, the cells from it on); the second is empty without one."""
    starts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.lstrip().startswith(APPENDIX)]
    if len(starts) > 1:
        raise ValueError(f"the heading {APPENDIX!r} must appear once, got it in cells {starts}")
    cut = starts[0] if starts else len(cells)
    return cells[:cut], cells[cut:]


def test_engineering_words_are_found():
    assert engineering_words("OpenBLAS's Sandybridge kernels, numpy's SIMD loops, AVX-512 and PCG64") == [
        "OpenBLAS", "Sandybridge", "SIMD", "AVX-512", "PCG64"]
    assert engineering_words("threadpool_limits, a Mersenne Twister, the ziggurat and Box-Muller methods") == [
        "threadpool_limits", "Mersenne", "ziggurat", "Box-Muller"]
    assert engineering_words("the cost is a convex bowl; blast, ablation and Haswellian do not count") == []


def test_appendix_split():
    md = nbformat.v4.new_markdown_cell
    cells = [md("# Title"), md("uses BLAS"), md(APPENDIX + "\n\nBLAS here")]
    main, appendix = split_at_appendix(cells)
    assert [c.source for c in main] == ["# Title", "uses BLAS"] and len(appendix) == 1
    assert split_at_appendix(cells[:2]) == (cells[:2], [])
    with pytest.raises(ValueError, match="once"):
        split_at_appendix(cells + [md(APPENDIX)])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_main_text_names_no_engineering(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    main, _ = split_at_appendix(nb.cells)
    found = {i: engineering_words(c.source) for i, c in enumerate(main) if c.cell_type == "markdown"}
    found = {i: words for i, words in found.items() if words}
    assert not found, (f"{path.name}: markdown cells (by index) name engineering words before "
                       f"{APPENDIX!r}; move them to that closing section: {found}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_appendix_is_the_last_section(path):
    _, appendix = split_at_appendix(nbformat.read(path, as_version=4).cells)
    later = [c.source.splitlines()[0] for c in appendix[1:]
             if c.cell_type == "markdown" and re.match(r"#{1,2} ", c.source.lstrip())]
    assert not later, f"{path.name}: sections after {APPENDIX!r} (it must close the notebook): {later}"
