package org.transfer4j.data.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Json;

/**
 * The preprocessing and class names a model was trained with, stored inside the model's zip (entry
 * {@value #ENTRY}) so that inference reproduces them; DL4J's ModelSerializer ignores the extra entry.
 * Written to a copy of the zip that replaces the original atomically.
 */
public record PreprocessingRecord(ImagePreprocessing preprocessing, List<String> classes) {
    /** Flat on purpose: DL4J's ModelSerializer refuses zips that contain directory entries. */
    public static final String ENTRY = "transfer4j-preprocessing.json";

    public void attachTo(Path modelZip) throws IOException {
        AtomicFiles.writePath(modelZip, tmp -> {
            Files.copy(modelZip, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()), Map.of())) {
                Files.writeString(zip.getPath(ENTRY), Json.write(this));
            }
        });
    }

    /**
     * The record stored in {@code modelZip}; an error naming the file if it has none. Read with {@link ZipFile}, not a
     * zip file system: those are registered JVM-wide by URI, so two threads loading the same model (the LeNet
     * study's parallel runs) failed with FileSystemAlreadyExistsException.
     */
    public static PreprocessingRecord readFrom(Path modelZip) throws IOException {
        try (ZipFile zip = new ZipFile(modelZip.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                throw new IOException(modelZip + " has no " + ENTRY + ": it was not saved by transfer4j with its "
                        + "preprocessing; pass the preprocessing explicitly");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Json.MAPPER.readValue(in, PreprocessingRecord.class);
            }
        }
    }
}
