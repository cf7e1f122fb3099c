#!/usr/bin/env python3
"""Joins profile.sh's outputs for one workload (BASE-transfer4j-onednn.json from WorkloadProfile, BASE-pytorch-onednn.json
from WorkloadProfile --summarise over torch_profile.py's log, BASE-transfer4j-ops.json from Nd4jOpTimes, and the
'torch_ops' line of BASE-pytorch.log) into
BASE.md and BASE.json: wall time and time inside oneDNN per step on each side; oneDNN's primitives by kind and
direction (forward_training and forward_inference count as one direction: DL4J asks for inference even in a
training step); the problems where the two sides differ most; the top ops outside oneDNN on each side."""
import json
import sys


def direction(prop):
    return "forward" if prop.startswith("forward") else prop


def onednn_rows(summary):
    """Per (primitive, direction, problem): calls and ms per step, from OneDnnVerboseSummary's rows by problem."""
    rows = {}
    for r in summary["byProblem"]:
        key = (r["primitive"], direction(r["propKind"]), r["problem"])
        c, ms = rows.get(key, (0.0, 0.0))
        rows[key] = (c + r["callsPerStep"], ms + r["msPerStep"])
    return rows


def by_kind(rows):
    out = {}
    for (prim, d, _), (c, ms) in rows.items():
        oc, oms = out.get((prim, d), (0.0, 0.0))
        out[(prim, d)] = (oc + c, oms + ms)
    return out


def main(base):
    ours = json.load(open(base + "-transfer4j-onednn.json"))["summary"]
    peer = json.load(open(base + "-pytorch-onednn.json"))["summary"]
    ops = json.load(open(base + "-transfer4j-ops.json"))
    lines = open(base + "-pytorch.log").read().splitlines()
    torch_ops = next((json.loads(l[len("torch_ops "):]) for l in lines if l.startswith("torch_ops ")), [])
    our_rows, theirs, their_wall = onednn_rows(ours), onednn_rows(peer), peer["wallMsPerStep"]
    our_one, their_one = sum(ms for _, ms in our_rows.values()), sum(ms for _, ms in theirs.values())
    md = ["# %s: transfer4j against PyTorch, per step (one thread)" % base.split("/")[-1], "",
          "| | transfer4j | PyTorch |", "|---|---:|---:|",
          "| wall, ms | %.1f | %.1f |" % (ours["wallMsPerStep"], their_wall),
          "| inside oneDNN, ms | %.1f | %.1f |" % (our_one, their_one),
          "| outside oneDNN, ms | %.1f | %.1f |" % (ours["wallMsPerStep"] - our_one, their_wall - their_one), "",
          "## oneDNN primitives by kind", "", "| primitive | direction | transfer4j calls | transfer4j ms | PyTorch calls | PyTorch ms |",
          "|---|---|---:|---:|---:|---:|"]
    ok, tk = by_kind(our_rows), by_kind(theirs)
    kinds = sorted(set(ok) | set(tk), key=lambda k: -max(ok.get(k, (0, 0))[1], tk.get(k, (0, 0))[1]))
    for k in kinds:
        a, b = ok.get(k, (0, 0.0)), tk.get(k, (0, 0.0))
        md.append("| %s | %s | %.1f | %.2f | %.1f | %.2f |" % (k[0], k[1], a[0], a[1], b[0], b[1]))
    md += ["", "## Problems where the two sides differ most (ms per step)", "",
           "| primitive | direction | problem | transfer4j | PyTorch |", "|---|---|---|---:|---:|"]
    keys = sorted(set(our_rows) | set(theirs), key=lambda k: -abs(our_rows.get(k, (0, 0))[1] - theirs.get(k, (0, 0))[1]))
    for k in keys[:15]:
        md.append("| %s | %s | `%s` | %.2f | %.2f |" % (k[0], k[1], k[2], our_rows.get(k, (0, 0))[1], theirs.get(k, (0, 0))[1]))
    md += ["", "## Top ops on each side (ND4J ops, with their oneDNN calls inside; ATen ops, self time)", "",
           "| transfer4j op | ms | PyTorch op | ms |", "|---|---:|---|---:|"]
    for i in range(12):
        a = ops["ops"][i] if i < len(ops["ops"]) else None
        b = torch_ops[i] if i < len(torch_ops) else None
        md.append("| %s | %s | %s | %s |" % (a["name"] if a else "", "%.2f" % a["msPerStep"] if a else "",
                                           b["op"] if b else "", "%.2f" % b["msPerStep"] if b else ""))
    md.append("")
    md.append("ND4J's op profiler lengthens the step (its wall with the profiler: %.1f ms); GEMMs through BLAS and "
              "reductions are not in its list." % ops["wallMsPerStepWithProfiler"])
    text = "\n".join(md) + "\n"
    open(base + ".md", "w").write(text)
    json.dump({"transfer4j": {"wallMsPerStep": ours["wallMsPerStep"], "oneDnnMsPerStep": our_one,
                              "onednn": [dict(primitive=k[0], direction=k[1], problem=k[2], callsPerStep=v[0], msPerStep=v[1])
                                         for k, v in our_rows.items()], "nd4jOps": ops["ops"]},
               "pytorch": {"wallMsPerStep": their_wall, "oneDnnMsPerStep": their_one,
                           "onednn": [dict(primitive=k[0], direction=k[1], problem=k[2], callsPerStep=v[0], msPerStep=v[1])
                                      for k, v in theirs.items()], "atenOps": torch_ops[:40]}},
              open(base + ".json", "w"), indent=2)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: profile_compare.py BASE")
    main(sys.argv[1])
