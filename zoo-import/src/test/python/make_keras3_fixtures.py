#!/usr/bin/python3
"""Write .keras fixtures for the layer kinds and layouts the real files in ../resources/keras3 do not cover.

No TensorFlow or Keras is needed: the archive is written as Keras saves it (read from files saved by Keras 2.14 to
3.14): metadata.json, config.json with every object as {module, class_name, config, registered_name}, and
model.weights.h5 with each layer's variables under <container>/<key>/vars/<i>, the key being the snake_case class
name with a per-class counter in layer order. Weights are random, from fixed seeds.

Usage:
    /usr/bin/python3 make_keras3_fixtures.py OUTDIR

Files:
    mobilenetv2_nested.keras   keras.applications' MobileNetV2 (alpha 0.35, 96 px, its layer names and structure)
                               nested as a frozen Functional layer in the user's model, Rescaling at the input,
                               then GlobalAveragePooling2D, Dropout, Dense (logits); Keras 3.10 layout with name
                               attributes
    layer_kinds.keras          Normalization (adapted: weights in the file), SeparableConv2D, BatchNormalization
                               without scale, MaxPooling2D 'same', Concatenate, a sigmoid gate and Multiply,
                               ZeroPadding2D, AveragePooling2D, Flatten, Dense, Reshape, LeakyReLU; Keras 3.5 layout
                               (no name attributes: keys only by class and counter), layers named out of counter order
    text_lstm.keras            Sequential Embedding, LSTM (sequences), LSTM, Dense; Keras 3.8, the two LSTMs' keys
                               swapped so that only the name attributes place them
    text_gru.keras             Sequential Embedding, GRU (sequences, reset_after), GRU (reset_after=False), Dense
    text_gru.h5                the same model and weights as a Keras 2 HDF5 file
    reshape_head.keras         MobileNetV3's head: GlobalAveragePooling2D, Reshape((1, 1, -1)), a 1 x 1 Conv2D with a
                               TensorFlow function as activation, Reshape((4,)) as the output
    keras2_13_doubled.keras    tf.keras 2.13's doubled counters (conv2d, conv2d_2) under _layer_checkpoint_dependencies
    keras2_15_nested.keras     tf.keras 2.15 on Linux: Keras 2 inbound nodes, a nested Sequential, nested h5 groups
                               under _layer_checkpoint_dependencies
"""

import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np


def snake(name):
    import re
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def init(cls, **config):
    return {"module": "keras.initializers", "class_name": cls, "config": config, "registered_name": None}


