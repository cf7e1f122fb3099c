#!/usr/bin/env bash
# Every test: fast *Test classes (Surefire) and slow *IT classes (Failsafe), across all modules. install (not only
# verify) puts the library into the local repository as each module passes, so that UserProjectIT (apps) can build a
# new Maven project against it as a user would.
set -euo pipefail
cd "$(dirname "$0")"
# Real data for the tests; h5py/numpy regenerate and check the Keras fixtures.
scripts/ensure-packages.sh dataset-fashion-mnist python3-h5py python3-numpy
# The npm client fetches the pretrained TF.js networks (nsfwjs) that the catalogue lists.
command -v npm >/dev/null 2>&1 || scripts/ensure-packages.sh npm
mvn -B install "$@"
