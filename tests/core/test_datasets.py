import functools
import hashlib
import http.server
import json
import shutil
import threading

import numpy as np
import pytest

import dlnotes as d
from dlnotes import datasets


def test_cat_data_round_trip():
    cat = d.load_catvnoncat()
    assert cat.X_train.shape == (12288, 209) and cat.X_test.shape == (12288, 50)
    assert cat.Y_train.shape == (1, 209) and cat.Y_test.shape == (1, 50)
    assert cat.X_train.dtype == np.float64 and 0 <= cat.X_train.min() and cat.X_train.max() <= 1
    assert cat.images_train.shape == (209, 64, 64, 3) and cat.images_train.dtype == np.uint8
    assert cat.classes == ["non-cat", "cat"]
    assert (int(cat.Y_train.sum()), int((cat.Y_train == 0).sum())) == (72, 137)
    assert (int(cat.Y_test.sum()), int((cat.Y_test == 0).sum())) == (33, 17)
    # the correct flatten keeps each picture in one column
    np.testing.assert_array_equal(cat.X_train[:, 5], cat.images_train[5].ravel() / 255)


def test_football_shapes():
    s = d.load_football()
    assert s.X_train.shape == (2, 211) and s.Y_train.shape == (1, 211)
    assert s.X_test.shape == (2, 200) and s.Y_test.shape == (1, 200)
    assert set(np.unique(s.Y_train)) == {0, 1}


@pytest.mark.parametrize("name", list(datasets.GENERATORS))
def test_generated_sets_have_course_shape_and_are_seeded(name):
    X, Y = d.make_dataset(name, 200, seed=4)
    X2, Y2 = d.make_dataset(name, 200, seed=4)
    X3, _ = d.make_dataset(name, 200, seed=5)
    assert X.shape == (2, 200) and Y.shape == (1, 200)
    assert set(np.unique(Y)) == {0, 1}
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert not np.array_equal(X, X3)


def test_flower_follows_the_course_formula():
    X, Y = d.make_flower(400, noise=0.0, seed=0)
    t = np.linspace(0, 3.12, 200)
    r = 4 * np.sin(4 * t)
    np.testing.assert_allclose(X[:, :200], np.vstack([r * np.sin(t), r * np.cos(t)]))
    assert (Y[0, :200] == 0).all() and (Y[0, 200:] == 1).all()


def test_spiral_multiclass():
    X, Y = d.make_spiral(300, classes=3, seed=0)
    assert set(np.unique(Y)) == {0, 1, 2}


def test_rebuilding_generated_files_reproduces_committed_arrays(tmp_path):
    paths = datasets.build(folder=tmp_path)
    assert {p.name for p in paths} == {f"{n}.h5" for n in datasets.BUILDS}
    for name in datasets.BUILDS:
        committed = datasets.load_generated(name)
        import h5py
        with h5py.File(tmp_path / f"{name}.h5") as f:
            rebuilt = {k: f[k][()] for k in f}
        assert committed.keys() == rebuilt.keys()
        for k in committed:
            assert committed[k].dtype == rebuilt[k].dtype
            np.testing.assert_array_equal(committed[k], rebuilt[k])


