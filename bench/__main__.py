"""``python -m bench``: dlnotes against PyTorch (CPU) and scikit-learn, side by side.

Contenders are alternated inside one process (the order rotates every repeat), BLAS threads
are pinned to the same count for everybody, and medians, spreads and ratios are printed.
See bench/README.md for the options and how to read the table.
"""

from __future__ import annotations

import os
import sys

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines) can pick a slow kernel for a current
# numpy.  For this command only, and unless --keep-openblas-env is given, both are dropped before
# numpy loads OpenBLAS; the kernel that then runs is printed.
_DROPPED_ENV = {}
if "--keep-openblas-env" not in sys.argv and "numpy" not in sys.modules:
    for _name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if _name in os.environ:
            _DROPPED_ENV[_name] = os.environ.pop(_name)

import argparse  # noqa: E402
import io  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import dlnotes  # noqa: E402

from . import contenders as C  # noqa: E402
from .conv import bench_conv  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPREAD_DISTURBED = 0.25  # (max - min) / median above this: the run was disturbed


def optional(name):
    try:
        return __import__(name)
    except ImportError:
        return None


# --------------------------------------------------------------------------- environment
class Threads:
    """Pin BLAS/OpenMP threads for numpy (OpenBLAS via threadpoolctl) and torch (set_num_threads)."""

    def __init__(self, n, torch):
        self.n, self.torch, self.limiter = n, torch, None
        tpc = optional("threadpoolctl")
        if tpc is not None:
            self.limiter = tpc.threadpool_limits(limits=n)
        if torch is not None:
            torch.set_num_threads(n)

    def restore(self):
        if self.limiter is not None:
            self.limiter.restore_original_limits()


def describe_environment(args, torch, sklearn, threads):
    lines = [f"machine   {platform.machine()} {_cpu_name()}, {os.cpu_count()} logical CPUs, "
             f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
             f"python    {platform.python_version()}; numpy {np.__version__}; dlnotes {dlnotes.__version__}; "
             f"torch {torch.__version__ if torch else ('left out' if args.no_torch else 'MISSING')}; "
             f"scikit-learn {sklearn.__version__ if sklearn else 'MISSING'}"]
    tpc = optional("threadpoolctl")
    if tpc is None:
        lines.append("threads   threadpoolctl MISSING: numpy's BLAS threads NOT pinned "
                     "(pip install threadpoolctl); torch pinned with set_num_threads")
    else:
        for info in tpc.threadpool_info():
            if info["user_api"] == "blas":
                owner = "scipy" if "scipy.libs" in info["filepath"] else "numpy"
                lines.append(f"BLAS      {owner}: {info['internal_api']} {info['version']} kernel "
                             f"{info.get('architecture')} threads {info['num_threads']}")
    if torch is not None:
        cfg = torch.__config__.show()
        blas = "MKL" if "BLAS_INFO=mkl" in cfg else ("OpenBLAS" if "openblas" in cfg.lower() else "?")
        lines.append(f"BLAS      torch: {blas} (linked into torch), threads {torch.get_num_threads()}, "
                     f"CPU capability {torch.backends.cpu.get_cpu_capability()}")
    pause = f"each after {args.settle:g} s of sleep and an untimed call" if args.settle else "back to back"
    lines.append(f"pinned    {args.threads} thread(s) for everybody; {args.repeats} repeats, order rotated, {pause}; "
                 f"OpenBLAS env dropped for this run: {_DROPPED_ENV or 'none set'}")
    return lines


def _cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


# --------------------------------------------------------------------------- timing
SETTLE = 0.2  # seconds of sleep before each timed call (--settle)


def alternate(contenders: dict, repeats: int, settle: float = SETTLE):
    """Run every contender once per repeat, rotating the order; returns {name: [seconds, ...]}
    and {name: last result}.

    Each timed call comes after ``settle`` seconds of sleep and one untimed call of the same contender
    (``settle`` 0: neither, calls back to back).  After a call, OpenBLAS's and PyTorch's idle threads spin a
    while before they sleep, and on 2 cores they slow whoever runs next: back to back, dlnotes' float32
    convolution took 1.2-1.4x and PyTorch's 2.3-4.7x its time alone, so the ratio flattered dlnotes.  The
    sleep lets them go idle (0.05 s was not enough, 0.2 s gave PyTorch 1.2x its time alone); the untimed call
    wakes the contender's own threads (the first call after a sleep took 2-8x as long)."""
    names = list(contenders)
    times = {n: [] for n in names}
    results = {}
    for name in names:                      # warm-up (imports, first-touch, thread start)
        results[name] = contenders[name]()
    for r in range(repeats):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            if settle:
                time.sleep(settle)
                contenders[name]()
            t0 = time.perf_counter()
            results[name] = contenders[name]()
            times[name].append(time.perf_counter() - t0)
    return times, results