class Builder:
    """A model under construction: layers (config objects), their variables, and Keras 3 call nodes."""

    def __init__(self, name, rng, keras3=True):
        self.name = name
        self.rng = rng
        self.keras3 = keras3
        self.layers = []      # config objects, in order
        self.weights = []     # per layer: list of arrays (or a nested Builder for a model)
        self.shapes = {}      # layer name -> output shape (batch dim None)

    def tensor(self, name):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": self.shapes[name], "dtype": "float32", "keras_history": [name, 0, 0]}}

    def nodes(self, inputs):
        if not inputs:
            return []
        if self.keras3:
            args = [self.tensor(inputs[0])] if len(inputs) == 1 else [[self.tensor(i) for i in inputs]]
            return [{"args": args, "kwargs": {}}]
        return [[[i, 0, 0, {}] for i in inputs]]

    def add(self, cls, name, config, inputs, out_shape, weights=(), trainable=True):
        config = dict(name=name, trainable=trainable, dtype=policy() if self.keras3 else "float32", **config)
        layer = {"module": "keras.layers", "class_name": cls, "config": config, "registered_name": None,
                 "name": name, "inbound_nodes": self.nodes(inputs)}
        if inputs:
            layer["build_config"] = {"input_shape": self.shapes[inputs[0]]}
        self.layers.append(layer)
        self.weights.append([np.asarray(w, dtype=np.float32) for w in weights])
        self.shapes[name] = out_shape
        return name

    def input(self, name, shape):
        layer = {"module": "keras.layers", "class_name": "InputLayer",
                 "config": {"batch_shape": [None] + list(shape), "dtype": "float32", "sparse": False, "name": name},
                 "registered_name": None, "name": name, "inbound_nodes": []}
        if not self.keras3:
            layer["config"] = {"batch_input_shape": [None] + list(shape), "dtype": "float32", "sparse": False,
                               "ragged": False, "name": name}
        self.layers.append(layer)
        self.weights.append([])
        self.shapes[name] = [None] + list(shape)
        return name

    def nested(self, inner, inputs, trainable):
        cfg = inner.functional_config(trainable)
        layer = {"module": "keras.src.models.functional", "class_name": "Functional", "config": cfg,
                 "registered_name": "Functional", "build_config": {"input_shape": self.shapes[inputs[0]]},
                 "name": inner.name, "inbound_nodes": self.nodes(inputs)}
        self.layers.append(layer)
        self.weights.append(inner)
        self.shapes[inner.name] = inner.shapes[inner.outputs[0]]
        return inner.name

    def rand(self, *shape, scale=0.3):
        return self.rng.uniform(-scale, scale, size=shape)

    def functional_config(self, trainable=True):
        layers = self.layers
        if not trainable:
            layers = json.loads(json.dumps(layers))
            for l in layers:
                if "trainable" in l["config"]:
                    l["config"]["trainable"] = False
        return {"name": self.name, "trainable": trainable, "layers": layers,
                "input_layers": [[i, 0, 0] for i in self.inputs], "output_layers": [[o, 0, 0] for o in self.outputs]}

    def sequential_config(self):
        layers = [{k: v for k, v in l.items() if k not in ("inbound_nodes", "name")} for l in self.layers]
        return {"name": self.name, "trainable": True, "dtype": policy(), "layers": layers}

    def write_weights(self, group, holder, named, reverse_keys=False, doubled=False):
        """Each layer's variables under group/holder/<class key>/vars; name attributes when ``named`` (Keras 3.6+).
        ``reverse_keys`` hands each class's keys out in reverse layer order (only the name attributes then say which
        group is which layer); ``doubled`` counts each layer with variables twice, as tf.keras 2.13 did."""
        keys = []
        counters = {}
        for layer, w in zip(self.layers, self.weights):
            key = snake(layer["class_name"])
            n = counters.get(key, 0)
            weighted = isinstance(w, Builder) or len(w) > 0
            counters[key] = n + (2 if doubled and weighted else 1)
            keys.append(key if n == 0 else "%s_%d" % (key, n))
        if reverse_keys:
            by_class = {}
            for i, layer in enumerate(self.layers):
                by_class.setdefault(layer["class_name"], []).append(i)
            original = list(keys)
            for idx in by_class.values():
                for i, j in zip(idx, reversed(idx)):
                    keys[i] = original[j]
        for layer, w, key in zip(self.layers, self.weights, keys):
            g = group.require_group(holder + "/" + key)
            if isinstance(w, Builder):
                w.write_weights(g, holder, named, reverse_keys, doubled)
                v = g.require_group("vars")
            else:
                v = g.require_group("cell/vars" if layer["class_name"] in ("LSTM", "GRU") else "vars")
                g.require_group("vars")
                for i, a in enumerate(w):
                    v.create_dataset(str(i), data=a)
            if named:
                g["vars"].attrs["name"] = layer["config"]["name"]


def write(path, root, builder, keras_version, holder="layers", named=True, reverse_keys=False, doubled=False):
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        builder.write_weights(f, holder, named, reverse_keys, doubled)
        f.require_group("vars")
        opt = f.require_group("optimizer/vars")
        opt.create_dataset("0", data=np.int64(10))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.json", json.dumps({"keras_version": keras_version, "date_saved": "2026-12-06@12:00:00"}))
        z.writestr("config.json", json.dumps(root))
        z.writestr("model.weights.h5", buf.getvalue())


def make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    return new_v + divisor if new_v < 0.9 * v else new_v


