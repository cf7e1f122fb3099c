package org.transfer4j.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes that either complete or leave the target untouched: data goes to a temporary file in the
 * target's own directory (same file system, so the rename is atomic), then replaces the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes to a stream and may fail with an I/O error. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Something that writes a complete file at a path and may fail with an I/O error. */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path tmp) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        writePath(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /** For libraries that insist on writing to a path themselves (ModelSerializer, BitmapEncoder). */
    public static void writePath(Path target, PathWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writer.write(tmp);
            makeReadable(tmp);
            force(tmp);
            moveAtomically(tmp, target);
            force(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Flushes a file's (or directory's) contents to the device, so that after a crash the renamed file
     * is complete rather than empty. Directories cannot be opened for sync on every platform: best effort.
     */
    static void force(Path path) throws IOException {
        boolean dir = Files.isDirectory(path);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path,
                dir ? java.nio.file.StandardOpenOption.READ : java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!dir) {
                throw e;
            }
        }
    }

    /**
     * Temporary files are created owner-only (0600); results are ordinary files that others may read,
     * so they get 0644 before they take the target's place.
     */
    static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Renames {@code source} over {@code target} atomically where the file system allows it. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only on file systems without atomic rename; the temp file is in the same directory, so
            // this is still a rename rather than a copy on every file system we know of.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
