#!/usr/bin/python3
"""An independent forward pass over a Keras 3 (or tf.keras 2.13+) ``.keras`` file, in float64 numpy.

It reads the archive itself (config.json and model.weights.h5, with h5py) and interprets the layers with
Keras semantics (channels-last), so the Java importer's output can be checked against it on any file: the
fixtures make_keras3_fixtures.py writes and real files saved by Keras.

Usage:
    /usr/bin/python3 keras3_reference.py MODEL.keras INPUT.npy OUTPUT.npy

It writes the output and prints {"parameters": N}: the variables the forward pass read (every layer's but the
input Normalization's, which the importer turns into preprocessing).

No TensorFlow or Keras is needed.
"""

import io
import json
import re
import sys
import zipfile

import h5py
import numpy as np

EPSILON = 1e-7  # keras.backend.epsilon()


# --------------------------------------------------------------------------
# Weights: where each layer's variables are in model.weights.h5
# --------------------------------------------------------------------------

def snake(name):
    """Keras' naming.to_snake_case: the class name as the saving code names an unnamed object."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


class Weights:
    """model.weights.h5 opened; ``vars(group)`` gives the datasets vars/0..n of a group in order."""

    def __init__(self, h5):
        self.h5 = h5

    @staticmethod
    def vars(group):
        if group is None or "vars" not in group:
            return []
        v = group["vars"]
        return [np.asarray(v[k][()], dtype=np.float64) for k in sorted(v.keys(), key=int)]

    def container(self, path):
        """The group holding a model's layers: Keras 3 'layers', tf.keras 2.13-2.15 '_layer_checkpoint_dependencies'."""
        g = self.h5 if not path else self.h5[path]
        for key in ("layers", "_layer_checkpoint_dependencies"):
            if key in g:
                return g[key]
        return None


def unflatten(src):
    """tf.keras on Windows wrote 'layers\\conv2d' as one group name at the root: rebuild the nested tree in memory."""
    if not any("\\" in k for k in src.keys()):
        return src
    f = h5py.File(io.BytesIO(), "w")

    def copy(name, obj):
        if isinstance(obj, h5py.Dataset):
            target = name.replace("\\", "/")
            f.create_dataset(target, data=obj[()])
            for k, v in obj.parent.attrs.items():
                f[target].parent.attrs[k] = v

    src.visititems(copy)
    for name, obj in src.items():  # groups without datasets (weightless layers) still mark their place
        if isinstance(obj, h5py.Group):
            f.require_group(name.replace("\\", "/") + "/vars" if "vars" in obj else name.replace("\\", "/"))
    return f


# --------------------------------------------------------------------------
# Layer math (channels-last)
# --------------------------------------------------------------------------

def activation(name, x):
    if isinstance(name, dict):  # a TensorFlow function: {"class_name": "function", "config": "softmax_v2"}
        name = name["config"] if isinstance(name.get("config"), str) else name.get("config", {}).get("name")
        name = re.sub(r"_v\d+$", "", name)
    name = (name or "linear").lower()
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "relu6":
        return np.clip(x, 0, 6)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name in ("swish", "silu"):
        return x / (1 + np.exp(-x))
    if name == "softmax":
        z = np.exp(x - x.max(axis=-1, keepdims=True))
        return z / z.sum(axis=-1, keepdims=True)
    if name == "hard_sigmoid":  # Keras 3: relu6(x + 3) / 6
        return np.clip(x + 3, 0, 6) / 6
    raise ValueError("activation " + name)


def pair(v):
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def pad_same(x, kh, kw, sh, sw, dh=1, dw=1):
    """TensorFlow 'SAME': output ceil(in / stride), the smaller half of the padding before."""
    h, w = x.shape[1], x.shape[2]
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    oh, ow = -(-h // sh), -(-w // sw)
    ph = max((oh - 1) * sh + ekh - h, 0)
    pw = max((ow - 1) * sw + ekw - w, 0)
    return np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))


