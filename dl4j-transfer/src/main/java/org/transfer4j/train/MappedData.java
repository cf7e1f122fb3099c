package org.transfer4j.train;

import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Data whose features are transformed batch by batch as they are read (Fashion-MNIST resized to a base's input):
 * the full-size images never sit in memory at once.
 */
public record MappedData(TrainingData inner, UnaryOperator<INDArray> features, String transform) implements TrainingData {
    /** The inner data's fingerprint and the transform's identity ({@code transform}: what the mapping does). */
    @Override
    public String fingerprint() {
        return org.transfer4j.common.Sha256.of((inner.fingerprint() + "|" + transform).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String fingerprint(Split split) {
        return org.transfer4j.common.Sha256.of((inner.fingerprint(split) + "|" + transform)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public List<String> classes() {
        return inner.classes();
    }

    @Override
    public int size(Split split) {
        return inner.size(split);
    }

    @Override
    public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
        return map(inner.trainBatches(epoch, batchSize, seed));
    }

    @Override
    public Iterator<DataSet> batches(Split split, int batchSize) {
        return map(inner.batches(split, batchSize));
    }

    @Override
    public boolean augmented() {
        return inner.augmented();
    }

    @Override
    public java.util.List<org.transfer4j.data.image.SkippedFile> skipped() {
        return inner.skipped();
    }

    @Override
    public int usable(Split split) {
        return inner.usable(split);
    }

    @Override
    public void close() {
        inner.close();
    }

    private Iterator<DataSet> map(Iterator<DataSet> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public DataSet next() {
                DataSet b = it.next();
                return new DataSet(features.apply(b.getFeatures()), b.getLabels());
            }
        };
    }
}
