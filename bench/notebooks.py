"""``python -m bench.notebooks [NOTEBOOK ...]``: run every notebook top to bottom and time it, cell by cell.

Each notebook is copied into a temporary folder and executed there with nbclient in a fresh kernel (this
checkout's ``dlnotes`` first on the kernel's path); the committed notebook is never written. The table gives
each notebook's wall time (kernel start included), its cells' time, the kernel's CPU time, how many cores
other processes kept busy meanwhile, and its slowest cell (numbered as nbval numbers them), flagged when the
notebook takes longer than ``--limit`` seconds. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
ENV_VARS = ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS", "OPENBLAS_L2_SIZE", "MKL_NUM_THREADS")
HOT_UFUNCS = ("tanh", "exp")  # the elementwise loops the notebooks' training spends most time in
OTHERS_BUSY = 0.5  # cores kept busy by other processes (on average) above which a timing is flagged


# --------------------------------------------------------------------------- the machine
SIMD_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "amx_tile")


def cpu_info() -> dict:
    """The first processor of /proc/cpuinfo: {"model": model name with family/model numbers, "simd": the
    SIMD flags the operating system reports (what the CPU has, whatever numpy was told to use)}."""
    fields = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if not line.strip():
                break  # the end of the first processor's block
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or "unknown CPU"
    if "cpu family" in fields and "model" in fields:
        name += f" (family {fields['cpu family']}, model {fields['model']})"
    flags = set(fields.get("flags", "").split())
    return {"model": name, "simd": [f for f in SIMD_FLAGS if f in flags] if flags else ["unknown"]}


def numpy_simd() -> dict:
    """numpy's SIMD: baseline targets, dispatch targets this CPU runs and those it does not (or that
    NPY_DISABLE_CPU_FEATURES switched off)."""
    from numpy._core import _multiarray_umath as mu

    features = mu.__cpu_features__
    dispatch = list(mu.__cpu_dispatch__)
    loops = {}
    try:  # numpy >= 2.1: the target each ufunc loop runs
        from numpy.lib.introspect import opt_func_info

        for name in HOT_UFUNCS:
            for sig, target in opt_func_info(func_name=f"^{name}$").get(name, {}).items():
                if sig in ("dd", "ff"):
                    loops[f"{name} {'float64' if sig == 'dd' else 'float32'}"] = target["current"]
    except ImportError:
        pass
    return {"baseline": list(mu.__cpu_baseline__),
            "dispatch_on": [t for t in dispatch if features.get(t)],
            "dispatch_off": [t for t in dispatch if not features.get(t)],
            "cpu_has": [f for f in ("AVX2", "FMA3", "AVX512F", "AVX512_SKX") if features.get(f)],
            "loops": loops}


def blas_info() -> list[dict]:
    """The BLAS libraries this process loaded (numpy's, scipy's), with the kernel (core type) and thread count
    they run, from threadpoolctl's threadpool_info()."""
    from threadpoolctl import threadpool_info

    return [{"source": "threadpoolctl", "library": i.get("internal_api"), "version": i.get("version"),
             "kernel": i.get("architecture"), "threads": i.get("num_threads"), "path": i.get("filepath")}
            for i in threadpool_info() if i.get("user_api") == "blas"]


def machine() -> dict:
    """Everything the header prints, as a dict (also written to --json)."""
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    cpu = cpu_info()
    return {"cpu": cpu["model"], "cpu_flags": cpu["simd"], "arch": platform.machine(),
            "logical_cpus": os.cpu_count(), "usable_cpus": affinity,
            "python": platform.python_version(), "numpy": np.__version__, "simd": numpy_simd(),
            "blas": blas_info(), "env": {k: os.environ[k] for k in ENV_VARS if k in os.environ},
            "dlnotes_data": os.environ.get("DLNOTES_DATA", "(unset)")}


