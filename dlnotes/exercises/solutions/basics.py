"""Solutions, Course 1 week 2: Python basics with numpy."""

import math

import numpy as np


def basic_sigmoid(x):
    """sigmoid(x) for a number x, with math.exp."""
    s = 1 / (1 + math.exp(-x))
    return s


def sigmoid(x):
    """sigmoid(x) for a number or a numpy array x of any shape."""
    s = 1 / (1 + np.exp(-x))
    return s


def sigmoid_derivative(x):
    """sigma'(x) = s (1 - s) with s = sigmoid(x); the shape of x."""
    s = sigmoid(x)
    ds = s * (1 - s)
    return ds


def image2vector(image):
    """An image (length, height, depth) as a column (length * height * depth, 1)."""
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    return v


def normalize_rows(x):
    """x (n, m) with each row divided by its Euclidean norm."""
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x = x / x_norm
    return x


def softmax(x):
    """Row-wise softmax of x (n, m): each row exponentiated and divided by its sum."""
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    s = x_exp / x_sum
    return s


def L1(yhat, y):
    """The L1 loss sum |y - yhat| of two vectors of size m."""
    loss = np.sum(np.abs(y - yhat))
    return loss


def L2(yhat, y):
    """The L2 loss sum (y - yhat)^2 of two vectors of size m."""
    loss = np.sum(np.dot(y - yhat, y - yhat))
    return loss
