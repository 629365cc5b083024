#!/usr/bin/env python3
"""PyTorch 1.13 CPU reference timings for DenseNet3D / T3D (T3D-J spec, paper profile).

Builds the architecture from the spec (interchange naming v1: the same module tree as the golden reference), then
times, like `./t3d benchmark`:
  forward          eval mode under torch.no_grad()
  train            train mode, loss = mean cross-entropy, loss.backward() and an SGD step (Nesterov momentum 0.9,
                   weight decay 1e-4), as ./t3d benchmark's training step
median of --reps after --warmup runs, with process CPU time / wall time per rep.

Usage: /usr/bin/python3 benchmarks/pytorch_models.py --model t3d-121 --frames 16 --size 112 --batch 1 [--threads 2]
Prints 'RESULT impl=pytorch model=... batch=... frames=... mode=fwd|train median_s=... min_s=... cpu_wall=...
peak_rss_mb=...' lines (peak RSS = ru_maxrss of the process so far).
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCKS = {121: (6, 12, 24, 16), 169: (6, 12, 32, 32), 201: (6, 12, 48, 32), 264: (6, 12, 64, 48)}
PROFILES = {  # stem max-pool stride, TTL depths
    "paper": ((1, 2, 2), [(1, 3, 6), (1, 3, 4), (1, 3, 4)]),
    "official": ((2, 2, 2), [(1, 3, 4), (1, 3, 4), (1, 3, 4)]),
}


class DenseLayer(nn.Module):
    def __init__(self, c_in, k, bn_size):
        super().__init__()
        self.norm1 = nn.BatchNorm3d(c_in)
        self.conv1 = nn.Conv3d(c_in, bn_size * k, 1, bias=False)
        self.norm2 = nn.BatchNorm3d(bn_size * k)
        self.conv2 = nn.Conv3d(bn_size * k, k, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv1(F.relu(self.norm1(x)))
        y = self.conv2(F.relu(self.norm2(y)))
        return torch.cat([x, y], 1)


class DenseBlock(nn.Sequential):
    def __init__(self, n, c_in, k, bn_size):
        super().__init__()
        for i in range(n):
            self.add_module("denselayer%d" % (i + 1), DenseLayer(c_in + i * k, k, bn_size))


class BnReluConv(nn.Module):
    def __init__(self, c_in, c_out, kernel, pad_t=(0, 0), pad_s=0):
        super().__init__()
        self.norm = nn.BatchNorm3d(c_in)
        self.conv = nn.Conv3d(c_in, c_out, kernel, bias=False)
        # F.pad order: (W left, W right, H top, H bottom, T front, T back)
        self.pad = (pad_s, pad_s, pad_s, pad_s, pad_t[0], pad_t[1])

    def forward(self, x):
        x = F.relu(self.norm(x))
        if any(self.pad):
            x = F.pad(x, self.pad)
        return self.conv(x)


class Transition(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.norm = nn.BatchNorm3d(c_in)
        self.conv = nn.Conv3d(c_in, c_out, 1, bias=False)

    def forward(self, x):
        return F.avg_pool3d(self.conv(F.relu(self.norm(x))), 2, 2)


class TTL(nn.Module):
    """Branches BN-ReLU-[pad, extra frame at the END]-Conv(d,s,s), concat, post BN-ReLU-Conv1x1x1, AvgPool 2."""

    def __init__(self, c_in, depths, ch):
        super().__init__()
        for j, d in enumerate(depths):
            s = 1 if d == 1 else 3
            total = d - 1
            self.add_module("branch%d" % (j + 1),
                            BnReluConv(c_in, ch, (d, s, s), (total // 2, total - total // 2), (s - 1) // 2))
        self.n = len(depths)
        self.transition = BnReluConv(self.n * ch, self.n * ch, 1)

    def forward(self, x):
        y = torch.cat([getattr(self, "branch%d" % (j + 1))(x) for j in range(self.n)], 1)
        return F.avg_pool3d(self.transition(y), 2, 2)


class Net(nn.Module):
    def __init__(self, family, depth, profile="paper", classes=400, k=32, init=64, bn_size=4, ttl_ch=128):
        super().__init__()
        pool_stride, ttl_depths = PROFILES[profile]
        self.pool_stride = pool_stride
        f = nn.Sequential()
        f.add_module("conv0", nn.Conv3d(3, init, (3, 7, 7), (2, 2, 2), (1, 3, 3), bias=False))
        f.add_module("norm0", nn.BatchNorm3d(init))
        c = init
        blocks = BLOCKS[depth]
        for b, n in enumerate(blocks):
            f.add_module("denseblock%d" % (b + 1), DenseBlock(n, c, k, bn_size))
            c += n * k
            if b < len(blocks) - 1:
                if family == "t3d":
                    f.add_module("ttl%d" % (b + 1), TTL(c, ttl_depths[b], ttl_ch))
                    c = len(ttl_depths[b]) * ttl_ch
                else:
                    f.add_module("transition%d" % (b + 1), Transition(c, c // 2))
                    c //= 2
        f.add_module("norm5", nn.BatchNorm3d(c))
        self.features = f
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        f = self.features
        x = F.relu(f.norm0(f.conv0(x)))
        x = F.max_pool3d(x, 3, self.pool_stride, 1)
        for name, m in f.named_children():
            if name in ("conv0", "norm0"):
                continue
            x = m(x)
        x = F.adaptive_avg_pool3d(F.relu(x), 1).flatten(1)
        return self.classifier(x)


def timed(fn, warmup, reps, label):
    for _ in range(warmup):
        fn()
    wall, ratio = [], []
    for i in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        t1, c1 = time.perf_counter(), time.process_time()
        wall.append(t1 - t0)
        ratio.append((c1 - c0) / (t1 - t0))
        print("  %s rep %d: %.3f s (cpu/wall %.2f)" % (label, i + 1, wall[-1], ratio[-1]), flush=True)
    return statistics.median(wall), min(wall), statistics.median(ratio)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="t3d-121")
    ap.add_argument("--profile", default="paper")
    ap.add_argument("--frames", type=int, default=16)
    ap.add_argument("--size", type=int, default=112)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--classes", type=int, default=400)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", default="both", choices=["both", "forward", "train"])
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    family, depth = a.model.split("-")
    torch.manual_seed(0)
    net = Net(family, int(depth), a.profile, a.classes)
    params = sum(p.numel() for p in net.parameters())
    x = torch.randn(a.batch, 3, a.frames, a.size, a.size)
    y = torch.arange(a.batch) % a.classes
    print("pytorch %s %s: %d parameters, input %dx%dx%d, batch %d, %d threads, torch %s"
          % (a.model, a.profile, params, a.frames, a.size, a.size, a.batch, torch.get_num_threads(),
             torch.__version__), flush=True)
    if a.mode != "train":
        net.eval()

        def fwd():
            with torch.no_grad():
                net(x)
        r = timed(fwd, a.warmup, a.reps, "forward")
        print("RESULT impl=pytorch model=%s batch=%d frames=%d mode=fwd median_s=%.4f min_s=%.4f cpu_wall=%.2f "
              "peak_rss_mb=%.0f" % (a.model, a.batch, a.frames, r[0], r[1], r[2], peak_rss_mb()), flush=True)
    if a.mode != "forward":
        net.train()

        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4)

        def step():
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(net(x), y).backward()
            opt.step()
        r = timed(step, a.warmup, a.reps, "train step")
        print("RESULT impl=pytorch model=%s batch=%d frames=%d mode=train median_s=%.4f min_s=%.4f cpu_wall=%.2f "
              "peak_rss_mb=%.0f" % (a.model, a.batch, a.frames, r[0], r[1], r[2], peak_rss_mb()), flush=True)


if __name__ == "__main__":
    main()