def summary(ts):
    med = statistics.median(ts)
    spread = (max(ts) - min(ts)) / med if med else 0.0
    return med, min(ts), spread


def table(title, times, unit, scale, ref="dlnotes.train", extra=None):
    """Print medians, minima, spreads and the ratios dlnotes / contender: of the medians, and the
    median of the per-repeat ratios (each repeat runs everybody back to back, so a busy
    neighbour slows both sides of a paired ratio alike).  Returns {name: ratio of medians}."""
    print(f"\n{title}")
    print(f"  {'contender':30s} {'median':>9s} {'min':>9s} {'spread':>7s} {'dlnotes/this':>12s} {'paired':>7s}")
    ref_ts = times.get(ref)
    ref_med = summary(ref_ts)[0] if ref_ts else None
    disturbed, ratios = [], {}
    for name, ts in times.items():
        med, lo, spread = summary(ts)
        ratio = paired = ""
        if ref_med is not None and name != ref:
            ratios[name] = ref_med / med
            ratio = f"{ref_med / med:.2f}x"
            paired = f"{statistics.median(a / b for a, b in zip(ref_ts, ts)):.2f}x"
        note = (extra or {}).get(name, "")
        flag = " !" if spread > SPREAD_DISTURBED else "  "
        print(f"  {name:30s} {med * scale:9.3f} {lo * scale:9.3f} {spread:5.0%}{flag} {ratio:>12s} "
              f"{paired:>7s}  {note}")
        if spread > SPREAD_DISTURBED:
            disturbed.append(name)
    print(f"  ({unit}; spread = (max - min) / median over the repeats)")
    if disturbed:
        print(f"  ! DISTURBED: spread over {SPREAD_DISTURBED:.0%} between repeats for {', '.join(disturbed)} "
              "(a busy neighbour?); compare ratios, rerun on a quiet machine for absolute numbers")
    return ratios


TARGETS = []  # (description, measured, met or None when not measured)


def target(description, measured, met):
    TARGETS.append((description, measured, met))


