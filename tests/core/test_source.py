"""d.source_text / d.show_source: the package's own code, as a notebook shows it."""

import inspect

import pytest

import dlnotes as d


def test_source_text_is_the_running_function_headed_by_its_file():
    text = d.source_text(d.sigmoid)
    lines, _ = inspect.getsourcelines(d.sigmoid)
    assert text.splitlines()[0] == "# dlnotes/activations.py"
    assert text.splitlines()[1:] == "".join(lines).rstrip().splitlines()


def test_several_objects_are_shown_in_order():
    text = d.source_text(d.forward, d.Network)
    assert text.index("def forward(") < text.index("class Network(")
    assert text.count("# dlnotes/model.py\n") == 2


def test_show_source_is_highlighted_html_with_plain_text():
    code = d.show_source(d.sigmoid)
    assert "def sigmoid" in repr(code)
    assert "<span" in code._repr_html_()


@pytest.mark.parametrize("bad", [len, 3, "def f(): pass"])
def test_objects_without_python_source_are_refused(bad):
    with pytest.raises(ValueError, match="objects: expected a function or class"):
        d.source_text(bad)


def test_nothing_to_show_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        d.source_text()
