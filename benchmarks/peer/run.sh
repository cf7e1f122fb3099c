#!/usr/bin/env bash
# Peer benchmark: WorkloadBenchmark (transfer4j, ND4J/DL4J) and the same workloads in PyTorch, one after the
# other on this machine, then the ratio per workload. Usage (from the project root, after
# `mvn -B -DskipTests package -pl benchmarks -am`):
#   bash benchmarks/peer/run.sh [MODEL ...]     # lenet resnet50 vgg16 mobilenetv2 inceptionv3; default all
# About 25 minutes for everything at 2 rounds. One thread on both sides (OMP_NUM_THREADS=1 unless set). PyTorch is Debian's (python3-torch,
# python3-torchvision) with Debian's OpenMP OpenBLAS first on LD_LIBRARY_PATH: without an OpenBLAS package
# that torch runs the reference BLAS and looks several times slower than it is. Both sides report the
# median of at least 10 timed steps after two warm-ups. Writes transfer4j-out/bench/peer.json and peer.md
# (and each run's own JSON beside them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source benchmarks/peer/env.sh

# Model by model and round by round, transfer4j then PyTorch: each pair runs minutes apart at most, so a
# shared machine's drift in speed moves both sides of a ratio alike. PEER_ROUNDS (default 2) rounds; each
# side's figure is the median over rounds of its per-round medians.
models=("$@")
all=(lenet resnet50 vgg16 mobilenetv2 inceptionv3)
[ ${#models[@]} -gt 0 ] || models=("${all[@]}")
for m in "${models[@]}"; do
  if [[ ! " ${all[*]} " == *" $m "* ]]; then
    echo "peer benchmark: unknown model '$m'; the models are: ${all[*]}" >&2
    exit 2
  fi
done
rounds="${PEER_ROUNDS:-2}"
rm -f "$out"/peer-transfer4j-*.json "$out"/peer-pytorch-*.json
for round in $(seq 1 "$rounds"); do
  for m in "${models[@]}"; do
    echo "[peer] round $round/$rounds, $m: transfer4j (WorkloadBenchmark), OMP_NUM_THREADS=$OMP_NUM_THREADS" >&2
    java -cp "$jar" org.transfer4j.bench.WorkloadBenchmark "$m" > "$out/peer-transfer4j-$m-$round.json"
    echo "[peer] round $round/$rounds, $m: PyTorch, OMP_NUM_THREADS=$OMP_NUM_THREADS, LD_LIBRARY_PATH=$openblas" >&2
    "${torch_env[@]}" "$py" benchmarks/peer/torch_workloads.py "$m" > "$out/peer-pytorch-$m-$round.json"
  done
done
"$py" benchmarks/peer/compare.py "$out"