# --------------------------------------------------------------------------- work (1): cat model
def bench_cat(args, torch, sklearn):
    data = dlnotes.load_catvnoncat()
    X, Y = data.X_train, data.Y_train
    if args.quick:
        X, Y = X[:, :40], Y[:, :40]
    dims = [X.shape[0], 20, 7, 5, 1]
    m = X.shape[1]
    lr, iters = 0.0075, args.iterations
    params0 = dlnotes.initialize_parameters(dims, "he", seed=1)
    flops = C.flops_per_iteration(dims, m) * iters
    print(f"\n(1) cat model {dims}, m = {m}, full batch, relu/sigmoid, lr {lr}, {iters} iterations per run, "
          f"the same He-initialized weights for everybody; X is {X.nbytes / 2**20:.1f} MiB float64")
    checks = {}
    for dtype in (np.float64, np.float32):
        Xd = np.asarray(X, dtype)  # every contender gets the same array in the requested dtype
        makers = {"dlnotes.train": C.make_dlnotes, "numpy course-style loop": C.make_numpy_course}
        if torch is not None:
            makers["torch autograd (W @ A)"] = C.make_torch_autograd
            makers["torch hand-written backward"] = C.make_torch_manual
        if sklearn is not None and not args.no_sklearn:
            makers["sklearn MLPClassifier sgd"] = C.make_sklearn
        runs = {n: f(Xd, Y, dims, params0, lr, iters, dtype) for n, f in makers.items()}
        times, results = alternate(runs, args.repeats, args.settle)
        gflops = {n: f"{flops / summary(ts)[0] / 1e9:6.1f} GFLOP/s" for n, ts in times.items()}
        peak = matmul_peak(Xd, dims, params0, dtype, args.repeats)
        name = np.dtype(dtype).name
        ratios = table(f"  {name}: seconds per {iters} iterations ({flops / iters / 1e6:.0f} MFLOP per "
                       f"iteration; numpy's best matmul layouts on the first layer's shapes reach "
                       f"{peak:.1f} GFLOP/s)", times, "seconds", 1.0, extra=gflops)
        limit = 1.0 if dtype == np.float64 else 1.2
        r = ratios.get("torch autograd (W @ A)")
        target(f"cat {name}: dlnotes <= {limit}x torch autograd's time", "torch missing" if r is None else f"{r:.2f}x",
               None if r is None else r <= limit)
        ref = results["dlnotes.train"]
        ref_cost = C.final_cost(X, Y, ref)
        for name, p in results.items():
            cost = C.final_cost(X, Y, p)
            rel = abs(cost - ref_cost) / abs(ref_cost)
            pdiff = max(float(np.max(np.abs(np.asarray(p[k], np.float64) - ref[k])) /
                              max(np.max(np.abs(ref[k])), 1e-300)) for k in ref)
            checks[(np.dtype(dtype).name, name)] = (cost, rel, pdiff)
        if dtype == np.float32:
            bad = {k: str(v.dtype) for k, v in ref.items() if v.dtype != np.float32}
            print(f"  float32 end to end: dlnotes parameters after training "
                  f"{'all float32' if not bad else f'UPCAST {bad}'}; {float32_trace(Xd, Y, dims, params0)}")
    print("\n  equal results: cost after the last update (float64 evaluation) and the largest relative "
          "parameter difference to dlnotes")
    for (dt, name), (cost, rel, pdiff) in checks.items():
        tol = 1e-9 if dt == "float64" else 1e-4
        ok = "ok" if (rel <= tol or name == "dlnotes.train") else "MISMATCH"
        print(f"    {dt:8s} {name:30s} cost {cost:.12f}  rel.diff {rel:8.1e}  params {pdiff:8.1e}  "
              f"(tolerance {tol:.0e}) {ok}")
    if ("float64", "torch autograd (W @ A)") in checks:
        rel = checks[("float64", "torch autograd (W @ A)")][1]
        target("cat float64: cost after the run equals torch autograd's to 1e-9 relative", f"{rel:.1e}", rel <= 1e-9)
    memory(X, Y, dims, params0, lr, min(iters, 20))


def matmul_peak(X, dims, params0, dtype, repeats):
    """GFLOP/s of the first layer's two matmuls alone (W1 X and dZ1 X^T), best layout found."""
    W = np.asarray(params0["W1"], dtype)
    dZ = np.ones((dims[1], X.shape[1]), dtype)
    Xc, Xf = np.ascontiguousarray(X), np.asfortranarray(X)
    fwd = [lambda: W @ Xc, lambda: W @ Xf, lambda: (Xf.T @ W.T)]
    bwd = [lambda: dZ @ Xf.T, lambda: dZ @ Xc.T, lambda: Xc @ dZ.T]
    best = 0.0
    for f in fwd:
        for _ in range(2):
            f()
    for b in bwd:
        b()
    tf = min(_best_time(f, repeats) for f in fwd)
    tb = min(_best_time(b, repeats) for b in bwd)
    best = 2 * 2 * W.size * X.shape[1] / (tf + tb) / 1e9
    return best


def _best_time(f, repeats):
    ts = []
    for _ in range(max(3, repeats)):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return min(ts)


def float32_trace(X, Y, dims, params0):
    """Run one float32 forward/backward/update through dlnotes' unchecked hot path and report any
    array that is not float32."""
    from dlnotes.fastpath import dense_backward, dense_forward
    p = {k: np.asarray(v, np.float32) for k, v in params0.items()}
    L = len(dims) - 1
    Ws = [p[f"W{i}"] for i in range(1, L + 1)]
    bs = [p[f"b{i}"] for i in range(1, L + 1)]
    Y32 = np.asarray(Y, np.float32)
    bad = []
    for hidden in ("relu", "tanh", "leaky_relu", "sigmoid"):
        AL, caches = dense_forward(X, Ws, bs, hidden, "sigmoid", [0.8] * (L - 1), np.random.default_rng(0))
        dWs, dbs = dense_backward(AL, Y32, caches, 0.7)
        arrays = [AL, *dWs, *dbs] + [a for c in caches for a in (c.Z, c.A, c.D) if a is not None]
        bad += [f"{hidden}:{a.dtype}" for a in arrays if a.dtype != np.float32]
    return "forward/backward (4 activations, dropout, L2) all float32" if not bad else f"UPCASTS {bad}"


