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

    /** A folder screened for files that cannot be images: the usable samples and the others with the reason. */
    public record Screened(ImageFolder usable, List<SkippedFile> rejected) {
    }

    /**
     * Leaves out the files {@link ImageDecoder#quickCheck} rejects (empty, unreadable, not an image format, truncated
     * JPEG, too large), judged from a few bytes of each, so that they are neither split nor counted. A file that
     * passes can still fail to decode later; the pipeline then skips it with its reason.
     */
    public Screened screen() {
        List<Sample> ok = new ArrayList<>();
        List<SkippedFile> bad = new ArrayList<>();
        for (Sample s : samples) {
            String why = ImageDecoder.quickCheck(root.resolve(s.path()));
            if (why == null) {
                ok.add(s);
            } else {
                bad.add(new SkippedFile(s.path(), why));
            }
        }
        return new Screened(new ImageFolder(root, classes, List.copyOf(ok)), List.copyOf(bad));
    }

    /**
     * Refuses a folder no classifier can be trained on, naming it and what it holds: fewer than two class
     * sub-folders, or a class without a usable image.
     */
    public ImageFolder requireClassifiable() {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("image folder " + root + " has " + classes.size() + " class sub-folder "
                    + classes + "; a classifier needs at least 2: put each class's images in its own sub-folder, "
                    + root + "/<class>/<image>");
        }
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            final int label = c;
            if (samples.stream().noneMatch(s -> s.label() == label)) {
                empty.add(classes.get(c));
            }
        }
        if (!empty.isEmpty()) {
            throw new IllegalArgumentException("image folder " + root + ": class sub-folder(s) " + empty + " hold no usable"
                    + " image (extensions read: " + new java.util.TreeSet<>(DEFAULT_EXTENSIONS) + "); add images or remove them");
        }
        return this;
    }

    /**
     * Every image file under {@code dir} (any depth; hidden files and folders and other extensions left out), in sorted
     * order: what a user means by "the images in this folder".
     */
    public static List<Path> imageFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder of images");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> accepted(p, DEFAULT_EXTENSIONS))
                    .filter(p -> !hiddenBelow(dir, p)).sorted().toList();
        }
    }

    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
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
