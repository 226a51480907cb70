"""Data sets in course shape: X (n_x, m), one example per column, Y (1, m).

* External course files (cat / non-cat, football): found in ``$DLNOTES_DATA``, then in
  the project's ``data/``; otherwise downloaded from the mirrors in ``data/external.json``
  into ``data/``, atomically and checked against their sha256 (never when ``$DLNOTES_OFFLINE``
  is set to anything but ``0``: the test-suite sets it).
* Generated 2-D sets (flower, moons, circles, blobs, gaussian quantiles, xor, spiral):
  numpy only, seeded through ``numpy.random.Generator``.  The ones the notebooks use are
  saved under ``data/`` as HDF5 by ``python -m dlnotes build-data``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import h5py
import numpy as np

from . import validation as v

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"
MANIFEST = PROJECT_DATA / "external.json"
ENV_VAR = "DLNOTES_DATA"
OFFLINE_VAR = "DLNOTES_OFFLINE"


class DatasetError(RuntimeError):
    """A data file is missing, damaged or could not be downloaded; the message says how to fix it."""


class DataNotFoundError(DatasetError):
    """No copy of an external file in ``$DLNOTES_DATA`` or data/, and downloading was not allowed."""


class Split(NamedTuple):
    """X_train (n_x, m_train), Y_train (1, m_train), X_test (n_x, m_test), Y_test (1, m_test)."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray


class CatData(NamedTuple):
    """The cat / non-cat set, flattened (12288, m) and scaled to [0, 1], plus the raw images."""

    X_train: np.ndarray      # (12288, 209) float64
    Y_train: np.ndarray      # (1, 209) int64, 1 = cat
    X_test: np.ndarray       # (12288, 50)
    Y_test: np.ndarray       # (1, 50)
    classes: list            # ["non-cat", "cat"]
    images_train: np.ndarray  # (209, 64, 64, 3) uint8
    images_test: np.ndarray   # (50, 64, 64, 3) uint8


# --------------------------------------------------------------------------- external files
def manifest() -> dict:
    """The external files, from data/external.json: {name: {"what", "bytes", "sha256", "keys", "urls"}}."""
    with open(MANIFEST) as f:
        return json.load(f)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _how_to_fix(name: str, entry: dict) -> str:
    urls = "\n    ".join(entry["urls"])
    return (f"To fix it, put a good copy of {name} ({entry['bytes']} bytes, sha256 {entry['sha256']}) "
            f"in the folder named by ${ENV_VAR} or in {PROJECT_DATA}, for instance from:\n    {urls}")


def _verify(path: Path, name: str, entry: dict) -> None:
    digest = _sha256(path)
    if digest != entry["sha256"]:
        size = path.stat().st_size
        raise DatasetError(
            f"{path}: sha256 is {digest}, expected {entry['sha256']} (the file has {size} bytes, expected "
            f"{entry['bytes']}: it is truncated, corrupted or a different public copy; copies with other "
            f"labels exist). Delete it and run again to download it. " + _how_to_fix(name, entry))


def download(name: str, dest_dir=None, urls=None, timeout: float = 30.0) -> Path:
    """Download the external file ``name`` into ``dest_dir`` (default: the project's data/).

    Writes to a temporary file in ``dest_dir`` and renames it only after its sha256
    matches the manifest, so nothing partial is ever left under the real name.
    ``urls`` overrides the manifest's mirrors.  Returns the file's path; raises
    ``DatasetError`` naming the file, what went wrong and how to fix it.
    """
    files = manifest()
    if name not in files:
        raise ValueError(f"name must be one of {sorted(files)}, got {name!r}")
    entry = files[name]
    dest_dir = Path(dest_dir) if dest_dir is not None else PROJECT_DATA
    dest_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for url in urls if urls is not None else entry["urls"]:
        fd, tmp = tempfile.mkstemp(dir=dest_dir, prefix=f".part-{name}-")
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
                for block in iter(lambda: resp.read(1 << 16), b""):
                    h.update(block)
                    out.write(block)
            size = os.path.getsize(tmp)
            if h.hexdigest() != entry["sha256"]:
                problems.append(f"{url}: got {size} bytes with sha256 {h.hexdigest()}, expected "
                                f"{entry['bytes']} bytes with sha256 {entry['sha256']}")
                continue
            final = dest_dir / name
            os.replace(tmp, final)
            return final
        except (urllib.error.URLError, OSError, ValueError) as exc:
            problems.append(f"{url}: {getattr(exc, 'reason', exc)}")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    raise DatasetError(f"{name} is not in ${ENV_VAR} or {PROJECT_DATA}, and downloading it failed:\n  "
                       + "\n  ".join(problems) + "\n" + _how_to_fix(name, entry))


