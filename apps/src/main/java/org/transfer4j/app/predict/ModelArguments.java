package org.transfer4j.app.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.transfer4j.api.Predictor;
import org.transfer4j.data.image.ImageFolder;

/** The predict and evaluate commands' arguments, checked (cheaply, with what to do) before a model loads. */
final class ModelArguments {
    private ModelArguments() {
    }

    /** The image files the inputs name: files as given, folders walked. */
    static List<Path> images(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> found = ImageFolder.imageFiles(in);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("folder " + in + " holds no image file (extensions read: "
                            + new java.util.TreeSet<>(ImageFolder.DEFAULT_EXTENSIONS) + ")");
                }
                files.addAll(found);
            } else if (Files.exists(in)) {
                files.add(in);
            } else {
                throw new IllegalArgumentException(in + " does not exist; pass image files or folders of images");
            }
        }
        return files;
    }

    static void labelledFolder(Path data) {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a folder; pass a labelled folder, DIR/<class>/<image>");
        }
    }

    /** The saved model: a missing or foreign path is an argument error naming it. */
    static Predictor load(Path model) throws IOException {
        try {
            return Predictor.load(model);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--model " + e.getFile() + ": " + e.getReason(), e);
        }
    }
}
