package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The featurize cache keeps each image's activations under its content, so data sharing images shares them. */
class FeaturizeCacheTest {
    @TempDir
    Path tmp;

    static ArrayData data(long trainSeed) {
        Map<TrainingData.Split, DataSet> m = new EnumMap<>(TrainingData.Split.class);
        m.put(TrainingData.Split.TRAIN, TrainingDataContractTest.rows(12, trainSeed, false));
        m.put(TrainingData.Split.TEST, TrainingDataContractTest.rows(9, 3, false));
        return ArrayData.of(List.of("a", "b", "c"), m);
    }

    /** A featurizer that doubles the features and counts the rows it ran on. */
    static UnaryOperator<DataSet> twice(AtomicInteger rows) {
        return b -> {
            rows.addAndGet(b.numExamples());
            return new DataSet(b.getFeatures().mul(2), b.getLabels());
        };
    }

    @Test
    void anotherTrainingSampleReadsTheSharedTestSplitFromDisk() throws Exception {
        FeaturizeCache cache = new FeaturizeCache(tmp);
        AtomicInteger rows = new AtomicInteger();
        UnaryOperator<DataSet> twice = twice(rows);
        String frozen = FeaturizeCache.key("weights", "cut", "pre");
        FeaturizeCache.Result first = cache.get(frozen, data(1), 4, twice);
        assertFalse(first.hit());
        assertEquals(21, rows.get(), "12 training and 9 test rows featurized");
        assertEquals(data(1).splits().get(TrainingData.Split.TEST).getFeatures().mul(2),
                first.data().splits().get(TrainingData.Split.TEST).getFeatures());

        FeaturizeCache.Result again = cache.get(frozen, data(1), 4, twice);
        assertTrue(again.hit());
        assertEquals(21, rows.get(), "nothing featurized again");
        assertEquals(first.key(), again.key());

        FeaturizeCache.Result other = cache.get(frozen, data(2), 4, twice);
        assertFalse(other.hit(), "a new training sample");
        assertEquals(21 + 12, rows.get(), "only the new training rows ran: the test split came from disk");
        assertEquals(first.data().splits().get(TrainingData.Split.TEST), other.data().splits().get(TrainingData.Split.TEST));
        assertNotEquals(first.key(), other.key(), "the reported key covers every split read");

        Map<TrainingData.Split, DataSet> fewer = new EnumMap<>(TrainingData.Split.class);
        DataSet all = data(1).splits().get(TrainingData.Split.TRAIN);
        var range = org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7);
        fewer.put(TrainingData.Split.TRAIN, new DataSet(all.getFeatures().get(range).dup(), all.getLabels().get(range).dup()));
        FeaturizeCache.Result subset = cache.get(frozen, ArrayData.of(List.of("a", "b", "c"), fewer), 3, twice);
        assertTrue(subset.hit(), "a sample of images featurized before");
        assertEquals(21 + 12, rows.get());
        assertEquals(first.data().splits().get(TrainingData.Split.TRAIN).getFeatures().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7)), subset.data().splits().get(TrainingData.Split.TRAIN).getFeatures());

        cache.get(FeaturizeCache.key("weights", "another cut", "pre"), data(1), 4, twice);
        assertEquals(21 + 12 + 21, rows.get(), "another frozen part: everything again");
    }

    @Test
    void onePassFillsSeveralCutsAndRunsOnlyTheRowsOneOfThemLacks() throws Exception {
        FeaturizeCache cache = new FeaturizeCache(tmp);
        AtomicInteger rows = new AtomicInteger();
        String a = FeaturizeCache.key("w", "a", "p");
        String b = FeaturizeCache.key("w", "b", "p");
        cache.get(a, data(1), 4, x -> {
            rows.addAndGet(x.numExamples());
            return new DataSet(x.getFeatures().mul(2), x.getLabels());
        });
        assertEquals(21, rows.get());
        List<FeaturizeCache.Result> both = cache.getAll(List.of(a, b), data(1), 5, x -> {
            rows.addAndGet((int) x.size(0));
            return new org.nd4j.linalg.api.ndarray.INDArray[] {x.mul(2), x.mul(3)};
        });
        assertEquals(42, rows.get(), "every row ran once, for the key that lacked it");
        assertTrue(both.get(0).hit() && !both.get(1).hit());
        DataSet test = data(1).splits().get(TrainingData.Split.TEST);
        assertEquals(test.getFeatures().mul(2), both.get(0).data().splits().get(TrainingData.Split.TEST).getFeatures());
        assertEquals(test.getFeatures().mul(3), both.get(1).data().splits().get(TrainingData.Split.TEST).getFeatures());
        assertEquals(test.getLabels(), both.get(1).data().splits().get(TrainingData.Split.TEST).getLabels());
        assertTrue(cache.getAll(List.of(a, b), data(1), 7, x -> {
            throw new AssertionError("nothing left to compute");
        }).stream().allMatch(FeaturizeCache.Result::hit));
    }

    @Test
    void anUnreadableChunkIsComputedAgain() throws Exception {
        FeaturizeCache cache = new FeaturizeCache(tmp);
        AtomicInteger rows = new AtomicInteger();
        UnaryOperator<DataSet> twice = twice(rows);
        String k = FeaturizeCache.key("w", "cut", "p");
        FeaturizeCache.Result first = cache.get(k, data(1), 4, twice);
        try (var files = java.nio.file.Files.list(tmp.resolve(k))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".bin")).toList()) {
                java.nio.file.Files.writeString(f, "not an array");
            }
        }
        FeaturizeCache.Result again = cache.get(k, data(1), 4, twice);
        assertFalse(again.hit(), "computed again");
        assertEquals(42, rows.get(), "every row once more");
        assertEquals(first.data().splits().get(TrainingData.Split.TEST).getFeatures(),
                again.data().splits().get(TrainingData.Split.TEST).getFeatures());
        assertTrue(cache.get(k, data(1), 4, twice).hit(), "and read back the time after");
    }

    @Test
    void rowsAreKeyedByTheirValuesAndShape() {
        var x = org.nd4j.linalg.factory.Nd4j.create(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 5}});
        List<String> h = RowStore.hashes(x);
        assertEquals(h.get(0), h.get(1), "equal rows, one key");
        assertNotEquals(h.get(0), h.get(2));
        assertNotEquals(h.get(0), RowStore.hashes(x.reshape(3, 2, 2)).get(0), "another shape, another key");
        assertEquals(32, h.get(0).length());
    }

    @Test
    void augmentedDataIsRefused() {
        TrainingData augmented = new MappedDataTest.Inner();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new FeaturizeCache(tmp).get("k", augmented, 4, d -> d));
        assertTrue(e.getMessage().contains("augmented"), e.getMessage());
    }

    @Test
    void inMemoryDataHashesEachSplitOnceAndAnswersWithTheSameFingerprints() {
        ArrayData d = data(1);
        assertEquals(java.util.Set.of(TrainingData.Split.TRAIN, TrainingData.Split.TEST), d.splitFingerprints().keySet());
        ArrayData plain = new ArrayData(d.classes(), d.splits(), d.fingerprint());
        for (TrainingData.Split s : TrainingData.Split.values()) {
            assertEquals(plain.fingerprint(s), d.fingerprint(s), "known or computed, the same fingerprint for " + s);
        }
        assertEquals("empty", d.fingerprint(TrainingData.Split.VALIDATION));
    }
}
