"""Activation Explorer inline and offline in Jupyter.

    import activation_explorer
    activation_explorer.show(fn="leaky_relu", alpha=0.1)

The explorer's single-file build (standalone.html: the page, Plotly and the WebAssembly module
inlined) is shown in an <iframe srcdoc>, so it needs no server and no network. The settings
are the page's URL settings; the explorer itself checks them and names any it cannot use.
"""

from __future__ import annotations

import html
from importlib import resources
from numbers import Real
from urllib.parse import urlencode

from ._version import __version__

__all__ = ["Explorer", "show", "__version__"]

# Keyword arguments whose URL name differs: `from` is a Python keyword.
_RENAMED = {"from_": "from", "x_from": "from"}
_DEFAULT_HEIGHT = 560


class Explorer:
    """The explorer with a view; Jupyter displays it through _repr_html_."""

    def __init__(self, fn: str = "leaky_relu", *, height: int = _DEFAULT_HEIGHT, controls: str = "params", **settings):
        if not isinstance(height, int) or isinstance(height, bool) or not 200 <= height <= 4000:
            raise ValueError(f"height must be a whole number of pixels from 200 to 4000, got {height!r}")
        query = {"fn": fn, **{_RENAMED.get(key, key): value for key, value in settings.items()}, "embed": 1, "controls": controls}
        for key, value in query.items():
            if isinstance(value, bool) or not isinstance(value, (str, Real)):
                raise TypeError(f"{key} must be a number or a string, got {type(value).__name__}")
        self.query = "?" + urlencode({key: _text(value) for key, value in query.items()})
        self.height = height

    def html(self) -> str:
        """The <iframe> that shows this view: the explorer's single file with the view written in."""
        page = resources.files(__package__).joinpath("standalone.html").read_text(encoding="utf-8")
        # Inside srcdoc the page has no address of its own; it reads its view from this tag.
        meta = f'<meta name="activation-explorer-query" content="{html.escape(self.query)}">'
        page = page.replace("<head>", "<head>\n" + meta, 1)
        title = f"Activation Explorer: {html.escape(self.query)}"
        return (
            f'<iframe srcdoc="{html.escape(page)}" title="{title}" '
            f'style="width:100%;height:{self.height}px;border:0" sandbox="allow-scripts allow-downloads"></iframe>'
        )

    def _repr_html_(self) -> str:
        return self.html()

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
