"""PyTorch 1.13 CPU side of `./t3d benchmark-blocks`: the same blocks, shapes, head and training step.

Blocks (each followed by global average pooling and a Linear(C, 2) MSE head):
  conv3d  Conv3d 64->64 3x3x3 pad 1, no bias, input [2,64,16,28,28]
  ttl     the paper's TTL (branches 1x1x1 / 3x3x3 / 6x3x3, 32 channels each, end padding, BN-ReLU-Conv1x1x1, AvgPool 2)
          on [4,64,8,28,28]
  dense4  dense block of 4 bottleneck layers, k = 32, bn_size 4, on [2,64,8,28,28]
plus an n x n x n sgemm (torch.mm) as the reference GFLOP/s. "train" = forward, backward and an SGD step (Nesterov
momentum 0.9, weight decay 1e-4). GFLOP/s counts convolution FLOPs: 2*MACs forward, 6*MACs per training step.

Usage: /usr/bin/python3 benchmarks/pytorch_blocks.py [--threads 2] [--reps 7] [--warmup 2] [--sgemm 2048]
Prints 'RESULT impl=pytorch block=... mode=fwd|train median_s=... gflops=...' lines.
"""
import argparse
import os
import resource
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_models import TTL, DenseBlock, timed  # noqa: E402


def conv_macs(net, x):
    macs = []

    def hook(m, inp, out):
        macs.append(out.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1] * m.kernel_size[2]
                    // m.groups)
    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, nn.Conv3d)]
    with torch.no_grad():
        net(x)
    for h in hs:
        h.remove()
    return sum(macs)


class Head(nn.Module):
    def __init__(self, body, c):
        super().__init__()
        self.body = body
        self.fc = nn.Linear(c, 2)

    def forward(self, x):
        return self.fc(F.adaptive_avg_pool3d(self.body(x), 1).flatten(1))


def blocks():
    return [
        ("conv3d", (2, 64, 16, 28, 28), Head(nn.Conv3d(64, 64, 3, padding=1, bias=False), 64)),
        ("ttl", (4, 64, 8, 28, 28), Head(TTL(64, (1, 3, 6), 32), 96)),
        ("dense4", (2, 64, 8, 28, 28), Head(DenseBlock(4, 64, 32, 4), 64 + 4 * 32)),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--sgemm", type=int, default=2048)
    ap.add_argument("--blocks", default="conv3d,ttl,dense4")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    print("pytorch %s, %d threads" % (torch.__version__, torch.get_num_threads()), flush=True)
    if a.sgemm > 0:
        n = a.sgemm
        p, q = torch.rand(n, n), torch.rand(n, n)
        r = timed(lambda: torch.mm(p, q), a.warmup, a.reps, "sgemm")
        print("RESULT impl=pytorch block=sgemm%d mode=fwd median_s=%.5f gflops=%.1f" % (n, r[0], 2.0 * n ** 3 / 1e9 / r[0]),
              flush=True)
    wanted = a.blocks.split(",")
    for name, shape, net in blocks():
        if name not in wanted:
            continue
        x = torch.randn(*shape)
        y = torch.randn(shape[0], 2)
        gmacs = conv_macs(net, x) / 1e9
        net.eval()

        def fwd():
            with torch.no_grad():
                net(x)
        f = timed(fwd, a.warmup, a.reps, name + " forward")
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4)

        def step():
            opt.zero_grad(set_to_none=True)
            F.mse_loss(net(x), y).backward()
            opt.step()
        t = timed(step, a.warmup, a.reps, name + " train")
        print("RESULT impl=pytorch block=%s mode=fwd median_s=%.5f gflops=%.1f" % (name, f[0], 2 * gmacs / f[0]))
        print("RESULT impl=pytorch block=%s mode=train median_s=%.5f gflops=%.1f" % (name, t[0], 6 * gmacs / t[0]),
              flush=True)
    print("RESULT impl=pytorch block=process mode=peak peak_rss_mb=%.0f"
          % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))


if __name__ == "__main__":
    main()
