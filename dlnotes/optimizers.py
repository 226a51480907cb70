"""Optimizers of Course 2 week 2: gradient descent, momentum, RMSprop, Adam; learning-rate decay.

Each optimizer is a small class that owns its hyperparameters (learning rate and its decay, betas,
epsilon; checked when it is made) and, once ``start(params)`` has been called on a list of parameter
arrays, its state (velocity v, squared-gradient average s, step count t); ``step(params, grads, lr)``
updates the arrays in place with the rate ``learning_rate_at(i)`` gives for iteration i.  ``step`` may
overwrite the gradients it is given (the training loop rewrites its gradient buffer every iteration),
which spares a temporary as large as the parameters per step.

The course's functions on dicts (``initialize_velocity``, ``update_parameters_with_momentum``,
``initialize_adam``, ``update_parameters_with_adam``, ``update_lr``, ``schedule_lr_decay``) are
thin faces of the same code.
"""

from __future__ import annotations

import numpy as np

from .model import trainable_keys
from .validation import check_choice, check_int, check_parameters, check_settings


def learning_rate_at(learning_rate0: float, epoch: int, decay_rate: float = 0.0,
                     time_interval: int | None = None) -> float:
    """Learning-rate decay: lr0 / (1 + decay_rate * epoch), or with ``time_interval``
    the scheduled form lr0 / (1 + decay_rate * floor(epoch / time_interval))."""
    steps = epoch if time_interval is None else epoch // time_interval
    return learning_rate0 / (1 + decay_rate * steps)


class Optimizer:
    """What every optimizer owns: the learning rate, its decay (``learning_rate_at``), the step count t."""

    settings = ()  # the names of a subclass's own settings (beta, ...), which make_optimizer passes on
    state = ()  # the names of its state lists (v, s): one array of zeros per parameter array after start

    def __init__(self, learning_rate: float = 0.0075, *, decay_rate: float = 0.0, time_interval: int | None = None):
        check_settings(learning_rate=learning_rate, decay_rate=decay_rate, time_interval=time_interval)
        self.learning_rate, self.decay_rate, self.time_interval = learning_rate, decay_rate, time_interval
        self.t = 0

    def learning_rate_at(self, epoch: int) -> float:
        """The learning rate of iteration ``epoch``: decayed by ``learning_rate_at`` when decay_rate > 0."""
        if not self.decay_rate:
            return self.learning_rate
        return learning_rate_at(self.learning_rate, epoch, self.decay_rate, self.time_interval)

    def start(self, params):
        """Start on the arrays ``params`` (a list): the state at zero, t = 0; returns the optimizer."""
        for name in self.state:
            setattr(self, name, [np.zeros_like(p) for p in params])
        self.t = 0
        return self


class GradientDescent(Optimizer):
    """W := W - lr dW."""

    def step(self, params, grads, lr):
        """Update each array of ``params`` in place from ``grads`` (same shapes); overwrites grads."""
        self.t += 1
        for p, g in zip(params, grads):
            g *= lr  # the same rounding as p -= lr * g, without the temporary
            p -= g


class Momentum(Optimizer):
    """v := beta v + (1 - beta) dW;  W := W - lr v."""

    settings = ("beta",)
    state = ("v",)

    def __init__(self, learning_rate: float = 0.0075, beta: float = 0.9, *, decay_rate: float = 0.0,
                 time_interval: int | None = None):
        super().__init__(learning_rate, decay_rate=decay_rate, time_interval=time_interval)
        check_settings(beta=beta)
        self.beta = beta

    def step(self, params, grads, lr):
        """Update each array of ``params`` in place from ``grads`` (same shapes); overwrites grads."""
        self.t += 1
        for p, g, vel in zip(params, grads, self.v):
            vel *= self.beta
            g *= 1 - self.beta
            vel += g
            p -= lr * vel


class RMSprop(Optimizer):
    """s := beta s + (1 - beta) dW^2;  W := W - lr dW / (sqrt(s) + epsilon)."""

    settings = ("beta", "epsilon")
    state = ("s",)

    def __init__(self, learning_rate: float = 0.0075, beta: float = 0.9, epsilon: float = 1e-8, *,
                 decay_rate: float = 0.0, time_interval: int | None = None):
        super().__init__(learning_rate, decay_rate=decay_rate, time_interval=time_interval)
        check_settings(beta=beta, epsilon=epsilon)
        self.beta, self.epsilon = beta, epsilon

    def step(self, params, grads, lr):
        """Update each array of ``params`` in place from ``grads`` (same shapes)."""
        self.t += 1
        for p, g, s in zip(params, grads, self.s):
            s *= self.beta
            s += (1 - self.beta) * g * g
            p -= lr * g / (np.sqrt(s) + self.epsilon)


