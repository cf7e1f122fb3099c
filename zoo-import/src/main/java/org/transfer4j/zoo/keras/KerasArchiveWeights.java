package org.transfer4j.zoo.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@code .keras} file's {@code model.weights.h5}, read by layer into the Keras 2 weight names DL4J's layers take.
 *
 * <p>Where a layer's variables are (read from files saved by Keras 2.14, 2.15 and 3.3 to 3.14):
 * {@code <container>/<key>/vars/0..n}, where the container is {@code layers} (Keras 3, tf.keras 2.15) or
 * {@code _layer_checkpoint_dependencies} (tf.keras 2.13-2.14), nested models repeat the pattern
 * ({@code layers/functional/layers/conv2d/vars}), and recurrent layers keep theirs in {@code <key>/cell/vars}.
 * The key is not the layer's name: it is the snake_case class name with a counter per class in the model's layer
 * order ({@code dense}, {@code dense_1}), so a layer named {@code dense_2} may live under {@code layers/dense}.
 * From Keras 3.6 each {@code vars} group also carries the layer's name as an attribute, which is preferred when
 * present. tf.keras on Windows joined the path with backslashes into one group name at the root
 * ({@code layers\conv2d}); such names are split back into a path.
 */
final class KerasArchiveWeights implements AutoCloseable {
    /** The Keras 2 names of each class's variables, in the order Keras 3 saves them. */
    private static final Map<String, List<String>> NAMES = Map.of(
            "Conv2D", List.of("kernel", "bias"),
            "Conv1D", List.of("kernel", "bias"),
            "DepthwiseConv2D", List.of("depthwise_kernel", "bias"),
            "SeparableConv2D", List.of("depthwise_kernel", "pointwise_kernel", "bias"),
            "Dense", List.of("kernel", "bias"),
            "Embedding", List.of("embeddings"),
            "LSTM", List.of("kernel", "recurrent_kernel", "bias"),
            "GRU", List.of("kernel", "recurrent_kernel", "bias"),
            "Normalization", List.of("mean", "variance"));

    /** Classes with variables, and nested models, for tf.keras 2.13's doubled counters. */
    private static final java.util.Set<String> WEIGHTED = java.util.Set.of("Conv2D", "Conv1D", "DepthwiseConv2D",
            "SeparableConv2D", "Dense", "Embedding", "LSTM", "GRU", "Normalization", "BatchNormalization", "Functional",
            "Sequential", "Model");

    private final String source;
    private final Hdf5Archive h5;
    /** Logical path ("layers/conv2d/vars", separators normalised) -> the HDF5 group names leading to it. */
    private final Map<String, String[]> groups = new HashMap<>();
    private final Map<String, Map<String, String>> namedKeys = new HashMap<>();

    KerasArchiveWeights(String source, Path file) {
        this.source = source;
        this.h5 = new Hdf5Archive(file.toString());
        index(new String[0], "");
    }

    private void index(String[] at, String logical) {
        for (String child : h5.getGroups(at)) {
            String[] next = Arrays.copyOf(at, at.length + 1);
            next[at.length] = child;
            String path = (logical.isEmpty() ? "" : logical + "/") + child.replace('\\', '/');
            groups.put(path, next);
            // A backslash-joined name stands for a path whose parents have no group of their own.
            String parent = path;
            while (parent.contains("/")) {
                parent = parent.substring(0, parent.lastIndexOf('/'));
                groups.putIfAbsent(parent, null);
            }
            index(next, path);
        }
    }

    /**
     * Every weighted layer's variables by layer name and Keras 2 weight name, and each preprocessing layer's
     * (Normalization's mean and variance) the same way.
     */
    Map<String, Map<String, INDArray>> read(KerasArchiveGraph g) throws KerasImportException {
        Map<String, Map<String, INDArray>> out = new LinkedHashMap<>();
        for (KerasArchiveGraph.Node n : g.nodes()) {
            if (NAMES.containsKey(n.className()) || "BatchNormalization".equals(n.className())) {
                out.put(n.name(), layer(g, n.name(), n.className(), n.container(), n.config()));
            }
        }
        for (KerasArchiveGraph.Preprocessing p : g.preprocessing()) {
            if ("Normalization".equals(p.className()) && p.config().path("mean").isNull()) {
                out.put(p.name(), layer(g, p.name(), p.className(), p.container(), p.config()));
            }
        }
        return out;
    }

