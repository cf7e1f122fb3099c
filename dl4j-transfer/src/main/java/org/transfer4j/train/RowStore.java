package org.transfer4j.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.Sha256;

/**
 * The activations of one frozen part, stored per input row: chunk files of rows ({@code <id>.bin}) beside the
 * content hash of each row's input ({@code <id>.rows}, written last, so a chunk counts only once complete). A split
 * is found row by row, whatever sample it came in: the K = 10 sample inside the K = 100 one, the same test images
 * under another training sample, images featurized by an earlier call for several cuts at once.
 */
final class RowStore {
    private final Path dir;
    private final Map<String, Location> index = new HashMap<>();
    private final Map<String, INDArray> chunks = new HashMap<>();

    /** Where a row lives: a chunk and its row in it. */
    record Location(String chunk, int row) {
    }

    RowStore(Path dir) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".rows")).sorted().toList()) {
                String chunk = p.getFileName().toString().replace(".rows", "");
                if (!Files.isRegularFile(dir.resolve(chunk + ".bin"))) {
                    continue;
                }
                List<String> hashes = Files.readAllLines(p, StandardCharsets.UTF_8);
                for (int i = 0; i < hashes.size(); i++) {
                    index.putIfAbsent(hashes.get(i), new Location(chunk, i));
                }
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(RowStore.class).warn("featurize cache {} unreadable ({}); computing again", dir, e.getMessage());
            index.clear();
        }
    }

    /** Whether the row with this input hash is stored. */
    boolean has(String rowHash) {
        return index.containsKey(rowHash);
    }

    /**
     * The stored rows for {@code rowHashes}, in that order, as one array; null when one is missing or a chunk cannot be
     * read (its rows are then forgotten, so the caller computes them again). Only the rows asked for are copied out of
     * each chunk.
     */
    INDArray rows(List<String> rowHashes) {
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < rowHashes.size(); i++) {
            Location l = index.get(rowHashes.get(i));
            if (l == null) {
                return null;
            }
            positions.computeIfAbsent(l.chunk(), c -> new ArrayList<>()).add(i);
        }
        INDArray out = null;
        long[] shape = null;
        for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
            INDArray c = chunk(e.getKey());
            if (c == null) {
                return null;
            }
            INDArray flat = c.reshape(c.size(0), c.length() / c.size(0));
            int[] rowsInChunk = e.getValue().stream().mapToInt(i -> index.get(rowHashes.get(i)).row()).toArray();
            INDArray picked = flat.getRows(rowsInChunk);
            if (out == null) {
                shape = c.shape().clone();
                out = Nd4j.create(c.dataType(), rowHashes.size(), flat.size(1));
            }
            for (int j = 0; j < rowsInChunk.length; j++) {
                out.putRow(e.getValue().get(j), picked.getRow(j));
            }
        }
        shape[0] = rowHashes.size();
        return out.reshape(shape);
    }

    /** Stores {@code rows} (one per hash, in that order) as a new chunk. */
    void add(List<String> rowHashes, INDArray rows) throws IOException {
        if (rowHashes.isEmpty()) {
            return;
        }
        String chunk = Sha256.of(String.join("\n", rowHashes).getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        Files.createDirectories(dir);
        INDArray copy = rows.dup();
        AtomicFiles.writePath(dir.resolve(chunk + ".bin"), tmp -> Nd4j.saveBinary(copy, tmp.toFile()));
        AtomicFiles.writeString(dir.resolve(chunk + ".rows"), String.join("\n", rowHashes) + "\n");
        chunks.put(chunk, copy);
        for (int i = 0; i < rowHashes.size(); i++) {
            index.putIfAbsent(rowHashes.get(i), new Location(chunk, i));
        }
    }

    private INDArray chunk(String id) {
        INDArray c = chunks.get(id);
        if (c != null) {
            return c;
        }
        try {
            c = Nd4j.readBinary(dir.resolve(id + ".bin").toFile());
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(RowStore.class).warn("{} unreadable ({}); computing its rows again", dir.resolve(id + ".bin"),
                    e.getMessage());
            index.values().removeIf(l -> l.chunk().equals(id)); // forgotten: the caller computes them again
            return null;
        }
        chunks.put(id, c);
        return c;
    }

    /**
     * The content hash of each row of {@code features} (its shape and float values; SHA-256, 128 bits kept): the
     * key under which a row's activations are stored.
     */
    static List<String> hashes(INDArray features) {
        INDArray f = features.castTo(DataType.FLOAT).dup('c');
        long n = f.size(0);
        int per = (int) (f.length() / Math.max(1, n));
        float[] values = f.data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(per * 4).order(ByteOrder.LITTLE_ENDIAN);
        String shape = java.util.Arrays.toString(java.util.Arrays.copyOfRange(f.shape(), 1, f.rank()));
        List<String> out = new ArrayList<>((int) n);
        MessageDigest d = Sha256.newDigest();
        for (int r = 0; r < n; r++) {
            buf.clear();
            buf.asFloatBuffer().put(values, r * per, per);
            d.update(shape.getBytes(StandardCharsets.UTF_8));
            d.update(buf.array(), 0, per * 4);
            out.add(Sha256.hex(d.digest()).substring(0, 32));
        }
        return out;
    }
}
