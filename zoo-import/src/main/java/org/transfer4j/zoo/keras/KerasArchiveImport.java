package org.transfer4j.zoo.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.common.Json;
import org.transfer4j.common.Normalization;

/**
 * The one entry point for Keras 3 {@code .keras} files (and tf.keras 2.13-2.15's), which DL4J 1.0.0-M2.1 cannot
 * read at all. The seam: {@link KerasArchive} opens the zip, {@link KerasArchiveGraph} turns {@code config.json}
 * into the Keras 2 functional topology DL4J's importer reads (nested models inlined with their names, preprocessing
 * layers taken out), {@link KerasArchiveWeights} reads {@code model.weights.h5} into Keras 2 weight names, and
 * {@link KerasImport#fromTopology} builds the network with the Keras import's repairs.
 *
 * <p>Every model becomes a ComputationGraph, Sequential ones too: a Sequential that holds a nested model (the usual
 * {@code Sequential([backbone, GlobalAveragePooling2D(), Dense(n)])}) is a graph once inlined, and one kind of
 * network for every {@code .keras} file keeps the rest of the library's paths the same.
 */
public final class KerasArchiveImport {
    private KerasArchiveImport() {
    }

    /** A model nested in the file's model (a backbone), inlined: its name, class, layer count and trainable flag. */
    public record NestedModel(String name, String className, int layers, boolean trainable) {
    }

    /**
     * An imported {@code .keras} file.
     *
     * @param info          the layers as the flat graph has them (names, classes, the file's trainable flags) and
     *                      the input shape
     * @param preprocessing what the file's Rescaling / Normalization layers at the input did to raw pixels in
     *                      [0, 255], or null when it has none (the network takes what its author fed it)
     * @param inputShape    the first input's shape without the batch dimension, as Keras has it (channels last);
     *                      null for a dimension the file leaves open
     * @param kerasVersion  metadata.json's Keras version
     */
    public record Imported(Model network, KerasFileInfo info, Normalization preprocessing, List<NestedModel> nested,
                           List<Integer> inputShape, String kerasVersion, String dateSaved) {
    }