    private Map<String, INDArray> layer(KerasArchiveGraph g, String name, String cls, List<String> container,
                                        com.fasterxml.jackson.databind.JsonNode config) throws KerasImportException {
        String group = locate(g, container, name);
        String varsPath = group + ("LSTM".equals(cls) || "GRU".equals(cls) ? "/cell/vars" : "/vars");
        List<String> names = new ArrayList<>("BatchNormalization".equals(cls) ? batchNormNames(config) : NAMES.get(cls));
        if (!config.path("use_bias").asBoolean(true)) {
            names.remove("bias");
        }
        String[] at = groups.get(varsPath);
        List<String> present = at == null ? List.of() : h5.getDataSets(at);
        if (present.size() < names.size()) {
            throw new KerasImportException(source + ": layer '" + name + "' (" + cls + ") has " + present.size()
                    + " variables in model.weights.h5 at " + varsPath + ", expected " + names + "; was the model built"
                    + " (trained or called) before it was saved?", null);
        }
        Map<String, INDArray> w = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                w.put(names.get(i), h5.readDataSet(Integer.toString(i), at).castTo(DataType.FLOAT));
            } catch (Exception e) {
                throw new KerasImportException(source + ": cannot read variable " + i + " (" + names.get(i) + ") of layer '"
                        + name + "' at " + varsPath + ": " + e.getMessage(), e);
            }
        }
        return w;
    }

    private static List<String> batchNormNames(com.fasterxml.jackson.databind.JsonNode config) {
        List<String> names = new ArrayList<>();
        if (config.path("scale").asBoolean(true)) {
            names.add("gamma");
        }
        if (config.path("center").asBoolean(true)) {
            names.add("beta");
        }
        names.add("moving_mean");
        names.add("moving_variance");
        return names;
    }

    /** The logical path of layer {@code name}'s group in the model nested at {@code container}. */
    String locate(KerasArchiveGraph g, List<String> container, String name) throws KerasImportException {
        String prefix = "";
        for (int depth = 0; depth <= container.size(); depth++) {
            List<String> model = container.subList(0, depth);
            String child = depth < container.size() ? container.get(depth) : name;
            String holder = holder(prefix, model);
            String path = holder + "/" + key(g, model, holder, child, false);
            if (!groups.containsKey(path) && holder.endsWith("_layer_checkpoint_dependencies")) {
                // tf.keras 2.13 listed each layer with variables twice in _layer_checkpoint_dependencies and counted
                // both (its saving_lib, per the Keras source): the second Conv2D is conv2d_2.
                path = holder + "/" + key(g, model, holder, child, true);
            }
            prefix = path;
        }
        if (!groups.containsKey(prefix)) {
            throw new KerasImportException(source + ": model.weights.h5 has no group " + prefix + " for layer '" + name
                    + "'", null);
        }
        return prefix;
    }

    /** {@code prefix}'s child that holds a model's layers: "layers" or "_layer_checkpoint_dependencies". */
    private String holder(String prefix, List<String> model) throws KerasImportException {
        for (String h : List.of("layers", "_layer_checkpoint_dependencies")) {
            String p = prefix.isEmpty() ? h : prefix + "/" + h;
            if (groups.containsKey(p)) {
                return p;
            }
        }
        throw new KerasImportException(source + ": model.weights.h5 has no layers group for "
                + (model.isEmpty() ? "the model" : "nested model '" + String.join("/", model) + "'")
                + " (neither layers/ nor _layer_checkpoint_dependencies/ under '" + prefix + "')", null);
    }

    /**
     * The key of layer {@code name} under {@code holder}: the group whose {@code vars} carries the name as an
     * attribute (Keras 3.6 on), else the class-and-counter key over the model's layers in order.
     */
    private String key(KerasArchiveGraph g, List<String> model, String holder, String name, boolean keras213) {
        String named = namedKeys.computeIfAbsent(holder, this::namesUnder).get(name);
        return named != null ? named : g.autoKeys(model, keras213 ? WEIGHTED : java.util.Set.of()).get(name);
    }

    /** Layer name (the vars group's attribute) -> key, for the groups directly under {@code holder}. */
    private Map<String, String> namesUnder(String holder) {
        Map<String, String> byName = new HashMap<>();
        for (Map.Entry<String, String[]> e : groups.entrySet()) {
            String p = e.getKey();
            if (p.startsWith(holder + "/") && !p.substring(holder.length() + 1).contains("/")) {
                String name = attribute(p + "/vars");
                if (name != null) {
                    byName.put(name, p.substring(holder.length() + 1));
                }
            }
        }
        return byName;
    }

    private String attribute(String varsPath) {
        String[] at = groups.get(varsPath);
        if (at == null) { // absent, or a parent only named inside a backslash-joined name
            return null;
        }
        try {
            return h5.hasAttribute("name", at) ? h5.readAttributeAsString("name", at) : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        h5.close();
    }
}
