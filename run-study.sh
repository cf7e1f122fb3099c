#!/usr/bin/env bash
# The main job end to end: builds the project and runs the Fashion-MNIST transfer study.
# Arguments go to the study (try --help). Output: transfer4j-out/study/report.md, .png, .json.
set -euo pipefail
cd "$(dirname "$0")"
# The study finds Fashion-MNIST in Debian's package, or downloads it into ~/.transfer4j if apt is unavailable.
scripts/ensure-packages.sh dataset-fashion-mnist
exec bash transfer4j.sh study "$@"
