#!/usr/bin/python3
"""PyTorch as the oracle for typed formulas (cpp/formula): f, f' and f'' of each formula below,
written again in torch ops, by float64 autograd (f' by grad, f'' by double backward with
create_graph), on a grid that hits every tie. Writes formula_torch_values.json beside this
script; tests/cpp/formula_test.cpp compares the C++ evaluator with it.

Run with Debian's python3-torch (PyTorch 1.13):  /usr/bin/python3 tests/reference/generate_formula_references.py
Non-finite numbers are written as the strings "nan", "inf" and "-inf" (JSON has no such numbers).
"""
import json
import math
import pathlib

import torch
import torch.nn.functional as F

T = torch.tensor
zero = lambda x: torch.zeros_like(x)

# (formula as typed, parameters, the same in torch ops). Every primitive appears at least once.
FORMULAS = [
    ("x * sigmoid(x)", {}, lambda x: x * torch.sigmoid(x)),
    ("max(0.01*x, x)", {}, lambda x: torch.maximum(0.01 * x, x)),
    ("max(x, 0.01*x)", {}, lambda x: torch.maximum(x, 0.01 * x)),
    ("where(x >= 0, x, 0.01*x)", {}, lambda x: torch.where(x >= 0, x, 0.01 * x)),
    ("clamp(x, 0, 6)", {}, lambda x: torch.clamp(x, 0, 6)),
    ("abs(x)", {}, lambda x: torch.abs(x)),
    ("sign(x) * x^2", {}, lambda x: torch.sign(x) * x ** 2),
    ("relu(x)^2", {}, lambda x: torch.relu(x) ** 2),
    ("log1p(exp(-abs(x))) + max(x, 0)", {}, lambda x: torch.log1p(torch.exp(-torch.abs(x))) + torch.maximum(x, zero(x))),
    ("max(x, 0)", {}, lambda x: torch.maximum(x, zero(x))),
    ("min(x, 1) + min(-x, 1)", {}, lambda x: torch.minimum(x, torch.ones_like(x)) + torch.minimum(-x, torch.ones_like(x))),
    ("expm1(x) - x", {}, lambda x: torch.expm1(x) - x),
    ("log(1 + x^2)", {}, lambda x: torch.log(1 + x ** 2)),
    ("sqrt(abs(x))", {}, lambda x: torch.sqrt(torch.abs(x))),
    ("sin(x) + cos(2*x)", {}, lambda x: torch.sin(x) + torch.cos(2 * x)),
    ("tanh(x) * x", {}, lambda x: torch.tanh(x) * x),
    ("softplus(x)", {}, lambda x: F.softplus(x)),
    ("erf(x / sqrt(2))", {}, lambda x: torch.erf(x / math.sqrt(2))),
    ("erfc(x)", {}, lambda x: torch.erfc(x)),
    ("pow(x, 3) - x / (1 + x^2)", {}, lambda x: torch.pow(x, 3) - x / (1 + x ** 2)),
    ("x^2 + 2^x", {}, lambda x: x ** 2 + 2 ** x),
    ("pow(abs(x) + 0.5, x)", {}, lambda x: torch.pow(torch.abs(x) + 0.5, x)),
    ("x * tanh(softplus(x))", {}, lambda x: x * torch.tanh(F.softplus(x))),
    ("x + sin(a*x)^2/a", {"a": 0.5}, lambda x: x + torch.sin(0.5 * x) ** 2 / 0.5),
    ("clamp(x, -1, 1) * min(x, -x)", {}, lambda x: torch.clamp(x, -1, 1) * torch.minimum(x, -x)),
    ("-x^2 + 3", {}, lambda x: -x ** 2 + 3),
    ("where(x < 1, log1p(x^2), expm1(-x))", {}, lambda x: torch.where(x < 1, torch.log1p(x ** 2), torch.expm1(-x))),
    ("x / (1 + abs(x))", {}, lambda x: x / (1 + torch.abs(x))),
    ("sqrt(x)", {}, lambda x: torch.sqrt(x)),
    ("log(x)", {}, lambda x: torch.log(x)),
    ("x^1 * 3 + x^0", {}, lambda x: x ** 1 * 3 + x ** 0),
    ("relu(x) - relu(-x) + min(x, 0)", {}, lambda x: torch.relu(x) - torch.relu(-x) + torch.minimum(x, zero(x))),
    ("clamp(2*x, x - 1, x + 1)", {}, lambda x: torch.clamp(2 * x, x - 1, x + 1)),
    ("where(x != 0, sin(x) / x, 1)", {}, lambda x: torch.where(x != 0, torch.sin(x) / x, torch.ones_like(x))),
    ("where(x > 0, sqrt(x), 0)", {}, lambda x: torch.where(x > 0, torch.sqrt(x), zero(x))),
    ("b * x^2 - pi * e / 10", {"b": -1.5}, lambda x: -1.5 * x ** 2 - math.pi * math.e / 10),
]

