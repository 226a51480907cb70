"""Solutions, Course 1 week 3: planar data classification with one hidden layer.

The notebook provides sigmoid (dlnotes'), as the course's planar_utils does; nn_model calls the
other six exercises by name, as in the course.
"""

import copy

import numpy as np

from dlnotes import sigmoid


def layer_sizes(X, Y):
    """(n_x, n_h, n_y): input size, 4 hidden units, output size."""
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    """W1 (n_h, n_x) and W2 (n_y, n_h) drawn as randn * 0.01; b1 (n_h, 1) and b2 (n_y, 1) zeros."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    """A2 (1, m) and the cache {"Z1", "A1", "Z2", "A2"}: tanh hidden layer, sigmoid output."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    """Cross-entropy cost -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)), a float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    return float(np.squeeze(cost))


def backward_propagation(parameters, cache, X, Y):
    """Gradients {"dW1", "db1", "dW2", "db2"} of the cost."""
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient-descent step on a copy of the parameters."""
    parameters = copy.deepcopy(parameters)
    for key in ("W1", "b1", "W2", "b2"):
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    """Train the one-hidden-layer network; returns the learned parameters."""
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


def predict(parameters, X):
    """Labels (1, m): 1 where the network's A2 > 0.5, else 0."""
    A2, cache = forward_propagation(X, parameters)
    predictions = (A2 > 0.5).astype(float)
    return predictions
