package org.transfer4j.app.pretrained;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transfer4j.common.AtomicFiles;
import org.transfer4j.common.CacheRoot;
import org.transfer4j.common.Json;
import org.transfer4j.common.Progress;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.train.GreyImageInput;
import org.transfer4j.runtime.ParallelRuns;
import org.transfer4j.train.FeaturizeCache;
import org.transfer4j.transfer.GraphCut;

/**
 * The frozen backbone's activations at several cut points for a set of images, computed in one pass per
 * batch (only what the cuts need) and cached on disk under the featurize cache's root, keyed by the
 * weights, the cuts, the input size, the preprocessing and the images. A cut is stored either globally
 * average-pooled (a feature vector, for feature extraction) or whole (for training the blocks above it).
 */
final class BackboneFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(BackboneFeatures.class);

    /** A cut point and whether its activations are stored pooled. */
    record Cut(String vertex, boolean pooled) {
        String file() {
            return vertex.replaceAll("[^A-Za-z0-9_.-]", "_") + (pooled ? ".pooled" : ".map") + ".bin";
        }
    }

    /** The activations by cut, one row per image in the order given; whether they came from the cache. */
    record Result(Map<Cut, INDArray> activations, boolean cacheHit, double seconds, String key) {
        INDArray get(String vertex, boolean pooled) {
            INDArray a = activations.get(new Cut(vertex, pooled));
            if (a == null) {
                throw new IllegalStateException("cut " + vertex + (pooled ? " (pooled)" : "") + " was not featurized");
            }
            return a;
        }
    }

    private BackboneFeatures() {
    }

    static Result get(ComputationGraph backbone, String weightsSha256, List<Cut> cuts, INDArray flatImages, int side, int size,
                      ImagePreprocessing pre, String imagesFingerprint, int batchSize, int parallel, Progress progress)
            throws IOException {
        long t0 = System.nanoTime();
        String key = FeaturizeCache.key(weightsSha256, "cuts=" + cuts + " size=" + size, Json.write(pre), imagesFingerprint);
        Path dir = CacheRoot.resolve("featurize", key);
        Map<Cut, INDArray> stored = read(dir, cuts);
        if (stored != null) {
            LOG.info("backbone activations read from the cache {}", dir);
            long batches = batches(flatImages.size(0), batchSize);
            for (long i = 0; i < batches; i++) {
                progress.step();
            }
            return new Result(stored, true, (System.nanoTime() - t0) / 1e9, key);
        }
        Map<Cut, INDArray> computed = compute(backbone, cuts, flatImages, side, size, pre, batchSize, parallel, progress);
        Files.createDirectories(dir);
        for (Map.Entry<Cut, INDArray> e : computed.entrySet()) {
            INDArray a = e.getValue();
            AtomicFiles.writePath(dir.resolve(e.getKey().file()), tmp -> Nd4j.saveBinary(a, tmp.toFile()));
        }
        return new Result(computed, false, (System.nanoTime() - t0) / 1e9, key);
    }

    static long batches(long images, int batchSize) {
        return (images + batchSize - 1) / batchSize;
    }

    /** A fingerprint of a set of images (their pixels): part of the cache key. */
    static String fingerprint(INDArray flatImages) {
        java.security.MessageDigest d = Sha256.newDigest();
        d.update(Long.toString(flatImages.size(0)).getBytes(StandardCharsets.UTF_8));
        for (float v : flatImages.dup().data().asFloat()) {
            int bits = Float.floatToIntBits(v);
            d.update(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
        }
        return Sha256.hex(d.digest());
    }

    private static Map<Cut, INDArray> read(Path dir, List<Cut> cuts) {
        Map<Cut, INDArray> out = new LinkedHashMap<>();
        for (Cut c : cuts) {
            Path f = dir.resolve(c.file());
            if (!Files.isRegularFile(f)) {
                return null;
            }
            try {
                out.put(c, Nd4j.readBinary(f.toFile()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} is unreadable ({}); featurizing again", f, e.getMessage());
                return null;
            }
        }
        return out;
    }

    /** Splits the images into one contiguous share per worker, each with its own copy of the network. */
    private static Map<Cut, INDArray> compute(ComputationGraph backbone, List<Cut> cuts, INDArray flat, int side, int size,
                                              ImagePreprocessing pre, int batchSize, int parallel, Progress progress)
            throws IOException {
        long n = flat.size(0);
        int workers = (int) Math.max(1, Math.min(org.transfer4j.runtime.Threads.workers(parallel, Integer.MAX_VALUE),
                batches(n, batchSize)));
        long per = (n + workers - 1) / workers;
        List<Callable<Map<Cut, INDArray>>> shares = new ArrayList<>();
        long[] cost = new long[workers];
        for (int w = 0; w < workers; w++) {
            long from = Math.min(n, w * per);
            long to = Math.min(n, from + per);
            cost[w] = to - from;
            // Each worker its own copy of the part below the cuts (a network is not for two threads at once).
            List<String> vertices = cuts.stream().map(Cut::vertex).distinct().toList();
            ComputationGraph net = GraphCut.below(backbone, vertices);
            shares.add(() -> share(net, vertices, cuts, flat, from, to, side, size, pre, batchSize, progress));
        }
        List<Map<Cut, INDArray>> parts = ParallelRuns.run(shares, cost, workers);
        Map<Cut, INDArray> out = new LinkedHashMap<>();
        for (Cut c : cuts) {
            List<INDArray> pieces = parts.stream().map(p -> p.get(c)).filter(a -> a != null).toList();
            out.put(c, Nd4j.concat(0, pieces.toArray(INDArray[]::new)));
        }
        return out;
    }

    private static Map<Cut, INDArray> share(ComputationGraph net, List<String> vertices, List<Cut> cuts, INDArray flat, long from,
                                            long to, int side, int size, ImagePreprocessing pre, int batchSize, Progress progress) {
        Map<Cut, List<INDArray>> acc = new LinkedHashMap<>();
        cuts.forEach(c -> acc.put(c, new ArrayList<>()));
        for (long i = from; i < to; i += batchSize) {
            INDArray batch = flat.get(NDArrayIndex.interval(i, Math.min(to, i + batchSize)), NDArrayIndex.all());
            INDArray[] a = net.output(false, GreyImageInput.of(batch, side, size, pre));
            for (Cut c : cuts) {
                INDArray v = a[vertices.indexOf(c.vertex())];
                acc.get(c).add(c.pooled() ? GraphCut.globalAveragePool(v, pre.layout() == ImagePreprocessing.Layout.NHWC) : v);
            }
            progress.step();
        }
        Map<Cut, INDArray> out = new LinkedHashMap<>();
        acc.forEach((c, l) -> {
            if (!l.isEmpty()) {
                out.put(c, Nd4j.concat(0, l.toArray(INDArray[]::new)));
            }
        });
        return out;
    }
}