    public static Imported load(Path file, KerasOptions options) throws KerasImportException {
        try (KerasArchive archive = KerasArchive.open(file)) {
            String source = file.toString();
            KerasArchiveGraph graph = KerasArchiveGraph.of(source, archive.config());
            Map<String, Map<String, INDArray>> weights;
            try (KerasArchiveWeights h5 = new KerasArchiveWeights(source, archive.weights())) {
                weights = h5.read(graph);
            }
            Normalization pre = preprocessing(source, graph, weights);
            graph.preprocessing().forEach(p -> weights.remove(p.name()));
            ObjectNode config = graph.keras2Config(archive.config().path("config").path("name").asText("model"));
            ObjectNode topology = Json.MAPPER.createObjectNode();
            topology.set("model_config", config);
            // DL4J reads Keras 2 configuration field names when the major version is 2; the converted config has them.
            topology.put("keras_version", "2.15.0");
            topology.put("backend", "tensorflow");
            topology.put("saved_by_keras", archive.kerasVersion());
            Model net = KerasImport.fromTopology(source, topology, weights, options);
            List<NestedModel> nested = graph.nested().stream()
                    .map(n -> new NestedModel(n.name(), n.className(), n.layers(), n.trainable())).toList();
            return new Imported(net, KerasFileInfo.of(config, false, archive.kerasVersion()), pre, nested,
                    graph.inputShape(), archive.kerasVersion(), archive.dateSaved());
        } catch (KerasImportException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new KerasImportException("cannot import " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Rescaling and Normalization layers at the input as one per-channel affine map of raw pixels x in [0, 255]
     * (y = a_c x + b_c), written as the project's {@link Normalization}; null when the file has none.
     */
    static Normalization preprocessing(String source, KerasArchiveGraph g, Map<String, Map<String, INDArray>> weights)
            throws KerasImportException {
        if (g.preprocessing().isEmpty()) {
            return null;
        }
        double[] a = {1};
        double[] b = {0};
        for (KerasArchiveGraph.Preprocessing p : g.preprocessing()) {
            JsonNode c = p.config();
            if ("Rescaling".equals(p.className())) {
                double[] s = values(c.path("scale"), 1);
                double[] o = values(c.path("offset"), 0);
                int n = Math.max(Math.max(a.length, s.length), o.length);
                double[] a2 = new double[n];
                double[] b2 = new double[n];
                for (int i = 0; i < n; i++) {
                    a2[i] = at(s, i) * at(a, i);
                    b2[i] = at(s, i) * at(b, i) + at(o, i);
                }
                a = a2;
                b = b2;
            } else {
                if (c.path("invert").asBoolean(false)) {
                    throw new KerasImportException(source + ": Normalization '" + p.name() + "' has invert=True (it undoes a"
                            + " normalisation); only forward normalisation at the input becomes preprocessing", null);
                }
                JsonNode axis = c.path("axis");
                boolean channels = axis.isMissingNode() || axis.isNull() || axis.isNumber() && axis.asInt() == -1
                        || axis.isArray() && axis.size() == 1 && axis.get(0).asInt() == -1;
                if (!channels) {
                    throw new KerasImportException(source + ": Normalization '" + p.name() + "' normalises along axis "
                            + axis + "; only the channel axis (-1) becomes per-channel preprocessing", null);
                }
                double[] mean;
                double[] var;
                if (c.path("mean").isNull() || c.path("mean").isMissingNode()) {
                    Map<String, INDArray> w = weights.get(p.name());
                    mean = w.get("mean").ravel().toDoubleVector();
                    var = w.get("variance").ravel().toDoubleVector();
                } else {
                    mean = values(c.path("mean"), 0);
                    var = values(c.path("variance"), 1);
                }
                int n = Math.max(Math.max(a.length, mean.length), var.length);
                double[] a2 = new double[n];
                double[] b2 = new double[n];
                for (int i = 0; i < n; i++) {
                    double d = Math.max(Math.sqrt(at(var, i)), 1e-7); // Keras: (x - mean) / max(sqrt(var), epsilon)
                    a2[i] = at(a, i) / d;
                    b2[i] = (at(b, i) - at(mean, i)) / d;
                }
                a = a2;
                b = b2;
            }
        }
        return affine(source, a, b);
    }

    /** y = a_c x + b_c on raw pixels in [0, 255] as a {@link Normalization}: SCALE when the same for every channel. */
    static Normalization affine(String source, double[] a, double[] b) throws KerasImportException {
        for (double v : a) {
            if (!(v > 0)) {
                throw new KerasImportException(source + ": the input preprocessing scales pixels by " + Arrays.toString(a)
                        + "; only a positive scale per channel can be an image preprocessing record", null);
            }
        }
        boolean same = Arrays.stream(a).allMatch(v -> v == a[0]) && Arrays.stream(b).allMatch(v -> v == b[0]);
        if (same) {
            return Normalization.scaleTo(b[0], 255 * a[0] + b[0]);
        }
        int n = Math.max(a.length, b.length);
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (int i = 0; i < n; i++) { // (x / 255 - m) / s = a x + b  <=>  s = 1 / (255 a), m = -b s
            double s = 1 / (255 * at(a, i));
            std.add(s);
            mean.add(-at(b, i) * s);
        }
        return new Normalization(Normalization.Kind.MEAN_STD, 255, mean, std, null);
    }

    private static double at(double[] v, int i) {
        return v.length == 1 ? v[0] : v[i];
    }

    private static double[] values(JsonNode n, double absent) {
        if (n.isMissingNode() || n.isNull()) {
            return new double[] {absent};
        }
        if (n.isArray()) {
            List<Double> out = new ArrayList<>();
            flatten(n, out);
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new double[] {n.asDouble()};
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, out));
        } else {
            out.add(n.asDouble());
        }
    }
}
