#!/usr/bin/env python3
"""Writes classifier.pt, the TorchScript fixture of the djl backend's tests (a few KB).

A linear classifier over 4 features with fixed weights (no training, no randomness), traced with
torch.jit.trace and saved with torch.jit.save:

    forward(x: float32[batch, 4]) -> (probabilities: float32[batch, 3], label: int64[batch])

probabilities = softmax(x @ W.T + b), label = argmax(probabilities). The Java tests recompute the
same numbers from W and b below (DjlTorchScriptTest.WEIGHTS, BIAS), so they know what to expect
without Python.

Made with Debian 12's python3-torch 1.13.1 (apt-get install python3-torch):

    /usr/bin/python3 make_fixture.py classifier.pt
"""
import sys

import torch

WEIGHTS = [[0.5, -1.0, 0.25, 2.0],
           [-0.75, 0.5, 1.5, -0.5],
           [1.0, 1.0, -1.0, 0.0]]
BIAS = [0.1, -0.2, 0.3]


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 3)
        with torch.no_grad():
            self.linear.weight.copy_(torch.tensor(WEIGHTS))
            self.linear.bias.copy_(torch.tensor(BIAS))

    def forward(self, x):
        probabilities = torch.softmax(self.linear(x), dim=1)
        return probabilities, torch.argmax(probabilities, dim=1)


def main(out):
    model = Classifier().eval()
    example = torch.zeros(2, 4)
    traced = torch.jit.trace(model, example)
    torch.jit.save(traced, out)
    check = torch.jit.load(out)
    probabilities, label = check(torch.tensor([[1.0, 2.0, 3.0, 4.0]]))
    print(out, "written with torch", torch.__version__, "->", probabilities.tolist(), label.tolist())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "classifier.pt")
