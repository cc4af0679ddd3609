#!/usr/bin/python3
"""Replays a run exported by the Activation Explorer lab (page or `actviz train --export`) in
PyTorch: the same data, initial weights, batches, loss and optimiser, and prints each side's
losses beside the exported ones. Usage: python3 lab_replay_pytorch.py run.json

The batches are regenerated from the export's seed by the rule docs/lab.md states ("The batch
order"), written out below in plain Python; exports of format 1 listed them.
"""
import json
import sys

import torch
import torch.nn.functional as F

# The catalog's ids and parameters as torch calls (the functions the lab offers).
ACTIVATIONS = {
    'relu': lambda x, p: F.relu(x),
    'leaky_relu': lambda x, p: F.leaky_relu(x, p['alpha']),
    'elu': lambda x, p: F.elu(x, p['alpha']),
    'selu': lambda x, p: F.selu(x),
    'celu': lambda x, p: F.celu(x, p['alpha']),
    'gelu': lambda x, p: F.gelu(x),
    'gelu_tanh': lambda x, p: F.gelu(x, approximate='tanh'),
    'silu': lambda x, p: x * torch.sigmoid(p['beta'] * x) if p['beta'] != 1 else F.silu(x),
    'mish': lambda x, p: F.mish(x),
    'softplus': lambda x, p: F.softplus(x, p['beta'], p['threshold']),
    'sigmoid': lambda x, p: torch.sigmoid(x),
    'tanh': lambda x, p: torch.tanh(x),
    'hardtanh': lambda x, p: F.hardtanh(x, p['min_val'], p['max_val']),
    'relu6': lambda x, p: F.relu6(x),
    'hardsigmoid': lambda x, p: F.hardsigmoid(x),
    'hardswish': lambda x, p: F.hardswish(x),
    'softsign': lambda x, p: F.softsign(x),
    'logsigmoid': lambda x, p: F.logsigmoid(x),
    'tanhshrink': lambda x, p: F.tanhshrink(x),
    'softshrink': lambda x, p: F.softshrink(x, p['lambd']),
    'hardshrink': lambda x, p: F.hardshrink(x, p['lambd']),
}


# A side typed as a formula (fn "expr") carries its tape as "program": the C++ parser's
# instructions in order, each reading earlier ones by index (docs/lab.md). Each op is written in
# the torch op whose gradient rule is the one the lab trained with: torch.maximum splits a tie
# 0.5/0.5, torch.clamp passes the gradient on its bounds, torch.abs has 0 at 0, torch.where
# differentiates the branch taken. With the run's at_kink "tensorflow" or "jax", the ops whose
# rule differs there are the compositions that framework computes them with (FRAMEWORK_OPS).
UNARY = {
    'neg': torch.neg, 'exp': torch.exp, 'log': torch.log, 'log1p': torch.log1p, 'expm1': torch.expm1,
    'sqrt': torch.sqrt, 'abs': torch.abs, 'sign': torch.sign, 'sin': torch.sin, 'cos': torch.cos,
    'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'softplus': F.softplus, 'erf': torch.erf,
    'erfc': torch.erfc, 'relu': torch.relu,
}
BINARY = {
    'add': torch.add, 'sub': torch.sub, 'mul': torch.mul, 'div': torch.div, 'pow': torch.pow,
    'max': torch.maximum, 'min': torch.minimum,
    'less': torch.lt, 'less_equal': torch.le, 'greater': torch.gt, 'greater_equal': torch.ge,
    'equal': torch.eq, 'not_equal': torch.ne,
}
TERNARY = {'clamp': torch.clamp, 'where': torch.where}
# TensorFlow gives a tie of maximum/minimum to the first argument (math_grad.py: x >= y, x <= y)
# and clips as maximum(minimum(v, hi), lo); JAX clips as minimum(hi, maximum(lo, v)), balanced
# ties as torch's, and has abs'(0) = 1 (select(x >= 0, g, -g)).
_tf_max = lambda a, b: torch.where(a >= b, a, b)
_tf_min = lambda a, b: torch.where(a <= b, a, b)
FRAMEWORK_OPS = {
    'tensorflow': {'max': _tf_max, 'min': _tf_min, 'clamp': lambda v, lo, hi: _tf_max(_tf_min(v, hi), lo)},
    'jax': {'clamp': lambda v, lo, hi: torch.minimum(hi, torch.maximum(lo, v)),
            'abs': lambda v: torch.where(v >= 0, v, -v)},
}


def formula_function(side):
    """The formula side's f(h, params) in torch ops, from the program its export carries."""
    program = side['program']
    rules = {**UNARY, **BINARY, **TERNARY, **FRAMEWORK_OPS.get(side.get('at_kink'), {})}

    def evaluate(k, value_of, x, params, dtype):
        op = program[k]
        name = op['op']
        if name == 'constant':
            return torch.tensor(op['value'], dtype=dtype)
        if name == 'x':
            return x
        if name == 'parameter':
            return torch.tensor(params[op['name']], dtype=dtype)
        args = [value_of(j) for j in op['args']]
        if name == 'catalog':
            # Its parameters never depend on x and are numbers computed in float64 (a Python
            # number), as the lab computes them; the ones not written are the catalog's defaults.
            scalar = scalars(params)
            named = {**op['defaults'], **{p: scalar(j).item() for p, j in op['params'].items()}}
            return ACTIVATIONS[op['fn']](args[0], named)
        return rules[name](*args)

    def scalars(params):
        memo = {}

        def value_of(k):
            if k not in memo:
                memo[k] = evaluate(k, value_of, None, params, torch.float64)
            return memo[k]
        return value_of

    def f(h, params):
        values = []
        for k in range(len(program)):
            values.append(evaluate(k, values.__getitem__, h, params, h.dtype))
        result = values[-1]
        return result if result.shape == h.shape else result.expand_as(h)

    return f


