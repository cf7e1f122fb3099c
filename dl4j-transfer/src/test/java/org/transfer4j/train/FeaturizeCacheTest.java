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

/** The featurize cache keeps each split's activations under the split's own key, so data sharing a split shares them. */
class FeaturizeCacheTest {
    @TempDir
    Path tmp;

    static ArrayData data(long trainSeed) {
        Map<TrainingData.Split, DataSet> m = new EnumMap<>(TrainingData.Split.class);
        m.put(TrainingData.Split.TRAIN, TrainingDataContractTest.rows(12, trainSeed, false));
        m.put(TrainingData.Split.TEST, TrainingDataContractTest.rows(9, 3, false));
        return ArrayData.of(List.of("a", "b", "c"), m);
    }

    @Test
    void anotherTrainingSampleReadsTheSharedTestSplitFromDisk() throws Exception {
        FeaturizeCache cache = new FeaturizeCache(tmp);
        AtomicInteger rows = new AtomicInteger();
        UnaryOperator<DataSet> twice = b -> {
            rows.addAndGet(b.numExamples());
            return new DataSet(b.getFeatures().mul(2), b.getLabels());
        };
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

        cache.get(FeaturizeCache.key("weights", "another cut", "pre"), data(1), 4, twice);
        assertEquals(21 + 12 + 21, rows.get(), "another frozen part: everything again");
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
