package org.transfer4j.app.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The study's task folder, built by {@code scripts/debian-text-task.sh} when it is missing. */
final class DebianTask {
    static final Path SCRIPT = Path.of("scripts", "debian-text-task.sh");

    private DebianTask() {
    }

    static Path ensure(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalArgumentException("no task folder " + dir.toAbsolutePath() + ", and no " + SCRIPT + " here to"
                    + " build it: run from the project's root, or give --data DIR (class sub-folders of .txt files)");
        }
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), dir.toString()).inheritIO().start();
        if (p.waitFor() != 0 || !Files.isDirectory(dir)) {
            throw new IOException(SCRIPT + " could not build " + dir + " (exit " + p.exitValue() + "); see its output above");
        }
        return dir;
    }
}
