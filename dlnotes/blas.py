"""The OpenBLAS libraries this process has loaded, and a block that runs them with one thread.

numpy's and scipy's wheels each bundle an OpenBLAS whose symbols carry a prefix and a suffix
("scipy_openblas_set_num_threads64_"); they are found through /proc/self/maps, as threadpoolctl
does (which this project does not install).  Elsewhere than Linux nothing is found and the block
changes nothing.
"""

from __future__ import annotations

import ctypes
import os
from contextlib import contextmanager
from pathlib import Path

SYMBOL_FORMS = (("", ""), ("scipy_", "64_"), ("scipy_", ""), ("", "64_"))


def openblas_libraries() -> list:
    """[(path, ctypes library, symbol prefix, symbol suffix), ...] for every OpenBLAS loaded in this
    process, so that ``getattr(lib, f"{prefix}openblas_get_num_threads{suffix}")`` is callable."""
    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    found = []
    for path in sorted({line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1].lower()}):
        try:
            lib = ctypes.CDLL(path, mode=getattr(os, "RTLD_NOLOAD", 0))
        except OSError:
            continue
        for prefix, suffix in SYMBOL_FORMS:
            if hasattr(lib, f"{prefix}openblas_get_corename{suffix}"):
                found.append((path, lib, prefix, suffix))
                break
    return found


def _thread_functions() -> list:
    return [(getattr(lib, f"{pre}openblas_get_num_threads{suf}"), getattr(lib, f"{pre}openblas_set_num_threads{suf}"))
            for _, lib, pre, suf in openblas_libraries()]


@contextmanager
def one_blas_thread():
    """Run the block with every OpenBLAS limited to one thread, then restore the thread counts.  For
    loops of small products (m x m): a second thread gains little there, and on a machine where another
    process holds a core it waits spinning (measured on the cat notebook: 86 CPU seconds with two
    threads, 16 with one).  Results do not change: OpenBLAS splits the output between threads, not the sums."""
    functions = _thread_functions()
    before = [get() for get, _ in functions]
    for _, set_threads in functions:
        set_threads(1)
    try:
        yield
    finally:
        for (_, set_threads), n in zip(functions, before):
            set_threads(n)


__all__ = ["one_blas_thread", "openblas_libraries"]
