package org.transfer4j.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.InputSplit;

/**
 * A folder of images, one sub-folder per class: {@code root/<class>/<image>}. Classes are the
 * sub-folder names in sorted order (label = index), files are sorted, hidden files and other
 * extensions are ignored, so a scan is deterministic.
 */
public record ImageFolder(Path root, List<String> classes, List<Sample> samples) {
    /** The extensions DataVec's native loader reads. */
    public static final Set<String> DEFAULT_EXTENSIONS = SeededImageRecordReader.IMAGE_EXTENSIONS;

    /** One image: its path relative to the root and its label. */
    public record Sample(String path, int label) {
    }

    public static ImageFolder scan(Path root) throws IOException {
        return scan(root, DEFAULT_EXTENSIONS, 0);
    }

    /** @param limitPerClass keep at most this many images per class (the first in sorted order); 0 = all */
    public static ImageFolder scan(Path root, Set<String> extensions, int limitPerClass) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "image folder not found; expected root/<class>/<image>");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new IOException(root + " has no class sub-folders; expected root/<class>/<image>");
        }
        List<String> classes = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).filter(p -> accepted(p, extensions)).sorted().toList();
            }
            if (limitPerClass > 0 && files.size() > limitPerClass) {
                files = files.subList(0, limitPerClass);
            }
            for (Path f : files) {
                samples.add(new Sample(root.relativize(f).toString(), label));
            }
        }
        return new ImageFolder(root, List.copyOf(classes), List.copyOf(samples));
    }

    /** The files of {@code part} (samples of this folder) as a DataVec split, in their order. */
    public InputSplit inputSplit(List<Sample> part) {
        return inputSplit(root, part);
    }

    /** Samples under {@code root} (a split part) as a DataVec split, in their order. */
    public static InputSplit inputSplit(Path root, List<Sample> part) {
        return new CollectionInputSplit(part.stream().map(s -> root.resolve(s.path()).toUri()).toList());
    }

    private static boolean accepted(Path p, Set<String> extensions) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
