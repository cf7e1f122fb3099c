#!/usr/bin/env bash
# The main job end to end: builds the project and runs the pretrained-backbone study (nsfwjs' ImageNet
# MobileNetV2 transferred to Fashion-MNIST). Arguments go to the study (try --help).
# Output: transfer4j-out/pretrained-study/report.md, accuracy-vs-k.png, report.json.
set -euo pipefail
cd "$(dirname "$0")"
# Fashion-MNIST from Debian's package (the study downloads it into ~/.transfer4j if apt is unavailable);
# the npm client fetches the pretrained network once (npm pack nsfwjs@4.4.0, verified, into the cache).
scripts/ensure-packages.sh dataset-fashion-mnist
command -v npm >/dev/null 2>&1 || scripts/ensure-packages.sh npm
exec bash transfer4j.sh pretrained-study "$@"
