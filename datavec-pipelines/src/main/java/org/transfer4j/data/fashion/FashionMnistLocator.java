package org.transfer4j.data.fashion;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Checksum;
import org.transfer4j.common.Downloader;

/**
 * Finds the Fashion-MNIST IDX files. Lookup order, first complete directory wins:
 * <ol>
 *   <li>an explicit directory (CLI {@code --fashion-dir} or API argument), used or refused: one that lacks a file is an
 *       error, not a step to skip;</li>
 *   <li>system property {@value #DIR_PROPERTY}, then environment variable {@value #DIR_ENV};</li>
 *   <li>the project cache, {@code <cache root>/datasets/fashion-mnist} (see {@link CacheRoot});</li>
 *   <li>Debian's package {@code dataset-fashion-mnist}, {@value #DEBIAN_DIR};</li>
 *   <li>a download from the dataset's official source into the project cache, each file verified by
 *       the SHA-256 of its decompressed content (skipped when offline);</li>
 *   <li>otherwise an error listing every place tried and how to get the data.</li>
 * </ol>
 * A directory is complete when it has all four files, each either plain or gzip-compressed.
 */
public final class FashionMnistLocator {
    public static final String DIR_PROPERTY = "transfer4j.fashionmnist.dir";
    public static final String DIR_ENV = "TRANSFER4J_FASHION_MNIST_DIR";
    public static final String BASE_URL_PROPERTY = "transfer4j.fashionmnist.url";
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    public static final URI OFFICIAL_BASE = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** SHA-256 of each file's decompressed IDX bytes (identical for upstream's and Debian's archives). */
    public static final Map<String, String> CONTENT_SHA256 = orderedMap(
            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private final Path explicitDir;
    private final Path cacheDir;
    private final Path debianDir;
    private final URI baseUri;
    private final boolean allowDownload;

    public FashionMnistLocator(Path explicitDir, Path cacheDir, Path debianDir, URI baseUri, boolean allowDownload) {
        this.explicitDir = explicitDir;
        this.cacheDir = cacheDir;
        this.debianDir = debianDir;
        this.baseUri = baseUri;
        this.allowDownload = allowDownload;
    }

    /** The documented lookup order with the configured cache root, Debian path and official URL. */
    public static FashionMnistLocator defaults(Path explicitDirOrNull) {
        String base = System.getProperty(BASE_URL_PROPERTY);
        return new FashionMnistLocator(explicitDirOrNull, CacheRoot.resolve("datasets", "fashion-mnist"),
                Paths.get(DEBIAN_DIR), base == null ? OFFICIAL_BASE : URI.create(base), !CacheRoot.offline());
    }

    /** Returns the first complete directory in the lookup order, downloading into the cache if needed. */
    public Path locate() throws IOException {
        if (explicitDir != null) {
            return explicit();
        }
        List<String> tried = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String prop = System.getProperty(DIR_PROPERTY);
        add(candidates, labels, prop == null || prop.isBlank() ? null : Paths.get(prop), "system property " + DIR_PROPERTY);
        String env = System.getenv(DIR_ENV);
        add(candidates, labels, env == null || env.isBlank() ? null : Paths.get(env), "environment variable " + DIR_ENV);
        add(candidates, labels, cacheDir, "project cache");
        add(candidates, labels, debianDir, "Debian package dataset-fashion-mnist");
        for (int i = 0; i < candidates.size(); i++) {
            Path dir = candidates.get(i);
            String missing = missingFiles(dir);
            if (missing.isEmpty()) {
                return dir;
            }
            tried.add(labels.get(i) + " " + dir.toAbsolutePath() + ": missing " + missing);
        }
        if (allowDownload) {
            try {
                download();
                return cacheDir;
            } catch (IOException e) {
                tried.add("download from " + baseUri + " into " + cacheDir.toAbsolutePath() + ": " + e.getMessage());
            }
        } else {
            tried.add("download from " + baseUri + ": skipped, offline mode is on");
        }
        throw new FileNotFoundException("Fashion-MNIST not found. Tried, in order:\n  - " + String.join("\n  - ", tried)
                + "\nTo get it: 'apt-get install dataset-fashion-mnist' (Debian), or put the four files "
                + String.join(", ", CONTENT_SHA256.keySet()) + " (.gz or plain) in one directory and pass it with"
                + " --fashion-dir, -D" + DIR_PROPERTY + "=DIR or " + DIR_ENV + "=DIR.");
    }

    /**
     * The directory the caller named, or an error: a named directory is used or refused, never skipped for another
     * copy (a mistyped --fashion-dir would otherwise train on whatever the lookup order finds next).
     */
    private Path explicit() throws FileNotFoundException {
        String missing = missingFiles(explicitDir);
        if (missing.isEmpty()) {
            return explicitDir;
        }
        Path abs = explicitDir.toAbsolutePath();
        throw new FileNotFoundException("Fashion-MNIST directory " + abs
                + (Files.isDirectory(explicitDir) ? " lacks " + missing : " does not exist")
                + ". Put the four files " + String.join(", ", CONTENT_SHA256.keySet())
                + " (.gz or plain) there, or leave --fashion-dir out to use the lookup order (system property "
                + DIR_PROPERTY + ", " + DIR_ENV + ", the project cache, Debian's dataset-fashion-mnist, a download).");
    }

    private void download() throws IOException {
        Downloader downloader = new Downloader(true);
        for (Map.Entry<String, String> e : CONTENT_SHA256.entrySet()) {
            Path target = cacheDir.resolve(e.getKey() + ".gz");
            if (!Files.isRegularFile(target)) {
                downloader.download(baseUri.resolve(e.getKey() + ".gz"), target, Checksum.ofGunzipped(e.getValue()));
            }
        }
    }

    /** The file for {@code name} in {@code dir}: {@code name.gz} if present, else {@code name}. */
    public static Path fileIn(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : dir.resolve(name);
    }

    private static String missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : CONTENT_SHA256.keySet()) {
            if (!Files.isRegularFile(fileIn(dir, name))) {
                missing.add(name);
            }
        }
        return String.join(", ", missing);
    }

    private static void add(List<Path> dirs, List<String> labels, Path dir, String label) {
        if (dir != null) {
            dirs.add(dir);
            labels.add(label);
        }
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
