#!/usr/bin/python3
"""Writes Fashion-MNIST training images as a folder of PNGs, OUT/<class name>/<index>.png, N per class
(the first N of each class in a seeded shuffle): the pretrained study's task as an image folder, for
`transfer4j.sh advise --data OUT`. Needs Debian's python3-numpy and python3-pil, and dataset-fashion-mnist.

usage: scripts/fashion-folder.py OUT N [SEED] [IDX_DIR]
"""
import gzip
import os
import sys

import numpy as np
from PIL import Image

NAMES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def read(path, offset):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def find(directory, stem):
    for name in (stem + "-ubyte.gz", stem + "-ubyte"):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    sys.exit(f"no {stem}-ubyte(.gz) in {directory}: install dataset-fashion-mnist or give IDX_DIR")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    idx = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    images = read(find(idx, "train-images-idx3"), 16).reshape(-1, 28, 28)
    labels = read(find(idx, "train-labels-idx1"), 8)
    rng = np.random.default_rng(seed)
    for c, name in enumerate(NAMES):
        chosen = rng.permutation(np.flatnonzero(labels == c))[:n]
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for i in chosen:
            Image.fromarray(images[i], mode="L").save(os.path.join(out, name, f"{i}.png"))
    print(f"{out}: {n} images for each of {len(NAMES)} classes")


if __name__ == "__main__":
    main()
