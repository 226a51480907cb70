"""dlnotes: the numpy package behind the Deep Learning Specialization companion notebooks."""

from . import layers
from .activations import (
    leaky_relu,
    leaky_relu_backward,
    log_softmax,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    softmax,
    tanh,
    tanh_backward,
)
from .autodiff import Tensor
from .conv import (
    FILTERS,
    conv_backward,
    conv_forward,
    conv_output_size,
    filter_image,
    grayscale,
    pool_backward,
    pool_forward,
    zero_pad,
)
from .datasets import (
    DataNotFoundError,
    DatasetError,
    labels_from_one_hot,
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
    make_multi_gaussian,
    make_plane,
    make_spiral,
    make_xor,
    one_hot,
    train_test_split,
)
from .formatting import format_difference, format_size, order_of_magnitude
from .gradcheck import (
    gradient_check,
    gradients_to_vector,
    layers_gradient_check,
    numerical_gradient,
    parameters_to_vector,
    relative_difference,
    vector_to_parameters,
)
from .layers import (
    Activation,
    BatchNorm,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    MaxPool2D,
    Output,
    Sequential,
    dense_layers,
)
from .logistic import initialize_with_zeros, logistic_model, optimize, predict_logistic, propagate
from .model import (
    Network,
    accuracy,
    backward,
    compute_cost,
    forward,
    hidden_activations,
    initialize_parameters,
    n_layers,
    network,
    predict,
    predict_proba,
    update_parameters,
)
from .optimizers import (
    Adam,
    GradientDescent,
    Momentum,
    RMSprop,
    initialize_adam,
    initialize_velocity,
    learning_rate_at,
    make_optimizer,
    schedule_lr_decay,
    update_lr,
    update_parameters_with_adam,
    update_parameters_with_momentum,
)
from .plotting import plot_costs, plot_decision_boundary, plot_image_grid, plot_points
from .source import show_source, source_text
from .span import DataSpan, data_span, train_in_span
from .training import History, random_mini_batches, train

__version__ = "0.1.0"

__all__ = [
    "FILTERS", "conv_backward", "conv_forward", "conv_output_size", "filter_image", "grayscale", "pool_backward",
    "pool_forward", "zero_pad",
    "DataSpan", "data_span",
    "Activation", "BatchNorm", "Conv2D", "Dense", "Dropout", "Flatten", "MaxPool2D", "Output", "Sequential",
    "dense_layers", "layers", "layers_gradient_check", "Adam", "GradientDescent", "make_optimizer", "Momentum",
    "network", "RMSprop",
    "accuracy", "backward", "compute_cost", "DataNotFoundError", "DatasetError", "format_difference",
    "format_size", "forward", "gradient_check", "gradients_to_vector", "hidden_activations", "History",
    "initialize_adam", "initialize_parameters", "initialize_velocity", "initialize_with_zeros",
    "labels_from_one_hot", "leaky_relu", "leaky_relu_backward", "learning_rate_at", "load_catvnoncat",
    "load_football", "load_generated", "load_planar", "log_softmax", "logistic_model", "make_blobs",
    "make_circles", "make_dataset", "make_flower", "make_gaussian_quantiles", "make_moons",
    "make_multi_gaussian", "make_plane", "make_spiral", "make_xor", "n_layers", "Network",
    "numerical_gradient", "one_hot", "optimize", "order_of_magnitude", "parameters_to_vector", "plot_costs",
    "plot_decision_boundary", "plot_image_grid", "plot_points", "predict", "predict_logistic",
    "predict_proba", "propagate", "random_mini_batches", "relative_difference", "relu", "relu_backward",
    "schedule_lr_decay", "show_source", "sigmoid", "sigmoid_backward", "softmax", "source_text",
    "tanh", "tanh_backward", "Tensor", "train", "train_in_span",
    "train_test_split", "update_lr", "update_parameters", "update_parameters_with_adam",
    "update_parameters_with_momentum", "vector_to_parameters",
]
