"""The speed tricks of dense networks, in one place.

``dense_forward`` and ``dense_backward`` compute what the layers of ``dlnotes.layers`` compute for the
course's dense network ([Dense -> (BatchNorm) -> Activation -> (Dropout)] * (L-1) -> Dense -> Output),
with the same operations in the same order, so the numbers are the same bit for bit (tests/core prove
it).  They exist for speed only, and no notebook shows them.  Their tricks:

- one loop over the lists Ws, bs with no layer objects and no argument checks (the callers check once);
- ``XT``: X.T laid out row-major, so the first layer's products Z1 = (X^T W1^T)^T and dW1 = dZ1 X^T run
  as OpenBLAS's fastest row-major GEMM for a wide X (the 12288-pixel cats; see bench/README.md);
- ``out=``: the gradients are written into preallocated arrays (the training loop's flat buffer);
- ``np.add.reduce`` in place of ``ndarray.sum`` (the same reduction without its Python wrapper);
- a one-row W (one output unit) makes W^T dZ an outer product, done by broadcasting (the same bits
  as BLAS, a few microseconds sooner);
- in-place updates of dZ and dA; no gradient for X;
- L1's subgradient and batch norm folded into the same loop;
- ``dense_side_by_side``: K small networks trained as one block-diagonal network, one forward and one
  backward pass per iteration for all K.

Its users: ``training.DenseFastPath`` (``train`` on a dense network), logistic regression's
``optimize``, the c1w3 lesson (its networks trained side by side), and ``python -m bench``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.linalg import block_diag

from . import batchnorm
from .activations import ACTIVATIONS, LEAKY_SLOPE, OUTPUTS
from .validation import count_layers


class DenseCache(NamedTuple):
    """What dense layer l's forward step keeps for its backward step.

    A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1), Z and A = g(Z) (n[l], m),
    D: the inverted-dropout mask already divided by keep_prob (n[l], m), or None;
    ``activation``: the name of g (and ``slope`` for leaky ReLU), so backward needs no name.
    With batch norm, Z is the normalized, scaled and shifted Z~ that g received, ``bn`` the
    batch-norm cache and ``stats`` the batch's (mean, var) for the running averages.
    """

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    Z: np.ndarray
    A: np.ndarray
    D: np.ndarray | None
    activation: str
    slope: float = LEAKY_SLOPE
    bn: batchnorm.BatchNormCache | None = None
    stats: tuple | None = None


def dense_forward(X, Ws, bs, hidden, output, keep_probs, rng, slope=LEAKY_SLOPE, XT=None, bn=None):
    """Unchecked forward pass over the lists Ws, bs; returns (AL, [DenseCache] * L).  ``keep_probs``: one
    per hidden layer, masks drawn from the Generator ``rng``.  ``XT``, when given, is X.T laid out
    row-major: the first layer then computes Z1 = (X^T W1^T)^T.  ``bn``: the hidden layers'
    ``model.BatchNormState``; Z[l] is then normalized with the batch's statistics."""
    g = ACTIVATIONS[hidden][0]
    caches = []
    append = caches.append
    A = X
    last = len(Ws) - 1
    for layer in range(last + 1):
        W, b, A_prev = Ws[layer], bs[layer], A
        Z = (XT @ W.T).T if layer == 0 and XT is not None else W @ A_prev
        Z += b
        if layer == last:
            A = OUTPUTS[output](Z)
            append(DenseCache(A_prev, W, b, Z, A, None, output, slope))
            break
        bn_cache = stats = None
        if bn is not None:
            Z, bn_cache, mu, var = batchnorm.normalize(Z, bn.gammas[layer], bn.betas[layer])
            stats = (mu, var)
        A = g(Z, slope)
        D = None
        if keep_probs[layer] < 1.0:
            # inverted dropout: keep where a uniform draw is below keep_prob, rescale by 1/keep_prob
            D = (rng.random(Z.shape, dtype=Z.dtype) < keep_probs[layer]) * Z.dtype.type(1.0 / keep_probs[layer])
        append(DenseCache(A_prev, W, b, Z, A, D, hidden, slope, bn_cache, stats))
        if D is not None:
            A = A * D
    return A, caches


