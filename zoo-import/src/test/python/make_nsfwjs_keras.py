#!/usr/bin/env python3
"""Writes nsfwjs@4.4.0's TF.js networks as Keras 2 HDF5 files (what `model.save()` writes), for the
`keras:` base tests.

Usage: /usr/bin/python3 make_nsfwjs_keras.py PACKAGE_DIR OUT_DIR [mobilenet_v2 inception_v3]

PACKAGE_DIR is the unpacked npm package (the catalogue's npm source keeps it under
<cache>/npm/nsfwjs-4.4.0). Its models are JavaScript modules (module.exports = artifact / base64 shard);
node, which the npm client brings, reads them with require(), the way TensorFlow.js does in
tfjs-reference.js. The weights are de-quantized (uint8/uint16 affine: min + scale * q; float16) to
float32 and written layer by layer in the manifest's order, with the Keras topology as model_config.
The h5 writer is make_keras_fixtures.write_h5 (fixed-length string attributes, as Keras 2.2.4).
"""
import json
import os
import subprocess
import sys
from collections import OrderedDict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_keras_fixtures import write_h5  # noqa: E402

READ_MODULES = r"""
const dir = process.argv[1];
const a = require(dir + '/model.min.js');
const paths = [].concat(...a.weightsManifest.map(g => g.paths));
process.stdout.write(JSON.stringify({artifact: a, shards: paths.map(p => require(dir + '/' + p + '.min.js'))}));
"""


def read_model(model_dir):
    out = subprocess.run(["node", "-e", READ_MODULES, model_dir], check=True, capture_output=True)
    doc = json.loads(out.stdout)
    data = b"".join(__import__("base64").b64decode(s) for s in doc["shards"])
    return doc["artifact"], data


def weights(artifact, data):
    """(name, float32 array) in manifest order."""
    out, offset = [], 0
    for group in artifact["weightsManifest"]:
        for spec in group["weights"]:
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            q = spec.get("quantization")
            if q is None:
                dtype = {"float32": "<f4", "int32": "<i4"}[spec["dtype"]]
                a = np.frombuffer(data, dtype=dtype, count=n, offset=offset).astype(np.float32)
                offset += n * 4
            elif q["dtype"] in ("uint8", "uint16"):
                size = 1 if q["dtype"] == "uint8" else 2
                raw = np.frombuffer(data, dtype="<u%d" % size, count=n, offset=offset)
                # float32 arithmetic, as TF.js de-quantizes
                a = (np.float32(q["min"]) + np.float32(q["scale"]) * raw.astype(np.float32)).astype(np.float32)
                offset += n * size
            elif q["dtype"] == "float16":
                a = np.frombuffer(data, dtype="<f2", count=n, offset=offset).astype(np.float32)
                offset += n * 2
            else:
                raise ValueError("unknown quantization %s of %s" % (q, spec["name"]))
            out.append((spec["name"], a.reshape(spec["shape"])))
    if offset != len(data):
        raise ValueError("manifest covers %d bytes, shards hold %d" % (offset, len(data)))
    return out


def spec_of(artifact, data):
    topo = artifact["modelTopology"]
    config = topo["model_config"]
    for layer in config["config"]["layers"]:
        # The package's minified JavaScript prints ReLU's max_value 6.0 as 6; Keras' json.dumps writes 6.0.
        if layer["class_name"] == "ReLU" and isinstance(layer["config"].get("max_value"), int):
            layer["config"]["max_value"] = float(layer["config"]["max_value"])
    by_layer = OrderedDict((layer["config"]["name"], []) for layer in config["config"]["layers"])
    for name, a in weights(artifact, data):
        layer = name.rsplit("/", 1)[0]
        if layer not in by_layer:
            raise ValueError("weight %s belongs to no layer of the topology" % name)
        by_layer[layer].append((name + ":0", a))
    return {"model_config": config, "weight_layers": list(by_layer.items()), "training": topo.get("training_config")}, \
        topo.get("keras_version", "2.2.4")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    pkg, out = argv[1], argv[2]
    names = argv[3:] or ["mobilenet_v2", "inception_v3"]
    os.makedirs(out, exist_ok=True)
    for name in names:
        artifact, data = read_model(os.path.join(pkg, "dist", "models", name))
        spec, version = spec_of(artifact, data)
        path = os.path.join(out, name + ".h5")
        write_h5(path + ".tmp", spec, version, vlen=False, libver="latest")
        os.replace(path + ".tmp", path)
        print("%s: %d layers, %d weight arrays" % (path, len(spec["weight_layers"]),
                                                   sum(len(w) for _, w in spec["weight_layers"])))


if __name__ == "__main__":
    main(sys.argv)
