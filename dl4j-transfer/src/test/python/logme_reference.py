#!/usr/bin/env python3
"""Reference LogME values for LogMeTest, from the equations of You et al., "LogME: Practical Assessment of
Pre-trained Models for Transfer Learning" (ICML 2021), Algorithm 1, in numpy (SVD of F^T F, float64).

For each class c, y = 1[label == c]; the evidence of the Bayesian linear model y ~ N(F w, 1/beta),
w ~ N(0, I/alpha) is maximised by the fixed-point iteration
    gamma = sum_i beta s_i / (alpha + beta s_i)
    m     = beta (alpha I + beta F^T F)^-1 F^T y
    alpha = gamma / (m^T m + 1e-5),  beta = (n - gamma) / (||F m - y||^2 + 1e-5)
(the 1e-5 as in the authors' code, github thuml/LogME: it keeps a class the features cannot explain finite)
(stopping when alpha/beta changes by less than 1% relative, at most 11 rounds), and
    L = n/2 log beta + D/2 log alpha - n/2 log 2pi - beta/2 ||F m - y||^2 - alpha/2 m^T m
        - 1/2 sum_i log(alpha + beta s_i).
LogME is the mean over classes of L / n.

Usage: /usr/bin/python3 logme_reference.py [out.json]   (default ../resources/advise/logme-reference.json)
"""
import json
import os
import sys

import numpy as np


def evidence(f, y):
    n, d = f.shape
    _, s, vh = np.linalg.svd(f.T @ f)          # s: eigenvalues of F^T F; rows of vh: eigenvectors
    fty = vh @ (f.T @ y)
    alpha, beta = 1.0, 1.0
    lam = alpha / beta
    rounds = 0
    for _ in range(11):
        rounds += 1
        gamma = (beta * s / (alpha + beta * s)).sum()
        m = vh.T @ (fty * beta / (alpha + beta * s))
        mm = (m * m).sum()
        err = ((y - f @ m) ** 2).sum()
        alpha = gamma / (mm + 1e-5)
        beta = (n - gamma) / (err + 1e-5)
        new_lam = alpha / beta
        if abs(new_lam - lam) / lam < 0.01:
            break
        lam = new_lam
    return (d / 2.0 * np.log(alpha) + n / 2.0 * np.log(beta) - 0.5 * np.log(alpha + beta * s).sum()
            - beta / 2.0 * err - alpha / 2.0 * mm - n / 2.0 * np.log(2 * np.pi)) / n, rounds


def logme(f, labels, classes):
    per_class = [evidence(f, (labels == c).astype(np.float64)) for c in range(classes)]
    return float(np.mean([e for e, _ in per_class])), [r for _, r in per_class]


def case(rng, n, d, classes, separation):
    labels = np.arange(n) % classes
    centres = rng.normal(size=(classes, d)) * separation
    f = centres[labels] + rng.normal(size=(n, d))
    score, rounds = logme(f, labels, classes)
    return {"features": f.tolist(), "labels": labels.tolist(), "classes": classes, "logme": score, "rounds": rounds}


def dead():
    # A random network's pooled features (4 channels, 6 images): the two images of class 2 are all zero, as
    # dead ReLUs leave them, so nothing explains that class (m -> 0): without the 1e-5 alpha is infinite.
    f = np.array([[0.0998, 0.2814, 0.8885, 0.0458], [0, 0, 0, 0], [0.1144, 0.2992, 0.9157, 0.0336],
                  [0, 0, 0, 0], [0, 0.5104, 0.5043, 0.5010], [0, 0.5107, 0.5148, 0.5081]])
    labels = np.array([1, 2, 1, 2, 0, 0])
    score, rounds = logme(f, labels, 3)
    return {"features": f.tolist(), "labels": labels.tolist(), "classes": 3, "logme": score, "rounds": rounds}


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "advise",
                                                     "logme-reference.json")
    rng = np.random.RandomState(2021)
    doc = {"source": "logme_reference.py (numpy %s)" % np.__version__,
           "cases": {"separable n>d": case(rng, 90, 6, 3, 3.0),
                     "noise n>d": case(rng, 90, 6, 3, 0.0),
                     "separable d>n": case(rng, 24, 40, 4, 1.5),
                     "dead features": dead()}}
    with open(out, "w") as fh:
        json.dump(doc, fh)
        fh.write("\n")
    for k, v in doc["cases"].items():
        print("%-16s LogME %.10f" % (k, v["logme"]))


if __name__ == "__main__":
    main(sys.argv)
