#!/usr/bin/python3
"""f and f' of every catalog function as PyTorch's CPU kernels compute them in float32,
bfloat16 and float16, and the exact tails where f' is 0 (every finite bfloat16 and float16
value evaluated; in float32, every bfloat16 value as a float32 batch, so the bound is exact to
that grid's step). The oracle for the explorer's low-precision kernels (tests/node/torch-dtype.test.mjs).

Every value comes from one tensor (a batch): the path readers' tensors take. GELU also records
the one-element path ('oneElement'), which PyTorch sends to ATen's kernel instead of oneDNN.

Run with Debian's python3-torch (PyTorch 1.13) and the native actviz, which gives each
function's default parameters:
    /usr/bin/python3 tests/reference/generate_torch_dtype_references.py build/native/actviz \
        > tests/reference/torch_dtype_values.json
"""
import json
import pathlib
import subprocess
import sys

import torch
import torch.nn.functional as F

catalog = json.loads(subprocess.check_output([sys.argv[1], 'list', '--json']))
defaults = {fn['id']: {p['id']: p['default'] for p in fn['parameters']} for fn in catalog['functions']}

# The torch call for each catalog id, given its parameters: the lab's replay script's table,
# plus Heaviside (not differentiable in torch, so not a lab activation).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / 'docs'))
from lab_replay_pytorch import ACTIVATIONS  # noqa: E402

TORCH = {**ACTIVATIONS, 'heaviside': lambda x, p: torch.heaviside(x, torch.tensor(p['values'], dtype=x.dtype))}
DTYPES = {'float32': torch.float32, 'bfloat16': torch.bfloat16, 'float16': torch.float16}

grid = [i / 10 for i in range(-80, 81)] + [-100.0, -90.0, -60.0, -30.0, -20.0, -15.0, 15.0, 20.0, 30.0, 60.0, 90.0, 100.0]
grid.sort()


def run(fn_id, x):
    x = x.clone().requires_grad_(True)
    y = TORCH[fn_id](x, defaults[fn_id])
    if y.requires_grad:
        y.sum().backward()
    return y.detach(), x.grad


def run_batch(fn_id, x):
    """As run, in a tensor padded with zeros to a multiple of 16 elements: ATen's vectorised
    loops (cpu_kernel_vec) hand the last n mod 16 elements to the scalar lambda, which calls
    libm instead of Sleef; padded, every value comes from the vectorised path."""
    n = len(x)
    padded = torch.cat([x, torch.zeros((-n) % 16, dtype=x.dtype)])
    y, g = run(fn_id, padded)
    return y[:n], (g[:n] if g is not None else None)


def all_finite(dtype):
    bits = torch.arange(0, 1 << 16, dtype=torch.int32).to(torch.int16)
    values = bits.view(dtype)
    values = values[torch.isfinite(values.float())]
    values = values[~((values == 0) & torch.signbit(values.float()))]
    return values.float().sort().values.to(dtype)


def tail_bounds(x, df):
    zero = (df.float() == 0).tolist()
    xs = x.float().tolist()
    up_to = None
    i = 0
    while i < len(xs) and zero[i]:
        up_to = xs[i]
        i += 1
    start = None
    j = len(xs) - 1
    while j >= 0 and zero[j]:
        start = xs[j]
        j -= 1
    return up_to, start


out = {'torch': torch.__version__, 'grid': grid, 'functions': {}}
for fn_id in TORCH:
    entry = {}
    for name, dtype in DTYPES.items():
        x = torch.tensor(grid, dtype=torch.float64).to(dtype)
        try:
            y, g = run_batch(fn_id, x)
        except RuntimeError as error:  # PyTorch 1.13 lacks many float16 CPU kernels
            entry[name] = {'missing': str(error).splitlines()[0]}
            continue
        record = {'x': x.float().tolist(), 'f': y.float().tolist(), 'df': g.float().tolist() if g is not None else None}
        if g is not None:
            xs = all_finite(dtype if name != 'float32' else torch.bfloat16).to(dtype)
            _, gs = run_batch(fn_id, xs)
            record['dfZeroUpTo'], record['dfZeroFrom'] = tail_bounds(xs, gs)
        if fn_id == 'gelu' and name != 'float16':
            single = [run(fn_id, x[i:i + 1]) for i in range(len(x))]
            record['oneElement'] = {'f': [y.float().item() for y, _ in single], 'df': [g.float().item() for _, g in single]}
        entry[name] = record
    out['functions'][fn_id] = entry
json.dump(out, sys.stdout, separators=(',', ':'), allow_nan=True)
sys.stdout.write('\n')
