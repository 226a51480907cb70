"""Numbers printed at the precision that holds on every machine."""

import numpy as np
import pytest

import dlnotes as d


def test_order_of_magnitude_is_the_nearest_power_of_ten():
    assert d.order_of_magnitude(1.77e-11) == "1e-11"
    assert d.order_of_magnitude(3.0e-4) == "1e-4" and d.order_of_magnitude(3.3e-4) == "1e-3"
    assert d.order_of_magnitude(np.float64(250.0)) == "1e2"


def test_format_difference_hides_round_off_digits():
    # the same correct backprop gives 1.08e-09 on one CPU and 1.12e-09 on another: one text for both
    assert d.format_difference(1.078e-9) == d.format_difference(1.116e-9) == "below 1e-7"
    assert d.format_difference(1.5e-7, bound=2e-7) == "below 2e-7"
    assert d.format_difference(0.0) == "below 1e-7"
    # a bug's difference is printed: three significant digits
    assert d.format_difference(0.2281877) == "0.228" and d.format_difference(1 / 3) == "0.333"
    assert d.format_difference(1e-7) == "1e-07"


def test_format_size_keeps_only_the_order_of_tiny_sizes():
    assert d.format_size(0.0492) == "0.0492" and d.format_size(2.98e-5) == "2.98e-05"
    assert d.format_size(2.1e8) == "2.1e+08" and d.format_size(0.0) == "0"
    assert d.format_size(5.05e-20) == "5e-20" and d.format_size(1.4e-12) == "1e-12"


@pytest.mark.parametrize("call,name", [(lambda: d.order_of_magnitude(0.0), "x"),
                                       (lambda: d.order_of_magnitude(float("inf")), "x"),
                                       (lambda: d.format_difference(float("nan")), "difference"),
                                       (lambda: d.format_difference(-1e-9), "difference"),
                                       (lambda: d.format_difference(1e-9, bound=0.0), "bound"),
                                       (lambda: d.format_size(-1.0), "x"),
                                       (lambda: d.format_size(True), "x")])
def test_number_formats_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
