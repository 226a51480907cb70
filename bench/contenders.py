"""The contenders: each ``make_*`` returns (run, result) closures doing the same training work.

``run()`` trains from the shared initial parameters and returns the final parameters as
numpy arrays (course layout: W (n[l], n[l-1]), b (n[l], 1)); ``cost_after(params)`` is
computed the same way for everybody, in float64, by ``final_cost``.
"""

from __future__ import annotations

import warnings

import numpy as np

import dlnotes
from dlnotes.model import cost_from_logits, predict_logits


def final_cost(X, Y, params, hidden="relu"):
    """Cross-entropy cost (float64) of the network ``params`` on X (n_x, m), Y (1, m)."""
    L = len(params) // 2
    Ws = [np.asarray(params[f"W{i}"], np.float64) for i in range(1, L + 1)]
    bs = [np.asarray(params[f"b{i}"], np.float64) for i in range(1, L + 1)]
    Z = predict_logits(np.asarray(X, np.float64), Ws, bs, hidden)
    return cost_from_logits(Z, np.asarray(Y, np.float64), "sigmoid")


def flops_per_iteration(dims, m):
    """Multiply-add FLOPs of one full-batch iteration without the input gradient: 2 matmuls per
    layer (Z and dW) plus dA[l-1] for every layer but the first."""
    total = 0
    for layer in range(1, len(dims)):
        mm = 2 * dims[layer] * dims[layer - 1] * m
        total += mm * (3 if layer > 1 else 2)
    return total


# --------------------------------------------------------------------------- dlnotes
def make_dlnotes(X, Y, dims, params0, lr, iters, dtype, hidden="relu"):
    start = dlnotes.Network({k: np.asarray(p, dtype) for k, p in params0.items()}, hidden)

    def run():
        p, _ = dlnotes.train(X, Y, start, dlnotes.GradientDescent(lr), iters, record_every=iters)
        return p
    return run


def make_numpy_course(X, Y, dims, params0, lr, iters, dtype, hidden="relu"):
    """The course's assignment loop written plainly: caches, dA0 computed, update by dict."""
    Xc = np.asarray(X, dtype)
    Yc = np.asarray(Y, dtype)
    L = len(dims) - 1
    g = (lambda Z: np.maximum(0, Z)) if hidden == "relu" else np.tanh

    def run():
        p = {k: np.array(v, dtype) for k, v in params0.items()}
        m = Xc.shape[1]
        for _ in range(iters):
            A, caches = Xc, []
            for layer in range(1, L + 1):
                Z = p[f"W{layer}"] @ A + p[f"b{layer}"]
                caches.append((A, Z))
                A = g(Z) if layer < L else 1 / (1 + np.exp(-Z))
            dA = -(np.divide(Yc, A) - np.divide(1 - Yc, 1 - A))
            grads = {}
            for layer in range(L, 0, -1):
                A_prev, Z = caches[layer - 1]
                if layer == L:
                    s = 1 / (1 + np.exp(-Z))
                    dZ = dA * s * (1 - s)
                elif hidden == "relu":
                    dZ = np.array(dA, copy=True)
                    dZ[Z <= 0] = 0
                else:
                    dZ = dA * (1 - np.tanh(Z) ** 2)
                grads[f"dW{layer}"] = dZ @ A_prev.T / m
                grads[f"db{layer}"] = np.sum(dZ, axis=1, keepdims=True) / m
                dA = p[f"W{layer}"].T @ dZ
            for layer in range(1, L + 1):
                p[f"W{layer}"] = p[f"W{layer}"] - lr * grads[f"dW{layer}"]
                p[f"b{layer}"] = p[f"b{layer}"] - lr * grads[f"db{layer}"]
        return p
    return run


# --------------------------------------------------------------------------- PyTorch
def _torch_inputs(torch, X, Y, params0, dtype):
    tdt = torch.float64 if dtype == np.float64 else torch.float32
    tX = torch.from_numpy(np.asarray(X, dtype))       # the same (n_x, m) array, column layout
    tY = torch.from_numpy(np.asarray(Y, dtype))
    L = len(params0) // 2
    Ws = [torch.tensor(params0[f"W{i}"], dtype=tdt) for i in range(1, L + 1)]
    bs = [torch.tensor(params0[f"b{i}"], dtype=tdt) for i in range(1, L + 1)]
    return tX, tY, Ws, bs