def find_external(name: str, download_missing: bool = True) -> Path:
    """Path of a verified copy of the external file ``name``: ``$DLNOTES_DATA``, then data/,
    else (``download_missing``, and ``$DLNOTES_OFFLINE`` unset or 0) downloaded into data/.

    Raises ``DataNotFoundError`` when there is no copy and no download was allowed,
    ``DatasetError`` for a damaged copy or a failed download; both messages say how to fix it.
    """
    files = manifest()
    if name not in files:
        raise ValueError(f"name must be one of {sorted(files)}, got {name!r}")
    entry = files[name]
    folders = [Path(os.environ[ENV_VAR])] if os.environ.get(ENV_VAR) else []
    folders.append(PROJECT_DATA)
    for folder in folders:
        path = folder / name
        if path.is_file():
            _verify(path, name, entry)
            return path
    offline = os.environ.get(OFFLINE_VAR, "0") not in ("", "0")
    if not download_missing or offline:
        why = f" (downloads are turned off by ${OFFLINE_VAR}={os.environ[OFFLINE_VAR]})" if offline else ""
        raise DataNotFoundError(f"{name} was found in none of {[str(f) for f in folders]}{why}. "
                                "With network, `make data` (python -m dlnotes fetch-data) downloads it. "
                                + _how_to_fix(name, entry))
    return download(name)


def _read_h5(path: Path, keys) -> dict:
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in keys if k not in f]
            if missing:
                raise DatasetError(f"{path}: HDF5 key(s) {missing} missing (found {sorted(f)}); "
                                   "the file is not the course's. Delete it and run again to download it.")
            return {k: f[k][()] for k in keys}
    except OSError as exc:
        raise DatasetError(f"{path}: not a readable HDF5 file ({exc}). Delete it and run again "
                           "to download it.") from None


def flatten_images(images) -> np.ndarray:
    """Images (m, h, w, c) uint8 -> X (h*w*c, m) float64 in [0, 1]: ``reshape(m, -1).T / 255``."""
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"images must have shape (m, ...), got {images.shape}")
    return images.reshape(images.shape[0], -1).T / 255.0


def load_catvnoncat() -> CatData:
    """The course's cat / non-cat set: X_train (12288, 209), X_test (12288, 50) in [0, 1],
    Y (1, m) with 1 = cat, the class names as str, and the raw (m, 64, 64, 3) images."""
    train = _read_h5(find_external("train_catvnoncat.h5"), ["train_set_x", "train_set_y", "list_classes"])
    test = _read_h5(find_external("test_catvnoncat.h5"), ["test_set_x", "test_set_y", "list_classes"])
    classes = [c.decode() if isinstance(c, bytes) else str(c) for c in train["list_classes"]]
    return CatData(
        flatten_images(train["train_set_x"]), train["train_set_y"].reshape(1, -1).astype(np.int64),
        flatten_images(test["test_set_x"]), test["test_set_y"].reshape(1, -1).astype(np.int64),
        classes, train["train_set_x"], test["test_set_x"])