class Adam(Optimizer):
    """Momentum and RMSprop together, with bias correction (t counts steps from 1):
    v := b1 v + (1-b1) dW;  s := b2 s + (1-b2) dW^2;  W := W - lr (v/(1-b1^t)) / (sqrt(s/(1-b2^t)) + eps)."""

    settings = ("beta1", "beta2", "epsilon")
    state = ("v", "s")

    def __init__(self, learning_rate: float = 0.0075, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8, *, decay_rate: float = 0.0, time_interval: int | None = None):
        super().__init__(learning_rate, decay_rate=decay_rate, time_interval=time_interval)
        check_settings(beta1=beta1, beta2=beta2, epsilon=epsilon)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon

    def step(self, params, grads, lr):
        """Update each array of ``params`` in place from ``grads`` (same shapes)."""
        self.t += 1
        c1 = 1 - self.beta1 ** self.t
        c2 = 1 - self.beta2 ** self.t
        for p, g, vel, s in zip(params, grads, self.v, self.s):
            s *= self.beta2
            s += (1 - self.beta2) * g * g
            vel *= self.beta1
            vel += (1 - self.beta1) * g
            p -= lr * (vel / c1) / (np.sqrt(s / c2) + self.epsilon)


OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
CLASSES = dict(zip(OPTIMIZERS, (GradientDescent, Momentum, RMSprop, Adam)))
SHARED = ("learning_rate", "decay_rate", "time_interval")  # every optimizer's settings; then each one's own


def make_optimizer(name: str, **settings) -> Optimizer:
    """The optimizer called ``name`` ("gd", "momentum", "rmsprop", "adam") with ``settings`` (learning_rate,
    decay_rate, time_interval, beta, beta1, beta2, epsilon), for a widget or a lesson that chooses by name:
    every setting is checked, and those the chosen optimizer does not have (beta for "gd") are left unused,
    so one set of sliders serves every choice.  Call its ``start(params)`` before stepping."""
    check_choice(name, "optimizer", OPTIMIZERS)
    known = SHARED + ("beta", "beta1", "beta2", "epsilon")
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise ValueError(f"settings must be among {', '.join(known)}, got {', '.join(unknown)}")
    check_settings(**settings)
    cls = CLASSES[name]
    return cls(**{k: value for k, value in settings.items() if k in SHARED + cls.settings})


# --------------------------------------------------------------------------- the course's faces, on dicts
def update_lr(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """The course's decay lr0 / (1 + decay_rate * epoch_num)."""
    return learning_rate_at(learning_rate0, epoch_num, decay_rate)


def schedule_lr_decay(learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int = 1000) -> float:
    """The course's scheduled decay lr0 / (1 + decay_rate * floor(epoch_num / time_interval))."""
    check_int(time_interval, "time_interval")
    return learning_rate_at(learning_rate0, epoch_num, decay_rate, time_interval)


def _state_dict(parameters, arrays) -> dict:
    return {"d" + k: a for k, a in zip(trainable_keys(parameters), arrays)}


def _face_step(parameters, grads):
    """Float copies of parameters (a dict, and its trainable arrays in order) and of grads, checked."""
    check_parameters(parameters)
    keys = trainable_keys(parameters)
    for k in keys:
        if np.shape(grads.get("d" + k)) != np.shape(parameters[k]):
            raise ValueError(f"grads['d{k}'] must have shape {np.shape(parameters[k])}, "
                             f"got {np.shape(grads.get('d' + k))}")
    params = {k: np.array(p, dtype=np.float64) for k, p in parameters.items()}
    return params, [params[k] for k in keys], [np.array(grads["d" + k], dtype=np.float64) for k in keys]


def initialize_velocity(parameters: dict) -> dict:
    """v = {"dW1": zeros like W1, "db1": zeros like b1, ...} for momentum."""
    check_parameters(parameters)
    return _state_dict(parameters, Momentum().start([parameters[k] for k in trainable_keys(parameters)]).v)


def update_parameters_with_momentum(parameters: dict, grads: dict, v: dict, beta: float, learning_rate: float):
    """One momentum step on the course's dicts; returns new (parameters, v), inputs left unchanged."""
    opt = Momentum(learning_rate, beta)
    params, arrays, gs = _face_step(parameters, grads)
    opt.start(arrays)
    opt.v = [np.array(v["d" + k], dtype=np.float64) for k in trainable_keys(parameters)]
    opt.step(arrays, gs, learning_rate)
    return params, _state_dict(parameters, opt.v)


def initialize_adam(parameters: dict):
    """(v, s): zeros like every parameter, keyed "dW1", "db1", ..., for Adam."""
    check_parameters(parameters)
    opt = Adam().start([parameters[k] for k in trainable_keys(parameters)])
    return _state_dict(parameters, opt.v), _state_dict(parameters, opt.s)


def update_parameters_with_adam(parameters: dict, grads: dict, v: dict, s: dict, t: int,
                                learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999,
                                epsilon: float = 1e-8):
    """One Adam step, the t-th (t >= 1), on the course's dicts.

    Returns new (parameters, v, s, v_corrected, s_corrected); the inputs are left unchanged.
    """
    check_int(t, "t")
    opt = Adam(learning_rate, beta1, beta2, epsilon)
    params, arrays, gs = _face_step(parameters, grads)
    keys = trainable_keys(parameters)
    opt.v = [np.array(v["d" + k], dtype=np.float64) for k in keys]
    opt.s = [np.array(s["d" + k], dtype=np.float64) for k in keys]
    opt.t = t - 1
    opt.step(arrays, gs, learning_rate)
    v_corrected = [m / (1 - beta1 ** t) for m in opt.v]
    s_corrected = [q / (1 - beta2 ** t) for q in opt.s]
    return (params, _state_dict(parameters, opt.v), _state_dict(parameters, opt.s),
            _state_dict(parameters, v_corrected), _state_dict(parameters, s_corrected))
