package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** MappedData transforms the features of every batch and passes everything else through to the data it wraps. */
class MappedDataTest {
    /** A training set of 2 rows that says it is augmented, skipped 3 files and records whether it was closed. */
    static final class Inner implements TrainingData {
        boolean closed;

        @Override
        public List<String> classes() {
            return List.of("a", "b");
        }

        @Override
        public int size(Split split) {
            return split == Split.TRAIN ? 2 : 0;
        }

        @Override
        public Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
            return List.of(new DataSet(Nd4j.ones(2, 3), Nd4j.eye(2))).iterator();
        }

        @Override
        public Iterator<DataSet> batches(Split split, int batchSize) {
            return trainBatches(0, batchSize, 0);
        }

        @Override
        public String fingerprint() {
            return "inner";
        }

        @Override
        public boolean augmented() {
            return true;
        }

        @Override
        public List<org.transfer4j.data.image.SkippedFile> skipped() {
            return List.of(new org.transfer4j.data.image.SkippedFile("x.png", "empty file (0 bytes)"));
        }

        @Override
        public int usable(TrainingData.Split split) {
            return 1;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void featuresAreMappedAndTheRestDelegated() {
        Inner inner = new Inner();
        MappedData m = new MappedData(inner, x -> x.mul(5), "mapped");
        assertEquals(Nd4j.ones(2, 3).mul(5), m.trainBatches(0, 2, 1).next().getFeatures());
        assertEquals(Nd4j.eye(2), m.batches(TrainingData.Split.TRAIN, 2).next().getLabels(), "labels as they are");
        assertTrue(m.augmented());
        assertEquals("x.png", m.skipped().get(0).file());
        assertEquals(1, m.usable(TrainingData.Split.TRAIN));
        assertEquals(List.of("a", "b"), m.classes());
        assertEquals(2, m.size(TrainingData.Split.TRAIN));
        assertEquals(new MappedData(inner, x -> x, "mapped").fingerprint(), m.fingerprint(), "the transform's name, not its lambda");
        assertTrue(!m.fingerprint().equals(new MappedData(inner, x -> x, "other").fingerprint()));
        assertTrue(!m.fingerprint(TrainingData.Split.TRAIN).equals(m.fingerprint(TrainingData.Split.TEST)));
        m.close();
        assertTrue(inner.closed);
    }
}