def load_football() -> Split:
    """The regularization assignment's 2-D football set: X_train (2, 211), X_test (2, 200)."""
    from scipy.io import loadmat  # reads MATLAB v5 files; the mirror holds the original .mat

    path = find_external("football.mat")
    try:
        mat = loadmat(path)
    except Exception as exc:  # scipy raises several types for a damaged file
        raise DatasetError(f"{path}: not a readable MATLAB file ({exc}). Delete it and run again.") from None
    missing = [k for k in ("X", "y", "Xval", "yval") if k not in mat]
    if missing:
        raise DatasetError(f"{path}: key(s) {missing} missing; the file is not the course's.")
    return Split(mat["X"].T.astype(np.float64), mat["y"].T.astype(np.int64),
                 mat["Xval"].T.astype(np.float64), mat["yval"].T.astype(np.int64))


# --------------------------------------------------------------------------- generated 2-D sets
def _check_gen(n_samples, noise):
    v.check_int(n_samples, "n_samples", minimum=2)
    v.check_positive(noise, "noise", allow_zero=True)


def _finish(X, Y, rng, shuffle=True):
    """(m, 2) points and (m,) labels -> X (2, m) float64, Y (1, m) int64, columns shuffled."""
    if shuffle:
        perm = rng.permutation(len(Y))
        X, Y = X[perm], Y[perm]
    return np.ascontiguousarray(X.T, dtype=np.float64), Y.reshape(1, -1).astype(np.int64)


def make_flower(n_samples: int = 400, noise: float = 0.2, seed: int = 1, petals: int = 4):
    """The course's planar "flower": two classes of ``n_samples // 2`` points each.

    For class j: t = linspace(3.12 j, 3.12 (j+1), N) + noise*randn, r = a sin(petals t) + noise*randn
    with a = 4, x = [r sin t, r cos t].  Returns X (2, m), Y (1, m) (not shuffled, as in the course).
    """
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    N, a = n_samples // 2, 4
    X, Y = [], []
    for j in range(2):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.standard_normal(N) * noise
        r = a * np.sin(petals * t) + rng.standard_normal(N) * noise
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        Y.append(np.full(N, j))
    return _finish(np.concatenate(X), np.concatenate(Y), rng, shuffle=False)


def make_moons(n_samples: int = 300, noise: float = 0.2, seed: int = 0):
    """Two interleaving half circles (as scikit-learn's make_moons). X (2, m), Y (1, m)."""
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.r_[np.c_[np.cos(t_out), np.sin(t_out)], np.c_[1 - np.cos(t_in), 0.5 - np.sin(t_in)]]
    X += rng.standard_normal(X.shape) * noise
    return _finish(X, np.r_[np.zeros(n_out), np.ones(n_in)], rng)


def make_circles(n_samples: int = 300, noise: float = 0.05, seed: int = 0, factor: float = 0.5):
    """A small circle (label 1) inside a large one (label 0), as scikit-learn's make_circles.

    ``factor`` is the inner circle's radius (the outer one's is 1): scikit-learn's default 0.8,
    used by the initialization assignment, brings the rings closer than this default 0.5.
    Returns X (2, n_samples), Y (1, n_samples)."""
    _check_gen(n_samples, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor!r}")
    rng = np.random.default_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.r_[np.c_[np.cos(t_out), np.sin(t_out)], factor * np.c_[np.cos(t_in), np.sin(t_in)]]
    X += rng.standard_normal(X.shape) * noise
    return _finish(X, np.r_[np.zeros(n_out), np.ones(n_in)], rng)


def make_blobs(n_samples: int = 300, noise: float = 1.0, seed: int = 0, centers=((-2, -2), (2, 2))):
    """Gaussian blobs around ``centers`` with standard deviation ``noise``; label = blob index."""
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=np.float64)
    labels = np.arange(n_samples) % len(centers)
    X = centers[labels] + rng.standard_normal((n_samples, 2)) * noise
    return _finish(X, labels, rng)


