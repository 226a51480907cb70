import numpy as np
import pytest

import dlnotes as d
from dlnotes.datasets import CatData


@pytest.fixture(scope="module")
def fake_cat():
    """A small stand-in for the cat set: 8x8x3 pictures whose label is whether the red channel is bright."""
    rng = np.random.default_rng(0)

    def make(m):
        images = rng.integers(0, 256, (m, 8, 8, 3), dtype=np.uint8)
        labels = (images[..., 0].mean(axis=(1, 2)) > 127).astype(np.int64).reshape(1, -1)
        return images, labels

    im_tr, y_tr = make(40)
    im_te, y_te = make(12)
    flat = d.datasets.flatten_images
    return CatData(flat(im_tr), y_tr, flat(im_te), y_te, ["non-cat", "cat"], im_tr, im_te)
