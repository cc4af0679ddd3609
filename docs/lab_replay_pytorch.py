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


def replay(run, side):
    if side['fn'] == 'expr':
        # A side typed as a formula (actviz train --expr): its torch ops are not written yet.
        raise ValueError(f"the formula {side['expr']!r} cannot be replayed yet: only catalog functions can")
    f = ACTIVATIONS[side['fn']]
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
    losses = []
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
    return losses, params


if __name__ == '__main__':
    run = json.load(open(sys.argv[1]))
    worst = 0.0
    for side in run['sides']:
        if side['fn'] == 'expr':
            print(f"expr {side['expr']!r}: a typed formula, not replayed (only catalog functions are, for now)")
            continue
        losses, _ = replay(run, side)
        for step, (ours, theirs) in enumerate(zip(side['loss'], losses), start=1):
            worst = max(worst, abs(ours - theirs) / max(1e-6, abs(theirs)))
        print(f"{side['fn']}: step 1 loss {side['loss'][0]:.7g} (PyTorch {losses[0]:.7g}), "
              f"last {side['loss'][-1]:.7g} (PyTorch {losses[-1]:.7g})")
    print(f'largest relative difference over {len(run["sides"][0]["loss"])} steps: {worst:.3g}')