MASK32 = (1 << 32) - 1
MASK64 = (1 << 64) - 1


class Pcg32:
    """PCG32 (pcg32_random_r, O'Neill 2014), seeded as pcg32_srandom_r(seed, stream)."""

    def __init__(self, seed, stream):
        self.state = 0
        self.increment = ((stream << 1) | 1) & MASK64
        self.next()
        self.state = (self.state + seed) & MASK64
        self.next()

    def next(self):
        old = self.state
        self.state = (old * 6364136223846793005 + self.increment) & MASK64
        xorshifted = (((old >> 18) ^ old) >> 27) & MASK32
        rotation = old >> 59
        return ((xorshifted >> rotation) | (xorshifted << ((32 - rotation) & 31))) & MASK32

    def below(self, n):
        """Uniform in [0, n) by Lemire's multiply-and-reject."""
        product = self.next() * n
        if (product & MASK32) < n:
            threshold = ((1 << 32) - n) % n
            while (product & MASK32) < threshold:
                product = self.next() * n
        return product >> 32


def batch_order(run):
    """Each step's batch: before every epoch a Fisher-Yates shuffle of the previous epoch's order."""
    if 'batches' in run:  # format 1
        yield from run['batches']
        return
    assert run['shuffle']['rule'] == 'pcg32-fisher-yates', run['shuffle']
    rng = Pcg32(run['seed'], run['shuffle']['stream'])
    n, size = len(run['data']['x']), run['batch']
    order, cursor = list(range(n)), n
    for _ in range(run['steps']):
        if cursor >= n:
            for i in range(n - 1, 0, -1):
                j = rng.below(i + 1)
                order[i], order[j] = order[j], order[i]
            cursor = 0
        yield order[cursor:cursor + size]
        cursor = min(n, cursor + size)


def activation(side):
    """The side's f(h, params): a catalog function by id, or a formula from its program."""
    return formula_function(side) if side['fn'] == 'expr' else ACTIVATIONS[side['fn']]


def dead_units(run, params, f, side):
    """Per hidden layer, the units whose f' is exactly 0 for every training input (as the lab counts)."""
    h = torch.tensor(run['data']['x'], dtype=torch.float32)
    dead = []
    for W, b in params[:-1]:
        z = F.linear(h, W, b).detach().requires_grad_()
        out = f(z, side['params'])
        slope, = torch.autograd.grad(out.sum(), z, allow_unused=True)  # None: f does not depend on x
        slope = torch.zeros_like(z) if slope is None else slope
        dead.append(int((slope == 0).all(dim=0).sum()))
        h = out.detach()
    return dead


def replay(run, side, count_dead=False):
    f = activation(side)
    params = [(torch.tensor(layer['W'], dtype=torch.float32).requires_grad_(),
               torch.tensor(layer['b'], dtype=torch.float32).requires_grad_()) for layer in run['layers']]
    flat = [t for pair in params for t in pair]
    opt = run['optimizer']
    if opt['name'] == 'sgd':
        optimizer = torch.optim.SGD(flat, lr=opt['lr'])
    else:
        optimizer = torch.optim.Adam(flat, lr=opt['lr'], betas=(opt['beta1'], opt['beta2']), eps=opt['eps'])
    x_all = torch.tensor(run['data']['x'], dtype=torch.float32)
    regression = run['loss'] == 'mse'
    y_all = torch.tensor(run['data']['y'], dtype=torch.float32 if regression else torch.long)
    losses, dead = [], []
    for batch in batch_order(run):
        h = x_all[batch]
        for W, b in params[:-1]:
            h = f(F.linear(h, W, b), side['params'])
        out = F.linear(h, *params[-1])
        loss = F.mse_loss(out, y_all[batch]) if regression else F.cross_entropy(out, y_all[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if count_dead:
            dead.append(dead_units(run, params, f, side))
    return (losses, params, dead) if count_dead else (losses, params)


if __name__ == '__main__':
    run = json.load(open(sys.argv[1]))
    worst = 0.0
    for side in run['sides']:
        losses, _, dead = replay(run, side, count_dead=True)
        for step, (ours, theirs) in enumerate(zip(side['loss'], losses), start=1):
            worst = max(worst, abs(ours - theirs) / max(1e-6, abs(theirs)))
        name = repr(side['expr']) if side['fn'] == 'expr' else side['fn']
        print(f"{name}: step 1 loss {side['loss'][0]:.7g} (PyTorch {losses[0]:.7g}), "
              f"last {side['loss'][-1]:.7g} (PyTorch {losses[-1]:.7g}); dead units at the end "
              f"{side['dead'][-1]} (PyTorch {dead[-1]})")
    print(f'largest relative difference over {len(run["sides"][0]["loss"])} steps: {worst:.3g}')
