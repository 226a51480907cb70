"""Logistic regression the way Course 1 week 2 teaches it.

w is (n_x, 1), b a scalar, X (n_x, m), Y (1, m).  It is the one-layer case of
the network in ``dlnotes.model`` (W = w.T), so the forward pass, the stable
cross-entropy and the gradients are the same code, not a copy: the fast path's
``dense_forward`` / ``dense_backward`` (``dlnotes.fastpath``), as ``train`` runs them.
"""

from __future__ import annotations

import numpy as np

from . import validation as v
from .activations import sigmoid
from .fastpath import dense_backward, dense_forward
from .layers import cost_from_logits
from .training import progress_bar


def initialize_with_zeros(dim: int):
    """w = zeros (dim, 1), b = 0.0."""
    v.check_int(dim, "dim")
    return np.zeros((dim, 1)), 0.0


def _check_wbXY(w, b, X, Y):
    """Checked w (n_x, 1), b, X (n_x, m), Y (1, m); w and Y in X's float dtype (float32 stays float32)."""
    X = v.check_matrix(X, "X")
    w = v.check_matrix(w, "w", rows=X.shape[0], cols=1, dtype=X.dtype)
    if np.ndim(b) != 0 or not np.isfinite(b):
        raise ValueError(f"b must be a finite scalar, got {b!r}")  # a numpy scalar too, unlike check_real
    Y = v.check_labels(Y, X.shape[1]).astype(X.dtype, copy=False)
    return w, float(b), X, Y


def propagate_unchecked(w, b, X, Y, with_cost=True):
    """``propagate`` without its checks: the one-layer network W = w.T, b through the core's
    ``dense_forward`` (A = sigmoid(W X + b)), ``dense_backward`` (dW = (1/m)(A - Y) X^T,
    db = (1/m) sum(A - Y)) and ``cost_from_logits``.  w (n_x, 1) in X's dtype, b float,
    X (n_x, m), Y (1, m) in X's dtype.
    Returns ({"dw": (n_x, 1), "db": float}, cost or None when not with_cost)."""
    Ws, bs = [w.T], [np.full((1, 1), b, dtype=X.dtype)]
    A, caches = dense_forward(X, Ws, bs, hidden="linear", output="sigmoid", keep_probs=[], rng=None)
    dWs, dbs = dense_backward(A, Y, caches, 0.0)
    cost = cost_from_logits(caches[-1].Z, Y, "sigmoid") if with_cost else None
    return {"dw": dWs[0].T, "db": float(dbs[0][0, 0])}, cost


def propagate(w, b, X, Y):
    """Cost J = -(1/m) sum[y log a + (1-y) log(1-a)] with a = sigmoid(w.T X + b), and its gradients.

    w (n_x, 1), b scalar, X (n_x, m), Y (1, m).
    Returns ({"dw": (n_x, 1), "db": float}, cost: float).
    """
    return propagate_unchecked(*_check_wbXY(w, b, X, Y))


def optimize(w, b, X, Y, num_iterations: int = 100, learning_rate: float = 0.009,
             print_cost: bool = False, record_every: int = 100, progress: bool = False):
    """Gradient descent on w (n_x, 1) and b with X (n_x, m), Y (1, m): w -= learning_rate * dw,
    b -= learning_rate * db, ``num_iterations`` times.  A float32 X trains in float32 end to end.

    Returns ({"w": (n_x, 1), "b": float}, {"dw", "db"} of the last step, costs), where
    costs holds the cost every ``record_every`` iterations starting at 0.  ``progress=True``
    shows a progress bar (``dlnotes.training.progress_bar``).
    """
    w, b, X, Y = _check_wbXY(w, b, X, Y)
    num_iterations = v.check_int(num_iterations, "num_iterations")
    v.check_positive(learning_rate, "learning_rate")
    w = w.copy()
    costs = []
    for i in progress_bar(range(num_iterations)) if progress else range(num_iterations):
        record = i % record_every == 0
        grads, cost = propagate_unchecked(w, b, X, Y, with_cost=record)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if record:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs


def predict_logistic(w, b, X, threshold: float = 0.5) -> np.ndarray:
    """Labels (1, m): 1 where sigmoid(w.T X + b) > threshold. w (n_x, 1), X (n_x, m)."""
    X = v.check_matrix(X, "X")
    w = v.check_matrix(w, "w", rows=X.shape[0], cols=1, dtype=X.dtype)
    A = sigmoid(w.T @ X + float(b))
    return (A > threshold).astype(np.int64)


def logistic_model(X_train, Y_train, X_test, Y_test, num_iterations: int = 2000,
                   learning_rate: float = 0.5, print_cost: bool = False, progress: bool = False) -> dict:
    """The week-2 model: zero init, ``optimize``, then predictions on train and test.
    X_train (n_x, m_train), Y_train (1, m_train), X_test (n_x, m_test), Y_test (1, m_test); a float32
    X_train trains in float32 (w comes back float32).  ``progress=True`` shows a progress bar.

    Returns {"costs", "w", "b", "Y_prediction_train", "Y_prediction_test",
    "train_accuracy", "test_accuracy", "learning_rate", "num_iterations"}.
    """
    X_train = v.check_matrix(X_train, "X_train")
    X_test = v.check_matrix(X_test, "X_test", rows=X_train.shape[0])
    v.check_labels(Y_test, X_test.shape[1], "Y_test")
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost,
                                progress=progress)
    pred_train = predict_logistic(params["w"], params["b"], X_train)
    pred_test = predict_logistic(params["w"], params["b"], X_test)
    return {
        "costs": costs, "w": params["w"], "b": params["b"],
        "Y_prediction_train": pred_train, "Y_prediction_test": pred_test,
        "train_accuracy": float((pred_train == np.asarray(Y_train)).mean()),
        "test_accuracy": float((pred_test == np.asarray(Y_test)).mean()),
        "learning_rate": learning_rate, "num_iterations": num_iterations,
    }
