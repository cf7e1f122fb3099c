#!/usr/bin/env python3
"""PyTorch side of the primitive-level comparison: one of torch_workloads.py's workloads, two warm-ups, then STEPS
steps between the markers WorkloadProfile uses (oneDNN's verbose log, DNNL_VERBOSE=1 set by the caller, names
the primitives run in between), then STEPS more steps under torch.profiler, whose per-op self CPU times (ATen ops,
oneDNN's included) are printed as one JSON line after the marker 'torch_ops'. Run by benchmarks/peer/profile.sh."""
import json
import sys
import time

import torch

import torch_workloads as tw


def main(model, kind, steps):
    batch = dict((m, b) for m, t, b in tw.WORKLOADS if t == (kind == "training")).get(model)
    if batch is None:
        raise SystemExit("no %s workload for %s" % (kind, model))
    op = tw.step_fn(model, kind == "training", batch)
    op()
    op()
    print("transfer4j_profile,start", flush=True)
    start = time.perf_counter()
    for _ in range(steps):
        op()
    print("transfer4j_profile,end,%d,%.4f" % (steps, (time.perf_counter() - start) * 1e3 / steps), flush=True)
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            op()
    rows = [{"op": e.key, "callsPerStep": e.count / steps, "msPerStep": e.self_cpu_time_total / 1e3 / steps}
            for e in prof.key_averages()]
    rows.sort(key=lambda r: -r["msPerStep"])
    print("torch_ops " + json.dumps(rows), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5)
