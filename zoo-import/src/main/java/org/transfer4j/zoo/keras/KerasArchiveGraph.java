package org.transfer4j.zoo.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.transfer4j.common.Json;

/**
 * A {@code .keras} file's {@code config.json} as the Keras 2 functional topology DL4J's importer reads: one flat
 * graph. Nested models (a {@code keras.applications} backbone inside the user's model) are inlined with their layer
 * names kept; Keras 3's {@code {"args", "kwargs"}} inbound nodes become Keras 2's {@code [[name, node, index, {}]]};
 * serialised objects ({@code {module, class_name, config, registered_name}}) become Keras 2's
 * {@code {class_name, config}}, and a {@code DTypePolicy} its name; {@code batch_shape} becomes
 * {@code batch_input_shape}. Preprocessing layers at the input ({@code Rescaling}, {@code Normalization}) leave the
 * graph and are returned as {@link #preprocessing()}; random augmentation layers, identities at inference, are
 * dropped.
 */
final class KerasArchiveGraph {
    /** Layers DL4J's Keras 2 importer builds from the converted config (the rest are refused by name). */
    static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D",
            "BatchNormalization", "ReLU", "Activation", "Add", "Concatenate", "Multiply", "ZeroPadding2D", "MaxPooling2D",
            "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Dense", "Dropout", "SpatialDropout2D",
            "Flatten", "Reshape", "Embedding", "LSTM", "GRU", "Conv1D", "MaxPooling1D", "GlobalAveragePooling1D",
            "GlobalMaxPooling1D", "LeakyReLU", "Softmax");
    /** Random augmentation: the identity at inference, so not part of the imported network. */
    static final Set<String> AUGMENTATION = Set.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
            "RandomContrast", "RandomBrightness", "Identity");
    static final Set<String> PREPROCESSING = Set.of("Rescaling", "Normalization");
    static final Set<String> MODELS = Set.of("Functional", "Sequential", "Model");

    /**
     * One layer of the flat graph.
     *
     * @param container the names of the models it is nested in, outermost first (empty at the top level)
     * @param trainable its own flag and every enclosing model's
     */
    record Node(String name, String className, ObjectNode config, List<String> inputs, List<String> container,
                boolean trainable) {
    }

    /** A preprocessing layer at the input, in order: its class, converted config and where its weights live. */
    record Preprocessing(String name, String className, ObjectNode config, List<String> container) {
    }

    /** A model nested in the file's model, inlined into the graph. */
    record Nested(String name, String className, int layers, boolean trainable) {
    }

    private final String source;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<Preprocessing> preprocessing = new ArrayList<>();
    private final List<Nested> nested = new ArrayList<>();
    private final Map<String, Node> byName = new LinkedHashMap<>();
    /** Graph inputs, and the layers that pass them on unchanged (preprocessing folded into the input record). */
    private final Set<String> atInput = new java.util.HashSet<>();
    /** Every layer of each model (the path of model names, outermost first), in order: name and class. */
    private final Map<List<String>, List<String[]>> members = new HashMap<>();

    private KerasArchiveGraph(String source) {
        this.source = source;
    }

    List<Node> nodes() {
        return nodes;
    }

    List<Preprocessing> preprocessing() {
        return preprocessing;
    }

    List<Nested> nested() {
        return nested;
    }

    List<String> inputs() {
        return inputs;
    }

    List<String> outputs() {
        return outputs;
    }

    /** The first input's shape without the batch dimension; null entries where the file leaves a size open. */
    List<Integer> inputShape() {
        List<Integer> shape = new ArrayList<>();
        JsonNode s = byName.get(inputs.get(0)).config().path("batch_input_shape");
        for (int i = 1; i < s.size(); i++) {
            shape.add(s.get(i).isNull() ? null : s.get(i).asInt());
        }
        return java.util.Collections.unmodifiableList(shape);
    }

    /** The graph of {@code root} (config.json's top object); {@code source} names the file in messages. */
    static KerasArchiveGraph of(String source, JsonNode root) throws KerasImportException {
        KerasArchiveGraph g = new KerasArchiveGraph(source);
        String cls = root.path("class_name").asText();
        if (!MODELS.contains(cls)) {
            throw new KerasImportException(source + ": the saved object is a " + cls + ", not a Sequential or Functional"
                    + " model; subclassed models have no architecture in config.json. Rebuild it as a functional model"
                    + " and save again.", null);
        }
        List<String> outs = g.model(cls, root.path("config"), root.path("build_config"), List.of(), List.of(), true);
        for (String o : outs) {
            Node n = g.byName.get(o);
            if (n != null && "Flatten".equals(n.className())) {
                g.flattenAtOutput(n);
            } else if (n != null && "Reshape".equals(n.className())) {
                throw new KerasImportException(source + ": the model's output is layer '" + o + "', a Reshape to "
                        + n.config().path("target_shape") + "; a DL4J graph cannot end in a reshaping. Output the layer"
                        + " before it in Keras and save again.", null);
            }
        }
        g.outputs.addAll(outs);
        return g;
    }

    /**
     * Adds the layers of a model; {@code fed} are the tensors feeding its inputs (empty at the top level, where its
     * InputLayers become the graph's inputs). Returns the names of the nodes that are its outputs.
     */
    private List<String> model(String cls, JsonNode config, JsonNode buildConfig, List<String> container, List<String> fed,
                               boolean trainable) throws KerasImportException {
        String name = config.path("name").asText(container.isEmpty() ? "model" : "nested");
        boolean modelTrainable = trainable && config.path("trainable").asBoolean(true);
        return "Sequential".equals(cls) ? sequential(name, config, buildConfig, container, fed, modelTrainable)
                : functional(config, container, fed, modelTrainable);
    }

    private List<String> sequential(String name, JsonNode config, JsonNode buildConfig, List<String> container,
                                    List<String> fed, boolean trainable) throws KerasImportException {
        JsonNode layers = config.path("layers");
        if (layers.isEmpty()) {
            throw new KerasImportException(source + ": Sequential model '" + name + "' has no layers", null);
        }
        String previous;
        int first = 0;
        boolean startsWithInput = "InputLayer".equals(layers.get(0).path("class_name").asText());
        if (!fed.isEmpty()) {
            previous = fed.get(0);
            first = startsWithInput ? 1 : 0;
        } else if (startsWithInput) {
            previous = input(layers.get(0), container);
            first = 1;
        } else {
            JsonNode shape = buildConfig.path("input_shape");
            if (!shape.isArray()) { // a Keras 2 Sequential gave its first layer the input shape
                shape = layers.get(0).path("config").path("batch_input_shape");
            }
            if (!shape.isArray()) {
                throw new KerasImportException(source + ": Sequential model '" + name + "' declares no input shape (no"
                        + " InputLayer and no build_config): build it with keras.Input(shape=...) and save again", null);
            }
            ObjectNode in = Json.MAPPER.createObjectNode();
            in.put("class_name", "InputLayer");
            ObjectNode c = in.putObject("config");
            c.put("name", name + "_input");
            c.set("batch_shape", shape);
            previous = input(in, container);
        }
        for (int i = first; i < layers.size(); i++) {
            previous = layer(layers.get(i), List.of(previous), container, trainable).get(0);
        }
        return List.of(previous);
    }

    private List<String> functional(JsonNode config, List<String> container, List<String> fed, boolean trainable)
            throws KerasImportException {
        List<String[]> inputRefs = KerasLayerConfigs.refs(config.path("input_layers"));
        Map<String, List<String>> resolved = new HashMap<>(); // layer name in this model -> its output node names
        if (!fed.isEmpty() && fed.size() != inputRefs.size()) {
            throw new KerasImportException(source + ": nested model '" + config.path("name").asText() + "' takes "
                    + inputRefs.size() + " inputs but is called with " + fed.size(), null);
        }
        for (JsonNode l : config.path("layers")) {
            String cls = l.path("class_name").asText();
            String name = KerasLayerConfigs.layerName(l);
            if ("InputLayer".equals(cls)) {
                if (fed.isEmpty()) {
                    resolved.put(name, List.of(input(l, container)));
                } else {
                    int k = indexOf(inputRefs, name);
                    if (k < 0) {
                        throw new KerasImportException(source + ": InputLayer '" + name + "' of nested model '"
                                + config.path("name").asText() + "' is not among its input_layers", null);
                    }
                    resolved.put(name, List.of(fed.get(k)));
                }
                continue;
            }
            JsonNode nodes = l.path("inbound_nodes");
            if (nodes.size() > 1) {
                throw new KerasImportException(source + ": layer '" + name + "' (" + cls + ") is called " + nodes.size()
                        + " times; a shared layer has no equivalent in a DL4J graph (one vertex per layer)", null);
            }
            List<String> ins = new ArrayList<>();
            if (nodes.size() == 1) {
                for (String[] ref : KerasLayerConfigs.tensors(nodes.get(0))) {
                    List<String> outs = resolved.get(ref[0]);
                    if (outs == null) {
                        throw new KerasImportException(source + ": layer '" + name + "' reads '" + ref[0] + "', which is"
                                + " not defined before it in config.json", null);
                    }
                    int index = Integer.parseInt(ref[2]);
                    if (index >= outs.size()) {
                        throw new KerasImportException(source + ": layer '" + name + "' reads output " + index + " of '"
                                + ref[0] + "', which has " + outs.size(), null);
                    }
                    ins.add(outs.get(index));
                }
            }
            resolved.put(name, layer(l, ins, container, trainable));
        }
        List<String> outs = new ArrayList<>();
        List<String[]> outputRefs = KerasLayerConfigs.refs(config.path("output_layers"));
        if (outputRefs.isEmpty()) {
            throw new KerasImportException(source + ": model '" + config.path("name").asText() + "' declares no"
                    + " output_layers", null);
        }
        for (String[] ref : outputRefs) {
            List<String> o = resolved.get(ref[0]);
            if (o == null) {
                throw new KerasImportException(source + ": output layer '" + ref[0] + "' is not among the layers", null);
            }
            outs.add(o.get(Integer.parseInt(ref[2])));
        }
        return outs;
    }

    /** Adds one layer fed by {@code ins}; returns its outputs as node names (a nested model's outputs). */
    private List<String> layer(JsonNode l, List<String> ins, List<String> container, boolean trainable)
            throws KerasImportException {
        String cls = l.path("class_name").asText();
        String name = KerasLayerConfigs.layerName(l);
        member(container, name, cls);
        JsonNode config = l.path("config");
        if (MODELS.contains(cls)) {
            List<String> inner = new ArrayList<>(container);
            inner.add(name);
            int before = nodes.size();
            List<String> outs = model(cls, config, l.path("build_config"), inner, ins, trainable);
            nested.add(new Nested(name, cls, nodes.size() - before, trainable && config.path("trainable").asBoolean(true)));
            return outs;
        }
        if (AUGMENTATION.contains(cls)) {
            return List.of(single(name, cls, ins));
        }
        if (PREPROCESSING.contains(cls)) {
            String in = single(name, cls, ins);
            if (!atInput.contains(in)) {
                throw new KerasImportException(source + ": layer '" + name + "' (" + cls + ") is not at the model's input;"
                        + " transfer4j turns input preprocessing into the model's preprocessing record, and DL4J has no"
                        + " layer for it elsewhere", null);
            }
            preprocessing.add(new Preprocessing(name, cls, KerasLayerConfigs.convert(config).deepCopy(), container));
            return List.of(in);
        }
        if (!SUPPORTED.contains(cls)) {
            throw new KerasImportException(source + ": layer '" + name + "' is a " + cls + ", which transfer4j cannot"
                    + " import from a .keras file (supported: " + new java.util.TreeSet<>(SUPPORTED) + ", models nested"
                    + " as layers, Rescaling and Normalization at the input, random augmentation)", null);
        }
        if (byName.containsKey(name)) {
            throw new KerasImportException(source + ": two layers are named '" + name + "' (one in "
                    + (container.isEmpty() ? "the top model" : "'" + String.join("/", container) + "'")
                    + "); the flat graph needs unique names: rename one in Keras and save again", null);
        }
        JsonNode inputShape = ins.size() == 1 && byName.containsKey(ins.get(0))
                ? byName.get(ins.get(0)).config().path("batch_input_shape") : null;
        ObjectNode c = KerasLayerConfigs.keras2(source, cls, name, config, inputShape, l.path("build_config"));
        boolean t = trainable && c.path("trainable").asBoolean(true);
        c.put("trainable", t);
        Node n = new Node(name, KerasLayerConfigs.dl4jClass(cls, c), c, List.copyOf(ins), List.copyOf(container), t);
        nodes.add(n);
        byName.put(name, n);
        return List.of(name);
    }

    private void member(List<String> container, String name, String cls) {
        members.computeIfAbsent(List.copyOf(container), k -> new ArrayList<>()).add(new String[] {name, cls});
    }

    /**
     * The keys Keras' saving code gives the layers of the model at {@code container} in model.weights.h5: the
     * snake_case class name, with {@code _n} from the second layer of a class on, in layer order; the classes in
     * {@code countedTwice} advance the counter by two (tf.keras 2.13).
     */
    Map<String, String> autoKeys(List<String> container, Set<String> countedTwice) {
        Map<String, String> keys = new HashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        for (String[] m : members.getOrDefault(container, List.of())) {
            String base = KerasLayerConfigs.snakeCase(m[1]);
            int step = countedTwice.contains(m[1]) ? 2 : 1;
            int n = counters.merge(base, step, Integer::sum) - step;
            keys.put(m[0], n == 0 ? base : base + "_" + n);
        }
        return keys;
    }

    /**
     * A Flatten (or a Reshape to one dimension) that is the model's output: DL4J maps Flatten to a preprocessor of the
     * next layer, and with no next layer the import fails ("could not be mapped to Layer, Vertex, or
     * InputPreProcessor"). The Flatten is renamed and a linear Activation under the output's name follows it.
     */
    private void flattenAtOutput(Node n) {
        String renamed = n.name() + "_flatten";
        ObjectNode fc = n.config().deepCopy();
        fc.put("name", renamed);
        Node flatten = new Node(renamed, "Flatten", fc, n.inputs(), n.container(), n.trainable());
        ObjectNode ac = Json.MAPPER.createObjectNode();
        ac.put("name", n.name());
        ac.put("trainable", n.trainable());
        ac.put("activation", "linear");
        Node identity = new Node(n.name(), "Activation", ac, List.of(renamed), n.container(), n.trainable());
        int i = nodes.indexOf(n);
        nodes.set(i, flatten);
        nodes.add(i + 1, identity);
        byName.put(renamed, flatten);
        byName.put(n.name(), identity);
    }

    private String single(String name, String cls, List<String> ins) throws KerasImportException {
        if (ins.size() != 1) {
            throw new KerasImportException(source + ": layer '" + name + "' (" + cls + ") has " + ins.size()
                    + " inputs, expected 1", null);
        }
        if (atInput.contains(ins.get(0))) {
            atInput.add(ins.get(0));
        }
        return ins.get(0);
    }

    /** A graph input; its shape as Keras 2's {@code batch_input_shape}. */
    private String input(JsonNode l, List<String> container) throws KerasImportException {
        if (!container.isEmpty()) {
            throw new KerasImportException(source + ": nested model '" + String.join("/", container) + "' has an"
                    + " InputLayer but is not called on a tensor", null);
        }
        String name = KerasLayerConfigs.layerName(l);
        ObjectNode c = (ObjectNode) KerasLayerConfigs.convert(l.path("config"));
        c.put("name", name);
        if (c.has("batch_shape")) {
            c.set("batch_input_shape", c.remove("batch_shape"));
        }
        if (!c.has("batch_input_shape")) {
            throw new KerasImportException(source + ": InputLayer '" + name + "' has no batch_shape", null);
        }
        Node n = new Node(name, "InputLayer", c, List.of(), List.of(), true);
        nodes.add(n);
        byName.put(name, n);
        inputs.add(name);
        atInput.add(name);
        return name;
    }

    private static int indexOf(List<String[]> refs, String name) {
        return refs.stream().map(r -> r[0]).toList().indexOf(name);
    }

    /** The Keras 2 {@code model_config} of the flat graph, for {@link KerasImport#fromTopology}. */
    ObjectNode keras2Config(String modelName) {
        ObjectNode model = Json.MAPPER.createObjectNode();
        model.put("class_name", "Functional");
        ObjectNode config = model.putObject("config");
        config.put("name", modelName);
        ArrayNode layers = config.putArray("layers");
        for (Node n : nodes) {
            ObjectNode l = layers.addObject();
            l.put("class_name", n.className());
            l.put("name", n.name());
            l.set("config", n.config());
            ArrayNode inbound = l.putArray("inbound_nodes");
            if (!n.inputs().isEmpty()) {
                ArrayNode node = inbound.addArray();
                for (String in : n.inputs()) {
                    ArrayNode t = node.addArray();
                    t.add(in).add(0).add(0).addObject();
                }
            }
        }
        ArrayNode in = config.putArray("input_layers");
        inputs.forEach(i -> in.addArray().add(i).add(0).add(0));
        ArrayNode out = config.putArray("output_layers");
        outputs.forEach(o -> out.addArray().add(o).add(0).add(0));
        return model;
    }
}
