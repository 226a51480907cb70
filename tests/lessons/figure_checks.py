"""What the lessons' tests ask of a figure: labelled axes (imported by the test modules next to it)."""


def figure_labelled(fig):
    """Every axes that is drawn (not switched off) has a title or x/y labels."""
    drawn = [ax for ax in fig.axes if ax.axison]
    assert drawn, "the figure has no visible axes"
    for ax in drawn:
        if ax.get_images() and not ax.get_xlabel():  # image grids are titled, not labelled
            assert ax.get_title(), ax
            continue
        assert ax.get_xlabel() and ax.get_ylabel(), ax
    return True


def assert_labelled(fig):
    """Every visible axes has x and y labels, and a title (its own or the figure's)."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel(), ax
        assert ax.get_title() or fig._suptitle is not None


def axes_labelled(ax):
    """True when the axes has both an x and a y label."""
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel())
