"""Part (4) of ``python -m bench``: dlnotes.conv against PyTorch's CPU conv2d and max_pool2d.

Forward and backward are timed separately, in float64 and float32, on the shapes of Course 4 (the
assignment's example) and of a small CNN on the 64 x 64 x 3 cat pictures; each side gets its own layout
(dlnotes (m, n_H, n_W, n_C), PyTorch (m, C, H, W)), converted once outside the timing.  PyTorch's backward
is ``torch.autograd.grad`` on a graph kept from one forward (``retain_graph``), so it is backward alone,
with the indices its max-pool saved; dlnotes' backward starts from the cache its forward returned (for max
pooling a ``MaxPoolCache``, which also records where each window's maximum is).  "forward + backward" (a
training step of the layer) compares like with like.
Every result is compared with PyTorch's before it is timed, so a fast wrong answer cannot win.
"""

from __future__ import annotations

import numpy as np

import dlnotes

GOAL = 2.0  # issue 22: within 2x of PyTorch

# (label, A_prev shape (m, n_H, n_W, n_C_prev), f, n_C, stride, pad)
CONV_SHAPES = [
    ("course example (10, 5, 7, 4), 3x3x8, s2 p1", (10, 5, 7, 4), 3, 8, 2, 1),
    ("cat CNN layer 1 (64, 64, 64, 3), 3x3x8, same", (64, 64, 64, 3), 3, 8, 1, 1),
    ("cat CNN layer 2 (64, 32, 32, 8), 3x3x16, same", (64, 32, 32, 8), 3, 16, 1, 1),
    ("course app. layer 1 (64, 64, 64, 3), 4x4x8, s1 p2", (64, 64, 64, 3), 4, 8, 1, 2),
]
# (label, A_prev shape, f, stride)
POOL_SHAPES = [
    ("cat CNN (64, 64, 64, 8), 2x2 s2", (64, 64, 64, 8), 2, 2),
    ("overlapping (64, 32, 32, 16), 3x3 s1", (64, 32, 32, 16), 3, 1),
    ("course app. (64, 64, 64, 8), 8x8 s8", (64, 64, 64, 8), 8, 8),
]
QUICK_M = 4  # examples per batch in --quick mode


def _nchw(torch, a):
    return torch.from_numpy(np.ascontiguousarray(a.transpose(0, 3, 1, 2)))


def _nhwc(t):
    return t.detach().numpy().transpose(0, 2, 3, 1)


def _close(ours, theirs, dtype):
    scale = max(float(np.max(np.abs(theirs))), 1e-300)
    diff = float(np.max(np.abs(np.asarray(ours, np.float64) - np.asarray(theirs, np.float64)))) / scale
    return diff, diff <= (1e-10 if dtype == np.float64 else 1e-4)


def conv_runs(torch, shape, f, n_C, stride, pad, dtype, rng):
    """{contender: callable} for the forward and for the backward of one convolution, and the check."""
    A_prev = rng.standard_normal(shape).astype(dtype)
    W = (rng.standard_normal((f, f, shape[3], n_C)) / np.sqrt(f * f * shape[3])).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    hp = {"stride": stride, "pad": pad}
    Z, cache = dlnotes.conv_forward(A_prev, W, b, hp)
    dZ = rng.standard_normal(Z.shape).astype(dtype)
    fwd = {"dlnotes.conv_forward": lambda: dlnotes.conv_forward(A_prev, W, b, hp)}
    bwd = {"dlnotes.conv_backward": lambda: dlnotes.conv_backward(dZ, cache)}
    both = {"dlnotes forward + backward": lambda: dlnotes.conv_backward(dZ, dlnotes.conv_forward(A_prev, W, b, hp)[1])}
    checks = []
    if torch is not None:
        F = torch.nn.functional
        x = _nchw(torch, A_prev).requires_grad_(True)
        w = torch.from_numpy(np.ascontiguousarray(W.transpose(3, 2, 0, 1))).requires_grad_(True)
        bias = torch.from_numpy(b.reshape(-1).copy()).requires_grad_(True)
        g = _nchw(torch, dZ)
        z = F.conv2d(x, w, bias, stride=stride, padding=pad)

        def torch_forward():
            with torch.no_grad():
                return F.conv2d(x, w, bias, stride=stride, padding=pad)

        fwd["torch conv2d"] = torch_forward
        bwd["torch conv2d backward"] = lambda: torch.autograd.grad(z, (x, w, bias), g, retain_graph=True)
        both["torch forward + backward"] = lambda: torch.autograd.grad(
            F.conv2d(x, w, bias, stride=stride, padding=pad), (x, w, bias), g)
        dx, dw, db = torch.autograd.grad(z, (x, w, bias), g, retain_graph=True)
        dA_prev, dW, db_ours = dlnotes.conv_backward(dZ, cache)
        checks = [("Z", *_close(Z, _nhwc(z), dtype)), ("dA_prev", *_close(dA_prev, _nhwc(dx), dtype)),
                  ("dW", *_close(dW, dw.numpy().transpose(2, 3, 1, 0), dtype)),
                  ("db", *_close(db_ours.reshape(-1), db.numpy(), dtype))]
    return fwd, bwd, both, checks