def make_gaussian_quantiles(n_samples: int = 300, noise: float = 0.0, seed: int = 0):
    """An isotropic Gaussian cut at its median radius: label 1 outside (like scikit-learn's)."""
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, 2))
    r2 = (X ** 2).sum(axis=1)
    labels = (np.argsort(np.argsort(r2)) >= n_samples // 2).astype(np.int64)
    X += rng.standard_normal(X.shape) * noise
    return _finish(X, labels, rng)


def make_xor(n_samples: int = 300, noise: float = 0.0, seed: int = 0):
    """Points uniform in [-1, 1]^2 away from the axes; label 1 where x1 * x2 > 0 (Playground's XOR)."""
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n_samples, 2))
    X += np.where(X > 0, 0.05, -0.05)  # a small margin off the axes, as Playground does
    labels = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    X += rng.standard_normal(X.shape) * noise
    return _finish(X, labels, rng)


def make_spiral(n_samples: int = 300, noise: float = 0.2, seed: int = 0, classes: int = 2):
    """``classes`` interleaved spiral arms (CS231n's spiral); labels 0..classes-1."""
    _check_gen(n_samples, noise)
    v.check_int(classes, "classes", minimum=2)
    rng = np.random.default_rng(seed)
    per = n_samples // classes
    X, Y = [], []
    for k in range(classes):
        r = np.linspace(0.0, 1, per)
        t = np.linspace(k * 4, (k + 1) * 4, per) + rng.standard_normal(per) * noise
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        Y.append(np.full(per, k))
    return _finish(np.concatenate(X), np.concatenate(Y), rng)


GENERATORS = {
    "flower": make_flower, "moons": make_moons, "circles": make_circles, "blobs": make_blobs,
    "gaussian_quantiles": make_gaussian_quantiles, "xor": make_xor, "spiral": make_spiral,
}


# --------------------------------------------------------------------------- regression sets (Playground's)
def make_plane(n_samples: int = 300, noise: float = 0.0, seed: int = 0):
    """Points uniform in [-1, 1]^2 with a real target on a tilted plane, y = (x1 + x2) / 2 (+ noise).

    Returns X (2, m) float64 and Y (1, m) float64 in about [-1, 1]: a regression set."""
    _check_gen(n_samples, noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, n_samples))
    Y = (X[0:1] + X[1:2]) / 2 + rng.standard_normal((1, n_samples)) * noise
    return X, Y


MULTI_GAUSSIAN_CENTRES = ((-0.6, 0.6, 1.0), (0.6, 0.6, -1.0), (-0.6, -0.6, -1.0), (0.6, -0.6, 1.0),
                          (0.0, 0.0, 1.0))  # (x1, x2, sign) of each bump


def make_multi_gaussian(n_samples: int = 300, noise: float = 0.0, seed: int = 0, width: float = 0.3):
    """Points uniform in [-1, 1]^2 whose real target is a sum of signed Gaussian bumps (Playground's
    "multi gaussian"): y = sum_k s_k exp(-|x - c_k|^2 / (2 width^2)) (+ noise), in about [-1, 1].

    Returns X (2, m) float64 and Y (1, m) float64: a regression set."""
    _check_gen(n_samples, noise)
    v.check_positive(width, "width")
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, n_samples))
    Y = np.zeros((1, n_samples))
    for c1, c2, sign in MULTI_GAUSSIAN_CENTRES:
        Y += sign * np.exp(-((X[0:1] - c1) ** 2 + (X[1:2] - c2) ** 2) / (2 * width ** 2))
    return X, Y + rng.standard_normal((1, n_samples)) * noise


REGRESSION_GENERATORS = {"plane": make_plane, "multi_gaussian": make_multi_gaussian}


def make_dataset(name: str, n_samples: int = 400, noise: float | None = None, seed: int = 0, **kwargs):
    """Any generated set by name (see ``GENERATORS``); noise None keeps its default. X (2, m), Y (1, m)."""
    v.check_choice(name, "name", GENERATORS)
    if noise is not None:
        kwargs["noise"] = noise
    return GENERATORS[name](n_samples=n_samples, seed=seed, **kwargs)


