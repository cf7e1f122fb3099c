#!/usr/bin/python3
"""Generate Keras-2-layout HDF5 model fixtures (plus numpy reference outputs)
for testing DL4J 1.0.0-M2.1's Keras importer from transfer4j.

No TensorFlow/Keras is needed: the HDF5 layout that ``keras.models.save_model``
writes is reproduced by hand with h5py, and the expected outputs come from a
float64 numpy forward pass written in this file.

Usage:
    /usr/bin/python3 make_keras_fixtures.py [outdir]

outdir defaults to ../resources/keras (relative to this file). For each model
NAME the script writes NAME.h5 and NAME.expected.json:

    {"input": [...], "inputShape": [2, ...], "output": [...],
     "layout": "channels_last"}

"inputShape" is the full shape of "input", batch dimension included. The input
is NHWC for the CNN models and (batch, features) for the MLPs. Every input value
is a multiple of 1/128, so it is exact in float32.

File layout (as written by Keras 2.2.4 with the TensorFlow backend):

    /                      attrs keras_version, backend, model_config (JSON),
                                 [training_config (JSON)]
    /model_weights         attrs layer_names, backend, keras_version
    /model_weights/<layer> attr  weight_names  (e.g. [b"dense_1/kernel:0", ...])
    /model_weights/<layer>/<layer>/kernel:0    float32 datasets

Keras-2.2.4-style files store every string attribute as fixed-length bytes
(numpy 'S' dtype). The *_tf2 variants (class_name "Functional"/"Sequential",
keras_version "2.4.0", TF 2.4-style layer configs) store every string attribute
as a variable-length UTF-8 string, which is h5py's default for str.

In both styles, a layer with no weights gets weight_names = an empty float64
array of shape (0,), because that is what Keras writes for an empty list
(np.asarray([])). It is not a string attribute.

The script is deterministic: every random draw comes from a
numpy.random.RandomState with a fixed seed.
"""

import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "keras"))

BACKEND = "tensorflow"
KERAS2_VERSION = "2.2.4"
TF2_VERSION = "2.4.0"
BATCH = 2


# --------------------------------------------------------------------------
# numpy reference implementation (float64, Keras semantics, NHWC)
# --------------------------------------------------------------------------

def relu(x):
    return np.maximum(x, 0.0)


def softmax(x):
    z = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


ACTIVATIONS = {"linear": lambda x: x, "relu": relu, "softmax": softmax}


def dense(x, kernel, bias):
    """Keras Dense: x @ kernel + bias, kernel shape (in, out)."""
    return x @ kernel + bias


def _pad_same(x, kh, kw):
    # TF 'SAME' padding, stride 1: total pad k-1, the smaller half before.
    ph, pw = kh - 1, kw - 1
    return np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))


def conv2d(x, kernel, bias, padding):
    """Keras Conv2D (stride 1, no dilation), NHWC input, kernel (kh, kw, in, out).
    Cross-correlation (no kernel flip), as TensorFlow does. Plain loops on purpose."""
    kh, kw, cin, cout = kernel.shape
    assert x.shape[3] == cin
    if padding == "same":
        x = _pad_same(x, kh, kw)
    elif padding != "valid":
        raise ValueError(padding)
    n, h, w, _ = x.shape
    oh, ow = h - kh + 1, w - kw + 1
    out = np.zeros((n, oh, ow, cout))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                patch = x[b, i:i + kh, j:j + kw, :]            # (kh, kw, cin)
                for o in range(cout):
                    out[b, i, j, o] = np.sum(patch * kernel[:, :, :, o]) + bias[o]
    return out


def conv2d_einsum(x, kernel, bias, padding):
    """Second conv implementation (sliding windows + einsum) for the self-check."""
    kh, kw, _, _ = kernel.shape
    if padding == "same":
        x = _pad_same(x, kh, kw)
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    # win: (n, oh, ow, cin, kh, kw)
    return np.einsum("nhwcij,ijco->nhwo", win, kernel) + bias


