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
public record KerasFileInfo(String modelClass, boolean hasTrainingConfig, String kerasVersion, List<Layer> layers) {

    /** A layer as the file names it; {@code rate} is a Dropout layer's drop probability, else null. */
    public record Layer(String name, String className, Double rate) {
    }

    public boolean isSequential() {
        return "Sequential".equals(modelClass);
    }

    static KerasFileInfo read(Path file) throws KerasImportException {
        try (Hdf5Archive h5 = new Hdf5Archive(file.toString())) {
            if (!h5.hasAttribute("model_config")) {
                throw new KerasImportException(file + " has no 'model_config' attribute: it is not a whole Keras model "
                        + "(a weights-only file from save_weights?). Save the model with model.save('file.h5').", null);
            }
            JsonNode config = Json.MAPPER.readTree(h5.readAttributeAsJson("model_config"));
            String version = h5.hasAttribute("keras_version") ? h5.readAttributeAsString("keras_version") : "unknown";
            List<Layer> layers = new ArrayList<>();
            JsonNode layerList = config.path("config").isArray() ? config.path("config") : config.path("config").path("layers");
            for (JsonNode l : layerList) {
                JsonNode c = l.path("config");
                layers.add(new Layer(c.path("name").asText(l.path("name").asText()), l.path("class_name").asText(),
                        c.has("rate") ? c.get("rate").asDouble() : null));
            }
            return new KerasFileInfo(config.path("class_name").asText(), h5.hasAttribute("training_config"), version, layers);
        } catch (KerasImportException e) {
            throw e;
        } catch (Exception e) {
            throw new KerasImportException("cannot read " + file + " as a Keras HDF5 file: " + e.getMessage(), e);
        }
    }
}
