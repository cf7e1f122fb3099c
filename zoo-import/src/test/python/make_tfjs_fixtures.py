#!/usr/bin/python3
"""Generate TensorFlow.js layers-model fixtures (plus numpy reference outputs)
for testing transfer4j's TF.js reader.

No TensorFlow.js is needed: the artifacts the TF.js converter writes
(model.json with modelTopology + weightsManifest, binary weight shards) are
built by hand from the same small Keras models as make_keras_fixtures.py, and
the expected outputs come from that script's float64 numpy forward pass, run on
the weights as the reader must decode them (after quantization, when quantized).

Usage:
    /usr/bin/python3 make_tfjs_fixtures.py [outdir]

outdir defaults to ../resources/tfjs. For each fixture NAME it writes NAME/
(model.json and its shards, or the packaged .js form) and NAME.expected.json
(same layout as the Keras fixtures' expected files).

Quantization follows the TF.js converter (quantization.py): affine uint8 /
uint16 with the range nudged so that 0 is exact, value = q * scale + min; float16
as IEEE half precision. Little-endian throughout, as TF.js reads typed arrays.

The "packaged" fixture wraps the same artifacts the way npm packages such as
nsfwjs ship them: each file a browserify standalone bundle exporting a minified
JavaScript object literal (unquoted keys, !0/!1, numbers like .5) or a base64
string, with the weights split over two shards at an odd byte boundary.
"""

import base64
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_keras_fixtures as kf  # noqa: E402

DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "tfjs"))


def quantize(w, dtype):
    """(stored bytes, dequantized float64 values, quantization dict) as the TF.js converter does it."""
    w = np.asarray(w, dtype=np.float32)
    if dtype == "float16":
        h = w.astype("<f2")
        return h.tobytes(), h.astype(np.float64), {"dtype": "float16"}
    qmax = np.iinfo(np.uint8 if dtype == "uint8" else np.uint16).max
    lo, hi = float(w.min()), float(w.max())
    if lo == hi == 0:
        scale, nmin = 1.0, 0.0
    else:
        scale = (hi - lo) / qmax
        zero = round(-lo / scale)
        nmin = -zero * scale
    nmax = qmax * scale + nmin
    q = np.round((np.clip(w, nmin, nmax) - nmin) / scale).astype("<u1" if dtype == "uint8" else "<u2")
    # TF.js decodes in float32 arithmetic: q * scale + min.
    deq = (q.astype(np.float32) * np.float32(scale) + np.float32(nmin)).astype(np.float64)
    return q.tobytes(), deq, {"dtype": dtype, "scale": scale, "min": nmin}


def forward_resnet(W, x):
    h = kf.relu(kf.conv2d(x, W["conv2d_1/kernel"], W["conv2d_1/bias"], "same"))
    h = kf.conv2d(h, W["conv2d_2/kernel"], W["conv2d_2/bias"], "same")
    h = kf.relu(h + x)
    h = kf.global_avg_pool2d(h)
    return kf.softmax(kf.dense(h, W["dense_1/kernel"], W["dense_1/bias"]))


def forward_cnn(W, x):
    bn = "batch_normalization_1/"
    h = kf.relu(kf.conv2d(x, W["conv2d_1/kernel"], W["conv2d_1/bias"], "valid"))
    h = kf.batch_norm(h, W[bn + "gamma"], W[bn + "beta"], W[bn + "moving_mean"], W[bn + "moving_variance"], 1e-3)
    h = kf.flatten(kf.max_pool2d(h))
    return kf.softmax(kf.dense(h, W["dense_1/kernel"], W["dense_1/bias"]))


def build_cnn_noscale_frozen():
    """cnn_batchnorm with BatchNormalization(scale=False) (no gamma stored: 1) and conv2d_1 marked trainable=False."""
    spec = kf.build_cnn_batchnorm()
    layers = spec["model_config"]["config"]["layers"]
    layers[0]["config"]["trainable"] = False
    layers[1]["config"]["scale"] = False
    bn = "batch_normalization_1"
    spec["weight_layers"] = [(n, [(w, a) for w, a in ws if w != bn + "/gamma:0"]) for n, ws in spec["weight_layers"]]
    return spec


def forward_cnn_noscale(W, x):
    W = dict(W)
    W["batch_normalization_1/gamma"] = np.ones_like(W["batch_normalization_1/beta"])
    return forward_cnn(W, x)


def artifacts(spec, quantization):
    """(model.json dict, weight bytes, decoded weights by TF.js name)."""
    entries, blobs, decoded = [], [], {}
    # The converter lists weights layer by layer in the model's weight order.
    for _, weights in spec["weight_layers"]:
        for wname, arr in weights:
            name = wname.replace(":0", "")
            arr = np.asarray(arr, dtype=np.float32)
            entry = {"name": name, "shape": list(arr.shape), "dtype": "float32"}
            if quantization is None:
                blobs.append(arr.astype("<f4").tobytes())
                decoded[name] = arr.astype(np.float64)
            else:
                data, deq, q = quantize(arr, quantization)
                blobs.append(data)
                decoded[name] = deq
                entry["quantization"] = q
            entries.append(entry)
    topology = {"keras_version": kf.KERAS2_VERSION, "backend": kf.BACKEND, "model_config": spec["model_config"]}
    if spec["training"] is not None:
        topology["training_config"] = spec["training"]
    model = {"format": "layers-model", "generatedBy": "transfer4j make_tfjs_fixtures.py",
             "convertedBy": None, "modelTopology": topology,
             "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": entries}]}
    return model, b"".join(blobs), decoded


