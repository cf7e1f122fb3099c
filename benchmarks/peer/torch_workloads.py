#!/usr/bin/env python3
"""PyTorch side of the peer benchmark: the workloads of WorkloadBenchmark, timed the same way.

Each workload: a fresh network with random weights (torchvision's architectures; LeNet as the study's
StudyLeNet: conv 5x5x20, max pool, conv 5x5x50, max pool, dense 500 ReLU, softmax output, Adam 1e-3 with
L2 5e-4), random inputs seeded with 1, one-hot labels i % classes, two untimed warm-ups, then steps until
at least REPEATS are done and MIN_SECONDS have passed. Each step is timed on its own; the median is the
figure. Prints one JSON object on stdout. Run by benchmarks/peer/run.sh, which sets the threads and the
BLAS; arguments select workloads by model name.
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torchvision.models as tvm

REPEATS = int(os.environ.get("PEER_REPEATS", "10"))
MIN_SECONDS = float(os.environ.get("PEER_MIN_SECONDS", "8"))

# model, training, batch: the order and the shapes of WorkloadBenchmark.
WORKLOADS = [("lenet", True, 64), ("resnet50", True, 8), ("vgg16", False, 1), ("mobilenetv2", False, 8),
             ("mobilenetv2", True, 8), ("inceptionv3", False, 8)]


class LeNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.dense = nn.Linear(800, 500)
        self.out = nn.Linear(500, classes)

    def forward(self, x):
        x = nn.functional.max_pool2d(self.conv1(x.view(-1, 1, 28, 28)), 2)
        x = nn.functional.max_pool2d(self.conv2(x), 2)
        return self.out(torch.relu(self.dense(x.flatten(1))))


def build(model):
    # The classes of the Java side: StudyLeNet 5, the ImageNet models 1000, the nsfwjs models 5.
    if model == "lenet":
        return LeNet(5), 5
    if model == "resnet50":
        return tvm.resnet50(), 1000
    if model == "vgg16":
        return tvm.vgg16(), 1000
    if model == "mobilenetv2":
        return tvm.mobilenet_v2(num_classes=5), 5
    if model == "inceptionv3":
        return tvm.inception_v3(num_classes=5, aux_logits=False, init_weights=True), 5
    raise SystemExit("model must be lenet, resnet50, vgg16, mobilenetv2 or inceptionv3, got " + model)


def step_fn(model, training, batch):
    torch.manual_seed(1)
    net, classes = build(model)
    size = 299 if model == "inceptionv3" else 224
    x = torch.rand(batch, 784) if model == "lenet" else torch.rand(batch, 3, size, size)
    y = torch.arange(batch) % classes
    if not training:
        net.eval()

        def forward():
            with torch.no_grad():
                net(x)
        return forward
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=5e-4 if model == "lenet" else 0)
    loss = nn.CrossEntropyLoss()

    def train():
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()
    return train


def measure(model, training, batch):
    op = step_fn(model, training, batch)
    op()
    op()
    times = []
    start = time.perf_counter()
    while len(times) < REPEATS or time.perf_counter() - start < MIN_SECONDS:
        t = time.perf_counter()
        op()
        times.append((time.perf_counter() - t) * 1e3)
    ms = statistics.median(times)
    return {"model": model, "kind": "training step" if training else "forward", "batch": batch,
            "iterations": len(times), "msPerIteration": ms, "imagesPerSecond": batch / (ms / 1e3),
            "msMin": min(times), "msMax": max(times)}


def main(argv):
    rows = []
    for model, training, batch in WORKLOADS:
        if argv and model not in argv:
            continue
        rows.append(measure(model, training, batch))
        print("[peer] " + json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": os.environ.get("LD_LIBRARY_PATH", ""), "mkldnn": torch.backends.mkldnn.is_available(),
                      "rows": rows}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