def memory(X, Y, dims, params0, lr, iters):
    """Peak memory allocated while training (tracemalloc sees numpy's buffers)."""
    pbytes = sum(v.nbytes for v in params0.values())
    print(f"\n  memory (tracemalloc, {iters} iterations; X {X.nbytes / 2**20:.1f} MiB + parameters "
          f"{pbytes / 2**20:.2f} MiB already allocated before training)")
    for dtype in (np.float64, np.float32):
        Xd = np.asarray(X, dtype)
        start = dlnotes.Network({k: np.asarray(p, dtype) for k, p in params0.items()})
        tracemalloc.start()
        dlnotes.train(Xd, Y, start, dlnotes.GradientDescent(lr), iters, record_every=iters)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        base = Xd.nbytes + pbytes
        total = Xd.nbytes + peak
        print(f"    {np.dtype(dtype).name:8s} X given as {np.dtype(dtype).name}: peak extra {peak / 2**20:7.2f} MiB; "
              f"X + peak = {total / base:.2f}x (X + parameters)  (target < 3x) "
              f"{'ok' if total < 3 * base else 'OVER'}")
        target(f"cat {np.dtype(dtype).name}: peak memory < 3x (X + parameters)", f"{total / base:.2f}x",
               total < 3 * base)


# --------------------------------------------------------------------------- work (2): planar
def bench_planar(args, torch):
    X, Y = dlnotes.load_planar()
    dims = [2, 4, 1]
    iters = 200 if args.quick else 2000
    lr = 1.2
    params0 = dlnotes.initialize_parameters(dims, "random", seed=2, scale=0.01)
    print(f"\n(2) planar (flower) network {dims}, tanh/sigmoid, m = {X.shape[1]}, lr {lr}, {iters} iterations "
          "per run, float64")
    makers = {"dlnotes.train": C.make_dlnotes, "numpy course-style loop": C.make_numpy_course}
    if torch is not None:
        makers["torch hand-written backward"] = C.make_torch_manual
        makers["torch autograd (W @ A)"] = C.make_torch_autograd
    runs = {n: f(X, Y, dims, params0, lr, iters, np.float64, "tanh") for n, f in makers.items()}
    times, results = alternate(runs, args.repeats, args.settle)
    ref = C.final_cost(X, Y, results["dlnotes.train"], "tanh")
    costs = {n: f"final cost {C.final_cost(X, Y, p, 'tanh'):.12f}" for n, p in results.items()}
    ratios = table("  microseconds per iteration (targets: <= 40 us, <= 0.6x the hand-written torch loop)",
                   {n: [t / iters for t in ts] for n, ts in times.items()}, "microseconds per iteration", 1e6,
                   extra=costs)
    # an absolute time on a shared machine: judged on the best repeat (as timeit advises), median shown
    med, best, _ = summary(times["dlnotes.train"])
    us, us_med = best / iters * 1e6, med / iters * 1e6
    target("planar: dlnotes <= 40 us per iteration (best repeat)", f"{us:.1f} us (median {us_med:.1f} us)",
           us <= 40)
    r = ratios.get("torch hand-written backward")
    target("planar: dlnotes <= 0.6x the hand-written torch loop", "torch missing" if r is None else f"{r:.2f}x",
           None if r is None else r <= 0.6)
    print(f"  dlnotes final cost {ref:.12f}")


# --------------------------------------------------------------------------- work (3): redraw
def bench_redraw(args):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X, Y = dlnotes.load_planar()
    params, _ = dlnotes.train(X, Y, dlnotes.network([2, 4, 1], "tanh", init="random", seed=2),
                              dlnotes.GradientDescent(1.2), 200 if args.quick else 2000, seed=2)

    def predict_fn(grid):
        return dlnotes.predict_proba(grid, params, "tanh")

    grid, _ = dlnotes.plotting.boundary_grid(X, 100)
    n = 5 if args.quick else 30
    pred, draw = [], []
    fig, ax = plt.subplots(figsize=(5, 4))
    for _ in range(n + 2):
        t0 = time.perf_counter()
        predict_fn(grid)
        t1 = time.perf_counter()
        ax.clear()
        dlnotes.plot_decision_boundary(predict_fn, X, Y, ax=ax, title="planar")
        fig.savefig(io.BytesIO(), format="png", dpi=72)
        t2 = time.perf_counter()
        pred.append(t1 - t0)
        draw.append(t2 - t1)
    plt.close(fig)
    pred, draw = np.array(pred[2:]) * 1e3, np.array(draw[2:]) * 1e3
    print(f"\n(3) decision-boundary redraw, {n} redraws of a 100 x 100 grid into an Agg PNG (5 x 4 in, 72 dpi)")
    print(f"  grid prediction (10,000 points):    p50 {np.percentile(pred, 50):8.3f} ms   "
          f"p95 {np.percentile(pred, 95):8.3f} ms")
    print(f"  plot_decision_boundary + PNG save:  p50 {np.percentile(draw, 50):8.3f} ms   "
          f"p95 {np.percentile(draw, 95):8.3f} ms")