def windows(x, kh, kw, sh, sw, padding, dh=1, dw=1, fill=0.0):
    """(n, oh, ow, c, kh, kw) windows of an NHWC array."""
    if padding == "same":
        if fill == 0.0:
            x = pad_same(x, kh, kw, sh, sw, dh, dw)
        else:
            h, w = x.shape[1], x.shape[2]
            oh, ow = -(-h // sh), -(-w // sw)
            ph = max((oh - 1) * sh + kh - h, 0)
            pw = max((ow - 1) * sw + kw - w, 0)
            x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)), constant_values=fill)
    elif padding != "valid":
        raise ValueError("padding " + padding)
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    win = np.lib.stride_tricks.sliding_window_view(x, (ekh, ekw), axis=(1, 2))
    return win[:, ::sh, ::sw, :, ::dh, ::dw]


def conv2d(x, kernel, bias, c):
    kh, kw = kernel.shape[:2]
    sh, sw = pair(c.get("strides", 1))
    dh, dw = pair(c.get("dilation_rate", 1))
    win = windows(x, kh, kw, sh, sw, c.get("padding", "valid"), dh, dw)
    y = np.einsum("nhwcij,ijco->nhwo", win, kernel)
    return y + bias if bias is not None else y


def depthwise(x, kernel, c):
    """kernel (kh, kw, in, multiplier): output channel i * multiplier + m."""
    kh, kw, cin, mult = kernel.shape
    sh, sw = pair(c.get("strides", 1))
    dh, dw = pair(c.get("dilation_rate", 1))
    win = windows(x, kh, kw, sh, sw, c.get("padding", "valid"), dh, dw)
    y = np.einsum("nhwcij,ijcm->nhwcm", win, kernel)
    return y.reshape(y.shape[0], y.shape[1], y.shape[2], cin * mult)


def pool(x, c, op):
    ph, pw = pair(c.get("pool_size", 2))
    strides = c.get("strides") or c.get("pool_size", 2)
    sh, sw = pair(strides)
    padding = c.get("padding", "valid")
    if op == "max":
        return windows(x, ph, pw, sh, sw, padding, fill=-np.inf).max(axis=(4, 5))
    win = windows(x, ph, pw, sh, sw, padding, fill=np.nan)
    return np.nanmean(win, axis=(4, 5))  # TF's average pooling leaves the padding out of the mean


def lstm(x, kernel, recurrent, bias, c):
    """Keras LSTM, gates in the order i, f, c, o."""
    n, t, _ = x.shape
    u = recurrent.shape[0]
    act = lambda v: activation(c.get("activation", "tanh"), v)
    ract = lambda v: activation(c.get("recurrent_activation", "sigmoid"), v)
    h = np.zeros((n, u))
    cell = np.zeros((n, u))
    outs = []
    steps = range(t - 1, -1, -1) if c.get("go_backwards") else range(t)
    for s in steps:
        z = x[:, s, :] @ kernel + h @ recurrent + (bias if bias is not None else 0)
        i, f, g, o = ract(z[:, :u]), ract(z[:, u:2 * u]), act(z[:, 2 * u:3 * u]), ract(z[:, 3 * u:])
        cell = f * cell + i * g
        h = o * act(cell)
        outs.append(h)
    return np.stack(outs, axis=1) if c.get("return_sequences") else h


def gru(x, kernel, recurrent, bias, c):
    """Keras GRU, gates in the order z, r, h; reset_after (the default) applies the reset gate after the recurrent
    product and has a bias per side, shape (2, 3u)."""
    n, t, _ = x.shape
    u = recurrent.shape[0]
    act = lambda v: activation(c.get("activation", "tanh"), v)
    ract = lambda v: activation(c.get("recurrent_activation", "sigmoid"), v)
    after = c.get("reset_after", True)
    bx, bh = (bias[0], bias[1]) if after else (bias, np.zeros(3 * u))
    h = np.zeros((n, u))
    outs = []
    for s in range(t):
        xw = x[:, s, :] @ kernel + bx
        if after:
            hu = h @ recurrent + bh
            z = ract(xw[:, :u] + hu[:, :u])
            r = ract(xw[:, u:2 * u] + hu[:, u:2 * u])
            cand = act(xw[:, 2 * u:] + r * hu[:, 2 * u:])
        else:
            z = ract(xw[:, :u] + h @ recurrent[:, :u])
            r = ract(xw[:, u:2 * u] + h @ recurrent[:, u:2 * u])
            cand = act(xw[:, 2 * u:] + (r * h) @ recurrent[:, 2 * u:])
        h = z * h + (1 - z) * cand
        outs.append(h)
    return np.stack(outs, axis=1) if c.get("return_sequences") else h


