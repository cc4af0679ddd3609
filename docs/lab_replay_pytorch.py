#!/usr/bin/python3
"""Replays a run exported by the Activation Explorer lab (page or `actviz train --export`) in
PyTorch: the same data, initial weights, batches, loss and optimiser, and prints each side's
losses beside the exported ones. Usage: python3 lab_replay_pytorch.py run.json
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


def replay(run, side):
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
    for batch in run['batches']:
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
        losses, _ = replay(run, side)
        for step, (ours, theirs) in enumerate(zip(side['loss'], losses), start=1):
            worst = max(worst, abs(ours - theirs) / max(1e-6, abs(theirs)))
        print(f"{side['fn']}: step 1 loss {side['loss'][0]:.7g} (PyTorch {losses[0]:.7g}), "
              f"last {side['loss'][-1]:.7g} (PyTorch {losses[-1]:.7g})")
    print(f'largest relative difference over {len(run["batches"])} steps: {worst:.3g}')