def train_test_split(X, Y, test_fraction: float = 0.3, seed: int = 0) -> Split:
    """Shuffle the columns of X (n_x, m), Y (1, m) and split them; returns a ``Split``."""
    X = v.check_matrix(X, "X")
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"Y must have shape (1, {X.shape[1]}), got {Y.shape}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction!r}")
    m = X.shape[1]
    n_test = min(max(1, round(m * test_fraction)), m - 1)
    perm = np.random.default_rng(seed).permutation(m)
    te, tr = perm[:n_test], perm[n_test:]
    return Split(X[:, tr], Y[:, tr], X[:, te], Y[:, te])


# --------------------------------------------------------------------------- saved generated sets
# name -> how it is made; the notebooks load these files, `build` rewrites them.
BUILDS = {
    "flower": lambda: dict(zip(("X", "Y"), make_flower(400, 0.2, seed=1))),
    # the initialization assignment's geometry: scikit-learn's make_circles(n_samples=300 / 100, noise=.05)
    # with its default factor 0.8 (our own draws, so not the assignment's sample)
    "circles": lambda: dict(zip(("X_train", "Y_train"), make_circles(300, 0.05, seed=1, factor=0.8)))
    | dict(zip(("X_test", "Y_test"), make_circles(100, 0.05, seed=2, factor=0.8))),
    "moons": lambda: dict(zip(("X", "Y"), make_moons(300, 0.2, seed=3))),
}


def build(names=None, folder=None) -> list:
    """Write the generated sets (default: all of ``BUILDS``) to ``folder``/NAME.h5; return the paths."""
    folder = Path(folder) if folder is not None else PROJECT_DATA
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or BUILDS:
        v.check_choice(name, "name", BUILDS)
        path = folder / f"{name}.h5"
        # fixed HDF5 layout and no timestamps, so a rebuild writes the same arrays
        with h5py.File(path, "w", track_order=True) as f:
            for key, arr in BUILDS[name]().items():
                f.create_dataset(key, data=arr, track_times=False)
        paths.append(path)
    return paths


def load_generated(name: str) -> dict:
    """Arrays of the saved generated set ``name`` (data/NAME.h5), e.g. {"X": (2, m), "Y": (1, m)}."""
    v.check_choice(name, "name", BUILDS)
    path = PROJECT_DATA / f"{name}.h5"
    if not path.is_file():
        raise DatasetError(f"{path} is missing: run `python -m dlnotes build-data` (or `make build-data`) to make it.")
    with h5py.File(path, "r") as f:
        return {k: f[k][()] for k in f}


def load_planar():
    """The course's flower set as saved in data/flower.h5: X (2, 400), Y (1, 400)."""
    d = load_generated("flower")
    return d["X"], d["Y"]


# --------------------------------------------------------------------------- labels
def one_hot(labels, C: int) -> np.ndarray:
    """One-hot matrix (C, m) for integer labels (1, m) (or (m,)) in 0..C-1: Y[k, i] = 1 iff labels[i] = k."""
    C = v.check_int(C, "C", minimum=2)
    arr = np.asarray(labels)
    if arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"labels must have shape (1, m) or (m,), got {np.shape(labels)}")
    if not (np.issubdtype(arr.dtype, np.integer) or (np.issubdtype(arr.dtype, np.floating)
                                                      and np.isfinite(arr).all() and (arr == np.round(arr)).all())):
        raise ValueError(f"labels must be integers 0..{C - 1}, got dtype {arr.dtype} with non-integer values")
    arr = arr.astype(np.int64)
    if arr.min() < 0 or arr.max() >= C:
        raise ValueError(f"labels must be in 0..{C - 1}, got values from {arr.min()} to {arr.max()}")
    Y = np.zeros((C, arr.size))
    Y[arr, np.arange(arr.size)] = 1.0
    return Y


def labels_from_one_hot(Y) -> np.ndarray:
    """The class index of each column of a one-hot (or probability) matrix (C, m); shape (1, m)."""
    Y = v.check_matrix(Y, "Y")
    return Y.argmax(axis=0)[None, :]