def conv(b, name, x, filters, k, stride=1, padding="same", use_bias=False, activation="linear"):
    cin = b.shapes[x][-1]
    h, w = b.shapes[x][1], b.shapes[x][2]
    oh = -(-h // stride) if padding == "same" else (h - k) // stride + 1
    ow = -(-w // stride) if padding == "same" else (w - k) // stride + 1
    weights = [b.rand(k, k, cin, filters, scale=np.sqrt(3.0 / (k * k * cin)))]
    if use_bias:
        weights.append(b.rand(filters, scale=0.1))
    return b.add("Conv2D", name, {"filters": filters, "kernel_size": [k, k], "strides": [stride, stride],
                                  "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1],
                                  "groups": 1, "activation": activation, "use_bias": use_bias,
                                  "kernel_initializer": init("GlorotUniform", seed=None),
                                  "bias_initializer": init("Zeros"), "kernel_regularizer": None,
                                  "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                                  "bias_constraint": None},
                 [x], [None, oh, ow, filters], weights)


def bn(b, name, x, scale=True, center=True):
    c = b.shapes[x][-1]
    w = []
    if scale:
        w.append(1 + b.rand(c, scale=0.2))
    if center:
        w.append(b.rand(c, scale=0.2))
    w += [b.rand(c, scale=0.2), b.rng.uniform(0.5, 1.5, size=c)]
    return b.add("BatchNormalization", name, {"axis": -1, "momentum": 0.999, "epsilon": 1e-3, "center": center,
                                               "scale": scale, "beta_initializer": init("Zeros"),
                                               "gamma_initializer": init("Ones"),
                                               "moving_mean_initializer": init("Zeros"),
                                               "moving_variance_initializer": init("Ones"), "beta_regularizer": None,
                                               "gamma_regularizer": None, "beta_constraint": None,
                                               "gamma_constraint": None, "synchronized": False},
                 [x], b.shapes[x], w)


def relu6(b, name, x):
    return b.add("ReLU", name, {"max_value": 6.0, "negative_slope": 0.0, "threshold": 0.0}, [x], b.shapes[x])


def depthwise(b, name, x, stride, padding):
    c = b.shapes[x][-1]
    h, w = b.shapes[x][1], b.shapes[x][2]
    oh = -(-h // stride) if padding == "same" else (h - 3) // stride + 1
    ow = -(-w // stride) if padding == "same" else (w - 3) // stride + 1
    return b.add("DepthwiseConv2D", name, {"kernel_size": [3, 3], "strides": [stride, stride], "padding": padding,
                                           "data_format": "channels_last", "dilation_rate": [1, 1],
                                           "depth_multiplier": 1, "activation": "linear", "use_bias": False,
                                           "depthwise_initializer": init("GlorotUniform", seed=None),
                                           "bias_initializer": init("Zeros"), "depthwise_regularizer": None,
                                           "bias_regularizer": None, "activity_regularizer": None,
                                           "depthwise_constraint": None, "bias_constraint": None},
                 [x], [None, oh, ow, c], [b.rand(3, 3, c, 1, scale=0.6)])


def inverted_res_block(b, x, filters, alpha, stride, expansion, block_id):
    """keras.applications.mobilenet_v2._inverted_res_block, with its layer names."""
    inp = x
    in_channels = b.shapes[x][-1]
    pointwise = make_divisible(int(filters * alpha), 8)
    prefix = "block_%d_" % block_id
    if block_id:
        x = conv(b, prefix + "expand", x, expansion * in_channels, 1)
        x = bn(b, prefix + "expand_BN", x)
        x = relu6(b, prefix + "expand_relu", x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        h, w = b.shapes[x][1], b.shapes[x][2]
        pad = [[1 - h % 2, 1], [1 - w % 2, 1]]  # imagenet_utils.correct_pad for a 3x3 kernel
        x = b.add("ZeroPadding2D", prefix + "pad", {"padding": pad, "data_format": "channels_last"}, [x],
                  [None, h + pad[0][0] + 1, w + pad[1][0] + 1, b.shapes[x][-1]])
    x = depthwise(b, prefix + "depthwise", x, stride, "same" if stride == 1 else "valid")
    x = bn(b, prefix + "depthwise_BN", x)
    x = relu6(b, prefix + "depthwise_relu", x)
    x = conv(b, prefix + "project", x, pointwise, 1)
    x = bn(b, prefix + "project_BN", x)
    if in_channels == pointwise and stride == 1:
        return b.add("Add", prefix + "add", {}, [inp, x], b.shapes[x])
    return x


def mobilenet_v2(rng, alpha=0.35, size=96):
    """keras.applications.MobileNetV2(input_shape=(size, size, 3), alpha=alpha, include_top=False)."""
    b = Builder("mobilenetv2_%0.2f_%d" % (alpha, size), rng)
    x = b.input("input_layer", [size, size, 3])
    b.inputs = [x]
    x = conv(b, "Conv1", x, make_divisible(32 * alpha, 8), 3, stride=2)
    x = bn(b, "bn_Conv1", x)
    x = relu6(b, "Conv1_relu", x)
    blocks = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
              (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
              (320, 1, 6)]
    for i, (f, s, e) in enumerate(blocks):
        x = inverted_res_block(b, x, f, alpha, s, e, i)
    x = conv(b, "Conv_1", x, 1280, 1)
    x = bn(b, "Conv_1_bn", x)
    x = relu6(b, "out_relu", x)
    b.outputs = [x]
    return b


def dense(b, name, x, units, activation, gain=1.0):
    cin = b.shapes[x][-1]
    return b.add("Dense", name, {"units": units, "activation": activation, "use_bias": True,
                                 "kernel_initializer": init("GlorotUniform", seed=None),
                                 "bias_initializer": init("Zeros"), "kernel_regularizer": None,
                                 "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None},
                 [x], b.shapes[x][:-1] + [units], [b.rand(cin, units, scale=gain * np.sqrt(3.0 / cin)), b.rand(units)])


def build_mobilenetv2_nested():
    rng = np.random.RandomState(20261206)
    backbone = mobilenet_v2(rng)
    b = Builder("flowers_classifier", rng)
    x = b.input("input_layer_1", [96, 96, 3])
    b.inputs = [x]
    x = b.add("Rescaling", "rescaling", {"scale": 1 / 127.5, "offset": -1.0}, [x], b.shapes[x])
    x = b.nested(backbone, [x], trainable=False)
    x = b.add("GlobalAveragePooling2D", "global_average_pooling2d", {"data_format": "channels_last",
                                                                     "keepdims": False},
              [x], [None, b.shapes[x][-1]])
    x = b.add("Dropout", "dropout", {"rate": 0.2, "seed": None, "noise_shape": None}, [x], b.shapes[x])
    # Logits (from_logits=True in the author's loss), scaled up: a softmax of near-equal scores would hide errors.
    x = dense(b, "predictions", x, 3, "linear", gain=20.0)
    b.outputs = [x]
    root = {"module": "keras.src.models.functional", "class_name": "Functional", "config": b.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 96, 96, 3]},
            "compile_config": None}
    return root, b


def build_layer_kinds():
    rng = np.random.RandomState(29)
    b = Builder("layer_kinds", rng)
    x = b.input("pixels", [12, 12, 3])
    b.inputs = [x]
    # Adapted Normalization: mean and variance live in the weight file (config mean/variance null).
    x = b.add("Normalization", "normalization", {"axis": -1, "invert": False, "mean": None, "variance": None},
              [x], b.shapes[x], [[120.0, 110.0, 100.0], [3600.0, 2500.0, 1600.0], np.int64(1000)])
    # Named against the counter order: the first Conv2D is "conv2d_1", the second "conv2d".
    stem = conv(b, "conv2d_1", x, 8, 3, use_bias=True, activation="relu")
    stem = bn(b, "stem_bn", stem, scale=False)
    c = b.shapes[stem][-1]
    sep = b.add("SeparableConv2D", "separable", {"filters": 6, "kernel_size": [3, 3], "strides": [1, 1],
                                                 "padding": "same", "data_format": "channels_last",
                                                 "dilation_rate": [1, 1], "depth_multiplier": 1,
                                                 "activation": "relu", "use_bias": True,
                                                 "depthwise_initializer": init("GlorotUniform", seed=None),
                                                 "pointwise_initializer": init("GlorotUniform", seed=None),
                                                 "bias_initializer": init("Zeros"), "depthwise_regularizer": None,
                                                 "pointwise_regularizer": None, "bias_regularizer": None,
                                                 "activity_regularizer": None, "depthwise_constraint": None,
                                                 "pointwise_constraint": None, "bias_constraint": None},
                [stem], [None, 12, 12, 6], [b.rand(3, 3, c, 1, scale=0.5), b.rand(1, 1, c, 6, scale=0.5),
                                             b.rand(6, scale=0.1)])
    pool = b.add("MaxPooling2D", "pool_same", {"pool_size": [3, 3], "strides": [1, 1], "padding": "same",
                                               "data_format": "channels_last"}, [stem], b.shapes[stem])
    branch = conv(b, "conv2d", pool, 4, 1, use_bias=True)
    cat = b.add("Concatenate", "concat", {"axis": -1}, [sep, branch], [None, 12, 12, 10])
    gate = conv(b, "gate", cat, 10, 1, use_bias=True, activation="sigmoid")
    x = b.add("Multiply", "gated", {}, [cat, gate], b.shapes[cat])
    x = b.add("ZeroPadding2D", "pad", {"padding": [[1, 1], [1, 1]], "data_format": "channels_last"}, [x],
              [None, 14, 14, 10])
    x = b.add("AveragePooling2D", "avg", {"pool_size": [2, 2], "strides": [2, 2], "padding": "valid",
                                          "data_format": "channels_last"}, [x], [None, 7, 7, 10])
    x = b.add("Flatten", "flatten", {"data_format": "channels_last"}, [x], [None, 490])
    x = dense(b, "hidden", x, 16, "linear")
    x = b.add("LeakyReLU", "leaky", {"negative_slope": 0.2}, [x], b.shapes[x])
    x = b.add("Reshape", "reshape", {"target_shape": [4, 4]}, [x], [None, 4, 4])
    x = b.add("Flatten", "flatten_again", {"data_format": "channels_last"}, [x], [None, 16])
    x = dense(b, "probabilities", x, 5, "softmax")
    b.outputs = [x]
    root = {"module": "keras.src.models.functional", "class_name": "Functional", "config": b.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 12, 12, 3]}}
    return root, b


def embedding(b, x, vocabulary, width):
    """Keras 3's Embedding config, random weights; the sequence length is the input's."""
    steps = b.shapes[x][1]
    return b.add("Embedding", "embedding", {"input_dim": vocabulary, "output_dim": width, "embeddings_initializer":
                                            init("RandomUniform", minval=-0.05, maxval=0.05, seed=None),
                                            "embeddings_regularizer": None, "activity_regularizer": None,
                                            "embeddings_constraint": None, "mask_zero": False},
                 [x], [None, steps, width], [b.rand(vocabulary, width, scale=1.0)])


def recurrent(b, cls, name, x, units, sequences, extra, weights):
    """An LSTM or GRU as Keras 3 writes its config; ``extra`` holds the class's own keys."""
    config = {"return_sequences": sequences, "return_state": False, "go_backwards": False, "stateful": False,
              "unroll": False, "zero_output_for_mask": False, "units": units, "activation": "tanh",
              "recurrent_activation": "sigmoid", "use_bias": True,
              "kernel_initializer": init("GlorotUniform", seed=None),
              "recurrent_initializer": init("Orthogonal", gain=1.0, seed=None), "bias_initializer": init("Zeros"),
              "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
              "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": None}
    config.update(extra)
    steps = b.shapes[x][1]
    return b.add(cls, name, config, [x], [None, steps, units] if sequences else [None, units], weights)


def build_text_lstm():
    rng = np.random.RandomState(8)
    b = Builder("text_lstm", rng)
    x = b.input("input_layer", [10])
    b.inputs = [x]
    x = embedding(b, x, 50, 8)

    def lstm(name, x, units, sequences):
        cin = b.shapes[x][-1]
        return recurrent(b, "LSTM", name, x, units, sequences, {"unit_forget_bias": True},
                         [b.rand(cin, 4 * units, scale=0.5), b.rand(units, 4 * units, scale=0.5),
                          b.rand(4 * units, scale=0.2)])

    x = lstm("lstm", x, 6, True)
    x = lstm("lstm_1", x, 5, False)
    x = dense(b, "dense", x, 3, "softmax")
    b.outputs = [x]
    root = {"module": "keras", "class_name": "Sequential", "config": b.sequential_config(),
            "registered_name": None, "build_config": {"input_shape": [None, 10]}}
    return root, b


def build_text_gru():
    """Embedding, GRU (sequences, reset_after as Keras 3 defaults), GRU (reset_after=False, bias (3u,)), Dense."""
    rng = np.random.RandomState(13)
    b = Builder("text_gru", rng)
    x = b.input("input_layer", [7])
    b.inputs = [x]
    # output_dim equal to the sequence length: the GRU must know which axis is time from the layout, not the sizes
    x = embedding(b, x, 20, 7)

    def gru(name, x, units, sequences, reset_after):
        cin = b.shapes[x][-1]
        bias = b.rand(2, 3 * units, scale=0.3) if reset_after else b.rand(3 * units, scale=0.3)
        return recurrent(b, "GRU", name, x, units, sequences, {"reset_after": reset_after},
                         [b.rand(cin, 3 * units, scale=0.7), b.rand(units, 3 * units, scale=0.7), bias])

    x = gru("gru", x, 6, True, True)
    x = gru("gru_1", x, 4, False, False)
    x = dense(b, "dense", x, 3, "linear")
    b.outputs = [x]
    root = {"module": "keras", "class_name": "Sequential", "config": b.sequential_config(),
            "registered_name": None, "build_config": {"input_shape": [None, 7]}}
    return root, b


def build_keras2_15_nested():
    rng = np.random.RandomState(215)
    inner = Builder("features", rng, keras3=False)
    x = inner.input("features_input", [10, 10, 1])
    inner.inputs = [x]
    x = conv(inner, "conv2d", x, 4, 3, padding="valid", use_bias=True, activation="relu")
    x = inner.add("MaxPooling2D", "max_pooling2d", {"pool_size": [2, 2], "strides": [2, 2], "padding": "valid",
                                                    "data_format": "channels_last"}, [x], [None, 4, 4, 4])
    inner.outputs = [x]
    b = Builder("model", rng, keras3=False)
    x = b.input("input_1", [10, 10, 1])
    b.inputs = [x]
    x = b.nested(inner, [x], trainable=True)
    x = b.add("Flatten", "flatten", {"data_format": "channels_last"}, [x], [None, 64])
    x = dense(b, "dense", x, 4, "linear")
    b.outputs = [x]
    root = {"module": "keras.src.engine.functional", "class_name": "Functional", "config": b.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 10, 10, 1]}}
    for l in root["config"]["layers"]:  # tf.keras 2.15 wrote dtypes as names, not DTypePolicy objects
        if isinstance(l["config"].get("dtype"), dict):
            l["config"]["dtype"] = "float32"
    return root, b


def build_reshape_head():
    """MobileNetV3's classifier head as keras.applications writes it: pooled features reshaped to 1 x 1 x C, a 1 x 1
    convolution as the classifier, and a Reshape to the class vector as the model's output; one activation written
    as TensorFlow function objects do ({"class_name": "function", "config": "softmax_v2"})."""
    rng = np.random.RandomState(3)
    b = Builder("reshape_head", rng)
    x = b.input("input_layer", [8, 8, 3])
    b.inputs = [x]
    x = conv(b, "features", x, 6, 3, stride=2, use_bias=True, activation="relu")
    x = b.add("GlobalAveragePooling2D", "pool", {"data_format": "channels_last", "keepdims": False}, [x], [None, 6])
    x = b.add("Reshape", "to_image", {"target_shape": [1, 1, -1]}, [x], [None, 1, 1, 6])
    x = conv(b, "logits", x, 4, 1, use_bias=True)
    b.layers[-1]["config"]["activation"] = {"module": "builtins", "class_name": "function", "config": "softmax_v2",
                                            "registered_name": "function"}
    x = b.add("Reshape", "predictions", {"target_shape": [4]}, [x], [None, 4])
    b.outputs = [x]
    root = {"module": "keras.src.models.functional", "class_name": "Functional", "config": b.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 8, 8, 3]}}
    return root, b


