package org.transfer4j.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Loads a zip written by DL4J's {@code ModelSerializer} as the network it holds. DL4J's {@code ModelGuesser} does the
 * same by trying every format in turn and logs a WARN for each failed guess, so loading a saved model printed a warning
 * every time; here the zip's {@code configuration.json} says which it is: a ComputationGraph configuration has
 * {@code vertices}, a MultiLayerNetwork's {@code confs}.
 */
public final class SavedModels {
    static final String CONFIGURATION = "configuration.json";

    private SavedModels() {
    }

    /** The network in {@code zip}; {@code withUpdater}: also its updater state (to resume training). */
    public static Model load(Path zip, boolean withUpdater) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new java.nio.file.NoSuchFileException(zip.toString(), null, "model zip not found");
        }
        boolean graph = isGraph(zip);
        try {
            return graph ? ModelSerializer.restoreComputationGraph(zip.toFile(), withUpdater)
                    : ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), withUpdater);
        } catch (RuntimeException e) {
            throw new IOException(zip + " holds a DL4J configuration that DL4J cannot restore: " + e.getMessage(), e);
        }
    }

    /** True for a ComputationGraph zip, false for a MultiLayerNetwork zip; an IOException naming the file otherwise. */
    public static boolean isGraph(Path zip) throws IOException {
        JsonNode conf;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(CONFIGURATION);
            if (e == null) {
                throw new IOException(zip + " is not a DL4J model zip (it has no " + CONFIGURATION + "); pass a zip written"
                        + " by transfer4j or DL4J's ModelSerializer");
            }
            try (InputStream in = z.getInputStream(e)) {
                conf = new ObjectMapper().readTree(in);
            }
        } catch (java.util.zip.ZipException notZip) {
            throw new IOException(zip + " is not a zip file (" + notZip.getMessage() + "); pass a model zip written by"
                    + " transfer4j or DL4J's ModelSerializer", notZip);
        }
        if (conf.has("vertices")) {
            return true;
        }
        if (conf.has("confs")) {
            return false;
        }
        throw new IOException(zip + ": " + CONFIGURATION + " is neither a ComputationGraph nor a MultiLayerNetwork"
                + " configuration (no \"vertices\" or \"confs\")");
    }
}
