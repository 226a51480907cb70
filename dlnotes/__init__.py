"""dlnotes: the numpy package behind the Deep Learning Specialization companion notebooks."""

from .activations import (
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    tanh,
    tanh_backward,
)
from .datasets import (
    DatasetError,
    load_catvnoncat,
    load_football,
    load_generated,
    load_planar,
    make_blobs,
    make_circles,
    make_dataset,
    make_flower,
    make_gaussian_quantiles,
    make_moons,
    make_spiral,
    make_xor,
    train_test_split,
)
from .gradcheck import gradient_check, gradients_to_vector, parameters_to_vector, vector_to_parameters
from .logistic import initialize_with_zeros, logistic_model, optimize, predict_logistic, propagate
from .model import (
    History,
    accuracy,
    backward,
    compute_cost,
    forward,
    initialize_parameters,
    learning_rate_at,
    predict,
    predict_proba,
    random_mini_batches,
    train,
    update_parameters,
)
from .plotting import plot_costs, plot_decision_boundary, plot_image_grid, plot_points

__version__ = "0.1.0"

__all__ = [
    "DatasetError", "History", "accuracy", "backward", "compute_cost", "forward", "gradient_check",
    "gradients_to_vector", "initialize_parameters", "initialize_with_zeros", "leaky_relu",
    "leaky_relu_backward", "learning_rate_at", "load_catvnoncat", "load_football", "load_generated",
    "load_planar", "logistic_model", "make_blobs", "make_circles", "make_dataset", "make_flower",
    "make_gaussian_quantiles", "make_moons", "make_spiral", "make_xor", "optimize", "parameters_to_vector",
    "plot_costs", "plot_decision_boundary", "plot_image_grid", "plot_points", "predict", "predict_logistic",
    "predict_proba", "propagate", "random_mini_batches", "relu", "relu_backward", "sigmoid",
    "sigmoid_backward", "softmax", "tanh", "tanh_backward", "train", "train_test_split",
    "update_parameters", "vector_to_parameters",
]
