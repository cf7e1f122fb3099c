package org.transfer4j.zoo.keras;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.transfer4j.common.Json;

/**
 * The forms of a {@code .keras} file's config.json and their Keras 2 equivalents, which DL4J's importer reads:
 * serialised objects, inbound nodes, tensor references, the keys of the weight file; and each layer's config
 * repaired where DL4J M2.1 fails on the Keras 3 form (the causes are with each repair).
 */
final class KerasLayerConfigs {
    private KerasLayerConfigs() {
    }

    /**
     * A layer's config as DL4J's Keras 2 importer reads it.
     *
     * @param inputShape the {@code batch_input_shape} of the graph input the layer reads, or null
     */
    static ObjectNode keras2(String source, String cls, String name, JsonNode config, JsonNode inputShape,
                             JsonNode buildConfig) throws KerasImportException {
        ObjectNode c = (ObjectNode) convert(config);
        c.put("name", name);
        // Every variable comes from model.weights.h5, so DL4J's initial values are thrown away; and DL4J M2.1's
        // Orthogonal initialiser (Keras' default recurrent_initializer) ran for over ten minutes on one LSTM(32)'s
        // recurrent matrix without finishing (OrthogonalDistribution.sample, a native op). Zeros cost nothing.
        for (String key : iterable(c.fieldNames())) {
            if (key.endsWith("_initializer") && c.get(key).isObject()) {
                c.set(key, Json.MAPPER.createObjectNode().put("class_name", "Zeros").set("config", Json.MAPPER.createObjectNode()));
            }
        }
        if ("LeakyReLU".equals(cls) && c.has("negative_slope")) { // Keras 3's name for Keras 2's alpha
            c.set("alpha", c.remove("negative_slope"));
        }
        if ("Embedding".equals(cls) && !c.has("input_length")) {
            // Keras 3 dropped input_length; DL4J's Embedding import requires the field (null: unknown length).
            if (inputShape != null && inputShape.size() == 2 && inputShape.get(1).isInt()) {
                c.put("input_length", inputShape.get(1).asInt());
            } else {
                c.putNull("input_length");
            }
        }
        if ("Reshape".equals(cls)) {
            resolveUnknownDimension(source, name, c, buildConfig.path("input_shape"));
        }
        return c;
    }

    /**
     * The class DL4J builds: a Reshape to one dimension is a Flatten (row-major, as Keras), which DL4J maps; its Reshape
     * import cannot map a rank-1 target after a convolution ("could not be mapped to Layer, Vertex, or
     * InputPreProcessor").
     */
    static String dl4jClass(String cls, JsonNode keras2Config) {
        return "Reshape".equals(cls) && keras2Config.path("target_shape").size() == 1 ? "Flatten" : cls;
    }

    /**
     * A Reshape's -1 as the size it stands for: DL4J leaves it unresolved, and a convolution after
     * {@code Reshape((1, 1, -1))} then fails with nIn=-1. The input shape is the layer's build_config.
     */
    static void resolveUnknownDimension(String source, String name, ObjectNode c, JsonNode inputShape)
            throws KerasImportException {
        JsonNode target = c.path("target_shape");
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < target.size(); i++) {
            if (target.get(i).asInt() == -1) {
                unknown = i;
            } else {
                known *= target.get(i).asLong();
            }
        }
        if (unknown < 0) {
            return;
        }
        long total = 1;
        for (int i = 1; i < inputShape.size(); i++) {
            if (!inputShape.get(i).isIntegralNumber()) {
                throw new KerasImportException(source + ": Reshape '" + name + "' has -1 in its target shape and its input"
                        + " shape " + inputShape + " is not fully known; give the size in Keras and save again", null);
            }
            total *= inputShape.get(i).asLong();
        }
        ((ArrayNode) target).set(unknown, Json.MAPPER.getNodeFactory().numberNode(total / known));
    }

    /** Keras' {@code naming.to_snake_case}: {@code ReLU} -> {@code re_lu}, {@code Conv2D} -> {@code conv2d}. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    static String layerName(JsonNode l) {
        return l.path("config").path("name").asText(l.path("name").asText());
    }

    /** input_layers / output_layers: {@code [name, node, index]} for one tensor, a list of them, or a dict of them. */
    static List<String[]> refs(JsonNode n) {
        List<String[]> out = new ArrayList<>();
        if (n.isArray() && !n.isEmpty() && n.get(0).isTextual()) {
            out.add(new String[] {n.get(0).asText(), n.path(1).asText("0"), n.path(2).asText("0")});
        } else {
            for (JsonNode e : n) {
                out.addAll(refs(e));
            }
        }
        return out;
    }

    /**
     * The tensors one inbound node reads, as [layer, node, index]: Keras 3's {@code {"args": [...], "kwargs": {}}}
     * with {@code __keras_tensor__} objects (in args, at any depth: Add takes a list), or Keras 2's
     * {@code [[layer, node, index, kwargs], ...]}.
     */
    static List<String[]> tensors(JsonNode node) {
        List<String[]> out = new ArrayList<>();
        if (node.isObject() && node.has("args")) {
            collect(node.get("args"), out);
        } else {
            for (JsonNode t : node) {
                out.add(new String[] {t.get(0).asText(), t.path(1).asText("0"), t.path(2).asText("0")});
            }
        }
        return out;
    }

    private static void collect(JsonNode n, List<String[]> out) {
        if (n.isObject() && "__keras_tensor__".equals(n.path("class_name").asText())) {
            JsonNode h = n.path("config").path("keras_history");
            out.add(new String[] {h.get(0).asText(), h.path(1).asText("0"), h.path(2).asText("0")});
        } else if (n.isContainerNode()) {
            for (JsonNode c : n) {
                collect(c, out);
            }
        }
    }

    /**
     * A Keras 3 config as Keras 2 wrote it: {@code {module, class_name, config, registered_name}} objects as
     * {@code {class_name, config}}, a dtype policy as its name. A new tree; the input is left as it was.
     */
    static JsonNode convert(JsonNode n) {
        if (n.isObject()) {
            String cls = n.path("class_name").asText("");
            if ("function".equals(cls) && n.path("config").isTextual()) {
                // A TensorFlow function as activation ({"module": "builtins", "class_name": "function", "config":
                // "softmax_v2"}): its Keras name; TF's versioned names (softmax_v2) are Keras' without the suffix.
                return Json.MAPPER.getNodeFactory().textNode(n.path("config").asText().replaceAll("_v\\d+$", ""));
            }
            if ("__numpy__".equals(cls)) { // an array-valued setting (Rescaling's per-channel scale) as Keras 3 writes it
                return convert(n.path("config").path("value"));
            }
            if (n.has("class_name") && n.has("config") && (cls.endsWith("DTypePolicy") || "Policy".equals(cls))) {
                return Json.MAPPER.getNodeFactory().textNode(n.path("config").path("name").asText("float32"));
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            boolean serialised = n.has("class_name") && n.has("config") && (n.has("module") || n.has("registered_name"));
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (serialised && (e.getKey().equals("module") || e.getKey().equals("registered_name"))) {
                    continue;
                }
                out.set(e.getKey(), convert(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            n.forEach(e -> out.add(convert(e)));
            return out;
        }
        return n.deepCopy();
    }
}
