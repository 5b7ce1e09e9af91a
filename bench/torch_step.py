#!/usr/bin/env python3
"""The PyTorch side of the step-time comparison: the paper's network (20 x 50 ReLU, 784 inputs,
softmax over 10, plain SGD, batch 128) on the same mnist-10k digits, one thread.

Prints one line: "torch median_ms=<m> p90_ms=<p> steps=<n> threads=<t> version=<v>".
Needs Debian's python3-torch (apt-get install python3-torch libopenblas0-pthread).
"""
import gzip
import statistics
import struct
import sys
import time

try:
    import torch
except ImportError:
    print("torch unavailable: install with apt-get install python3-torch libopenblas0-pthread")
    sys.exit(3)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 2051:
        n, rows, cols = struct.unpack(">III", data[4:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(n, rows * cols).float() / 255.0
    n = struct.unpack(">I", data[4:8])[0]
    return torch.frombuffer(bytearray(data[8:8 + n]), dtype=torch.uint8).long()


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/mnist-10k"
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x = read_idx(f"{root}/train-images-idx3-ubyte.gz")
    y = read_idx(f"{root}/train-labels-idx1-ubyte.gz")
    layers, width = [], 784
    for _ in range(20):
        layers += [torch.nn.Linear(width, 50), torch.nn.ReLU()]
        width = 50
    layers.append(torch.nn.Linear(width, 10))
    model = torch.nn.Sequential(*layers)
    for module in model:
        if isinstance(module, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            torch.nn.init.zeros_(module.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [(x[i:i + 128], y[i:i + 128]) for i in range(0, 60 * 128, 128)]
    times = []
    for step in range(steps + 100):
        bx, by = batches[step % len(batches)]
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(bx), by)
        loss.backward()
        optimizer.step()
        loss.item()
        elapsed = (time.perf_counter() - start) * 1000
        if step >= 100:
            times.append(elapsed)
    times.sort()
    print(f"torch median_ms={statistics.median(times):.4f} p90_ms={times[int(0.9 * len(times))]:.4f} "
          f"steps={len(times)} threads={torch.get_num_threads()} version={torch.__version__}")


if __name__ == "__main__":
    main()