def pool_runs(torch, shape, f, stride, dtype, rng):
    """{contender: callable} for max-pool forward and backward, and the check."""
    A_prev = rng.standard_normal(shape).astype(dtype)
    hp = {"f": f, "stride": stride}
    A, cache = dlnotes.pool_forward(A_prev, hp)
    dA = rng.standard_normal(A.shape).astype(dtype)
    fwd = {"dlnotes.pool_forward max": lambda: dlnotes.pool_forward(A_prev, hp)}
    bwd = {"dlnotes.pool_backward max": lambda: dlnotes.pool_backward(dA, cache)}
    both = {"dlnotes forward + backward": lambda: dlnotes.pool_backward(dA, dlnotes.pool_forward(A_prev, hp)[1])}
    checks = []
    if torch is not None:
        F = torch.nn.functional
        x = _nchw(torch, A_prev).requires_grad_(True)
        g = _nchw(torch, dA)
        a = F.max_pool2d(x, f, stride=stride)

        def torch_forward():
            with torch.no_grad():
                return F.max_pool2d(x, f, stride=stride)

        fwd["torch max_pool2d"] = torch_forward
        bwd["torch max_pool2d backward"] = lambda: torch.autograd.grad(a, (x,), g, retain_graph=True)
        both["torch forward + backward"] = lambda: torch.autograd.grad(F.max_pool2d(x, f, stride=stride), (x,), g)
        (dx,) = torch.autograd.grad(a, (x,), g, retain_graph=True)
        checks = [("A", *_close(A, _nhwc(a), dtype)),
                  ("dA_prev", *_close(dlnotes.pool_backward(dA, cache), _nhwc(dx), dtype))]
    return fwd, bwd, both, checks


def bench_conv(args, torch, alternate, table, target):
    """Time every shape forward and backward, print the tables and the ratios, record the 2x targets.

    ``alternate``, ``table`` and ``target`` are bench.__main__'s timing helpers (passed in: this module is
    imported by it)."""
    rng = np.random.default_rng(0)
    repeats = args.repeats
    print("\n(4) convolution and max pooling, forward and backward: dlnotes.conv (im2col by blocks of "
          "examples, one matmul each; max pool by rows, then columns) against PyTorch's CPU conv2d / max_pool2d"
          + ("" if torch is not None else " (PyTorch missing: dlnotes alone)"))
    worst = {}
    mismatches = []
    for dtype in (np.float64, np.float32):
        name = np.dtype(dtype).name
        cases = [("conv", label, conv_runs(torch, _quick(shape, args), f, n_C, s, p, dtype, rng))
                 for label, shape, f, n_C, s, p in CONV_SHAPES]
        cases += [("max-pool", label, pool_runs(torch, _quick(shape, args), f, s, dtype, rng))
                  for label, shape, f, s in POOL_SHAPES]
        for kind, label, (fwd, bwd, both, checks) in cases:
            for what, runs in (("forward", fwd), ("backward", bwd), ("forward + backward", both)):
                times, _ = alternate(runs, repeats, args.settle)
                ref = next(iter(runs))
                ratios = table(f"  {name} {kind} {what}: {label} (milliseconds)", times, "milliseconds", 1e3,
                               ref=ref)
                for r in ratios.values():
                    key = (name, kind, what)
                    worst[key] = max(worst.get(key, 0.0), r)
            for quantity, diff, ok in checks:
                if not ok:
                    mismatches.append(f"{name} {kind} {label}: {quantity} differs by {diff:.1e} (relative)")
            if checks:
                print("  equal to PyTorch's: " + ", ".join(f"{q} {diff:.1e}" for q, diff, _ in checks)
                      + (" ok" if all(ok for *_, ok in checks) else " MISMATCH"))
    for m in mismatches:
        print(f"  MISMATCH {m}")
    print("\n  worst ratio dlnotes / PyTorch per part (goal: within 2x of PyTorch)")
    for (name, kind, what), r in worst.items():
        print(f"    {name:8s} {kind:9s} {what:18s} {r:6.2f}x  {'ok' if r <= GOAL else 'OVER'}")
        if not args.quick:
            target(f"{kind} {what} {name}: dlnotes within {GOAL:g}x of PyTorch (worst shape)", f"{r:.2f}x",
                   r <= GOAL)
    if torch is None and not args.quick:
        target("convolution and max pooling within 2x of PyTorch", "torch missing", None)
    return worst, mismatches


def _quick(shape, args):
    return (min(shape[0], QUICK_M),) + tuple(shape[1:]) if args.quick else shape