def js_literal(obj):
    """A minified JavaScript literal of obj, as a minifier writes it (unquoted keys, !0/!1, .5)."""
    if obj is True:
        return "!0"
    if obj is False:
        return "!1"
    if obj is None:
        return "null"
    if isinstance(obj, str):
        return json.dumps(obj)
    if isinstance(obj, (int, np.integer)):
        return str(int(obj))
    if isinstance(obj, float):
        if obj == int(obj) and abs(obj) < 1e15:
            return str(int(obj))  # minifiers write 6.0 as 6 (DL4J then reads an integer where it casts to Double)
        s = repr(obj)
        if s.startswith("0."):
            s = s[1:]
        elif s.startswith("-0."):
            s = "-" + s[2:]
        return s
    if isinstance(obj, dict):
        return "{" + ",".join((k if k.isidentifier() else json.dumps(k)) + ":" + js_literal(v) for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ",".join(js_literal(v) for v in obj) + "]"
    raise TypeError(type(obj))


def bundle(global_name, var, body):
    """A browserify standalone bundle whose module 1 sets <var>.exports to body."""
    return ('!function(e){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=e();'
            'else if("function"==typeof define&&define.amd)define([],e);else{("undefined"!=typeof window?window:'
            '"undefined"!=typeof global?global:"undefined"!=typeof self?self:this).' + global_name + '=e()}}'
            '(function(){return function e(a,n,i){function l(_,o){if(!n[_]){if(!a[_]){var s="function"==typeof '
            'require&&require;if(!o&&s)return s(_,!0);if(c)return c(_,!0);throw new Error("no module")}var r=n[_]'
            '={exports:{}};a[_][0].call(r.exports,function(e){return l(a[_][1][e]||e)},r,r.exports,e,a,n,i)}return '
            'n[_].exports}for(var c="function"==typeof require&&require,_=0;_<i.length;_++)l(i[_]);return l}({1:'
            '[function(e,' + var + ',n){' + var + '.exports=' + body + '},{}]},{},[1])(1)});')


def write_plain(outdir, name, model, data):
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "model.json"), "w") as fh:
        json.dump(model, fh)
    with open(os.path.join(d, "group1-shard1of1.bin"), "wb") as fh:
        fh.write(data)


def write_packaged(outdir, name, model, data):
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    cut = len(data) // 2 + 1  # shards are fixed-size splits: a weight may straddle them
    shards = [data[:cut], data[cut:]]
    model = dict(model)
    model["weightsManifest"] = [{"paths": ["group1-shard1of2", "group1-shard2of2"],
                                 "weights": model["weightsManifest"][0]["weights"]}]
    model.pop("format")
    model.pop("generatedBy")
    model.pop("convertedBy")
    with open(os.path.join(d, "model.min.js"), "w") as fh:
        fh.write(bundle("model", "a", js_literal(model)))
    for i, s in enumerate(shards):
        with open(os.path.join(d, "group1-shard%dof2.min.js" % (i + 1)), "w") as fh:
            fh.write(bundle("group1_shard%dof2" % (i + 1), "h", '"' + base64.b64encode(s).decode("ascii") + '"'))


FIXTURES = [
    # name, builder, forward, quantization, packaged
    ("resnet_float32", kf.build_resnet_functional, forward_resnet, None, False),
    ("resnet_uint8", kf.build_resnet_functional, forward_resnet, "uint8", False),
    ("resnet_uint16", kf.build_resnet_functional, forward_resnet, "uint16", False),
    ("resnet_float16", kf.build_resnet_functional, forward_resnet, "float16", False),
    ("cnn_batchnorm_uint8", kf.build_cnn_batchnorm, forward_cnn, "uint8", False),
    ("resnet_uint8_packaged", kf.build_resnet_functional, forward_resnet, "uint8", True),
    ("cnn_noscale_frozen", build_cnn_noscale_frozen, forward_cnn_noscale, None, False),
]


def main(argv):
    outdir = os.path.abspath(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    os.makedirs(outdir, exist_ok=True)
    for name, builder, forward, quantization, packaged in FIXTURES:
        spec = builder()
        model, data, decoded = artifacts(spec, quantization)
        y = forward(decoded, spec["x"])
        if quantization is None and forward is not forward_cnn_noscale:
            assert np.allclose(y, spec["y"], atol=1e-6), name  # same weights, same forward pass
        (write_packaged if packaged else write_plain)(outdir, name, model, data)
        kf.write_expected(os.path.join(outdir, name + ".expected.json"), dict(spec, y=y))
        print("%-24s %-8s %5d bytes  output %s" % (name, quantization, len(data), np.array2string(y[0], precision=6)))


if __name__ == "__main__":
    main(sys.argv)