# Catalog functions called by id (issue 19): (formula, parameters, torch ops). The C++ test runs
# them in the pytorch_2_6 convention (PyTorch <= 2.6, which 1.13 is), and compares f, f' and f''
# at every grid point, the ties among them (leaky_relu(2*x - 1, 0.2) at 0.5, relu6 at 0 and 6,
# hardswish at -3 and 3, the shrinks at -0.5 and 0.5, elu and celu at 0).
CATALOG_FORMULAS = [
    ("leaky_relu(x, 0.1)", {}, lambda x: F.leaky_relu(x, 0.1)),
    ("leaky_relu(2*x - 1, 0.2)", {}, lambda x: F.leaky_relu(2 * x - 1, 0.2)),
    ("leaky_relu(x, a)", {"a": 0.3}, lambda x: F.leaky_relu(x, 0.3)),
    ("leaky_relu(-x)^2", {}, lambda x: F.leaky_relu(-x) ** 2),
    ("elu(x)", {}, lambda x: F.elu(x)),
    ("elu(x, 0.5) * x", {}, lambda x: F.elu(x, 0.5) * x),
    ("celu(x^2 - 1, 0.5)", {}, lambda x: F.celu(x ** 2 - 1, 0.5)),
    ("selu(x)", {}, lambda x: F.selu(x)),
    ("x * gelu(x)", {}, lambda x: x * F.gelu(x)),
    ("gelu_tanh(1.5*x)", {}, lambda x: F.gelu(1.5 * x, approximate="tanh")),
    ("silu(x) + silu(-x)", {}, lambda x: F.silu(x) + F.silu(-x)),
    ("mish(x) / 2", {}, lambda x: F.mish(x) / 2),
    ("softplus(2*x, 2)", {}, lambda x: F.softplus(2 * x, 2)),
    ("softplus(x, 1, 5)", {}, lambda x: F.softplus(x, 1, 5)),
    ("relu6(x)", {}, lambda x: F.relu6(x)),
    ("relu6(x)^2", {}, lambda x: F.relu6(x) ** 2),
    ("hardtanh(x, -2)", {}, lambda x: F.hardtanh(x, -2.0, 1.0)),
    ("hardswish(x)", {}, lambda x: F.hardswish(x)),
    ("softsign(x^2)", {}, lambda x: F.softsign(x ** 2)),
    ("logsigmoid(x) + tanhshrink(x)", {}, lambda x: F.logsigmoid(x) + F.tanhshrink(x)),
    ("softshrink(x) + hardshrink(x, 1)", {}, lambda x: F.softshrink(x, 0.5) + F.hardshrink(x, 1.0)),
    ("exp(-elu(x))", {}, lambda x: torch.exp(-F.elu(x))),
]
# Not here: hardsigmoid (PyTorch 1.13 has no double backward for it: "derivative for
# aten::hardsigmoid_backward is not implemented") and heaviside (no backward at all).

# -3 ... 3 by 0.25 (0, ±1 and every other tie above sit on it), plus clamp's 6 and softplus's threshold.
GRID = [i / 4 for i in range(-12, 13)] + [6.0, 19.5, 20.5]


def encode(value):
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def derivatives(fn, grid):
    x = T(grid, dtype=torch.float64, requires_grad=True)
    y = fn(x)
    (d1,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    if d1.requires_grad:
        (d2,) = torch.autograd.grad(d1.sum(), x, allow_unused=True)
        if d2 is None:
            d2 = torch.zeros_like(x)
    else:
        d2 = torch.zeros_like(x)
    return [[encode(float(v)) for v in t.detach()] for t in (y, d1, d2)]


def main():
    out = {"torch_version": torch.__version__, "grid": GRID, "formulas": []}
    for text, params, fn in FORMULAS:
        f, df, d2f = derivatives(fn, GRID)
        out["formulas"].append({"formula": text, "params": params, "f": f, "df": df, "d2f": d2f})
    out["catalog_formulas"] = []
    for text, params, fn in CATALOG_FORMULAS:
        f, df, d2f = derivatives(fn, GRID)
        out["catalog_formulas"].append({"formula": text, "params": params, "f": f, "df": df, "d2f": d2f})
    path = pathlib.Path(__file__).with_name("formula_torch_values.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(FORMULAS)} + {len(CATALOG_FORMULAS)} formulas x {len(GRID)} points to {path}")


if __name__ == "__main__":
    main()
