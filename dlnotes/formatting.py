"""Numbers printed at the precision that holds on every machine.

Another CPU or BLAS changes the last bits of every product, so a checked notebook output shows only
the digits its computation guarantees: a gradient check's round-off as "below 1e-7", a vanished
signal as its order of magnitude.
"""

from __future__ import annotations

import numpy as np

from . import validation as v


def order_of_magnitude(x: float) -> str:
    """The power of ten nearest to a positive number x, as text: 1.8e-11 -> "1e-11", 4e-4 -> "1e-3".

    For a quantity whose digits are round-off (they change with the CPU's BLAS and SIMD kernels) but
    whose size is the message."""
    return f"1e{int(np.round(np.log10(v.check_positive(x, 'x'))))}"


def format_difference(difference: float, bound: float = 1e-7) -> str:
    """A gradient check's relative difference at the precision it keeps across machines.

    Below ``bound`` the difference is round-off: its digits change with the CPU's kernels (1.08e-09
    on one machine, 1.12e-09 on another), so the text only says "below 1e-7". Above it the
    difference comes from the gradients themselves (a bug, a kink, other dropout masks) and is the
    same everywhere to three significant digits: "0.333"."""
    difference = v.check_positive(difference, "difference", allow_zero=True)
    if difference < v.check_positive(bound, "bound"):
        mantissa, exponent = f"{bound:.0e}".split("e")
        return f"below {mantissa}e{int(exponent)}"
    return f"{difference:.3g}"


def format_size(x: float) -> str:
    """A size x >= 0 as text: three significant digits, or one below 1e-6 ("5e-20"), where only the
    order of magnitude is the message (a vanished signal, what is left of a converged descent)."""
    x = v.check_positive(x, "x", allow_zero=True)
    return f"{x:.3g}" if x >= 1e-6 or x == 0 else f"{x:.0e}"