def write_keras2_h5(path, root, b):
    """The same Sequential as tf.keras 2.x's model.save("m.h5") writes it (make_keras_fixtures.write_h5): Keras 2
    layer configs (batch_input_shape on the first layer, dtype names) and model_weights/<layer>/<layer>/<name>:0."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from make_keras_fixtures import write_h5
    names = {"Embedding": ["embeddings"], "GRU": ["kernel", "recurrent_kernel", "bias"], "LSTM": ["kernel",
             "recurrent_kernel", "bias"], "Dense": ["kernel", "bias"]}
    layers = []
    weight_layers = []
    for i, l in enumerate(root["config"]["layers"]):
        if l["class_name"] == "InputLayer":
            continue
        c = {k: (v if not isinstance(v, dict) or "class_name" not in v else {"class_name": v["class_name"],
                                                                               "config": v["config"]})
             for k, v in l["config"].items()}
        c["dtype"] = "float32"
        if l["class_name"] == "Embedding":  # Keras 2 wrote it; Keras 3 dropped it
            c["input_length"] = root["build_config"]["input_shape"][1]
        if not layers:
            c["batch_input_shape"] = root["build_config"]["input_shape"]
        layers.append({"class_name": l["class_name"], "config": c})
        w = b.weights[i]
        weight_layers.append((c["name"], [("%s/%s:0" % (c["name"], n), a) for n, a in zip(names.get(l["class_name"], []), w)]))
    spec = {"model_config": {"class_name": "Sequential", "config": {"name": root["config"]["name"], "layers": layers}},
            "weight_layers": weight_layers, "training": None}
    write_h5(path, spec, "2.15.0", vlen=True)


def build_keras2_13_doubled():
    """tf.keras 2.13's counting, read from its saving_lib: each layer with variables listed twice, so the second
    Conv2D is conv2d_2 and the second Dense dense_2."""
    rng = np.random.RandomState(213)
    b = Builder("model", rng, keras3=False)
    x = b.input("input_1", [6, 6, 2])
    b.inputs = [x]
    x = conv(b, "conv2d", x, 3, 3, use_bias=True, activation="relu")
    x = conv(b, "conv2d_1", x, 4, 3, use_bias=True, activation="relu")
    x = b.add("Flatten", "flatten", {"data_format": "channels_last"}, [x], [None, 144])
    x = dense(b, "dense", x, 5, "relu")
    x = dense(b, "dense_1", x, 2, "linear")
    b.outputs = [x]
    root = {"module": "keras.src.engine.functional", "class_name": "Functional", "config": b.functional_config(),
            "registered_name": "Functional", "build_config": {"input_shape": [None, 6, 6, 2]}}
    for l in root["config"]["layers"]:
        if isinstance(l["config"].get("dtype"), dict):
            l["config"]["dtype"] = "float32"
    return root, b


def main(argv):
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    root, b = build_mobilenetv2_nested()
    write(os.path.join(out, "mobilenetv2_nested.keras"), root, b, "3.10.0")
    root, b = build_layer_kinds()
    write(os.path.join(out, "layer_kinds.keras"), root, b, "3.5.0", named=False)
    root, b = build_text_lstm()
    # Keys handed out against the layer order: only the name attributes (Keras 3.6 on) place the two LSTMs.
    write(os.path.join(out, "text_lstm.keras"), root, b, "3.8.0", reverse_keys=True)
    root, b = build_text_gru()
    write(os.path.join(out, "text_gru.keras"), root, b, "3.13.0")
    write_keras2_h5(os.path.join(out, "text_gru.h5"), root, b)
    root, b = build_reshape_head()
    write(os.path.join(out, "reshape_head.keras"), root, b, "3.5.0", named=False)
    root, b = build_keras2_15_nested()
    write(os.path.join(out, "keras2_15_nested.keras"), root, b, "2.15.0", holder="_layer_checkpoint_dependencies",
          named=False)
    root, b = build_keras2_13_doubled()
    write(os.path.join(out, "keras2_13_doubled.keras"), root, b, "2.13.1", holder="_layer_checkpoint_dependencies",
          named=False, doubled=True)


if __name__ == "__main__":
    main(sys.argv)