def layer(cls, c, ins, w):
    """One layer's output from its inputs ``ins`` and variables ``w`` (in the file's order)."""
    x = ins[0] if ins else None
    if cls in ("Dropout", "SpatialDropout2D", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
               "RandomContrast", "RandomBrightness", "Identity"):
        return x
    if cls == "Conv2D":
        return activation(c.get("activation"), conv2d(x, w[0], w[1] if c.get("use_bias", True) else None, c))
    if cls == "DepthwiseConv2D":
        y = depthwise(x, w[0], c)
        return activation(c.get("activation"), y + w[1] if c.get("use_bias", True) else y)
    if cls == "SeparableConv2D":
        y = depthwise(x, w[0], c)
        y = np.einsum("nhwc,co->nhwo", y, w[1][0, 0])
        return activation(c.get("activation"), y + w[2] if c.get("use_bias", True) else y)
    if cls == "BatchNormalization":
        k = 0
        gamma = beta = None
        if c.get("scale", True):
            gamma = w[k]
            k += 1
        if c.get("center", True):
            beta = w[k]
            k += 1
        mean, var = w[k], w[k + 1]
        y = (x - mean) / np.sqrt(var + c.get("epsilon", 1e-3))
        return y * (gamma if gamma is not None else 1) + (beta if beta is not None else 0)
    if cls == "ReLU":
        mv = c.get("max_value")
        slope = c.get("negative_slope", 0.0) or 0.0
        th = c.get("threshold", 0.0) or 0.0
        y = np.where(x >= th, x, slope * (x - th))
        return np.minimum(y, mv) if mv is not None else y
    if cls == "LeakyReLU":
        a = c.get("negative_slope", c.get("alpha", 0.3))
        return np.where(x >= 0, x, a * x)
    if cls == "Activation":
        return activation(c.get("activation"), x)
    if cls == "Softmax":
        return activation("softmax", x)
    if cls == "Add":
        return sum(ins)
    if cls == "Multiply":
        y = ins[0]
        for v in ins[1:]:
            y = y * v
        return y
    if cls == "Concatenate":
        return np.concatenate(ins, axis=c.get("axis", -1))
    if cls == "ZeroPadding2D":
        p = c.get("padding", 1)
        if isinstance(p, int):
            p = ((p, p), (p, p))
        p = [pair(v) for v in p]
        return np.pad(x, ((0, 0), p[0], p[1], (0, 0)))
    if cls == "MaxPooling2D":
        return pool(x, c, "max")
    if cls == "AveragePooling2D":
        return pool(x, c, "avg")
    if cls == "GlobalAveragePooling2D":
        return x.mean(axis=(1, 2), keepdims=bool(c.get("keepdims")))
    if cls == "GlobalMaxPooling2D":
        return x.max(axis=(1, 2), keepdims=bool(c.get("keepdims")))
    if cls == "Dense":
        y = x @ w[0]
        if c.get("use_bias", True):
            y = y + w[1]
        return activation(c.get("activation"), y)
    if cls == "Flatten":
        return x.reshape(x.shape[0], -1)
    if cls == "Reshape":
        return x.reshape((x.shape[0],) + tuple(c["target_shape"]))
    if cls == "Embedding":
        return w[0][x.astype(np.int64)]
    if cls == "LSTM":
        return lstm(x, w[0], w[1], w[2] if c.get("use_bias", True) else None, c)
    if cls == "GRU":
        return gru(x, w[0], w[1], w[2], c)
    if cls == "Rescaling":
        return x * np.asarray(c.get("scale", 1.0)) + np.asarray(c.get("offset", 0.0))
    if cls == "Normalization":
        if c.get("mean") is not None:
            mean, var = np.asarray(c["mean"], dtype=np.float64), np.asarray(c["variance"], dtype=np.float64)
        else:
            mean, var = w[0], w[1]
        y = (x - mean) / np.maximum(np.sqrt(var), EPSILON)
        return y
    raise ValueError("no reference for layer class " + cls)


# --------------------------------------------------------------------------
# The graph
# --------------------------------------------------------------------------

