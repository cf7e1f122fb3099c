package org.transfer4j.app.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Candidates' directories (checkpoints, reports, model) on a filesystem every executor reaches, through
 * Hadoop's FileSystem API: {@code file://} on one machine, {@code hdfs://} or {@code s3a://} on a cluster. A task
 * pulls its candidate's directory into a local one, trains there, and pushes it back; a push never leaves
 * the candidate without a whole directory: it writes {@code NNN.next}, then renames {@code NNN} away to
 * {@code NNN.prev}, {@code NNN.next} to {@code NNN}, and deletes {@code NNN.prev}. A pull after a kill between
 * the renames takes {@code NNN.prev}, the state before the interrupted push.
 */
final class CandidateStore implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String root;

    /** {@code root}: the directory that holds {@code candidates/}, as a URI ({@code file:///...}, {@code hdfs://...}). */
    CandidateStore(String root) {
        URI u = URI.create(root);
        if (u.getScheme() == null) {
            throw new IllegalArgumentException("the shared directory must be a URI with a scheme (file:///..., hdfs://...),"
                    + " got '" + root + "'");
        }
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    String root() {
        return root;
    }

    /** Whether the store is {@code dir} on this machine's filesystem (then candidates need no copying there). */
    boolean isAt(Path dir) {
        URI u = URI.create(root);
        return "file".equals(u.getScheme())
                && Path.of(new org.apache.hadoop.fs.Path(root).toUri().getPath()).equals(dir.toAbsolutePath().normalize());
    }

    private org.apache.hadoop.fs.Path candidate(int index, String suffix) {
        return new org.apache.hadoop.fs.Path(root + "/candidates/" + String.format("%03d", index) + suffix);
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(root), new Configuration());
    }

    /** Copies candidate {@code index}'s stored directory into {@code local} (made if missing); no-op if none is stored. */
    void pull(int index, Path local) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path from = fs.exists(candidate(index, "")) ? candidate(index, "") : candidate(index, ".prev");
        Files.createDirectories(local);
        if (!fs.exists(from)) {
            return;
        }
        for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(from)) {
            fs.copyToLocalFile(false, s.getPath(), new org.apache.hadoop.fs.Path(local.toUri()), true);
        }
    }

    /** Replaces candidate {@code index}'s stored directory with {@code local}'s contents. */
    void push(int index, Path local) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path next = candidate(index, ".next");
        org.apache.hadoop.fs.Path prev = candidate(index, ".prev");
        org.apache.hadoop.fs.Path now = candidate(index, "");
        fs.delete(next, true);
        fs.mkdirs(next);
        try (var files = Files.list(local)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()), next);
            }
        }
        if (fs.exists(now)) {
            fs.delete(prev, true);
            rename(fs, now, prev);
        }
        rename(fs, next, now);
        fs.delete(prev, true);
    }

    private static void rename(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
