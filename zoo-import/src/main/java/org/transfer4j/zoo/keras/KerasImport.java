package org.transfer4j.zoo.keras;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
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
        if (!Files.isRegularFile(file)) {
            throw new KerasImportException("Keras file not found: " + file.toAbsolutePath(), null);
        }
        KerasFileInfo info = KerasFileInfo.read(file);
        Model net;
        try {
            net = switch (info.modelClass()) {
                case "Sequential" -> KerasModelImport.importKerasSequentialModelAndWeights(file.toString(),
                        options.enforceTrainingConfig());
                case "Model", "Functional" -> KerasModelImport.importKerasModelAndWeights(file.toString(),
                        options.enforceTrainingConfig());
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
        if (options.trainableOutput() && !info.hasTrainingConfig()) {
            net = TrainableOutput.attach(net);
        }
        return net;
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