def bench_nbval():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("\n(3b) nbval: no notebooks yet, skipped")
        return
    cmd = [sys.executable, "-m", "pytest", "-q", "-rf", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
           str(ROOT / "tests" / "nbval_sanitize.cfg"), str(ROOT / "notebooks")]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    last = (proc.stdout.strip().splitlines() or ["?"])[-1]
    print(f"\n(3b) nbval over {len(notebooks)} notebook(s): {dt:.1f} s (target < 300 s) "
          f"{'ok' if dt < 300 else 'OVER'}; pytest: {last}")
    for line in proc.stdout.splitlines():
        if line.startswith("FAILED"):
            print(f"  {line[:160]}")
    target("nbval: the whole notebook suite in under 5 minutes", f"{dt:.0f} s", dt < 300)


# --------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2, help="BLAS / OpenMP threads for everybody (default 2)")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per contender (default 5)")
    ap.add_argument("--settle", type=float, default=SETTLE,
                    help=f"seconds of sleep, then one untimed call, before each timed call (default {SETTLE}; "
                         "0: back to back, where one library's spinning threads slow the next)")
    ap.add_argument("--iterations", type=int, default=100, help="cat model iterations per run (default 100)")
    ap.add_argument("--only", choices=["cat", "planar", "redraw", "conv"], action="append",
                    help="run only this part (may be repeated)")
    ap.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    ap.add_argument("--no-sklearn", action="store_true", help="leave scikit-learn out (it is slow)")
    ap.add_argument("--nbval", action="store_true", help="also time the full nbval run (slow)")
    ap.add_argument("--quick", action="store_true", help="tiny smoke run: 40 examples, few iterations")
    ap.add_argument("--keep-openblas-env", action="store_true",
                    help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE if set (default: dropped for this run)")
    args = ap.parse_args(argv)
    if args.settle < 0:
        ap.error(f"--settle must be >= 0 seconds, got {args.settle}")
    if args.quick:
        args.repeats, args.iterations, args.settle = min(args.repeats, 2), min(args.iterations, 5), 0.0
    torch = None if args.no_torch else optional("torch")
    sklearn = optional("sklearn")
    missing = [n for n, mod, skip in (("torch==2.13.0 (CPU)", torch, args.no_torch),
                                      ("scikit-learn", sklearn, args.no_sklearn),
                                      ("threadpoolctl", optional("threadpoolctl"), False)) if mod is None and not skip]
    threads = Threads(args.threads, torch)
    print("dlnotes benchmark: python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]))
    for line in describe_environment(args, torch, sklearn, threads):
        print(line)
    if missing:
        print(f"MISSING   {', '.join(missing)}: those contenders are skipped "
              f"(.venv/bin/pip install {' '.join(n.split(' ')[0] for n in missing)})")
    parts = args.only or ["cat", "planar", "redraw", "conv"]
    t0 = time.perf_counter()
    try:
        if "cat" in parts:
            bench_cat(args, torch, sklearn)
        if "planar" in parts:
            bench_planar(args, torch)
        if "redraw" in parts:
            bench_redraw(args)
        if "conv" in parts:
            bench_conv(args, torch, alternate, table, target)
    finally:
        threads.restore()
    if args.nbval:
        bench_nbval()
    if args.quick:
        print("\n(quick mode: smaller work than the issue's, so its targets are not judged)")
    elif TARGETS:
        print("\ntargets (issue 6)")
        for description, measured, met in TARGETS:
            verdict = "not measured" if met is None else ("met" if met else "NOT MET")
            print(f"  {verdict:12s} {description}: {measured}")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"bench took {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
