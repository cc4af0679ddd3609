"""The explorer's settings checked in Python, against the C++ core's catalog.

catalog.json is written when the wheel is built (scripts/lib/build-python.mjs) from the
WebAssembly module's catalog and the page's URL keys, so the functions, parameters, ranges,
conventions and dtypes named here are the ones the page uses; none is typed in this file.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from numbers import Real

# Keyword arguments whose URL name differs: `from` is a Python keyword.
RENAMED = {"from_": "from", "x_from": "from"}
# URL keys the package writes itself, not the caller.
OWN_KEYS = {"embed"}
LAB_REFUSED = (
    "view='lab' is not available in a notebook: the dead-neuron lab trains in its own WebAssembly "
    "module, which the notebook's single-file explorer does not carry; open the lab from the site "
    "(./scripts/serve, then ?view=lab) or run it with `actviz train`."
)


@lru_cache(maxsize=1)
def tables() -> dict:
    """The catalog and URL keys written at build time."""
    text = resources.files(__package__).joinpath("catalog.json").read_text(encoding="utf-8")
    return json.loads(text)


def query_of(fn, controls: str, settings: dict) -> dict:
    """The view's URL settings from show()'s arguments; a ValueError names any it cannot use."""
    t = tables()
    catalog, url = t["catalog"], t["url"]
    functions = {f["id"]: f for f in catalog["functions"]}
    query = {"fn": fn}
    for key, value in settings.items():
        query[RENAMED.get(key, key)] = value
    for key, value in query.items():
        if isinstance(value, bool) or not isinstance(value, (str, Real)):
            raise TypeError(f"{key} must be a number or a string, got {type(value).__name__}")

    series = _series(query, functions, url["maxSeries"])
    parameter_keys = {}
    for suffix, spec in series.items():
        for p in spec["parameters"]:
            parameter_keys[p["id"] + suffix] = (spec, p)
    series_keys = {f"{stem}{suffix}" for suffix in series for stem in ("fn", "show")}
    allowed = (set(url["globalKeys"]) - OWN_KEYS) | series_keys | set(parameter_keys)
    for key in query:
        if key not in allowed:
            raise ValueError(_unknown_key(key, series, functions, url, parameter_keys))
    for key, (spec, p) in parameter_keys.items():
        if key in query:
            _check_parameter(key, query[key], spec, p)
    _check_choice(query, "at_kink", [c["id"] for c in catalog["conventions"]])
    _check_choice(query, "dtype", [d["id"] for d in catalog["dtypes"]])
    _check_choice(query, "theme", url["themes"])
    _check_view(query)
    _check_controls(controls, url["controlGroups"], parameter_keys)
    query["embed"] = 1
    query["controls"] = controls
    return query


def _series(query: dict, functions: dict, max_series: int) -> dict:
    """Suffix ("" for fn, "2" for fn2 …) → the catalog entry of each series' function."""
    series = {}
    for k in range(1, max_series + 1):
        suffix = "" if k == 1 else str(k)
        if f"fn{suffix}" not in query:
            continue
        fn = query[f"fn{suffix}"]
        if fn not in functions:
            raise ValueError(f"fn{suffix}={fn!r} is not a function here{_did_you_mean(fn, functions)}; the functions are: {', '.join(functions)}.")
        series[suffix] = functions[fn]
    return series


def _check_parameter(key: str, value, spec: dict, p: dict) -> None:
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{key}={value!r} is not a number; {spec['name']}'s {p['symbol']} is a number from {_n(p['min'])} to {_n(p['max'])}.") from None
    if not p["min"] <= number <= p["max"]:
        raise ValueError(f"{key}={value!r} is outside the range of {spec['name']}'s {p['symbol']}: {_n(p['min'])} to {_n(p['max'])} (default {_n(p['default'])}).")


def _check_choice(query: dict, key: str, choices: list) -> None:
    if key in query and query[key] not in choices:
        raise ValueError(f"{key}={query[key]!r} is not one of the choices{_did_you_mean(query[key], choices)}: {', '.join(map(repr, choices))}.")


def _check_view(query: dict) -> None:
    view = query.get("view")
    if view is None or view == "explorer":
        return
    if view == "lab":
        raise ValueError(LAB_REFUSED)
    raise ValueError(f"view={view!r} is not a view show() can draw; it shows the explorer (view='explorer', the default).")


def _check_controls(controls, groups: list, parameter_keys: dict) -> None:
    if not isinstance(controls, str):
        raise TypeError(f"controls must be a string, got {type(controls).__name__}")
    names = [name for name in controls.split(",") if name]
    choices = groups + [key for key in parameter_keys]
    for name in names:
        if name not in choices:
            raise ValueError(f"controls: {name!r} is not a control{_did_you_mean(name, choices)}; the controls are: {', '.join(choices)} (separated by commas).")


def _unknown_key(key: str, series: dict, functions: dict, url: dict, parameter_keys: dict) -> str:
    every_parameter = {p["id"] for f in functions.values() for p in f["parameters"]}
    stem = key.rstrip("0123456789")
    suffix = key[len(stem):]
    if stem in every_parameter and suffix in series:
        spec = series[suffix]
        own = ", ".join(p["id"] + suffix for p in spec["parameters"]) or "none"
        return f"{key}: {spec['name']} (fn{suffix}) has no parameter {stem!r}; its parameters: {own}."
    if key in OWN_KEYS:
        return f"{key} is set by the package itself; leave it out."
    settings = ["fn", f"fn2 … fn{url['maxSeries']}", "show, show2 …", *sorted(set(url["globalKeys"]) - OWN_KEYS - {"from"}), "from_ (or x_from)", "height"]
    if parameter_keys:
        settings.append("the parameters of the functions shown: " + ", ".join(parameter_keys))
    return f"{key} is not a setting of the explorer{_did_you_mean(key, list(parameter_keys) + list(url['globalKeys']))}; the settings are: {', '.join(settings)}."


def _did_you_mean(value, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _n(value) -> str:
    return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value)) if isinstance(value, float) else str(value)
