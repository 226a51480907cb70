"""Solutions, Course 4 week 1: convolution and pooling step by step, written the course's way (with loops).

The four loops over the output positions share one ``_windows``: the solution notebook shows it above
conv_forward, the first solution that slides a window (``solutions_build``)."""

import numpy as np


def zero_pad(X, pad):
    """Pad the height and width of every image of X (m, n_H, n_W, n_C) with pad zeros on each side."""
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0))
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    """One filter W (f, f, n_C_prev) on one slice (f, f, n_C_prev), plus its bias b (1, 1, 1): a float."""
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    Z = Z + b.item()
    return Z


def _windows(n_H, n_W, f, stride):
    """Every output position (h, w) with its f x f window in the input: rows vert_start:vert_end, columns
    horiz_start:horiz_end, starting at h * stride and w * stride."""
    for h in range(n_H):
        for w in range(n_W):
            vert_start = h * stride
            vert_end = vert_start + f
            horiz_start = w * stride
            horiz_end = horiz_start + f
            yield h, w, vert_start, vert_end, horiz_start, horiz_end


def conv_forward(A_prev, W, b, hparameters):
    """A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev, n_C), b (1, 1, 1, n_C) -> Z, cache."""
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev + 2 * pad - f) / stride) + 1
    n_W = int((n_W_prev + 2 * pad - f) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h, w, vert_start, vert_end, horiz_start, horiz_end in _windows(n_H, n_W, f, stride):
            for c in range(n_C):
                a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                weights = W[:, :, :, c]
                biases = b[:, :, :, c]
                Z[i, h, w, c] = conv_single_step(a_slice_prev, weights, biases)
    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    """Max or average pooling of A_prev (m, n_H_prev, n_W_prev, n_C) -> A (m, n_H, n_W, n_C), cache."""
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = int(1 + (n_H_prev - f) / stride)
    n_W = int(1 + (n_W_prev - f) / stride)
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h, w, vert_start, vert_end, horiz_start, horiz_end in _windows(n_H, n_W, f, stride):
            for c in range(n_C):
                a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                if mode == "max":
                    A[i, h, w, c] = np.max(a_prev_slice)
                elif mode == "average":
                    A[i, h, w, c] = np.mean(a_prev_slice)
    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    """dZ (m, n_H, n_W, n_C) and conv_forward's cache -> dA_prev, dW, db."""
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros((m, n_H_prev, n_W_prev, n_C_prev))
    dW = np.zeros((f, f, n_C_prev, n_C))
    db = np.zeros((1, 1, 1, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h, w, vert_start, vert_end, horiz_start, horiz_end in _windows(n_H, n_W, f, stride):
            for c in range(n_C):
                a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c]
                dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                db[:, :, :, c] += dZ[i, h, w, c]
        dA_prev[i, :, :, :] = da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db


def create_mask_from_window(x):
    """A boolean matrix of x's shape, True where x holds its maximum."""
    mask = x == np.max(x)
    return mask


def distribute_value(dz, shape):
    """Spread dz evenly over a matrix of the given shape (n_H, n_W)."""
    (n_H, n_W) = shape
    average = dz / (n_H * n_W)
    a = np.ones(shape) * average
    return a


def pool_backward(dA, cache, mode="max"):
    """dA (m, n_H, n_W, n_C) and pool_forward's cache -> dA_prev (m, n_H_prev, n_W_prev, n_C)."""
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h, w, vert_start, vert_end, horiz_start, horiz_end in _windows(n_H, n_W, f, stride):
            for c in range(n_C):
                if mode == "max":
                    a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                    mask = create_mask_from_window(a_prev_slice)
                    dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += mask * dA[i, h, w, c]
                elif mode == "average":
                    da = dA[i, h, w, c]
                    shape = (f, f)
                    dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += distribute_value(da, shape)
    return dA_prev