def tensors(node):
    """[(layer, node, index)] an inbound node reads: Keras 3 {"args", "kwargs"} or Keras 2 [[l, n, i, {}]]."""
    out = []

    def walk(v):
        if isinstance(v, dict):
            if v.get("class_name") == "__keras_tensor__":
                h = v["config"]["keras_history"]
                out.append((h[0], h[1], h[2]))
            else:
                for e in v.values():
                    walk(e)
        elif isinstance(v, list):
            for e in v:
                walk(e)

    if isinstance(node, dict):
        walk(node.get("args", []))
    else:
        out.extend((t[0], t[1], t[2]) for t in node)
    return out


def refs(v):
    if isinstance(v, list) and v and isinstance(v[0], str):
        return [tuple(v[:3])]
    if isinstance(v, dict):
        v = list(v.values())
    out = []
    for e in v:
        out.extend(refs(e))
    return out


class Model:
    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            self.config = json.loads(z.read("config.json"))
            self.h5 = unflatten(h5py.File(io.BytesIO(z.read("model.weights.h5")), "r"))
        self.weights = Weights(self.h5)
        self.used = 0  # parameters the forward pass read

    def layer_group(self, path, name, cls, counters):
        """The group of layer ``name`` in the model at ``path``. From Keras 3.6 its vars group carries the name as an
        attribute; before, and in tf.keras 2.13-2.15, the key is the snake_case class name with a counter per class
        in layer order (so the layer named dense_2 may be under layers/dense)."""
        key = snake(cls)
        n, n213 = counters.get(key, (0, 0))
        weighted = cls not in ("InputLayer", "Flatten", "Dropout", "Reshape", "ReLU", "Activation", "MaxPooling2D",
                               "AveragePooling2D", "GlobalAveragePooling2D", "Add", "Concatenate", "Multiply",
                               "ZeroPadding2D", "Rescaling", "LeakyReLU", "Softmax")
        counters[key] = (n + 1, n213 + (2 if weighted else 1))
        auto = key if n == 0 else "%s_%d" % (key, n)
        auto213 = key if n213 == 0 else "%s_%d" % (key, n213)  # tf.keras 2.13 counted layers with variables twice
        cont = self.weights.container(path)
        if cont is None:
            return None, None
        for k in cont:
            v = cont[k].get("vars")
            if v is not None and v.attrs.get("name") == name:
                return cont[k], cont[k].name
        for k in (auto, auto213):
            if k in cont:
                return cont[k], cont[k].name
        return None, None

    def run(self, obj, ins, path):
        """Runs a model object (Functional or Sequential) on ``ins``; returns its outputs."""
        cls, c = obj["class_name"], obj["config"]
        counters = {}
        if cls == "Sequential":
            x = ins[0]
            for l in c["layers"]:
                if l["class_name"] == "InputLayer":
                    continue
                x = self.apply(l, [x], path, counters)[0]
            return [x]
        values = {}
        inputs = refs(c["input_layers"])
        for l in c["layers"]:
            name = l["config"].get("name", l.get("name"))
            if l["class_name"] == "InputLayer":
                k = [r[0] for r in inputs].index(name)
                values[name] = [ins[k]]
                continue
            args = [values[t[0]][t[2]] for node in l.get("inbound_nodes", []) for t in tensors(node)]
            values[name] = self.apply(l, args, path, counters)
        return [values[r[0]][r[2]] for r in refs(c["output_layers"])]

    def apply(self, l, args, path, counters):
        cls, c = l["class_name"], l["config"]
        name = c.get("name", l.get("name"))
        group, gpath = self.layer_group(path, name, cls, counters)
        if cls in ("Functional", "Sequential", "Model"):
            return self.run(l, args, gpath[1:] if gpath else path)
        if cls in ("LSTM", "GRU"):
            w = self.weights.vars(group["cell"]) if group is not None and "cell" in group else []
        else:
            w = self.weights.vars(group)
        if cls != "Normalization":  # preprocessing: the importer takes it out of the network
            self.used += sum(int(np.prod(v.shape)) for v in w)
        return [layer(cls, c, args, w)]

    def __call__(self, x):
        return self.run(self.config, [x], "")[0]


def main(argv):
    m = Model(argv[1])
    x = np.load(argv[2]).astype(np.float64)
    np.save(argv[3], m(x))
    print(json.dumps({"parameters": m.used}))


if __name__ == "__main__":
    main(sys.argv)
