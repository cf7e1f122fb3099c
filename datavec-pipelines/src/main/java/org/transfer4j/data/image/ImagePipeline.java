package org.transfer4j.data.image;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of preprocessed (and, for training, augmented) images as a DL4J {@link DataSetIterator},
 * decoded on background worker threads a few batches ahead so the model never waits on decoding.
 *
 * <p>Reproducible: sample {@code i} in epoch {@code e} is transformed with its own
 * {@code Random(mix(seed, e, i))} and epochs are shuffled with {@code Random(mix(seed, e))}, so the same
 * seed gives the same batches whatever the number of workers, and ND4J's global RNG is never touched.
 * Bad images follow a {@link BadFilePolicy}; skipped files are collected in {@link #skipped()}.
 */
public final class ImagePipeline implements DataSetIterator, AutoCloseable {
    private final ImageSource source;
    private final SampleTransformer transformer;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final BadFilePolicy policy;
    private final int prefetch;
    private final ExecutorService workers;
    private final Map<String, String> skipped = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Deque<Future<DataSet>> inFlight = new ArrayDeque<>();
    private int epoch;
    private int[] order;
    private int submitted; // batches handed to workers this epoch
    private int delivered;
    private DataSetPreProcessor preProcessor;

    /** Options of a pipeline; {@code augmentation} null or none for evaluation. */
    public record Options(int batchSize, long seed, boolean shuffle, BadFilePolicy policy, int workers, int prefetch) {
        public Options {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            if (workers < 0 || prefetch < 1) {
                throw new IllegalArgumentException("workers must be >= 0 (0 = one per core) and prefetch >= 1, got "
                        + workers + ", " + prefetch);
            }
            policy = policy == null ? BadFilePolicy.SKIP : policy;
        }

        public static Options training(int batchSize, long seed) {
            return new Options(batchSize, seed, true, BadFilePolicy.SKIP, 0, 4);
        }

        public static Options evaluation(int batchSize) {
            return new Options(batchSize, 0, false, BadFilePolicy.SKIP, 0, 4);
        }

        public Options withWorkers(int n) {
            return new Options(batchSize, seed, shuffle, policy, n, prefetch);
        }

        public Options withPolicy(BadFilePolicy p) {
            return new Options(batchSize, seed, shuffle, p, workers, prefetch);
        }
    }

    public ImagePipeline(ImageSource source, ImagePreprocessing pre, AugmentationSpec augmentation, Options o) {
        this.source = source;
        this.transformer = new SampleTransformer(pre, augmentation);
        this.batchSize = o.batchSize();
        this.seed = o.seed();
        this.shuffle = o.shuffle();
        this.policy = o.policy();
        this.prefetch = o.prefetch();
        int n = o.workers() > 0 ? o.workers() : Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "image-pipeline");
            t.setDaemon(true);
            return t;
        });
        startEpoch();
    }

    static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }

    private void startEpoch() {
        order = IntStream.range(0, source.size()).toArray();
        if (shuffle) {
            Random rng = new Random(mix(seed, epoch, -1));
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        submitted = 0;
        delivered = 0;
    }

    private int numBatches() {
        return (order.length + batchSize - 1) / batchSize;
    }

    private void fill() {
        while (inFlight.size() < prefetch && submitted < numBatches()) {
            int b = submitted++;
            int from = b * batchSize;
            int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            int e = epoch;
            inFlight.add(workers.submit(() -> makeBatch(idx, e)));
        }
    }

    private DataSet makeBatch(int[] idx, int epochOfBatch) throws BadImageException {
        ImagePreprocessing pre = transformer.pre();
        int per = pre.channels() * pre.height() * pre.width();
        float[] x = new float[idx.length * per];
        List<Integer> labels = new ArrayList<>();
        int n = 0;
        for (int i : idx) {
            try {
                transformer.transform(source, i, new Random(mix(seed, epochOfBatch, i)), x, n * per);
                labels.add(source.label(i));
                n++;
            } catch (BadImageException e) {
                if (policy == BadFilePolicy.FAIL) {
                    throw e;
                }
                skipped.put(e.file(), e.reason());
            }
        }
        float[] xs = n == idx.length ? x : java.util.Arrays.copyOf(x, n * per);
        var features = Nd4j.create(xs, new long[] {n, pre.channels(), pre.height(), pre.width()}, DataType.FLOAT);
        if (pre.layout() == ImagePreprocessing.Layout.NHWC) {
            features = features.permute(0, 2, 3, 1).dup('c');
        }
        var y = Nd4j.zeros(DataType.FLOAT, n, source.classes().size());
        for (int r = 0; r < n; r++) {
            y.putScalar(r, labels.get(r), 1f);
        }
        return new DataSet(features, y);
    }

    @Override
    public boolean hasNext() {
        return delivered < numBatches();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches; call reset()");
        }
        fill();
        Future<DataSet> f = inFlight.poll();
        delivered++;
        fill();
        DataSet ds;
        try {
            ds = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException(c instanceof BadImageException ? "bad image (policy FAIL): " + c.getMessage()
                    : "image pipeline failed: " + c, c);
        }
        if (ds.numExamples() == 0 && hasNext()) {
            return next(); // every image of this batch was skipped; an empty batch would break fit()
        }
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next(int num) {
        if (num != batchSize) {
            throw new IllegalArgumentException("the batch size is fixed by the pipeline options (" + batchSize
                    + "); got a request for " + num);
        }
        return next();
    }

    /** Starts the next epoch (new shuffle, new augmentation draws). */
    @Override
    public void reset() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        epoch++;
        startEpoch();
    }

    /**
     * Jumps to {@code epoch}: its shuffle and augmentation draws are those an uninterrupted pipeline
     * would make in that epoch (a resumed training run continues exactly where it stopped).
     */
    public void seekEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        this.epoch = epoch;
        startEpoch();
    }

    public int epoch() {
        return epoch;
    }

    /** Every file left out so far, with the reason, in the order met. */
    public List<SkippedFile> skipped() {
        synchronized (skipped) {
            return skipped.entrySet().stream().map(e -> new SkippedFile(e.getKey(), e.getValue())).toList();
        }
    }

    @Override
    public int inputColumns() {
        ImagePreprocessing p = transformer.pre();
        return p.channels() * p.height() * p.width();
    }

    @Override
    public int totalOutcomes() {
        return source.classes().size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false; // already prefetching; DL4J's async wrapper would only add a thread
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor p) {
        this.preProcessor = p;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return source.classes();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
