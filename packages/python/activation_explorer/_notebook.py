"""One copy of the explorer per notebook: the first output carries it, later outputs borrow it.

The first explorer shown in a kernel is the whole single-file page (standalone.html, about
1.5 MB: the page, Plotly and the WebAssembly module) in an <iframe srcdoc>, marked as the
carrier. Every later output is a few kilobytes: an <iframe> with its own view and a short
script that, on the notebook's page, copies the carrier's page into it with that view written
in. Each frame keeps its sandbox (scripts, no same-origin), so the explorer never reaches the
notebook, as before. This is Plotly's offline notebook mode, with an iframe per plot.

What survives (the notebook's outputs are saved as written, not as the page rewrote them):
- a saved notebook reopened, exported by nbconvert, or a single later cell re-run: the
  carrier's output is on the page, so every later output finds it;
- the carrier's own cell re-run: the kernel knows that cell (its id, sent by JupyterLab, Notebook
  7 and VS Code) and writes the carrier again in its new output;
- not: a notebook whose carrier output was cleared or deleted, or whose outputs' scripts do not
  run (an untrusted notebook in JupyterLab): later outputs then say so in their frame and name
  the fix (run the carrier's cell again, or restart the kernel and run all).
"""

from __future__ import annotations

import html
import json
import uuid
from importlib import resources

from ._version import __version__

_QUERY_META = '<meta name="activation-explorer-query" content="{}">'
# The kernel's carrier: (cell id or None, execution count) of the output that has the page.
_carrier = None

_WAITING = (
    '<!doctype html><meta charset="utf-8"><body style="font:14px system-ui,sans-serif;color:#555;margin:1rem">'
    "<p>This explorer borrows its code from the first explorer shown in this notebook.</p>"
    "<p>If this stays, that output is not on the page (cleared, or its cell deleted), or the "
    "notebook's scripts do not run (trust the notebook): run that cell again, or restart the "
    "kernel and run all.</p></body>"
)


def page(query: str) -> str:
    """The whole single-file explorer with `query` as its view."""
    text = resources.files(__package__).joinpath("standalone.html").read_text(encoding="utf-8")
    # Inside srcdoc the page has no address of its own; it reads its view from this tag.
    return text.replace("<head>", "<head>\n" + _QUERY_META.format(html.escape(query)), 1)


def full_frame(query: str, height: int, carrier: bool = False) -> str:
    """An <iframe> with the whole explorer in it; `carrier` marks it for later outputs to borrow."""
    mark = f' data-activation-explorer="{__version__}"' if carrier else ""
    return _frame(html.escape(page(query)), query, height, mark)


def small_frame(query: str, height: int) -> str:
    """An <iframe> that waits, plus the script that fills it from the notebook's carrier."""
    frame_id = f"activation-explorer-{uuid.uuid4().hex}"
    meta = _QUERY_META.format(html.escape(query))
    script = _BORROW.replace("FRAME_ID", json.dumps(frame_id)).replace("VERSION", json.dumps(__version__)).replace("META", json.dumps(meta))
    if "</" in script:
        raise ValueError("the borrowing script would end early")  # json.dumps of these never has "</"
    return _frame(html.escape(_WAITING), query, height, f' id="{frame_id}"') + f"\n<script>{script}</script>"


def notebook_output(query: str, height: int) -> str:
    """The carrier for this kernel's first output (and its cell's re-runs), else a small one."""
    global _carrier
    cell, count = _current_cell()
    carrier_again = _carrier is not None and cell is not None and _carrier[0] == cell and _carrier[1] != count
    if _carrier is None or carrier_again:
        _carrier = (cell, count)
        return full_frame(query, height, carrier=True)
    return small_frame(query, height)


def _frame(srcdoc_escaped: str, query: str, height: int, extra: str) -> str:
    title = f"Activation Explorer: {html.escape(query)}"
    return (
        f'<iframe srcdoc="{srcdoc_escaped}" title="{title}"{extra} '
        f'style="width:100%;height:{height}px;border:0" sandbox="allow-scripts allow-downloads"></iframe>'
    )


def _current_cell():
    """(the running cell's id, or None where the front end sends none, the execution count)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None, None
    shell = get_ipython()
    if shell is None:
        return None, None
    parent = {}
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent() if hasattr(kernel, "get_parent") else getattr(kernel, "_parent_header", {}) or {}
    except Exception:  # an older or unusual kernel: fall back to one carrier per kernel
        parent = {}
    cell = (parent.get("metadata") or {}).get("cellId")
    return cell, getattr(shell, "execution_count", None)


# Runs on the notebook's page (JupyterLab and Notebook run an output's scripts once trusted;
# nbconvert's HTML runs them as it loads). Finds the carrier, now or when it appears (a page
# still loading, or cells rendered out of order), and writes its page with this view into the frame.
_BORROW = """(function () {
  var frame = document.getElementById(FRAME_ID);
  var selector = 'iframe[data-activation-explorer="' + VERSION + '"]';
  var pattern = /<meta name="activation-explorer-query" content="[^"]*">/;
  // A fresh frame with the page: Chromium keeps showing the waiting page when the srcdoc of a
  // frame still loading it is replaced.
  function fill(carrier) {
    var filled = frame.cloneNode(false);
    filled.srcdoc = carrier.srcdoc.replace(pattern, function () { return META; });
    frame.replaceWith(filled);
    frame = filled;
  }
  var carrier = document.querySelector(selector);
  if (carrier) { fill(carrier); return; }
  var observer = new MutationObserver(function () {
    var found = document.querySelector(selector);
    if (found || !frame.isConnected) observer.disconnect();
    if (found && frame.isConnected) fill(found);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();"""
