#!/usr/bin/env bash
# Primitive-level comparison of one workload, transfer4j against PyTorch: which oneDNN primitives each side runs
# (oneDNN's verbose log, DNNL_VERBOSE=1), with what layouts and times, and which ops outside oneDNN (ND4J's op
# profiler; torch.profiler's self CPU times). Usage (from the project root, after building the benchmarks jar):
#   bash benchmarks/peer/profile.sh MODEL training|forward [STEPS]    # e.g. mobilenetv2 training 5
# Same settings as run.sh (env.sh). Writes transfer4j-out/bench/profile-MODEL-KIND.md and .json.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 2 ]; then
  echo "usage: bash benchmarks/peer/profile.sh MODEL training|forward [STEPS]" >&2
  exit 2
fi
source benchmarks/peer/env.sh
model="$1" kind="$2" steps="${3:-5}"
base="$out/profile-$model-$kind"
echo "[profile] transfer4j, oneDNN primitives (WorkloadProfile)" >&2
java -cp "$jar" org.transfer4j.bench.WorkloadProfile "$model" "$kind" "$steps" > "$base-transfer4j-onednn.json"
echo "[profile] transfer4j, ND4J ops (Nd4jOpTimes)" >&2
java -cp "$jar" org.transfer4j.bench.Nd4jOpTimes "$model" "$kind" "$steps" > "$base-transfer4j-ops.json"
echo "[profile] PyTorch, oneDNN primitives and ATen ops" >&2
(cd benchmarks/peer && DNNL_VERBOSE=1 "${torch_env[@]}" "$py" torch_profile.py "$model" "$kind" "$steps") > "$base-pytorch.log"
java -cp "$jar" org.transfer4j.bench.WorkloadProfile --summarise "$base-pytorch.log" > "$base-pytorch-onednn.json"
"$py" benchmarks/peer/profile_compare.py "$base"
