"""PyTorch reference for the T3D-J teacher benchmark (docs/benchmarks.md, "Teacher (t3d-transfer)").

A torchvision-free DenseNet-121 (same layers and parameter count as torchvision.models.densenet121 without its
classifier: 6,953,856 parameters), eval mode, no_grad, a batch of 8 frames of 224x224, median of 5 after a warm-up.
Usage: [THREADS=2] python3 benchmarks/teacher_densenet121.py [frames] [reps]
"""
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseLayer(nn.Module):
    def __init__(self, cin, growth=32, bn_size=4):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, bn_size * growth, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth)
        self.conv2 = nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.conv1(F.relu(self.norm1(x)))
        y = self.conv2(F.relu(self.norm2(y)))
        return torch.cat([x, y], 1)


class DenseNet(nn.Module):
    def __init__(self, blocks=(6, 12, 24, 16), growth=32, init=64):
        super().__init__()
        layers = [nn.Conv2d(3, init, 7, 2, 3, bias=False), nn.BatchNorm2d(init), nn.ReLU(inplace=True),
                  nn.MaxPool2d(3, 2, 1)]
        c = init
        for i, n in enumerate(blocks):
            for _ in range(n):
                layers.append(DenseLayer(c, growth))
                c += growth
            if i < len(blocks) - 1:
                layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.Conv2d(c, c // 2, 1, bias=False),
                           nn.AvgPool2d(2, 2)]
                c //= 2
        layers.append(nn.BatchNorm2d(c))
        self.features = nn.Sequential(*layers)

    def forward(self, x):
        return F.adaptive_avg_pool2d(F.relu(self.features(x)), 1).flatten(1)


def main():
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))  # ND4J uses 2 OpenMP threads on this machine
    net = DenseNet().eval()
    params = sum(p.numel() for p in net.parameters())
    x = torch.randn(frames, 3, 224, 224)
    with torch.no_grad():
        net(x)
        ms = []
        for _ in range(reps):
            t0 = time.perf_counter()
            net(x)
            ms.append((time.perf_counter() - t0) * 1000)
    med = sorted(ms)[reps // 2]
    print("PyTorch %s DenseNet-121 (%d params), %d threads, batch [%d,3,224,224]: median %.0f ms (runs %s), "
          "%.1f frames/s" % (torch.__version__, params, torch.get_num_threads(), frames, med,
                             [round(m) for m in ms], frames * 1000 / med))


if __name__ == "__main__":
    main()
