#!/usr/bin/env python3
"""Writes nsfwjs@4.4.0's MobileNetV2 as a Keras 3 .keras file with its keras.applications backbone nested, the
way a transfer-learning model is saved today: the user's Functional model holds the backbone (a Functional layer
named mobilenetv2_1.00_224, layers input_1 to out_relu, the names and trainable flags of the package) and the
package's own head (average pooling, dense layers) after it. Real pretrained weights, so the import can be checked
against TensorFlow.js's outputs (src/test/resources/tfjs/nsfwjs-reference.json).

Usage: /usr/bin/python3 make_nsfwjs_keras3.py PACKAGE_DIR OUT_DIR

The package's Keras 2.2.4 layer configs are written in Keras 3's form: every object as {module, class_name,
config, registered_name}, a DTypePolicy as dtype, batch_shape on InputLayers, inbound nodes as {"args", "kwargs"}
with __keras_tensor__ references. model.weights.h5 follows Keras 3.10: layers/<class key>/vars/<i> with the layer's
name as an attribute of vars, the backbone's under layers/functional/layers/.
"""
import copy
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_nsfwjs_keras import read_model, weights  # noqa: E402
from make_keras3_fixtures import Builder, policy, write  # noqa: E402

LAST_BACKBONE_LAYER = "out_relu"


def keras3_config(cls, config):
    c = copy.deepcopy(config)
    for k, v in list(c.items()):
        if isinstance(v, dict) and "class_name" in v and "config" in v:  # initializers, regularizers, constraints
            c[k] = {"module": "keras.initializers" if k.endswith("initializer") else "keras.regularizers",
                    "class_name": v["class_name"], "config": v["config"], "registered_name": None}
    if cls == "ReLU" and isinstance(c.get("max_value"), int):
        c["max_value"] = float(c["max_value"])
    return c


def main(argv):
    pkg, out = argv[1], argv[2]
    artifact, data = read_model(os.path.join(pkg, "dist", "models", "mobilenet_v2"))
    layers = artifact["modelTopology"]["model_config"]["config"]["layers"]
    by_layer = {}
    for name, a in weights(artifact, data):
        by_layer.setdefault(name.rsplit("/", 1)[0], []).append(a)
    cut = [l["config"]["name"] for l in layers].index(LAST_BACKBONE_LAYER) + 1
    rng = np.random.RandomState(0)  # unused: every weight is the package's

    backbone = Builder("mobilenetv2_1.00_224", rng)
    outer = Builder("nsfw_classifier", rng)
    for builder, part in ((backbone, layers[:cut]), (outer, layers[cut:])):
        if builder is outer:
            x = outer.input("input_layer", [224, 224, 3])
            outer.inputs = [x]
            outer.nested(backbone, [x], trainable=True)
        for l in part:
            cls, name = l["class_name"], l["config"]["name"]
            if cls == "InputLayer":
                builder.input(name, l["config"]["batch_input_shape"][1:])
                builder.inputs = [name]
                continue
            inputs = [t[0] for node in l["inbound_nodes"] for t in node]
            if builder is outer:
                inputs = [backbone.name if i == LAST_BACKBONE_LAYER else i for i in inputs]
            config = keras3_config(cls, l["config"])
            trainable = config.pop("trainable", True)
            config.pop("name")
            config.pop("dtype", None)
            builder.shapes.setdefault(name, None)
            builder.add(cls, name, config, inputs, None, by_layer.get(name, []), trainable=trainable)
        if builder is backbone:
            backbone.outputs = [LAST_BACKBONE_LAYER]
    outer.outputs = [layers[-1]["config"]["name"]]
    root = {"module": "keras.src.models.functional", "class_name": "Functional", "config": outer.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 224, 224, 3]}}
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "mobilenet_v2.keras")
    write(path + ".tmp", root, outer, "3.10.0")
    os.replace(path + ".tmp", path)
    print("%s: backbone %d layers, head %d layers" % (path, cut, len(layers) - cut))


if __name__ == "__main__":
    main(sys.argv)