def header(m: dict, load_before) -> list[str]:
    s = m["simd"]
    lines = [f"machine   {m['arch']} {m['cpu']}, {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable); "
             f"CPU flags: {' '.join(m['cpu_flags']) or 'no AVX2 / AVX-512'}",
             f"python    {m['python']}; numpy {m['numpy']}, which sees "
             f"{', '.join(s['cpu_has']) or 'none of AVX2/AVX-512'}",
             f"numpy     SIMD baseline {' '.join(s['baseline'])}; dispatch targets in use: "
             f"{' '.join(s['dispatch_on']) or 'none'}; not in use: {' '.join(s['dispatch_off']) or 'none'}"]
    if s["loops"]:
        lines.append("ufuncs    " + ", ".join(f"{k} {v}" for k, v in s["loops"].items()))
    lines += [f"BLAS      {b['library']} {b['version']} kernel {b['kernel']}, {b['threads']} threads "
              f"({b['source']})" for b in m["blas"]] or ["BLAS      no OpenBLAS found in this process"]
    env = ", ".join(f"{k}={v}" for k, v in m["env"].items()) or "none of " + " ".join(ENV_VARS)
    lines.append(f"env       {env}")
    lines.append(f"kernel    python3 (ipykernel) with {ROOT} first on PYTHONPATH; DLNOTES_DATA={m['dlnotes_data']}")
    lines.append(f"load      average before {_fmt_load(load_before)}")
    return lines


def _fmt_load(load) -> str:
    return " ".join(f"{x:.2f}" for x in load)


# --------------------------------------------------------------------------- CPU accounting
def cpu_snapshot() -> tuple[float, float, float]:
    """(wall clock, CPU seconds of this process and its finished children, CPU seconds the whole machine
    was busy).  The kernel is a child: its CPU time is counted once it has exited."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    machine_busy = float("nan")
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        machine_busy = (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")  # user..steal, not guest
    except (OSError, ValueError, IndexError):
        pass
    return time.perf_counter(), ours, machine_busy


def others_cores(before, after) -> float:
    """Average number of cores other processes kept busy between two snapshots."""
    wall = after[0] - before[0]
    others = (after[2] - before[2]) - (after[1] - before[1])
    return max(others, 0.0) / wall if wall > 0 else float("nan")


# --------------------------------------------------------------------------- running
def resolve(names: list[str]) -> list[Path]:
    """Notebook paths from names (``c1w4_deep_network_cats``), paths or folders; all of notebooks/ if empty."""
    paths = []
    for name in names or [str(ROOT / "notebooks")]:
        p = Path(name)
        if p.is_dir():
            paths += sorted(p.glob("*.ipynb"))
            continue
        for candidate in (p, ROOT / "notebooks" / p.name, ROOT / "notebooks" / f"{p.name}.ipynb"):
            if candidate.is_file() and candidate.suffix == ".ipynb":
                paths.append(candidate)
                break
        else:
            raise SystemExit(f"python -m bench.notebooks: no notebook {name!r} (a path, a folder, or a name in "
                             f"{ROOT / 'notebooks'})")
    return paths


def kernel_env() -> dict:
    """The kernel's environment: ours, with this checkout first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def run_notebook(path: Path, timeout: int) -> dict:
    """Execute a temporary copy of ``path`` in a fresh kernel. Returns {"seconds": wall time including the
    kernel's start and shutdown, "cpu": CPU seconds of kernel and client, "others": cores other processes
    used meanwhile, "cells": {nbval cell number: seconds}, "sources": {number: first line}, "error": ...}."""
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        nb = nbformat.read(copy, as_version=4)
        number = {}  # index in nb.cells -> nbval's "Cell N" (code cells counted from 0)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                number[i] = len(number)
        sources = {number[i]: (c.source.strip().splitlines() or [""])[0] for i, c in enumerate(nb.cells)
                   if i in number}
        started, cells = {}, {}

        def on_execute(cell, cell_index):
            started[cell_index] = time.perf_counter()

        def on_executed(cell, cell_index, execute_reply):
            cells[number[cell_index]] = time.perf_counter() - started[cell_index]

        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=False, resources={"metadata": {"path": tmp}},
                                on_cell_execute=on_execute, on_cell_executed=on_executed)
        error = None
        before = cpu_snapshot()
        try:
            client.execute(env=kernel_env())
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            error = error_text(exc)
        except Exception as exc:  # noqa: BLE001 - a kernel that cannot start fails this notebook, not the run
            error = f"kernel: {error_text(exc)}"
        after = cpu_snapshot()
    return {"seconds": after[0] - before[0], "cpu": after[1] - before[1], "others": others_cores(before, after),
            "cells": cells, "sources": sources, "error": error}