def max_pool2d(x, pool=2, stride=2):
    """Keras MaxPooling2D, padding 'valid'."""
    n, h, w, c = x.shape
    oh, ow = (h - pool) // stride + 1, (w - pool) // stride + 1
    out = np.empty((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            win = x[:, i * stride:i * stride + pool, j * stride:j * stride + pool, :]
            out[:, i, j, :] = win.max(axis=(1, 2))
    return out


def batch_norm(x, gamma, beta, mean, var, eps):
    """Keras BatchNormalization at inference, axis=-1."""
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def flatten(x):
    """Keras Flatten on channels_last data: row-major over (h, w, c)."""
    return x.reshape(x.shape[0], -1)


def global_avg_pool2d(x):
    return x.mean(axis=(1, 2))


# --------------------------------------------------------------------------
# Deterministic data
# --------------------------------------------------------------------------

def f32(a):
    """Round to float32 (as stored in the .h5), then compute in float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def uniform(rng, lo, hi, shape):
    return f32(rng.uniform(lo, hi, size=shape))


def dyadic_input(rng, shape, lo=-1.0, hi=1.0):
    """Inputs that are multiples of 1/128, so float32 holds them exactly."""
    return rng.randint(int(lo * 128), int(hi * 128) + 1, size=shape).astype(np.float64) / 128.0


# --------------------------------------------------------------------------
# Keras layer config JSON (2.2.4 style and TF 2.4 style)
# --------------------------------------------------------------------------

def _glorot(tf2):
    if tf2:
        return {"class_name": "GlorotUniform", "config": {"seed": None}}
    return {"class_name": "VarianceScaling",
            "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}


def _zeros():
    return {"class_name": "Zeros", "config": {}}


def _ones():
    return {"class_name": "Ones", "config": {}}


def _head(name, tf2, batch_input_shape=None):
    cfg = {"name": name, "trainable": True}
    if batch_input_shape is not None:
        cfg["batch_input_shape"] = [None] + list(batch_input_shape)
        cfg["dtype"] = "float32"
    elif tf2:
        cfg["dtype"] = "float32"
    return cfg


def input_layer_cfg(name, shape, tf2):
    cfg = {"batch_input_shape": [None] + list(shape), "dtype": "float32", "sparse": False}
    if tf2:
        cfg["ragged"] = False
    cfg["name"] = name
    return {"class_name": "InputLayer", "config": cfg}


def dense_cfg(name, units, activation, tf2, batch_input_shape=None):
    cfg = _head(name, tf2, batch_input_shape)
    cfg.update({
        "units": units, "activation": activation, "use_bias": True,
        "kernel_initializer": _glorot(tf2), "bias_initializer": _zeros(),
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    })
    return {"class_name": "Dense", "config": cfg}


def dropout_cfg(name, rate, tf2):
    cfg = _head(name, tf2)
    cfg.update({"rate": rate, "noise_shape": None, "seed": None})
    return {"class_name": "Dropout", "config": cfg}


def conv2d_cfg(name, filters, kernel, padding, activation, tf2, batch_input_shape=None):
    cfg = _head(name, tf2, batch_input_shape)
    cfg.update({
        "filters": filters, "kernel_size": list(kernel), "strides": [1, 1],
        "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1],
    })
    if tf2:
        cfg["groups"] = 1
    cfg.update({
        "activation": activation, "use_bias": True,
        "kernel_initializer": _glorot(tf2), "bias_initializer": _zeros(),
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None,
    })
    return {"class_name": "Conv2D", "config": cfg}


def batchnorm_cfg(name, eps, tf2, ndim=4):
    cfg = _head(name, tf2)
    cfg.update({
        # TF 2.x rewrites axis to a positive list when the layer is built.
        "axis": [ndim - 1] if tf2 else -1,
        "momentum": 0.99, "epsilon": eps, "center": True, "scale": True,
        "beta_initializer": _zeros(), "gamma_initializer": _ones(),
        "moving_mean_initializer": _zeros(), "moving_variance_initializer": _ones(),
        "beta_regularizer": None, "gamma_regularizer": None,
        "beta_constraint": None, "gamma_constraint": None,
    })
    return {"class_name": "BatchNormalization", "config": cfg}


def maxpool_cfg(name, tf2):
    cfg = _head(name, tf2)
    cfg.update({"pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                "data_format": "channels_last"})
    return {"class_name": "MaxPooling2D", "config": cfg}


def flatten_cfg(name, tf2):
    cfg = _head(name, tf2)
    cfg["data_format"] = "channels_last"
    return {"class_name": "Flatten", "config": cfg}


def activation_cfg(name, activation, tf2):
    cfg = _head(name, tf2)
    cfg["activation"] = activation
    return {"class_name": "Activation", "config": cfg}


def add_cfg(name, tf2):
    return {"class_name": "Add", "config": _head(name, tf2)}


def gap2d_cfg(name, tf2):
    cfg = _head(name, tf2)
    cfg["data_format"] = "channels_last"
    return {"class_name": "GlobalAveragePooling2D", "config": cfg}


def functional_entry(layer, inbound):
    """Functional-API layer entry. inbound: list of layer names feeding node 0."""
    entry = {"name": layer["config"]["name"], "class_name": layer["class_name"],
             "config": layer["config"]}
    entry["inbound_nodes"] = [[[n, 0, 0, {}] for n in inbound]] if inbound else []
    return entry


def training_config(tf2):
    if tf2:
        opt = {"name": "Adam", "learning_rate": 0.0010000000474974513, "decay": 0.0,
               "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033,
               "epsilon": 1e-07, "amsgrad": False}
        return {"loss": "categorical_crossentropy", "metrics": ["accuracy"],
                "weighted_metrics": None, "loss_weights": None,
                "optimizer_config": {"class_name": "Adam", "config": opt}}
    opt = {"lr": 0.0010000000474974513, "beta_1": 0.8999999761581421,
           "beta_2": 0.9990000128746033, "decay": 0.0, "epsilon": 1e-07, "amsgrad": False}
    return {"optimizer_config": {"class_name": "Adam", "config": opt},
            "loss": "categorical_crossentropy", "metrics": ["accuracy"],
            "sample_weight_mode": None, "loss_weights": None}


# --------------------------------------------------------------------------
# Models. Each builder returns a spec dict:
#   model_config  : dict (JSON-serialised into the model_config attribute)
#   training      : dict or None
#   weight_layers : [(layer_name, [(weight_name, float64 array), ...]), ...]
#                   in model.layers order (the groups under /model_weights)
#   x, y          : reference input / output
# --------------------------------------------------------------------------

def build_mlp_dropout(tf2=False):
    rng = np.random.RandomState(1001)
    w1, b1 = uniform(rng, -0.8, 0.8, (6, 8)), uniform(rng, -0.2, 0.3, (8,))
    w2, b2 = uniform(rng, -1.0, 1.0, (8, 4)), uniform(rng, -0.2, 0.2, (4,))
    x = dyadic_input(rng, (BATCH, 6))

    h = relu(dense(x, w1, b1))
    # Dropout(0.3): identity at inference
    y = softmax(dense(h, w2, b2))

    layers = [dense_cfg("dense_1", 8, "relu", tf2, batch_input_shape=(6,)),
              dropout_cfg("dropout_1", 0.3, tf2),
              dense_cfg("dense_2", 4, "softmax", tf2)]
    if tf2:
        # TF 2.x Sequential.get_config() lists the implicit InputLayer first;
        # it is not in model.layers, so it gets no /model_weights group.
        layers = [input_layer_cfg("dense_1_input", (6,), tf2)] + layers
    model_config = {"class_name": "Sequential",
                    "config": {"name": "sequential" if tf2 else "sequential_1", "layers": layers}}
    weight_layers = [
        ("dense_1", [("dense_1/kernel:0", w1), ("dense_1/bias:0", b1)]),
        ("dropout_1", []),
        ("dense_2", [("dense_2/kernel:0", w2), ("dense_2/bias:0", b2)]),
    ]
    return dict(model_config=model_config, training=training_config(tf2),
                weight_layers=weight_layers, x=x, y=y)


def build_cnn_batchnorm():
    rng = np.random.RandomState(2002)
    k = uniform(rng, -0.5, 0.5, (3, 3, 3, 4))
    kb = uniform(rng, 0.1, 0.6, (4,))
    gamma = uniform(rng, 0.5, 1.5, (4,))
    beta = uniform(rng, -0.5, 0.5, (4,))
    mean = uniform(rng, 2.0, 5.0, (4,))
    var = uniform(rng, 3.0, 9.0, (4,))
    eps = 1e-3
    wd, bd = uniform(rng, -0.25, 0.25, (36, 3)), uniform(rng, -0.1, 0.1, (3,))
    x = dyadic_input(rng, (BATCH, 8, 8, 3), 0.0, 2.0)

    h = relu(conv2d(x, k, kb, "valid"))                  # (2, 6, 6, 4)
    h = batch_norm(h, gamma, beta, mean, var, eps)
    h = max_pool2d(h)                                     # (2, 3, 3, 4)
    h = flatten(h)                                        # (2, 36)
    y = softmax(dense(h, wd, bd))

    layers = [conv2d_cfg("conv2d_1", 4, (3, 3), "valid", "relu", False, batch_input_shape=(8, 8, 3)),
              batchnorm_cfg("batch_normalization_1", eps, False),
              maxpool_cfg("max_pooling2d_1", False),
              flatten_cfg("flatten_1", False),
              dense_cfg("dense_1", 3, "softmax", False)]
    model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}}
    bn = "batch_normalization_1"
    weight_layers = [
        ("conv2d_1", [("conv2d_1/kernel:0", k), ("conv2d_1/bias:0", kb)]),
        (bn, [(bn + "/gamma:0", gamma), (bn + "/beta:0", beta),
              (bn + "/moving_mean:0", mean), (bn + "/moving_variance:0", var)]),
        ("max_pooling2d_1", []),
        ("flatten_1", []),
        ("dense_1", [("dense_1/kernel:0", wd), ("dense_1/bias:0", bd)]),
    ]
    return dict(model_config=model_config, training=training_config(False),
                weight_layers=weight_layers, x=x, y=y)


def build_resnet_functional(tf2=False):
    rng = np.random.RandomState(3003)
    k1, b1 = uniform(rng, -0.3, 0.3, (3, 3, 4, 4)), uniform(rng, -0.1, 0.2, (4,))
    k2, b2 = uniform(rng, -0.3, 0.3, (3, 3, 4, 4)), uniform(rng, -0.1, 0.1, (4,))
    wd, bd = uniform(rng, -1.5, 1.5, (4, 3)), uniform(rng, -0.1, 0.1, (3,))
    x = dyadic_input(rng, (BATCH, 6, 6, 4))

    h = relu(conv2d(x, k1, b1, "same"))
    h = conv2d(h, k2, b2, "same")
    h = relu(h + x)
    h = global_avg_pool2d(h)
    y = softmax(dense(h, wd, bd))

    entries = [
        functional_entry(input_layer_cfg("input_1", (6, 6, 4), tf2), []),
        functional_entry(conv2d_cfg("conv2d_1", 4, (3, 3), "same", "relu", tf2), ["input_1"]),
        functional_entry(conv2d_cfg("conv2d_2", 4, (3, 3), "same", "linear", tf2), ["conv2d_1"]),
        functional_entry(add_cfg("add_1", tf2), ["conv2d_2", "input_1"]),
        functional_entry(activation_cfg("activation_1", "relu", tf2), ["add_1"]),
        functional_entry(gap2d_cfg("global_average_pooling2d_1", tf2), ["activation_1"]),
        functional_entry(dense_cfg("dense_1", 3, "softmax", tf2), ["global_average_pooling2d_1"]),
    ]
    if tf2:
        # TF 2.4 puts class_name first, then config, name, inbound_nodes.
        entries = [{"class_name": e["class_name"], "config": e["config"], "name": e["name"],
                    "inbound_nodes": e["inbound_nodes"]} for e in entries]
    model_config = {"class_name": "Functional" if tf2 else "Model",
                    "config": {"name": "model" if tf2 else "model_1", "layers": entries,
                               "input_layers": [["input_1", 0, 0]],
                               "output_layers": [["dense_1", 0, 0]]}}
    weight_layers = [
        ("input_1", []),
        ("conv2d_1", [("conv2d_1/kernel:0", k1), ("conv2d_1/bias:0", b1)]),
        ("conv2d_2", [("conv2d_2/kernel:0", k2), ("conv2d_2/bias:0", b2)]),
        ("add_1", []),
        ("activation_1", []),
        ("global_average_pooling2d_1", []),
        ("dense_1", [("dense_1/kernel:0", wd), ("dense_1/bias:0", bd)]),
    ]
    return dict(model_config=model_config, training=training_config(tf2),
                weight_layers=weight_layers, x=x, y=y)


def build_vgg_flatten():
    rng = np.random.RandomState(4004)
    k1, b1 = uniform(rng, -0.4, 0.4, (3, 3, 3, 4)), uniform(rng, 0.0, 0.2, (4,))
    k2, b2 = uniform(rng, -0.3, 0.3, (3, 3, 4, 4)), uniform(rng, 0.0, 0.2, (4,))
    w1, c1 = uniform(rng, -0.3, 0.3, (64, 6)), uniform(rng, 0.0, 0.2, (6,))
    w2, c2 = uniform(rng, -0.5, 0.5, (6, 2)), uniform(rng, -0.1, 0.1, (2,))
    x = dyadic_input(rng, (BATCH, 8, 8, 3))

    h = relu(conv2d(x, k1, b1, "same"))                  # (2, 8, 8, 4)
    h = relu(conv2d(h, k2, b2, "same"))                  # (2, 8, 8, 4)
    h = max_pool2d(h)                                     # (2, 4, 4, 4)
    h = flatten(h)                                        # (2, 64)
    h = relu(dense(h, w1, c1))
    y = softmax(dense(h, w2, c2))

    layers = [conv2d_cfg("conv2d_1", 4, (3, 3), "same", "relu", False, batch_input_shape=(8, 8, 3)),
              conv2d_cfg("conv2d_2", 4, (3, 3), "same", "relu", False),
              maxpool_cfg("max_pooling2d_1", False),
              flatten_cfg("flatten_1", False),
              dense_cfg("dense_1", 6, "relu", False),
              dense_cfg("dense_2", 2, "softmax", False)]
    model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}}
    weight_layers = [
        ("conv2d_1", [("conv2d_1/kernel:0", k1), ("conv2d_1/bias:0", b1)]),
        ("conv2d_2", [("conv2d_2/kernel:0", k2), ("conv2d_2/bias:0", b2)]),
        ("max_pooling2d_1", []),
        ("flatten_1", []),
        ("dense_1", [("dense_1/kernel:0", w1), ("dense_1/bias:0", c1)]),
        ("dense_2", [("dense_2/kernel:0", w2), ("dense_2/bias:0", c2)]),
    ]
    # saved with model.save(..., include_optimizer=False) on an uncompiled model:
    # no training_config attribute at all
    return dict(model_config=model_config, training=None,
                weight_layers=weight_layers, x=x, y=y)


# (file name, builder, keras_version, vlen strings?)
MODELS = [
    ("mlp_dropout", lambda: build_mlp_dropout(False), KERAS2_VERSION, False),
    ("cnn_batchnorm", build_cnn_batchnorm, KERAS2_VERSION, False),
    ("resnet_functional", lambda: build_resnet_functional(False), KERAS2_VERSION, False),
    ("vgg_flatten", build_vgg_flatten, KERAS2_VERSION, False),
    ("resnet_functional_tf2", lambda: build_resnet_functional(True), TF2_VERSION, True),
    ("mlp_dropout_tf2", lambda: build_mlp_dropout(True), TF2_VERSION, True),
]


# --------------------------------------------------------------------------
# HDF5 writing
# --------------------------------------------------------------------------

def set_str_attr(attrs, name, value, vlen):
    if vlen:
        attrs[name] = value                                    # h5py: variable-length UTF-8
    else:
        attrs[name] = np.bytes_(value.encode("utf8"))          # fixed-length 'S<n>'


def set_str_list_attr(attrs, name, values, vlen):
    if not values:
        attrs[name] = np.asarray([])   # what Keras writes for []: float64, shape (0,)
    elif vlen:
        attrs.create(name, np.array(values, dtype=h5py.string_dtype("utf-8")))
    else:
        attrs[name] = np.array([v.encode("utf8") for v in values])   # dtype 'S<maxlen>'


def to_json(obj):
    # Same call as Keras (default separators, ASCII).
    return json.dumps(obj)


def write_h5(path, spec, keras_version, vlen, libver=None):
    # libver="latest" stores attributes densely: a large model's model_config (MobileNetV2's is over
    # 64 KiB) does not fit the compact attribute storage of the default file format.
    with (h5py.File(path, "w", libver=libver) if libver else h5py.File(path, "w")) as f:
        set_str_attr(f.attrs, "keras_version", keras_version, vlen)
        set_str_attr(f.attrs, "backend", BACKEND, vlen)
        set_str_attr(f.attrs, "model_config", to_json(spec["model_config"]), vlen)
        mw = f.create_group("model_weights")
        set_str_list_attr(mw.attrs, "layer_names", [n for n, _ in spec["weight_layers"]], vlen)
        set_str_attr(mw.attrs, "backend", BACKEND, vlen)
        set_str_attr(mw.attrs, "keras_version", keras_version, vlen)
        for layer_name, weights in spec["weight_layers"]:
            g = mw.create_group(layer_name)
            set_str_list_attr(g.attrs, "weight_names", [w for w, _ in weights], vlen)
            for wname, arr in weights:
                # "dense_1/kernel:0" -> nested group dense_1, dataset "kernel:0"
                g.create_dataset(wname, data=np.asarray(arr, dtype="<f4"))
        if spec["training"] is not None:
            set_str_attr(f.attrs, "training_config", to_json(spec["training"]), vlen)


def write_expected(path, spec):
    x, y = spec["x"], spec["y"]
    doc = {"input": x.tolist(), "inputShape": list(x.shape),
           "output": y.tolist(), "layout": "channels_last"}
    with open(path, "w") as fh:
        json.dump(doc, fh)      # floats via repr(): shortest round-trip, full precision
        fh.write("\n")


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def self_test():
    """Check the reference ops against second implementations."""
    rng = np.random.RandomState(7)
    for pad in ("valid", "same"):
        x = rng.normal(size=(2, 7, 6, 3))
        k = rng.normal(size=(3, 3, 3, 5))
        b = rng.normal(size=(5,))
        a1, a2 = conv2d(x, k, b, pad), conv2d_einsum(x, k, b, pad)
        assert a1.shape == a2.shape and np.allclose(a1, a2, atol=1e-12), pad
    # same-padding spot check against a manual value at a corner (pads 1 each side)
    x = rng.normal(size=(1, 4, 4, 1))
    k = rng.normal(size=(3, 3, 1, 1))
    got = conv2d(x, k, np.zeros(1), "same")[0, 0, 0, 0]
    want = sum(x[0, i, j, 0] * k[i + 1, j + 1, 0, 0] for i in range(2) for j in range(2))
    assert abs(got - want) < 1e-12
    # flatten order: index of (h, w, c) = (h * W + w) * C + c
    x = rng.normal(size=(1, 3, 2, 4))
    assert flatten(x)[0, (2 * 2 + 1) * 4 + 3] == x[0, 2, 1, 3]
    # max pooling
    x = rng.normal(size=(1, 4, 4, 2))
    assert max_pool2d(x)[0, 1, 0, 1] == x[0, 2:4, 0:2, 1].max()
    assert np.allclose(softmax(rng.normal(size=(3, 5))).sum(-1), 1.0)


def attr_kind(attrs, name):
    t = attrs.get_id(name).get_type()
    if isinstance(t, h5py.h5t.TypeStringID):
        return "vlen-str" if t.is_variable_str() else "fixed-str(S%d)" % t.get_size()
    return "%s%s" % (attrs[name].dtype, attrs[name].shape)


def verify_and_dump(path, spec, keras_version, vlen, out=sys.stdout):
    """Re-open the file, assert its structure, print attribute kinds and the tree."""
    want_str = "vlen-str" if vlen else "fixed-str"
    with h5py.File(path, "r") as f:
        def check_str(attrs, name, where):
            kind = attr_kind(attrs, name)
            assert kind.startswith(want_str), (path, where, name, kind)
            return kind

        out.write("== %s\n" % os.path.basename(path))
        for name in f.attrs:
            out.write("  /@%s: %s\n" % (name, check_str(f.attrs, name, "/")))
        v = f.attrs["keras_version"]
        assert (v.decode() if isinstance(v, bytes) else v) == keras_version
        mc = f.attrs["model_config"]
        mc = json.loads(mc.decode() if isinstance(mc, bytes) else mc)
        assert mc == json.loads(to_json(spec["model_config"]))
        assert ("training_config" in f.attrs) == (spec["training"] is not None)
        mw = f["model_weights"]
        for name in mw.attrs:
            out.write("  /model_weights@%s: %s\n" % (name, check_str(mw.attrs, name, "model_weights")))
        names = [n.decode() if isinstance(n, bytes) else n for n in mw.attrs["layer_names"]]
        assert names == [n for n, _ in spec["weight_layers"]]
        assert sorted(mw.keys()) == sorted(names)
        for layer_name, weights in spec["weight_layers"]:
            g = mw[layer_name]
            if weights:
                kind = check_str(g.attrs, "weight_names", layer_name)
            else:
                kind = attr_kind(g.attrs, "weight_names")
                assert g.attrs["weight_names"].shape == (0,)
            wn = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
            assert wn == [w for w, _ in weights]
            out.write("  /model_weights/%s@weight_names: %s %s\n" % (layer_name, kind, wn))
            for wname, arr in weights:
                ds = g[wname]
                assert ds.dtype == np.float32 and ds.shape == arr.shape
                assert np.array_equal(ds[()].astype(np.float64), arr)
        def show(name, obj):
            if isinstance(obj, h5py.Dataset):
                out.write("    %s %s %s\n" % (name, obj.dtype, obj.shape))
        f.visititems(show)


def build_unsupported_lambda():
    """A Sequential model with a Lambda layer, which DL4J cannot import: for error messages only."""
    rng = np.random.RandomState(3003)
    w1, b1 = uniform(rng, -1, 1, (3, 4)), uniform(rng, -0.1, 0.1, (4,))
    w2, b2 = uniform(rng, -1, 1, (4, 2)), uniform(rng, -0.1, 0.1, (2,))
    lam = {"class_name": "Lambda", "config": {"name": "lambda_1", "trainable": True, "dtype": "float32",
           "function": ["4wEAAAAAAAAAAQAAAAIAAABDAAAAcwgAAAB8AGQBFABTACkCTukCAAAAqQApAdoBeHIBAAAAcgEAAAD6AzxsPtoIPGxhbWJkYT4BAAAA8wAAAAA=", None, None],
           "function_type": "lambda", "module": "__main__", "output_shape": None, "output_shape_type": "raw",
           "output_shape_module": None, "arguments": {}}}
    layers = [dense_cfg("dense_1", 4, "relu", False, batch_input_shape=(3,)), lam,
              dense_cfg("dense_2", 2, "softmax", False)]
    model_config = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers}}
    weight_layers = [("dense_1", [("dense_1/kernel:0", w1), ("dense_1/bias:0", b1)]), ("lambda_1", []),
                     ("dense_2", [("dense_2/kernel:0", w2), ("dense_2/bias:0", b2)])]
    return dict(model_config=model_config, training=training_config(False), weight_layers=weight_layers,
                x=None, y=None)


def main(argv):
    outdir = os.path.abspath(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    os.makedirs(outdir, exist_ok=True)
    self_test()
    for name, builder, version, vlen in MODELS:
        spec = builder()
        assert spec["x"].shape[0] == BATCH
        assert np.allclose(spec["y"].sum(-1), 1.0)
        h5_path = os.path.join(outdir, name + ".h5")
        write_h5(h5_path, spec, version, vlen)
        write_expected(os.path.join(outdir, name + ".expected.json"), spec)
        verify_and_dump(h5_path, spec, version, vlen)
        print("  output: %s" % np.array2string(spec["y"], precision=6))
    # Import must fail on this one; it has no expected outputs.
    write_h5(os.path.join(outdir, "unsupported_lambda.h5"), build_unsupported_lambda(), KERAS2_VERSION, False)
    print("wrote %d models and unsupported_lambda.h5 to %s" % (len(MODELS), outdir))


if __name__ == "__main__":
    main(sys.argv)