def dense_backward(AL, Y, caches, lambd, XT=None, out=None, bn_out=None, l1=0.0):
    """Unchecked gradients (dWs, dbs) of the cost from ``dense_forward``'s caches; never the gradient
    with respect to X.

    Each hidden layer's g' comes from its cache's recorded activation.  Everything stays in AL's
    dtype (float32 in, float32 out).  ``XT``: X.T laid out row-major, so that dW1 = dZ1 X^T is a
    plain row-major product.  ``out``: optional lists (dWs, dbs) of preallocated C-contiguous
    arrays the gradients are written into (the training loop's flat buffer).  ``bn_out``: lists
    (dgammas, dbetas) of (n[l], 1) arrays that receive the hidden layers' batch-norm gradients.
    ``lambd`` adds (lambd/m) W[l] to dW[l] (L2), ``l1`` adds (l1/(2m)) sign(W[l]).
    """
    m = Y.shape[1]
    dtype = AL.dtype
    dZ = AL - Y
    dZ *= 1.0 / m  # sigmoid/softmax with cross-entropy, linear with squared error: dZ[L] = (A[L] - Y) / m
    L = len(caches)
    dWs, dbs = [None] * L, [None] * L
    reduce = np.add.reduce  # what ndarray.sum calls, without its Python wrapper
    for layer in range(L - 1, -1, -1):
        c = caches[layer]
        right = XT if layer == 0 and XT is not None else c.A_prev.T
        if out is None:
            dW = dZ @ right
            db = reduce(dZ, axis=1, keepdims=True)
        else:
            dW = np.matmul(dZ, right, out=out[0][layer])
            db = reduce(dZ, axis=1, keepdims=True, out=out[1][layer])
        if lambd:
            dW += (lambd / m) * c.W
        if l1:
            dW += (l1 / (2 * m)) * np.sign(c.W)  # the subgradient of |w|: 0 at w = 0
        dWs[layer] = dW
        dbs[layer] = db
        if layer:
            prev = caches[layer - 1]
            W = c.W
            # a one-row W (a single output unit) makes W^T dZ an outer product: every entry is one
            # multiplication, so broadcasting gives the same bits as BLAS, about 4 us sooner
            dA = W.T * dZ if W.shape[0] == 1 else W.T @ dZ
            if prev.D is not None:
                dA *= prev.D
            gz = ACTIVATIONS[prev.activation][1](prev.A, prev.Z, prev.slope)
            if gz.dtype != dtype and gz.dtype != bool:
                gz = gz.astype(dtype)  # leaky_relu's derivative is built in float64
            dA *= gz
            dZ = dA
            if prev.bn is not None:  # back through Z~ = gamma * Z_norm + beta to Z
                dZ, dgamma, dbeta = batchnorm.normalize_backward(dZ, prev.bn)
                bn_out[0][layer - 1][...] = dgamma
                bn_out[1][layer - 1][...] = dbeta
    return dWs, dbs


# --------------------------------------------------------------------------- several networks as one
def _stack(starts, shared, dtype):
    """Block-diagonal weights, stacked biases and the masks that keep the blocks apart, in ``dtype``."""
    Ws, bs, masks = [], [], []
    for layer in range(1, count_layers(starts[0]) + 1):
        blocks = [np.asarray(p[f"W{layer}"], dtype=dtype) for p in starts]
        if layer == 1 and shared:  # every network reads the same X: W1's blocks are stacked rows
            Ws.append(np.vstack(blocks))
            masks.append(None)
        else:
            Ws.append(block_diag(*blocks))
            masks.append(block_diag(*[np.ones_like(b) for b in blocks]))
        bs.append(np.vstack([np.asarray(p[f"b{layer}"], dtype=dtype) for p in starts]))
    return Ws, bs, masks


def _unstack(Ws, bs, starts, shared):
    """The K networks' parameters dicts (float64) out of the trained block-diagonal one."""
    L = len(Ws)
    first = [0] * (L + 1)  # first[l]: the current network's first unit of layer l (l = 0: its first row of X)
    nets = []
    for p in starts:
        net = {}
        for layer in range(1, L + 1):
            n, n_prev = p[f"W{layer}"].shape
            r, c = first[layer], (0 if layer == 1 and shared else first[layer - 1])
            net[f"W{layer}"] = Ws[layer - 1][r:r + n, c:c + n_prev].astype(np.float64)
            net[f"b{layer}"] = bs[layer - 1][r:r + n].astype(np.float64)
        first = [first[0] + p["W1"].shape[1]] + [first[lay] + p[f"W{lay}"].shape[0] for lay in range(1, L + 1)]
        nets.append(net)
    return nets


def dense_side_by_side(X, Y, starts, shared, hidden, learning_rate, iterations, dtype):
    """Unchecked gradient descent on K dense networks with one sigmoid output each, trained as ONE network:
    its W[l] are the K networks' W[l] on a block diagonal (the gradient is masked to the blocks after every
    backward pass, so the networks never mix) and its K outputs are theirs.  ``starts``: the K starting
    parameters dicts {"W1", "b1", ...} (no batch norm, the same number of layers); X (n_x, m) the data they
    all read when ``shared``, else their inputs stacked (sum of n_x, m); Y (K, m) their labels, in ``dtype``.
    ``iterations``: an iterable, one step per item (a progress bar, or a range).
    Returns the K trained parameters dicts (float64)."""
    Ws, bs, masks = _stack(starts, shared, dtype)
    XT = np.ascontiguousarray(X.T)  # dW1 = dZ1 X^T as train computes it
    keep = (1.0,) * (len(Ws) - 1)
    for _ in iterations:
        AL, caches = dense_forward(X, Ws, bs, hidden, "sigmoid", keep, None)
        dWs, dbs = dense_backward(AL, Y, caches, 0.0, XT)
        for p, g, M in zip(Ws + bs, dWs + dbs, masks + [None] * len(bs)):
            if M is not None:
                g *= M
            p -= learning_rate * g
    return _unstack(Ws, bs, starts, shared)
