package org.transfer4j.zoo.keras;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.KerasSequentialModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.common.Json;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

/**
 * The one entry point for Keras files: {@code KerasImport.load(path, options)}. Tells Sequential from
 * functional models by itself (DL4J's functional call rejects Sequential files and vice versa),
 * accepts TF2-era "Functional" files, optionally makes the last layer trainable, and turns DL4J's
 * exceptions into one checked exception that names the file and the offending layer (cause kept).
 */
public final class KerasImport {
    private KerasImport() {
    }

    public static Model load(Path file, KerasOptions options) throws KerasImportException {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        KerasGru.register(); // DL4J's importer has no GRU
        if (!Files.isRegularFile(file)) {
            throw new KerasImportException("Keras file not found: " + file.toAbsolutePath(), null);
        }
        KerasFileInfo info = KerasFileInfo.read(file);
        Model net;
        // DL4J's KerasModelImport leaves the file's HDF5 handles to the garbage collector; closed at JVM exit
        // by a finalizer racing HDF5's own shutdown, they crashed the JVM now and then (SIGSEGV in
        // H5F_get_nrefs after "Unable to close file"). The builder owns the handles: close it here.
        try (KerasModelBuilder b = new KerasModel().modelBuilder().modelHdf5Filename(file.toString())
                .enforceTrainingConfig(options.enforceTrainingConfig())) {
            net = switch (info.modelClass()) {
                case "Sequential" -> b.buildSequential().getMultiLayerNetwork();
                case "Model", "Functional" -> b.buildModel().getComputationGraph();
                default -> throw new KerasImportException(file + ": model class '" + info.modelClass()
                        + "' is neither Sequential nor a functional Model; subclassed Keras models cannot be saved to"
                        + " HDF5 with their architecture. Rebuild it as a functional model and save again.", null);
            };
        } catch (UnsupportedKerasConfigurationException | InvalidKerasConfigurationException e) {
            throw new KerasImportException(explain(file, info, e), e);
        } catch (KerasImportException e) {
            throw e;
        } catch (Exception e) {
            throw new KerasImportException("DL4J failed to import " + file + " (" + info.modelClass() + ", Keras "
                    + info.kerasVersion() + "): " + e, e);
        }
        DropoutFix.apply(net, info);
        ReluFix.apply(net);
        if (options.trainableOutput()) { // also when DL4J ignored the file's training configuration (TF.js topologies)
            net = TrainableOutput.attach(net);
        }
        return net;
    }

    /**
     * A Keras model given as its JSON topology (Keras' {@code model.to_json()} parts: {@code model_config},
     * {@code keras_version}, {@code backend}, optionally {@code training_config}) and its weights, by layer
     * and Keras weight name (for example {@code "kernel"}, {@code "moving_mean"}), as TF.js stores models.
     * The same repairs as for HDF5 files apply, plus one for minified JSON: a {@code ReLU}'s
     * {@code max_value} written as an integer ({@code 6}) makes DL4J M2.1 fail with a
     * {@code ClassCastException} (it casts to Double), so it is rewritten as a float.
     *
     * @param source names the model in messages (a file or package path)
     */
    public static Model fromTopology(String source, JsonNode modelTopology, Map<String, Map<String, INDArray>> weights,
                                     KerasOptions options) throws KerasImportException {
        CpuHelpers.ensureConfigured();
        KerasGru.register(); // DL4J's importer has no GRU
        JsonNode config = modelTopology.get("model_config");
        if (config == null || !config.has("class_name")) {
            throw new KerasImportException(source + ": the topology has no model_config with a class_name", null);
        }
        ObjectNode keras = Json.MAPPER.createObjectNode();
        keras.set("class_name", config.get("class_name"));
        keras.set("config", repairReluMaxValue(config.get("config").deepCopy()));
        keras.put("keras_version", modelTopology.path("keras_version").asText("2.2.4"));
        keras.put("backend", modelTopology.path("backend").asText("tensorflow"));
        JsonNode training = modelTopology.get("training_config");
        // A converted file (a Keras 3 .keras) says which Keras saved it, for messages; DL4J reads the Keras 2 form.
        KerasFileInfo info = KerasFileInfo.of(keras, training != null && !training.isNull(),
                modelTopology.path("saved_by_keras").asText(keras.get("keras_version").asText()));
        Model net;
        try {
            KerasModelBuilder b = new KerasModel().modelBuilder().modelJson(Json.MAPPER.writeValueAsString(keras))
                    .enforceTrainingConfig(options.enforceTrainingConfig());
            if (info.hasTrainingConfig()) {
                b = b.trainingJson(Json.MAPPER.writeValueAsString(training));
            }
            KerasModel km = switch (info.modelClass()) {
                case "Sequential" -> b.buildSequential();
                case "Model", "Functional" -> b.buildModel();
                default -> throw new KerasImportException(source + ": model class '" + info.modelClass()
                        + "' is neither Sequential nor a functional Model", null);
            };
            for (var e : weights.entrySet()) {
                KerasLayer layer = km.getLayers().get(e.getKey());
                if (layer == null) {
                    throw new KerasImportException(source + ": weights for layer '" + e.getKey() + "', which the topology"
                            + " does not have", null);
                }
                layer.setWeights(e.getValue());
            }
            net = km instanceof KerasSequentialModel seq ? seq.getMultiLayerNetwork(true) : km.getComputationGraph(true);
        } catch (UnsupportedKerasConfigurationException | InvalidKerasConfigurationException e) {
            throw new KerasImportException(explain(Path.of(source), info, e), e);
        } catch (KerasImportException e) {
            throw e;
        } catch (Exception e) {
            throw new KerasImportException("DL4J failed to import " + source + " (" + info.modelClass() + ", Keras "
                    + info.kerasVersion() + "): " + e, e);
        }
        DropoutFix.apply(net, info);
        ReluFix.apply(net);
        if (options.trainableOutput()) { // also when DL4J ignored the file's training configuration (TF.js topologies)
            net = TrainableOutput.attach(net);
        }
        return net;
    }

    /** {@code "max_value": 6} becomes {@code 6.0} in every ReLU layer's config. */
    static JsonNode repairReluMaxValue(JsonNode config) {
        JsonNode layers = config.isArray() ? config : config.path("layers");
        for (JsonNode l : layers) {
            if ("ReLU".equals(l.path("class_name").asText()) && l.path("config").path("max_value").isIntegralNumber()) {
                ((ObjectNode) l.get("config")).put("max_value", l.get("config").get("max_value").asDouble());
            }
        }
        return config;
    }

    /** DL4J names the unsupported Keras class; add which layers of this file have it and what to do. */
    static String explain(Path file, KerasFileInfo info, Exception e) {
        String message = String.valueOf(e.getMessage());
        String culprits = info.layers().stream()
                .filter(l -> !l.className().isEmpty() && message.contains(l.className()))
                .map(l -> "'" + l.name() + "' (" + l.className() + ")")
                .collect(Collectors.joining(", "));
        return file + ": DL4J cannot import this " + info.modelClass() + " model"
                + (culprits.isEmpty() ? "" : "; offending layer(s): " + culprits) + ". DL4J says: " + message
                + ". Replace or remove the layer in Keras (or register a custom layer with"
                + " KerasLayer.registerCustomLayer) and save again.";
    }
}