# ---------------------------------------------------------------- downloads, for real, on 127.0.0.1
@pytest.fixture(scope="module")
def server(tmp_path_factory, course_file):
    root = tmp_path_factory.mktemp("mirror")
    good = course_file("football.mat").read_bytes()
    (root / "good.mat").write_bytes(good)
    corrupt = bytearray(good)
    corrupt[100] ^= 0xFF
    (root / "corrupt.mat").write_bytes(bytes(corrupt))
    (root / "truncated.mat").write_bytes(good[: len(good) // 2])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_good_copy(server, tmp_path):
    path = datasets.download("football.mat", tmp_path, urls=[f"{server}/good.mat"])
    assert path == tmp_path / "football.mat"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == datasets.manifest()["football.mat"]["sha256"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["football.mat"]


@pytest.mark.parametrize("bad", ["corrupt.mat", "truncated.mat", "missing.mat"])
def test_download_bad_copy_leaves_nothing(server, tmp_path, bad):
    with pytest.raises(d.DatasetError) as err:
        datasets.download("football.mat", tmp_path, urls=[f"{server}/{bad}"])
    msg = str(err.value)
    assert "football.mat" in msg and "DLNOTES_DATA" in msg and "sha256" in msg
    assert list(tmp_path.iterdir()) == []


def test_download_falls_back_to_the_next_mirror(server, tmp_path):
    path = datasets.download("football.mat", tmp_path, urls=[f"{server}/truncated.mat", f"{server}/good.mat"])
    assert path.is_file()


def test_no_network_says_what_to_do(tmp_path):
    with pytest.raises(d.DatasetError, match="(?s)downloading it failed.*put a good copy"):
        datasets.download("football.mat", tmp_path, urls=["http://127.0.0.1:9/football.mat"], timeout=2)
    assert list(tmp_path.iterdir()) == []


def test_local_copy_with_wrong_checksum_is_refused(tmp_path, monkeypatch):
    (tmp_path / "football.mat").write_bytes(b"MATLAB 5.0 MAT-file, truncated".ljust(3000, b"\0"))
    monkeypatch.setenv("DLNOTES_DATA", str(tmp_path))
    with pytest.raises(d.DatasetError, match=r"sha256 is .* expected .*truncated"):
        d.load_football()


def test_missing_everywhere_downloads_into_data(tmp_path, monkeypatch, server):
    empty = tmp_path / "env"
    empty.mkdir()
    project = tmp_path / "data"
    shutil.copy(datasets.PROJECT_DATA / "external.json", tmp_path / "external.json")
    monkeypatch.setenv("DLNOTES_DATA", str(empty))
    monkeypatch.delenv("DLNOTES_OFFLINE")
    monkeypatch.setattr(datasets, "PROJECT_DATA", project)
    real = json.loads((tmp_path / "external.json").read_text())
    real["football.mat"]["urls"] = [f"{server}/good.mat"]
    monkeypatch.setattr(datasets, "manifest", lambda: real)
    split = d.load_football()
    assert split.X_train.shape == (2, 211)
    assert (project / "football.mat").is_file()


@pytest.mark.parametrize("offline", ["1", None])
def test_missing_file_without_download_says_where_to_put_it(tmp_path, monkeypatch, offline):
    monkeypatch.setenv("DLNOTES_DATA", str(tmp_path))
    monkeypatch.setattr(datasets, "PROJECT_DATA", tmp_path / "data")
    if offline:
        monkeypatch.setenv("DLNOTES_OFFLINE", offline)
    else:
        monkeypatch.delenv("DLNOTES_OFFLINE")
    with pytest.raises(datasets.DataNotFoundError) as err:
        datasets.find_external("football.mat", download_missing=bool(offline))
    msg = str(err.value)
    assert str(tmp_path) in msg and str(tmp_path / "data") in msg and "make data" in msg and "DLNOTES_DATA" in msg
    assert ("turned off by $DLNOTES_OFFLINE=1" in msg) == bool(offline)
    assert not (tmp_path / "data").exists()


def test_non_hdf5_file_is_reported(tmp_path):
    bad = tmp_path / "x.h5"
    bad.write_bytes(b"not an hdf5 file at all")
    with pytest.raises(d.DatasetError, match="not a readable HDF5 file"):
        datasets._read_h5(bad, ["train_set_x"])


def test_missing_key_is_reported(tmp_path):
    import h5py
    path = tmp_path / "x.h5"
    with h5py.File(path, "w") as f:
        f["other"] = np.zeros(2)
    with pytest.raises(d.DatasetError, match=r"key\(s\) \['train_set_x'\] missing"):
        datasets._read_h5(path, ["train_set_x"])


def test_circles_factor_is_the_inner_radius():
    for factor in (0.5, 0.8):
        X, Y = d.make_circles(200, noise=0.0, seed=0, factor=factor)
        radius = np.hypot(*X)
        np.testing.assert_allclose(radius[Y[0] == 0], 1.0)
        np.testing.assert_allclose(radius[Y[0] == 1], factor)
    with pytest.raises(ValueError, match="factor"):
        d.make_circles(10, factor=1.0)
    committed = datasets.load_generated("circles")  # the initialization assignment's geometry
    assert committed["X_train"].shape == (2, 300) and committed["X_test"].shape == (2, 100)
    assert np.hypot(*committed["X_train"])[committed["Y_train"][0] == 1].mean() == pytest.approx(0.8, abs=0.02)