def error_text(exc: BaseException) -> str:
    """One line for a failed notebook: the cell's exception name and value when nbclient gives them."""
    if getattr(exc, "ename", None):
        return f"{exc.ename}: {str(exc.evalue).strip()[:200]}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[-1][:200] if lines else ''}"


def run_all(paths: list[Path], repeats: int, timeout: int, after_each=None) -> dict:
    """Run every notebook ``repeats`` times, one round after another with the order rotated each round
    (so a busy spell of the machine does not land on one notebook only). ``after_each(round, name, run,
    runs)`` is called after every run (progress, partial results). Returns {name: [run, ...]}."""
    runs = {p.stem: [] for p in paths}
    for r in range(repeats):
        order = paths[r % len(paths):] + paths[:r % len(paths)]
        for path in order:
            run = run_notebook(path, timeout)
            runs[path.stem].append(run)
            if after_each is not None:
                after_each(r, path.stem, run, runs)
    return runs


# --------------------------------------------------------------------------- the table
def summarize(name: str, runs: list[dict], limit: float) -> dict:
    """Medians over the runs of one notebook, its slowest cell (by median) and its verdict."""
    seconds = [r["seconds"] for r in runs]
    median = statistics.median(seconds)
    numbers = sorted({n for r in runs for n in r["cells"]})
    cell_medians = {n: statistics.median(r["cells"][n] for r in runs if n in r["cells"]) for n in numbers}
    slowest = max(cell_medians, key=cell_medians.get) if cell_medians else None
    errors = [r["error"] for r in runs if r["error"]]
    return {"notebook": name, "seconds": seconds, "median": median, "min": min(seconds),
            "spread": (max(seconds) - min(seconds)) / median if median else 0.0,
            "cells_total": statistics.median(sum(r["cells"].values()) for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
            "others": statistics.median(r["others"] for r in runs),
            "cell_medians": {str(n): s for n, s in cell_medians.items()},
            "slowest_cell": slowest, "slowest_seconds": cell_medians.get(slowest, 0.0),
            "slowest_source": runs[0]["sources"].get(slowest, ""),
            "sources": {str(n): src for n, src in runs[0]["sources"].items()},
            "over_limit": median > limit, "errors": errors}


def table(rows: list[dict], limit: float, repeats: int) -> list[str]:
    what = f"median of {repeats} runs" if repeats > 1 else "one run"
    lines = [f"{'notebook':42s} {'seconds':>8s} {'cells':>7s} {'cpu':>6s} {'others':>6s}  "
             f"{'slowest cell':>16s}  flag"]
    for r in rows:
        flag = f">{limit:g} s" if r["over_limit"] else ""
        if r["errors"]:
            flag = (flag + " FAILED").strip()
        if r["others"] > OTHERS_BUSY:
            flag = (flag + " busy").strip()
        slow = f"cell {r['slowest_cell']}: {r['slowest_seconds']:.1f} s" if r["slowest_cell"] is not None else "-"
        lines.append(f"{r['notebook']:42s} {r['median']:8.1f} {r['cells_total']:7.1f} {r['cpu']:6.1f} "
                     f"{r['others']:6.2f}  {slow:>16s}  {flag}")
    total = sum(r["median"] for r in rows)
    lines.append(f"{'total':42s} {total:8.1f} {sum(r['cells_total'] for r in rows):7.1f}")
    lines.append(f"(seconds: {what}, wall clock from kernel start to shutdown; cells: the "
                 f"cells alone; cpu: CPU seconds of kernel + client; others: cores other processes kept busy "
                 f"meanwhile, 'busy' above {OTHERS_BUSY})")
    if repeats > 1:
        lines.append("spread (max - min) / median: " + ", ".join(f"{r['notebook']} {r['spread']:.0%}" for r in rows))
    return lines


def slow_cells(rows: list[dict], threshold: float) -> list[str]:
    """Every cell over ``threshold`` seconds (median), with the first line of its source."""
    lines = []
    for r in rows:
        for n, s in sorted(r["cell_medians"].items(), key=lambda kv: -kv[1]):
            if s >= threshold:
                lines.append(f"  {r['notebook']:42s} cell {n:>3s} {s:6.1f} s  {r['sources'].get(n, '')[:60]}")
    return lines


def write_json(path, info, args, runs, load_before, extra) -> None:
    rows = [summarize(name, rs, args.limit) for name, rs in runs.items() if rs]
    Path(path).write_text(json.dumps(
        {"machine": info, "limit": args.limit, "repeats": args.repeats, "load_before": load_before, **extra,
         "notebooks": rows,
         "runs": {k: [{kk: vv for kk, vv in r.items() if kk != "sources"} for r in v] for k, v in runs.items()}},
        indent=1, default=str))


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m bench.notebooks", description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                    help="notebook paths, folders or names in notebooks/ (default: every notebook)")
    ap.add_argument("--limit", type=float, default=30.0, help="flag notebooks slower than this (seconds, default 30)")
    ap.add_argument("--repeats", type=int, default=1, help="runs of each notebook; medians are reported (default 1)")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (default 600)")
    ap.add_argument("--cells", type=float, default=None, metavar="SECONDS",
                    help="also list every cell slower than this (median)")
    ap.add_argument("--json", metavar="FILE", help="also write every run and the machine to FILE (rewritten after "
                                                   "each notebook, so an interrupted run keeps what it measured)")
    args = ap.parse_args(argv)
    if args.repeats < 1:
        ap.error(f"--repeats must be at least 1, got {args.repeats}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    paths = resolve(args.notebooks)
    load_before = os.getloadavg()
    info = machine()
    print("python -m bench.notebooks " + " ".join(argv if argv is not None else sys.argv[1:]))
    for line in header(info, load_before):
        print(line)

    def after_each(r, name, run, runs):
        slow = max(run["cells"].items(), key=lambda kv: kv[1], default=None)
        print(f"  round {r + 1}/{args.repeats} {name}: {run['seconds']:.1f} s"
              + (f" (cell {slow[0]}: {slow[1]:.1f} s)" if slow else "")
              + (f"  {run['error']}" if run["error"] else ""), flush=True)
        if args.json:
            write_json(args.json, info, args, runs, load_before, {"complete": False})

    start = cpu_snapshot()
    runs = run_all(paths, args.repeats, args.timeout, after_each)
    end = cpu_snapshot()
    load_after = os.getloadavg()
    rows = [summarize(name, rs, args.limit) for name, rs in runs.items()]
    print()
    for line in table(rows, args.limit, args.repeats):
        print(line)
    if args.cells is not None:
        print(f"\ncells over {args.cells:g} s (median):")
        for line in slow_cells(rows, args.cells):
            print(line)
    others = others_cores(start, end)
    busy = others > OTHERS_BUSY or load_before[0] > OTHERS_BUSY * (info["usable_cpus"] or 1)
    print(f"\nload average after {_fmt_load(load_after)}; other processes kept {others:.2f} cores busy on "
          f"average during the {end[0] - start[0]:.0f} s{'  BUSY MACHINE: the times are inflated' if busy else ''}")
    over = [r["notebook"] for r in rows if r["over_limit"]]
    failed = [r["notebook"] for r in rows if r["errors"]]
    print(f"over {args.limit:g} s: {', '.join(over) if over else 'none'}" +
          (f"; FAILED: {', '.join(failed)}" if failed else ""))
    if args.json:
        write_json(args.json, info, args, runs, load_before,
                   {"complete": True, "load_after": load_after, "others_cores": others, "busy": busy})
    return 2 if failed else (1 if over else 0)


if __name__ == "__main__":
    raise SystemExit(main())
