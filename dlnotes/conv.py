"""Course 4, week 1: convolution and pooling, forward and backward, in the course's layout.

Layout (the course's, not Courses 1-2's): a batch of volumes A (m, n_H, n_W, n_C), filters
W (f, f, n_C_prev, n_C), biases b (1, 1, 1, n_C); ``hparameters`` holds ``"stride"`` and ``"pad"``
(convolution) or ``"f"`` and ``"stride"`` (pooling).  Each output side is
floor((n + 2 pad - f) / stride) + 1 (pooling: pad = 0).

The names, signatures and caches are the course's: ``conv_forward`` returns (Z, cache) with
cache = (A_prev, W, b, hparameters), ``pool_forward`` returns (A, cache) with
cache = (A_prev, hparameters) (for max pooling a ``MaxPoolCache``: that pair, also carrying where each
window's maximum is, so that ``pool_backward`` only scatters, as PyTorch's does).  Unlike the course's
loops, nothing here loops over output positions: the forward pass gathers the windows (an "im2col" matrix,
one row per output position), a block of examples at a time so that it is read back from the cache, and
multiplies each block by the filters in one matrix product; the backward pass gets every kernel offset's
share of dA_prev from one product per block and adds each offset's share to whole image rows of a
channel-first dA_prev (f^2 additions, exact when windows overlap).  Max pooling takes each window's maximum
over its rows, then over its columns (slices with long contiguous runs, which numpy runs fastest).  On large
inputs the copies and the maxima run over chunks of the examples, one per BLAS thread (``_over_examples``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

from .validation import check_finite, check_int

__all__ = ["FILTERS", "MaxPoolCache", "conv_backward", "conv_forward", "conv_output_size", "filter_image", "grayscale",
           "pool_backward", "pool_forward", "zero_pad"]

POOL_MODES = ("max", "average")

# The lectures' 3 x 3 edge detectors, applied as the course computes a convolution (no flip of the filter:
# strictly a cross-correlation).  "vertical" is bright-to-dark from left to right; each "horizontal" is its
# transpose (bright above, dark below).
FILTERS = {
    "vertical": np.array([[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]),
    "horizontal": np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -1.0, -1.0]]),
    "Sobel vertical": np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),
    "Sobel horizontal": np.array([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]),
    "Scharr vertical": np.array([[3.0, 0.0, -3.0], [10.0, 0.0, -10.0], [3.0, 0.0, -3.0]]),
    "Scharr horizontal": np.array([[3.0, 10.0, 3.0], [0.0, 0.0, 0.0], [-3.0, -10.0, -3.0]]),
}


# ---------------------------------------------------------------- validation at the public edge

def _check_volume(A, name: str, dtype=None, finite: bool = True) -> np.ndarray:
    arr = np.asarray(A)
    if arr.ndim != 4:
        raise ValueError(f"{name} must be a 4-D array (m, n_H, n_W, n_C), got shape {tuple(arr.shape)}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(arr.shape)}")
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.iscomplexobj(arr):
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if dtype is None:
        dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    arr = np.asarray(arr, dtype=dtype)
    return check_finite(arr, name) if finite else arr


def _check_hparameters(hparameters, keys: tuple[str, ...]) -> dict:
    if not isinstance(hparameters, dict):
        raise ValueError(f"hparameters must be a dict with keys {list(keys)}, got {type(hparameters).__name__}")
    missing = [k for k in keys if k not in hparameters]
    if missing:
        raise ValueError(f"hparameters must hold {list(keys)}, missing {missing} (got keys {sorted(hparameters)})")
    minimum = {"pad": 0, "stride": 1, "f": 1}
    return {k: check_int(hparameters[k], f"hparameters['{k}']", minimum[k]) for k in keys}


def _check_mode(mode) -> str:
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {list(POOL_MODES)}, got {mode!r}")
    return mode


def conv_output_size(n: int, f: int, pad: int = 0, stride: int = 1) -> int:
    """floor((n + 2 pad - f) / stride) + 1: one side of the output of an f x f window over a side of n.

    Raises ValueError when the window does not fit (f > n + 2 pad), naming the sizes.
    """
    n, f = check_int(n, "n", 1), check_int(f, "f", 1)
    pad, stride = check_int(pad, "pad", 0), check_int(stride, "stride", 1)
    if f > n + 2 * pad:
        raise ValueError(f"the {f} x {f} window must fit in the padded input: f = {f} > n + 2 pad = {n + 2 * pad}")
    return (n + 2 * pad - f) // stride + 1


def _output_shape(n_H_prev: int, n_W_prev: int, f: int, pad: int, stride: int, what: str) -> tuple[int, int]:
    if f > n_H_prev + 2 * pad or f > n_W_prev + 2 * pad:
        raise ValueError(f"{what}: the {f} x {f} window must fit in the padded input of "
                         f"{n_H_prev + 2 * pad} x {n_W_prev + 2 * pad} (n_H_prev, n_W_prev = {n_H_prev}, {n_W_prev}, "
                         f"pad = {pad}), got f = {f}")
    return (n_H_prev + 2 * pad - f) // stride + 1, (n_W_prev + 2 * pad - f) // stride + 1


def _check_conv_inputs(A_prev, W, b, hparameters):
    A_prev = _check_volume(A_prev, "A_prev")
    W = _check_volume(W, "W", dtype=np.result_type(A_prev.dtype, np.asarray(W).dtype))
    if W.dtype != A_prev.dtype:
        A_prev = A_prev.astype(W.dtype)
    f, f2, n_C_prev, n_C = W.shape
    if f != f2:
        raise ValueError(f"W must have square filters (f, f, n_C_prev, n_C), got shape {W.shape}")
    if n_C_prev != A_prev.shape[3]:
        raise ValueError(f"W must have shape ({f}, {f}, {A_prev.shape[3]}, n_C) to match A_prev's "
                         f"n_C_prev = {A_prev.shape[3]}, got {W.shape}")
    b = _check_volume(b, "b", dtype=W.dtype)
    if b.shape != (1, 1, 1, n_C):
        raise ValueError(f"b must have shape (1, 1, 1, {n_C}) to match W's n_C = {n_C}, got {b.shape}")
    hp = _check_hparameters(hparameters, ("stride", "pad"))
    _output_shape(A_prev.shape[1], A_prev.shape[2], f, hp["pad"], hp["stride"], "conv_forward")
    return A_prev, W, b, hp


def _check_cache(cache, n: int, name: str) -> tuple:
    if not isinstance(cache, tuple | list) or len(cache) != n:
        raise ValueError(f"cache must be the {n}-tuple {name} returned it, got {type(cache).__name__}"
                         f"{f' of length {len(cache)}' if isinstance(cache, tuple | list) else ''}")
    return tuple(cache)


def _check_gradient(dZ, name: str, shape: tuple, dtype) -> np.ndarray:
    dZ = _check_volume(dZ, name, dtype=np.result_type(np.asarray(dZ).dtype, dtype))
    if dZ.shape != shape:
        raise ValueError(f"{name} must have the forward output's shape {shape}, got {dZ.shape}")
    return dZ


# ---------------------------------------------------------------- the computation (trusted inputs)

# The memory-bound work (the im2col copy, the max-pool windows' maxima and positions) is split over the examples into
# as many contiguous chunks as numpy's BLAS has threads (what the caller granted it, e.g. threadpoolctl's
# threadpool_limits), run at once in a small thread pool (numpy releases the GIL in copies and ufunc loops).
# Each example is computed by the same operations either way, so the results are bit-identical; the matrix
# products stay in the calling thread.  Below PARALLEL_BYTES of input one thread does it all: two threads under load
# measured 1.1-2x slower than one up to 4 MB of input, 0.7-0.9x at 16 MB (max pooling 2 x 2; README).
PARALLEL_BYTES = 1 << 23
_blas = {"libs": None, "pool": None, "workers": 0}
os.register_at_fork(after_in_child=lambda: _blas.update(pool=None, workers=0))  # a forked child has no pool threads


def _blas_threads() -> int:
    if _blas["libs"] is None:
        _blas["libs"] = ThreadpoolController().select(user_api="blas").lib_controllers
    return max([lib.num_threads for lib in _blas["libs"]], default=1)


def _over_examples(fn, m: int, nbytes: int) -> None:
    """Call fn(examples) on contiguous slices of range(m) that cover it, one per BLAS thread, in parallel
    (one slice, in this thread, when the work is under PARALLEL_BYTES or BLAS has one thread).  fn must write
    only its examples' part of its results and do no matrix product (BLAS threads would oversubscribe)."""
    n = min(m, _blas_threads()) if nbytes >= PARALLEL_BYTES else 1
    if n <= 1:
        fn(slice(0, m))
        return
    if _blas["workers"] < n - 1:
        _blas.update(pool=ThreadPoolExecutor(max_workers=n - 1, thread_name_prefix="dlnotes-conv"), workers=n - 1)
    bounds = [m * k // n for k in range(n + 1)]
    futures = [_blas["pool"].submit(fn, slice(a, b)) for a, b in zip(bounds[1:-1], bounds[2:])]
    fn(slice(0, bounds[1]))
    for future in futures:
        future.result()


def _windows(A: np.ndarray, f: int, stride: int, n_H: int, n_W: int, writeable: bool = False) -> np.ndarray:
    """Every f x f window of A (m, H, W, C) at the stride, as a view (m, n_H, n_W, C, f, f): no copy.

    Read-only unless ``writeable`` (then A must be C-contiguous, and writing is exact only when windows do not
    overlap, stride >= f).  (numpy's ``sliding_window_view`` and a strided slice give the same view; built
    directly here it costs microseconds instead of a millisecond of Python per call.)"""
    if writeable and not A.flags.c_contiguous:
        raise ValueError("a writeable window view needs a C-contiguous array")
    A = np.ascontiguousarray(A)
    sm, sh, sw, sc = A.strides
    view = np.ndarray((A.shape[0], n_H, n_W, A.shape[3], f, f), dtype=A.dtype, buffer=A,
                      strides=(sm, sh * stride, sw * stride, sc, sh, sw))
    view.flags.writeable = writeable
    return view


def _offset_slice(i: int, j: int, stride: int, n_H: int, n_W: int) -> tuple:
    """The input positions that kernel offset (i, j) touches, over all outputs: a strided slice."""
    return (slice(None), slice(i, i + stride * (n_H - 1) + 1, stride), slice(j, j + stride * (n_W - 1) + 1, stride))


BLOCK_BYTES = 1 << 24  # im2col is built about this many bytes at a time (measured: see _im2col_blocks)


def _im2col_blocks(A_pad: np.ndarray, f: int, stride: int, n_H: int, n_W: int):
    """The windows as rows, a block of examples at a time: yields (examples, cols), a slice of the batch and
    cols (n * n_H * n_W, f * f * n_C_prev), one row per output position in W's (f, f, n_C_prev) order.

    One buffer of about BLOCK_BYTES is refilled for each block (use cols before asking for the next), so the
    matrix product that follows reads it back from the cache instead of memory: the whole batch's im2col is
    f^2 times the input, and copying it out and reading it back measured slower than the product itself."""
    m, _, _, n_C_prev = A_pad.shape
    rows = _windows(A_pad, f, stride, n_H, n_W).transpose(0, 1, 2, 4, 5, 3)  # (m, n_H, n_W, f, f, n_C_prev) view
    per = max(1, BLOCK_BYTES // (n_H * n_W * f * f * n_C_prev * A_pad.itemsize))
    buffer = np.empty((min(per, m),) + rows.shape[1:], dtype=A_pad.dtype)
    for start in range(0, m, per):
        n = min(per, m - start)
        block = rows[start:start + n]
        _over_examples(lambda e, block=block: np.copyto(buffer[e], block[e]), n, buffer[:n].nbytes)
        yield slice(start, start + n), buffer[:n].reshape(n * n_H * n_W, f * f * n_C_prev)


def _pad(X: np.ndarray, pad: int) -> np.ndarray:
    if pad == 0:
        return X
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return X_pad


# ---------------------------------------------------------------- public functions

def zero_pad(X, pad):
    """Pad the height and width of every image of X with ``pad`` zeros on each side.

    X (m, n_H, n_W, n_C) -> X_pad (m, n_H + 2 pad, n_W + 2 pad, n_C); the example and channel axes are
    not padded.
    """
    X = _check_volume(X, "X")
    return _pad(X, check_int(pad, "pad", 0))


def conv_forward(A_prev, W, b, hparameters):
    """Convolve every filter over every example: Z[i, h, w, c] = sum(window * W[..., c]) + b[..., c].

    A_prev (m, n_H_prev, n_W_prev, n_C_prev); W (f, f, n_C_prev, n_C); b (1, 1, 1, n_C);
    hparameters {"stride": s, "pad": p}.  Returns Z (m, n_H, n_W, n_C), with
    n_H = floor((n_H_prev + 2p - f) / s) + 1 (and n_W likewise), and cache = (A_prev, W, b, hparameters)
    for ``conv_backward``.  Computes in W's and A_prev's common float type.
    """
    A_prev, W, b, hp = _check_conv_inputs(A_prev, W, b, hparameters)
    stride, pad = hp["stride"], hp["pad"]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H, n_W = _output_shape(n_H_prev, n_W_prev, f, pad, stride, "conv_forward")
    Z = np.empty((m, n_H, n_W, n_C), dtype=W.dtype)
    W2 = W.reshape(-1, n_C)
    b_row = np.tile(b.reshape(-1), n_W)  # b once per output position of an image row: one long add per row
    for examples, cols in _im2col_blocks(_pad(A_prev, pad), f, stride, n_H, n_W):
        np.matmul(cols, W2, out=Z[examples].reshape(-1, n_C))  # a view: the products land in Z
        Z[examples].reshape(-1, n_W * n_C)[...] += b_row
    return Z, (A_prev, W, b, dict(hparameters))


def conv_backward(dZ, cache):
    """The gradients of the cost with respect to conv_forward's input, filters and biases.

    dZ (m, n_H, n_W, n_C), the gradient with respect to conv_forward's output; cache its
    (A_prev, W, b, hparameters).  Returns dA_prev (m, n_H_prev, n_W_prev, n_C_prev),
    dW (f, f, n_C_prev, n_C) and db (1, 1, 1, n_C).  Where windows overlap (stride < f) their
    contributions add up.
    """
    A_prev, W, b, hparameters = _check_cache(cache, 4, "(A_prev, W, b, hparameters) conv_forward")
    A_prev, W, b, hp = _check_conv_inputs(A_prev, W, b, hparameters)
    stride, pad = hp["stride"], hp["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    n_H, n_W = _output_shape(n_H_prev, n_W_prev, f, pad, stride, "conv_backward")
    dZ = _check_gradient(dZ, "dZ", (m, n_H, n_W, n_C), W.dtype)
    A_pad = _pad(A_prev, pad)
    W2 = W.reshape(-1, n_C)
    dW = np.zeros(W2.shape, dtype=dZ.dtype)
    # dA is gathered channel first, (n_C_prev, m, rows, columns): there the share of kernel offset (i, j) is added
    # to whole image rows (long inner loops), all offsets' shares coming from one product per block; one transpose
    # back at the end (measured 0.5-0.9x the time of a product and a channel-last add per offset, 1 thread)
    dA_pad = np.zeros((n_C_prev,) + A_pad.shape[:3], dtype=dZ.dtype)
    for examples, cols in _im2col_blocks(A_pad, f, stride, n_H, n_W):
        dZ_rows = dZ[examples].reshape(-1, n_C)
        dW += cols.T @ dZ_rows
        shares = (W2 @ dZ_rows.T).reshape(f, f, n_C_prev, -1, n_H, n_W)  # what each window sends to each input
        block = dA_pad[:, examples]
        for i in range(f):
            for j in range(f):
                block[(slice(None), *_offset_slice(i, j, stride, n_H, n_W))] += shares[i, j]
    db = dZ.reshape(-1, n_W * n_C).sum(axis=0).reshape(n_W, n_C).sum(axis=0).reshape(1, 1, 1, n_C)  # long rows first
    dA_prev = np.ascontiguousarray(dA_pad[:, :, pad:pad + n_H_prev, pad:pad + n_W_prev].transpose(1, 2, 3, 0))
    dW = dW.reshape(W.shape)
    return dA_prev, dW, db


def _check_pool(A_prev, hparameters, mode, what, finite=True):
    A_prev = _check_volume(A_prev, "A_prev", finite=finite)
    hp = _check_hparameters(hparameters, ("f", "stride"))
    mode = _check_mode(mode)
    n_H, n_W = _output_shape(A_prev.shape[1], A_prev.shape[2], hp["f"], 0, hp["stride"], what)
    return A_prev, hp["f"], hp["stride"], mode, n_H, n_W


class MaxPoolCache(tuple):
    """The course's max-pool cache ``(A_prev, hparameters)`` that also remembers where each window's maximum is.

    A tuple of length 2 (``A_prev, hparameters = cache`` works as the course's code and the exercise checker
    expect) with two attributes: ``positions`` (m, n_H, n_W, n_C), the index of each window's first maximum in
    reading order within its f x f window (row * f + column), and ``window`` = (f, stride) they were found
    with.  ``pool_backward`` then only scatters dA to those positions, as PyTorch's max-pool backward does with
    the indices its forward saved; given a plain ``(A_prev, hparameters)`` tuple (or a MaxPoolCache without
    positions, or with positions for another A_prev, f or stride) it finds them again.  Built like a tuple:
    ``MaxPoolCache((A_prev, hparameters), positions, window)``.  The positions are those of A_prev as it was in
    the forward pass: change A_prev in place before the backward pass and they are stale.  ``pool_forward`` also
    stores ``index``, the same positions as flat indices into A_prev (what PyTorch's max-pool saves), so that the
    backward pass is one scatter; without it (``None``) they are computed from ``positions``.
    """

    def __new__(cls, items=(), positions=None, window=None, index=None):
        # built like a tuple, so that code rebuilding a tuple as type(cache)(...) gets one (without positions)
        self = super().__new__(cls, items)
        self.positions, self.window, self.index = positions, window, index
        return self


SMALL_WINDOW = 9  # up to 3 x 3 windows the maxima are found offset by offset (measured faster); larger, by argmax


def _window_max(A_prev: np.ndarray, f: int, stride: int, n_H: int, n_W: int) -> np.ndarray:
    """Each window's maximum (m, n_H, n_W, n_C), separably: first over the f rows of every window (slices whose
    rows are contiguous, so numpy runs long inner loops), then over the f columns of what is left."""
    rows = [A_prev[:, i:i + stride * (n_H - 1) + 1:stride] for i in range(f)]  # (m, n_H, n_W_prev, n_C) views
    across = rows[0].copy()
    for row in rows[1:]:
        np.maximum(across, row, out=across)
    cols = [across[:, :, j:j + stride * (n_W - 1) + 1:stride] for j in range(f)]
    best = cols[0].copy()
    for col in cols[1:]:
        np.maximum(best, col, out=best)
    return best


def _max_positions(A_prev: np.ndarray, f: int, stride: int, n_H: int, n_W: int) -> tuple[np.ndarray, np.ndarray]:
    """Each window's maximum (m, n_H, n_W, n_C) and the index (row * f + column) of its first occurrence.

    Small windows: the maxima separably (``_window_max``), then for each offset k, in reading order, the windows
    whose maximum it holds; the first k is kept as the largest f^2 - k seen (a maximum of small integers: a
    masked ``copyto`` measured 10x slower on scattered masks).  Larger ones: one copy of the windows with each
    window's values last and one argmax (numpy's argmax returns the first maximum, as PyTorch's max-pool does).
    """
    if f * f <= SMALL_WINDOW:
        best = _window_max(A_prev, f, stride, n_H, n_W)
        count = f * f
        rank = np.zeros(best.shape, dtype=np.uint8)  # f^2 - (first k holding the maximum); every window has one
        hit, term = np.empty(best.shape, dtype=bool), np.empty(best.shape, dtype=np.uint8)
        for k in range(count):
            np.equal(A_prev[_offset_slice(k // f, k % f, stride, n_H, n_W)], best, out=hit)
            np.maximum(rank, np.multiply(hit, np.uint8(count - k), out=term), out=rank)
        return best, np.subtract(np.uint8(count), rank, out=rank)
    m, _, _, n_C = A_prev.shape
    flat = _windows(A_prev, f, stride, n_H, n_W).reshape(m, n_H, n_W, n_C, f * f)  # a copy
    positions = flat.argmax(axis=4)
    return np.take_along_axis(flat, positions[..., None], axis=4)[..., 0], positions


def pool_forward(A_prev, hparameters, mode="max"):
    """Max or average pooling of every channel of every example over f x f windows at the stride.

    A_prev (m, n_H_prev, n_W_prev, n_C); hparameters {"f": f, "stride": s}; mode "max" or "average".
    Returns A (m, n_H, n_W, n_C) with n_H = floor((n_H_prev - f) / s) + 1 (no padding, no parameters)
    and cache = (A_prev, hparameters) for ``pool_backward`` (for "max", a ``MaxPoolCache``: that tuple,
    carrying the positions of the maxima too).
    """
    A_prev, f, stride, mode, n_H, n_W = _check_pool(A_prev, hparameters, mode, "pool_forward")
    if mode == "average":
        return _windows(A_prev, f, stride, n_H, n_W).mean(axis=(4, 5)), (A_prev, dict(hparameters))
    A, positions, index = _max_pool(A_prev, f, stride, n_H, n_W)
    return A, MaxPoolCache((A_prev, dict(hparameters)), positions, (f, stride), index)


def _max_pool(A_prev: np.ndarray, f: int, stride: int, n_H: int, n_W: int):
    """Each window's maximum, its position in the window and its flat index into A_prev, over the examples in
    parallel (``_over_examples``)."""
    m, _, _, n_C = A_prev.shape
    A = np.empty((m, n_H, n_W, n_C), dtype=A_prev.dtype)
    positions = np.empty(A.shape, dtype=np.uint8 if f * f <= SMALL_WINDOW else np.intp)
    index = np.empty(A.shape, dtype=np.intp)

    def part(e):
        A[e], positions[e] = _max_positions(A_prev[e], f, stride, n_H, n_W)
        index[e] = _max_index(positions[e], A_prev.shape, f, stride, first=e.start)

    _over_examples(part, m, A_prev.nbytes)
    return A, positions, index


def _max_index(positions, shape, f, stride, first=0):
    """The flat index into A_prev (shape) of each window's maximum, for examples first, first + 1, ... of it: its
    window's origin plus its offset in the window (one lookup and two additions over the outputs: measured 0.6 ms
    against 3.8 for the sum term by term)."""
    _, n_H_prev, n_W_prev, n_C = shape
    m, n_H, n_W, _ = positions.shape
    in_window = (np.arange(f)[:, None] * (n_W_prev * n_C) + np.arange(f) * n_C).reshape(-1)
    index = in_window[positions]
    index += ((np.arange(n_H) * (stride * n_W_prev * n_C))[:, None, None] + (np.arange(n_W) * (stride * n_C))[:, None]
              + np.arange(n_C))
    index += (np.arange(first, first + m) * (n_H_prev * n_W_prev * n_C))[:, None, None, None]
    return index


def _scatter_to_maxima(dA, index, shape, overlapping):
    """dA_prev (shape): each dA[i, h, w, c] added at the flat index of its window's maximum (one thread: split over
    the examples it showed no gain under load, see README)."""
    dA_prev = np.zeros(shape, dtype=dA.dtype)
    if overlapping:  # several windows may share a maximum: their gradients add up (add.at: float32 stays float32)
        np.add.at(dA_prev.reshape(-1), index.reshape(-1), dA.reshape(-1))
    else:  # every input position receives from at most one window
        dA_prev.reshape(-1)[index.reshape(-1)] = dA.reshape(-1)
    return dA_prev


def pool_backward(dA, cache, mode="max"):
    """The gradient of the cost with respect to pool_forward's input.

    dA (m, n_H, n_W, n_C), the gradient with respect to pool_forward's output; cache its
    (A_prev, hparameters) (a ``MaxPoolCache`` or a plain tuple); mode as in the forward pass.  Returns
    dA_prev (m, n_H_prev, n_W_prev, n_C).  Max: each output's gradient goes to the position of its window's
    maximum (the first one in reading order when several are equal, as PyTorch does), taken from the cache
    when it recorded them for this A_prev, f and stride, else found again.  Average: it is spread evenly,
    1/f^2 to each.  Where windows overlap (stride < f) the contributions add up.
    """
    A_prev, hparameters = _check_cache(cache, 2, "(A_prev, hparameters) pool_forward")
    # A_prev's values are read only to find the maxima again; otherwise its shape is all that is used
    A_prev, f, stride, mode, n_H, n_W = _check_pool(A_prev, hparameters, mode, "pool_backward", finite=False)
    m, _, _, n_C = A_prev.shape
    dA = _check_gradient(dA, "dA", (m, n_H, n_W, n_C), A_prev.dtype)
    if mode == "max":
        recorded = isinstance(cache, MaxPoolCache) and cache.window == (f, stride) \
            and getattr(cache.positions, "shape", None) == (m, n_H, n_W, n_C)
        if recorded and getattr(cache.index, "shape", None) == dA.shape:
            index = cache.index
        else:
            index = _max_index(cache.positions, A_prev.shape, f, stride) if recorded else \
                _max_pool(check_finite(A_prev, "A_prev"), f, stride, n_H, n_W)[2]
        return _scatter_to_maxima(dA, index, A_prev.shape, overlapping=stride < f)
    share = dA / (f * f)
    dA_prev = np.zeros(A_prev.shape, dtype=dA.dtype)
    if stride >= f:  # no overlap: every input is in at most one window, written once through a window view
        _windows(dA_prev, f, stride, n_H, n_W, writeable=True)[...] = share[..., None, None]
        return dA_prev
    for i in range(f):  # overlapping windows: add each kernel offset's share
        for j in range(f):
            dA_prev[_offset_slice(i, j, stride, n_H, n_W)] += share
    return dA_prev


def grayscale(images):
    """Gray levels in [0, 1] of uint8 (or [0, 1] float) RGB pictures: 0.299 R + 0.587 G + 0.114 B.

    images (..., n_H, n_W, 3) -> (..., n_H, n_W) float64; a picture that is already gray (..., n_H, n_W) with no
    channel axis of 3 is returned as float64 in [0, 1].
    """
    arr = np.asarray(images)
    if arr.ndim < 2 or arr.size == 0:
        raise ValueError(f"images must be pictures (..., n_H, n_W[, 3]), got shape {arr.shape}")
    scale = 255.0 if arr.dtype == np.uint8 else 1.0
    arr = arr.astype(np.float64) / scale
    if arr.shape[-1] == 4:  # RGBA (a PNG with transparency): drop alpha
        arr = arr[..., :3]
    if arr.shape[-1] == 3 and arr.ndim >= 3:
        return arr @ np.array([0.299, 0.587, 0.114])
    return arr


def filter_image(image, kernel, pad=0, stride=1):
    """One f x f filter over one gray picture, the course's way (conv_forward with one example, one channel
    in and one out, no bias).  image (n_H_prev, n_W_prev), kernel (f, f) -> feature map (n_H, n_W) with
    n_H = floor((n_H_prev + 2 pad - f) / stride) + 1."""
    image, kernel = np.asarray(image, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"image must be one gray picture (n_H, n_W), got shape {image.shape}")
    if kernel.ndim != 2 or kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"kernel must be a square matrix (f, f), got shape {kernel.shape}")
    Z, _ = conv_forward(image[None, :, :, None], kernel[:, :, None, None], np.zeros((1, 1, 1, 1)),
                        {"stride": stride, "pad": pad})
    return Z[0, :, :, 0]
