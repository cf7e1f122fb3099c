package org.transfer4j.zoo.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.transfer4j.common.Json;

/**
 * What a Keras HDF5 file declares: its model class ("Sequential", "Model" or TF2's "Functional"),
 * whether it has a training configuration, and its layers (name and class), read from the root
 * attributes before DL4J parses anything.
 */
public record KerasFileInfo(String modelClass, boolean hasTrainingConfig, String kerasVersion, List<Layer> layers,
                            List<Integer> inputShape) {

    /**
     * A layer as the file names it; {@code rate} is a Dropout layer's drop probability, else null;
     * {@code trainable} is false for layers the file marks {@code "trainable": false} (DL4J's import drops
     * the flag: every imported layer trains unless a plan freezes it); {@code scale} is false for a
     * BatchNormalization saved with {@code scale=False} (no gamma: DL4J stores a gamma of ones in its place).
     */
    public record Layer(String name, String className, Double rate, boolean trainable, boolean scale) {
    }

    /** The layers the file marks as not trainable, in file order. */
    public List<String> frozenInFile() {
        return layers.stream().filter(l -> !l.trainable() && !"InputLayer".equals(l.className())).map(Layer::name).toList();
    }

    /** The file's information without reading weights: model class, layers, frozen flags, input shape. */
    public static KerasFileInfo of(Path file) throws KerasImportException {
        return read(file);
    }

    public boolean isSequential() {
        return "Sequential".equals(modelClass);
    }

    /** What a Keras model JSON ({@code {class_name, config}}) declares. */
    public static KerasFileInfo of(JsonNode config, boolean hasTrainingConfig, String kerasVersion) {
        List<Layer> layers = new ArrayList<>();
        List<Integer> input = null;
        JsonNode layerList = config.path("config").isArray() ? config.path("config") : config.path("config").path("layers");
        for (JsonNode l : layerList) {
            JsonNode c = l.path("config");
            layers.add(new Layer(c.path("name").asText(l.path("name").asText()), l.path("class_name").asText(),
                    c.has("rate") ? c.get("rate").asDouble() : null, c.path("trainable").asBoolean(true),
                    c.path("scale").asBoolean(true)));
            if (input == null && c.has("batch_input_shape")) {
                input = chw(c.get("batch_input_shape"), c.path("data_format").asText("channels_last"));
            }
        }
        return new KerasFileInfo(config.path("class_name").asText(), hasTrainingConfig, kerasVersion, layers, input);
    }

    /** {@code [null, h, w, c]} (or channels-first {@code [null, c, h, w]}) as [channels, height, width]; null otherwise. */
    static List<Integer> chw(JsonNode batchShape, String dataFormat) {
        if (batchShape.size() != 4) {
            return null;
        }
        int a = batchShape.get(1).asInt();
        int b = batchShape.get(2).asInt();
        int c = batchShape.get(3).asInt();
        return "channels_first".equals(dataFormat) ? List.of(a, b, c) : List.of(c, a, b);
    }

    static KerasFileInfo read(Path file) throws KerasImportException {
        try (Hdf5Archive h5 = new Hdf5Archive(file.toString())) {
            if (!h5.hasAttribute("model_config")) {
                throw new KerasImportException(file + " has no 'model_config' attribute: it is not a whole Keras model "
                        + "(a weights-only file from save_weights?). Save the model with model.save('file.h5').", null);
            }
            JsonNode config = Json.MAPPER.readTree(h5.readAttributeAsJson("model_config"));
            String version = h5.hasAttribute("keras_version") ? h5.readAttributeAsString("keras_version") : "unknown";
            return of(config, h5.hasAttribute("training_config"), version);
        } catch (KerasImportException e) {
            throw e;
        } catch (Exception e) {
            throw new KerasImportException("cannot read " + file + " as a Keras HDF5 file: " + e.getMessage(), e);
        }
    }
}
