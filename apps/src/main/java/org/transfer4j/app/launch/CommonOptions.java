package org.transfer4j.app.launch;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The flags the commands share, declared once: picocli reads the options a command's options class inherits, and
 * the options stay one flat object (reports and manifests write them as JSON).
 */
public abstract class CommonOptions {
    @Option(names = "--fashion-dir", description = "Directory with the Fashion-MNIST IDX files (default: the lookup order in"
            + " the README: Debian's dataset-fashion-mnist, then the cache).")
    public Path fashionDir;

    @Option(names = "--no-progress", negatable = true, description = "Hide the progress bar (default: shown; one line per"
            + " epoch when standard output is not a terminal).")
    public boolean progress = true;
}
