package org.transfer4j.zoo.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import org.transfer4j.common.Json;

/**
 * A Keras 3 (or tf.keras 2.13+) {@code .keras} file opened: a zip holding {@code metadata.json} (the Keras version
 * and save date), {@code config.json} (the model, every object as {module, class_name, config, registered_name}) and
 * {@code model.weights.h5}. HDF5 reads files, not streams, so the weights are copied to a temporary file that
 * {@link #close} deletes.
 *
 * @param kerasVersion {@code metadata.json}'s {@code keras_version}, "unknown" when the file has no metadata
 * @param config       {@code config.json}: the model object
 * @param weights      the extracted {@code model.weights.h5}
 */
public record KerasArchive(Path file, String kerasVersion, String dateSaved, JsonNode config, Path weights)
        implements AutoCloseable {

    /** Whether {@code file} is a zip (a {@code .keras} archive) rather than an HDF5 {@code .h5} file. */
    public static boolean isArchive(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * Whether {@code file} is for {@link KerasArchiveImport} rather than the HDF5 importer: a zip holding
     * {@code model.weights.h5} or {@code config.json}, or a file named {@code .keras} that is not HDF5 (a legacy
     * {@code .h5} renamed {@code .keras} goes to the HDF5 importer; anything else gets the archive's own errors, a
     * Git LFS pointer's among them).
     */
    public static boolean isKerasArchive(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return file.getFileName().toString().endsWith(".keras");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        boolean hdf5 = head.length == 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F';
        if (hdf5) {
            return false;
        }
        boolean named = file.getFileName().toString().endsWith(".keras");
        if (!isArchive(file)) {
            return named;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return named || zip.getEntry("model.weights.h5") != null || zip.getEntry("config.json") != null;
        } catch (ZipException e) {
            return named;
        }
    }

    /** Opens {@code file}; every problem is reported against the file, before any weight is read. */
    public static KerasArchive open(Path file) throws KerasImportException {
        if (!Files.isRegularFile(file)) {
            throw new KerasImportException("Keras file not found: " + file.toAbsolutePath(), null);
        }
        try {
            if (!isArchive(file)) {
                String head;
                try (InputStream in = Files.newInputStream(file)) {
                    head = new String(in.readNBytes(200), StandardCharsets.US_ASCII);
                }
                if (head.startsWith("version ") && head.contains("oid sha256:")) {
                    throw new KerasImportException(file + " is a Git LFS pointer (" + Files.size(file) + " bytes), not the"
                            + " model: fetch the real file (git lfs pull) and import that", null);
                }
                throw new KerasImportException(file + " is not a .keras archive (a zip with config.json and"
                        + " model.weights.h5); Keras 2 HDF5 files (.h5) are read by KerasImport", null);
            }
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException e) {
            throw new KerasImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode config = json(zip, file, "config.json", true);
            JsonNode metadata = json(zip, file, "metadata.json", false);
            ZipEntry w = zip.getEntry("model.weights.h5");
            if (w == null) {
                throw new KerasImportException(file + " has no model.weights.h5: it holds an architecture without weights;"
                        + " save the trained model with model.save('model.keras')", null);
            }
            if (!config.has("class_name") || !config.has("config")) {
                throw new KerasImportException(file + ": config.json has no class_name and config: not a saved Keras"
                        + " model", null);
            }
            Path tmp = Files.createTempFile("transfer4j-keras-", ".weights.h5");
            try (InputStream in = zip.getInputStream(w)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return new KerasArchive(file, metadata == null ? "unknown" : metadata.path("keras_version").asText("unknown"),
                    metadata == null ? null : metadata.path("date_saved").asText(null), config, tmp);
        } catch (ZipException e) {
            throw new KerasImportException(file + " is a damaged zip (" + e.getMessage() + "): save or copy it again", e);
        } catch (KerasImportException e) {
            throw e;
        } catch (IOException e) {
            throw new KerasImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(ZipFile zip, Path file, String entry, boolean required) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            if (required) {
                throw new KerasImportException(file + " has no " + entry + ": it is a zip, but not a .keras model archive",
                        null);
            }
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return Json.MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException bad) {
            throw new KerasImportException(file + ": " + entry + " is not valid JSON (" + bad.getOriginalMessage() + ")", bad);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(weights);
    }
}
