#!/usr/bin/env bash
# Every test: fast *Test classes (Surefire) and slow *IT classes (Failsafe), across all modules.
set -euo pipefail
cd "$(dirname "$0")"
# Real data for the tests; h5py/numpy regenerate and check the Keras fixtures.
scripts/ensure-packages.sh dataset-fashion-mnist python3-h5py python3-numpy
mvn -B verify "$@"
