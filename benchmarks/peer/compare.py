#!/usr/bin/env python3
"""Joins run.sh's per-run JSON files in OUT_DIR (WorkloadBenchmark's peer-transfer4j-MODEL-ROUND.json and
torch_workloads.py's peer-pytorch-MODEL-ROUND.json) by workload (model, kind, batch; the Java rows with the
oneDNN helpers on). Each side's figure is the median over rounds of its per-round median step time; the
ratio is transfer4j / PyTorch in images per second, so above 1 means transfer4j is faster. Writes peer.json
and peer.md in OUT_DIR and prints the table."""
import glob
import json
import statistics
import sys


def rows_by_key(files, keep=lambda r: True):
    out, meta = {}, {}
    for f in sorted(files):
        d = json.load(open(f))
        meta = d
        for r in d["rows"]:
            if keep(r):
                out.setdefault((r["model"], r["kind"], r["batch"]), []).append(r)
    return out, meta


def main(out_dir):
    ours, ours_meta = rows_by_key(glob.glob(out_dir + "/peer-transfer4j-*.json"), lambda r: r.get("helpers", "on") == "on")
    peer, peer_meta = rows_by_key(glob.glob(out_dir + "/peer-pytorch-*.json"))
    rows = []
    for key, runs in ours.items():
        if key not in peer:
            continue
        ms_ours = statistics.median(r["msPerIteration"] for r in runs)
        ms_peer = statistics.median(r["msPerIteration"] for r in peer[key])
        batch = key[2]
        rows.append({"model": key[0], "kind": key[1], "batch": batch, "layout": runs[0].get("layout"),
                     "rounds": len(runs), "transfer4jImagesPerSecond": batch / (ms_ours / 1e3),
                     "pytorchImagesPerSecond": batch / (ms_peer / 1e3), "transfer4jMsMedian": ms_ours,
                     "pytorchMsMedian": ms_peer, "transfer4jMsPerRound": [r["msPerIteration"] for r in runs],
                     "pytorchMsPerRound": [r["msPerIteration"] for r in peer[key]], "ratio": ms_peer / ms_ours})
    if not rows:
        raise SystemExit("compare.py: no workload measured on both sides in " + out_dir)
    report = {"benchmark": "peer", "threads": ours_meta.get("threads"), "torch": peer_meta.get("torch"),
              "pytorchBlas": peer_meta.get("blas"), "mallocSettings": ours_meta.get("mallocSettings"), "rows": rows}
    md = ["| workload (1 thread) | batch | PyTorch images/s | transfer4j images/s | ratio |",
          "|---|---:|---:|---:|---:|"]
    for r in rows:
        md.append("| %s %s | %d | %.2f | %.2f | %.2f |" % (r["model"], r["kind"], r["batch"], r["pytorchImagesPerSecond"],
                                                        r["transfer4jImagesPerSecond"], r["ratio"]))
    with open(out_dir + "/peer.json", "w") as f:
        json.dump(report, f, indent=2)
    with open(out_dir + "/peer.md", "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: compare.py OUT_DIR")
    main(sys.argv[1])
