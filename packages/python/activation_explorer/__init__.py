"""Activation Explorer inline and offline in Jupyter.

    import activation_explorer
    activation_explorer.show(fn="leaky_relu", alpha=0.1)

The explorer's single-file build (standalone.html: the page, Plotly and the WebAssembly module
inlined) is shown in an <iframe srcdoc>, so it needs no server and no network. A notebook holds
it once: the first explorer shown carries it and later ones, a few kilobytes each, borrow it
(see _notebook.py for what that survives). The settings are the page's URL settings, checked
here against the C++ core's catalog: a ValueError names what cannot be used and the choices.
"""

from __future__ import annotations

from urllib.parse import urlencode

from . import _notebook
from ._settings import query_of
from ._version import __version__

__all__ = ["Explorer", "show", "__version__"]

_DEFAULT_HEIGHT = 560


class Explorer:
    """The explorer with a view; Jupyter displays it through _repr_html_."""

    def __init__(self, fn: str = "leaky_relu", *, height: int = _DEFAULT_HEIGHT, controls: str = "params", **settings):
        if not isinstance(height, int) or isinstance(height, bool) or not 200 <= height <= 4000:
            raise ValueError(f"height must be a whole number of pixels from 200 to 4000, got {height!r}")
        query = query_of(fn, controls, settings)
        self.query = "?" + urlencode({key: _text(value) for key, value in query.items()})
        self.height = height

    def html(self) -> str:
        """The <iframe> with the whole explorer in it, for a file or a page of its own."""
        return _notebook.full_frame(self.query, self.height)

    def _repr_html_(self) -> str:
        return _notebook.notebook_output(self.query, self.height)

    def __repr__(self) -> str:
        return f"Explorer({self.query!r}, height={self.height})"


def show(fn: str = "leaky_relu", **settings) -> None:
    """Displays the explorer in the notebook's output. See Explorer for the settings."""
    explorer = Explorer(fn, **settings)
    try:
        from IPython.display import display
    except ImportError as error:  # plain Python: nothing to display into
        raise RuntimeError("show() displays in a Jupyter notebook; elsewhere write Explorer(...).html() to a file") from error
    display(explorer)


def _text(value) -> str:
    # repr() of a float is the shortest text that reads back exactly, as the page writes numbers.
    return value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
