"""A tiny reverse-mode automatic differentiation on numpy arrays: what a framework does for you.

A ``Tensor`` holds a numpy array (``value``) and remembers the operation and the tensors that made
it.  Build a cost from tensors with +, -, *, @ and the methods relu, sigmoid, tanh, log, sum, mean;
``cost.backward()`` then visits the graph in reverse topological order and leaves dJ/dT in every
tensor's ``grad`` (same shape as its value).  The chain rule is written once per operation (its
local derivative), never per network: that is the whole idea of TensorFlow, PyTorch or JAX.

Shapes follow numpy: + and * broadcast (b (n, 1) added to Z (n, m)), and the gradient of a
broadcast operand is summed back to its own shape (``unbroadcast``); @ is the matrix product
of 2-D arrays, W (n, k) @ A (k, m) -> (n, m).
"""

from __future__ import annotations

import numbers

import numpy as np

from .activations import sigmoid


def unbroadcast(grad, shape) -> np.ndarray:
    """Sum ``grad`` over the axes numpy broadcast to reach grad.shape from ``shape``; returns an
    array of ``shape``: the gradient of b (n, 1) in Z = W @ A + b is the row sum of dZ (n, m)."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _as_array(value, name: str) -> np.ndarray:
    if isinstance(value, Tensor):
        return value.value
    array = np.asarray(value)
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.floating)
                                   or np.issubdtype(array.dtype, np.integer)):
        raise ValueError(f"{name} must be a real number or numeric array, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or inf")
    return array


class Tensor:
    """A value (numpy float64 array of any shape, or a scalar as shape ()) in a computation graph.

    ``grad`` is None until ``backward`` runs on a tensor computed from this one; then it has the
    shape of ``value``.  ``op`` names the operation that made the tensor ("" for an input)."""

    __array_ufunc__ = None  # array + Tensor, array @ Tensor: numpy hands over to the Tensor's methods

    def __init__(self, value, name: str = ""):
        self.value = _as_array(value, name or "value")
        self.grad = None
        self.parents = ()  # an operation's output: pairs (input tensor, function dOut -> that input's share)
        self.op = ""
        self.name = name

    @classmethod
    def _result(cls, value, parents, op):
        """An operation's output: its value is computed from checked tensors, so it is not checked again."""
        out = cls.__new__(cls)
        out.value, out.grad, out.parents, out.op, out.name = np.asarray(value, dtype=np.float64), None, parents, op, ""
        return out

    @property
    def shape(self) -> tuple:
        """The shape of ``value``."""
        return self.value.shape

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        made = f", from {self.op}" if self.op else ""
        return f"Tensor{label}(shape {self.shape}{made})"

    # ------------------------------------------------------------------ operations
    def __add__(self, other):
        other = _lift(other)
        try:
            out = self.value + other.value
        except ValueError:
            raise ValueError(f"other: shapes {self.shape} and {other.shape} do not broadcast for +") from None
        return Tensor._result(out, ((self, lambda g: unbroadcast(g, self.shape)),
                            (other, lambda g: unbroadcast(g, other.shape))), "+")

    __radd__ = __add__

    def __neg__(self):
        return Tensor._result(-self.value, ((self, lambda g: -g),), "neg")

    def __sub__(self, other):
        return self + (-_lift(other))

    def __rsub__(self, other):
        return _lift(other) + (-self)

    def __mul__(self, other):
        other = _lift(other)
        try:
            out = self.value * other.value
        except ValueError:
            raise ValueError(f"other: shapes {self.shape} and {other.shape} do not broadcast for *") from None
        return Tensor._result(out, ((self, lambda g: unbroadcast(g * other.value, self.shape)),
                            (other, lambda g: unbroadcast(g * self.value, other.shape))), "*")

    __rmul__ = __mul__

    def __matmul__(self, other):
        other = _lift(other)
        if self.value.ndim != 2 or other.value.ndim != 2 or self.shape[1] != other.shape[0]:
            raise ValueError(f"other: expected a matrix with {self.shape[1] if self.value.ndim == 2 else '?'} "
                             f"rows to multiply {self.shape}, got shape {other.shape}")
        # Z = W @ A:  dW = dZ @ A^T,  dA = W^T @ dZ
        return Tensor._result(self.value @ other.value, ((self, lambda g: g @ other.value.T),
                                                          (other, lambda g: self.value.T @ g)), "@")

    def __rmatmul__(self, other):
        return _lift(other) @ self

    def relu(self):
        """max(0, x) elementwise; its derivative is 1 where x > 0, else 0."""
        return Tensor._result(np.maximum(self.value, 0), ((self, lambda g: g * (self.value > 0)),), "relu")

    def sigmoid(self):
        """1 / (1 + e^-x) elementwise; derivative s (1 - s)."""
        s = sigmoid(self.value)
        return Tensor._result(s, ((self, lambda g: g * s * (1 - s)),), "sigmoid")

    def tanh(self):
        """tanh(x) elementwise; derivative 1 - tanh(x)^2."""
        t = np.tanh(self.value)
        return Tensor._result(t, ((self, lambda g: g * (1 - t * t)),), "tanh")

    def log(self):
        """Natural log elementwise, of positive values only; derivative 1 / x."""
        if (self.value <= 0).any():
            raise ValueError(f"self: log needs positive values, got a minimum of {self.value.min():.3g}")
        return Tensor._result(np.log(self.value), ((self, lambda g: g / self.value),), "log")

    def sum(self):
        """The sum of all entries, a scalar tensor (shape ()); each entry's derivative is 1."""
        return Tensor._result(self.value.sum(), ((self, lambda g: np.broadcast_to(g, self.shape).copy()),), "sum")

    def mean(self):
        """The mean of all entries, a scalar tensor (shape ()); each entry's derivative is 1/size."""
        n = self.value.size
        return Tensor._result(self.value.mean(), ((self, lambda g: np.broadcast_to(g / n, self.shape).copy()),),
                              "mean")

    # ------------------------------------------------------------------ reverse mode
    def backward(self):
        """Fill ``grad`` = d(self)/d(T) for every tensor T this scalar was computed from.

        Visits the graph once in reverse topological order (every tensor after all the tensors
        computed from it), so each grad is complete before it is passed on.  Gradients of an
        earlier ``backward`` are replaced, not accumulated."""
        if self.value.size != 1:
            raise ValueError(f"self: backward starts from a scalar (a cost), got shape {self.shape}")
        order = topological_order(self)
        for t in order:
            t.grad = None
        self.grad = np.ones_like(self.value)
        for t in reversed(order):
            for parent, local in t.parents:
                share = local(t.grad)
                parent.grad = share if parent.grad is None else parent.grad + share


def _lift(x) -> Tensor:
    """x as a Tensor: a number or an array becomes a constant input."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (numbers.Real, np.ndarray)):
        return Tensor(x, name="other")
    raise ValueError(f"other: expected a Tensor, a number or a numpy array, got {type(x).__name__}")


def topological_order(root: Tensor) -> list:
    """Every tensor ``root`` depends on (root included), each after all of its parents; a depth-first
    search with an explicit stack (no recursion limit for long graphs)."""
    if not isinstance(root, Tensor):
        raise ValueError(f"root: expected a Tensor, got {type(root).__name__}")
    order, seen, stack = [], {id(root)}, [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        for parent, _ in parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, iter(parent.parents)))
                break
        else:
            order.append(node)
            stack.pop()
    return order


__all__ = ["Tensor", "topological_order", "unbroadcast"]