def _to_numpy(Ws, bs):
    p = {}
    for i, (W, b) in enumerate(zip(Ws, bs), start=1):
        p[f"W{i}"], p[f"b{i}"] = W.detach().numpy().copy(), b.detach().numpy().copy()
    return p


def make_torch_autograd(X, Y, dims, params0, lr, iters, dtype, hidden="relu"):
    import torch
    import torch.nn.functional as F

    g = torch.relu if hidden == "relu" else torch.tanh

    def run():
        tX, tY, Ws, bs = _torch_inputs(torch, X, Y, params0, dtype)
        for t in Ws + bs:
            t.requires_grad_(True)
        for _ in range(iters):
            A = tX
            for W, b in zip(Ws[:-1], bs[:-1]):
                A = g(torch.addmm(b, W, A))
            Z = torch.addmm(bs[-1], Ws[-1], A)
            loss = F.binary_cross_entropy_with_logits(Z, tY)
            loss.backward()
            with torch.no_grad():
                for t in Ws + bs:
                    t.sub_(t.grad, alpha=lr)
                    t.grad = None
        return _to_numpy(Ws, bs)
    return run


def make_torch_manual(X, Y, dims, params0, lr, iters, dtype, hidden="relu"):
    """Hand-written forward and backward with torch tensors (no autograd), in the column layout."""
    import torch

    def run():
        tX, tY, Ws, bs = _torch_inputs(torch, X, Y, params0, dtype)
        m = tX.shape[1]
        XT = tX.T
        L = len(Ws)
        with torch.inference_mode():
            for _ in range(iters):
                As, A = [tX], tX
                for layer in range(L):
                    Z = torch.addmm(bs[layer], Ws[layer], A)
                    A = (torch.relu(Z) if hidden == "relu" else torch.tanh(Z)) if layer < L - 1 else torch.sigmoid(Z)
                    As.append(A)
                dZ = (A - tY) / m
                for layer in range(L - 1, -1, -1):
                    A_prev = As[layer]
                    dW = dZ @ (XT if layer == 0 else A_prev.T)
                    db = dZ.sum(dim=1, keepdim=True)
                    if layer:
                        dA = Ws[layer].T @ dZ
                        dZ = dA * (A_prev > 0) if hidden == "relu" else dA * (1 - A_prev * A_prev)
                    Ws[layer].sub_(dW, alpha=lr)
                    bs[layer].sub_(db, alpha=lr)
        return _to_numpy(Ws, bs)
    return run


# --------------------------------------------------------------------------- scikit-learn
def make_sklearn(X, Y, dims, params0, lr, iters, dtype, hidden="relu"):
    """MLPClassifier, plain full-batch SGD (no momentum, no shuffle), warm-started from params0."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    Xr = np.ascontiguousarray(np.asarray(X, dtype).T)  # sklearn's layout: one example per row
    y = np.asarray(Y).ravel().astype(np.int64)
    L = len(dims) - 1
    m = Xr.shape[0]

    def fresh():
        clf = MLPClassifier(hidden_layer_sizes=tuple(dims[1:-1]), activation=hidden, solver="sgd",
                            alpha=0.0, batch_size=m, learning_rate="constant", learning_rate_init=lr,
                            max_iter=1, shuffle=False, momentum=0.0, nesterovs_momentum=False, tol=0.0,
                            n_iter_no_change=iters + 10, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence, and batch_size clipped on this tiny fit
            clf.fit(Xr[:2 * L + 2], np.r_[0, 1, y[:2 * L]])     # builds coefs_ and the classes
        clf.coefs_ = [np.array(params0[f"W{i}"].T, dtype) for i in range(1, L + 1)]
        clf.intercepts_ = [np.array(params0[f"b{i}"].ravel(), dtype) for i in range(1, L + 1)]
        clf.set_params(warm_start=True, max_iter=iters)
        return clf

    def run():
        clf = fresh()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(Xr, y)
        p = {}
        for i, (W, b) in enumerate(zip(clf.coefs_, clf.intercepts_), start=1):
            p[f"W{i}"], p[f"b{i}"] = W.T.copy(), b.reshape(-1, 1).copy()
        return p
    return run
