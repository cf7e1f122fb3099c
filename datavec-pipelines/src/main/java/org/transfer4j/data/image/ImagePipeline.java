package org.transfer4j.data.image;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.datavec.api.split.InputSplit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batches of preprocessed (and, for training, augmented) images as a DL4J {@link DataSetIterator} built
 * on a {@link SeededImageRecordReader}: worker threads read the records of the next few batches while the
 * model trains, then the batch is normalised by the preprocessing's {@link ImageNormalizer} (and laid
 * out NCHW or NHWC as the network wants).
 *
 * <p>Reproducible: sample {@code i} in epoch {@code e} is transformed with its own generator from
 * (seed, e, i) and each epoch has its own seeded order ({@link SampleSeeds}), so the same seed gives the
 * same batches whatever the number of workers, and ND4J's global RNG is never touched. Bad images follow
 * the reader's {@link BadFilePolicy}; skipped files are listed in {@link #skipped()}.
 */
public final class ImagePipeline implements DataSetIterator, AutoCloseable {
    private final SeededImageRecordReader reader;
    private final ImageNormalizer normalizer;
    private final int batchSize;
    private final int prefetch;
    private final ExecutorService workers;
    private final Deque<Future<DataSet>> inFlight = new ArrayDeque<>();
    private int epoch;
    private int[] order;
    private int submitted; // batches handed to workers this epoch
    private int delivered;
    private DataSetPreProcessor preProcessor;

    /** Options of a pipeline. */
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

        /** A record reader with these options' seed, shuffle and policy. */
        public SeededImageRecordReader.Builder reader(ImagePreprocessing pre, AugmentationSpec augmentation) {
            return SeededImageRecordReader.builder(pre).optSeed(seed).optShuffle(shuffle).optPolicy(policy)
                    .optTransform(augmentation == null || augmentation.isNone() ? null : augmentation.toTransform(pre));
        }
    }

    /** Images of a DataVec split (labels from the parent folder, in the order of {@code classes}). */
    public static ImagePipeline of(InputSplit split, List<String> classes, ImagePreprocessing pre,
                                   AugmentationSpec augmentation, Options o) throws IOException {
        SeededImageRecordReader r = o.reader(pre, augmentation).optClasses(classes).build();
        r.initialize(split);
        return new ImagePipeline(r, o);
    }

    /** Images of a folder ({@code root/<class>/<image>}, see {@link ImageFolder}). */
    public static ImagePipeline of(ImageFolder folder, ImagePreprocessing pre, AugmentationSpec augmentation, Options o)
            throws IOException {
        return of(folder.inputSplit(folder.samples()), folder.classes(), pre, augmentation, o);
    }

    /** Images that are not files (Fashion-MNIST, for example). */
    public static ImagePipeline of(ImageSource source, ImagePreprocessing pre, AugmentationSpec augmentation, Options o) {
        SeededImageRecordReader r = o.reader(pre, augmentation).build();
        r.initialize(source);
        return new ImagePipeline(r, o);
    }

    /** Batches of an initialised {@code reader}; {@code o}'s seed, shuffle and policy are the reader's. */
    public ImagePipeline(SeededImageRecordReader reader, Options o) {
        this.reader = reader;
        this.normalizer = ImageNormalizer.of(reader.preprocessing());
        this.batchSize = o.batchSize();
        this.prefetch = o.prefetch();
        int n = o.workers() > 0 ? o.workers() : Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "image-pipeline");
            t.setDaemon(true);
            return t;
        });
        startEpoch();
    }

    private void startEpoch() {
        order = reader.order(epoch);
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
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            int e = epoch;
            inFlight.add(workers.submit(() -> makeBatch(idx, e)));
        }
    }

    private DataSet makeBatch(int[] idx, int epochOfBatch) {
        ImagePreprocessing pre = reader.preprocessing();
        INDArray x = Nd4j.create(DataType.FLOAT, idx.length, pre.channels(), pre.height(), pre.width());
        INDArray y = Nd4j.zeros(DataType.FLOAT, idx.length, reader.getLabels().size());
        int n = 0;
        for (int i : idx) {
            try {
                reader.readInto(i, epochOfBatch, x.tensorAlongDimension(n, 1, 2, 3));
                y.putScalar(n, reader.label(i), 1f);
                n++;
            } catch (BadImageException e) {
                reader.badFile(e);
            }
        }
        if (n == 0) {
            return new DataSet(Nd4j.create(DataType.FLOAT, 0, pre.channels(), pre.height(), pre.width()),
                    Nd4j.create(DataType.FLOAT, 0, reader.getLabels().size()));
        }
        if (n < idx.length) {
            x = x.get(NDArrayIndex.interval(0, n)).dup();
            y = y.get(NDArrayIndex.interval(0, n)).dup();
        }
        DataSet ds = new DataSet(x, y);
        normalizer.preProcess(ds);
        return ds;
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
            throw c instanceof IllegalStateException ise ? ise : new IllegalStateException("image pipeline failed: " + c, c);
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
        return reader.skipped();
    }

    /** The record reader the batches are read from. */
    public SeededImageRecordReader reader() {
        return reader;
    }

    @Override
    public int inputColumns() {
        ImagePreprocessing p = reader.preprocessing();
        return p.channels() * p.height() * p.width();
    }

    @Override
    public int totalOutcomes() {
        return reader.getLabels().size();
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
        return reader.getLabels();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
