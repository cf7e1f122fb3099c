package org.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SparkFineTuneTest {
    @Test
    void batchesTravelInsideTheRddOnlyWhenAClusterHasNoSharedDefaultFilesystem() {
        assertEquals(RDDTrainingApproach.Direct, SparkFineTune.approach(false, "file:///"));
        assertEquals(RDDTrainingApproach.Direct, SparkFineTune.approach(false, null));
        assertEquals(RDDTrainingApproach.Export, SparkFineTune.approach(false, "hdfs://namenode:9000"));
        assertEquals(RDDTrainingApproach.Export, SparkFineTune.approach(true, "file:///"));
    }

    @Test
    void aChangedFrozenLayerIsNamed() {
        Map<String, INDArray> before = new LinkedHashMap<>(Map.of("conv", Nd4j.createFromArray(1f, 2f, 3f)));
        SparkFineTune.checkFrozen(before, Map.of("conv", Nd4j.createFromArray(1f, 2f, 3f)), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkFineTune.checkFrozen(before, Map.of("conv", Nd4j.createFromArray(1f, 2f, 3.0001f)), 2));
        assertTrue(e.getMessage().contains("frozen layer 'conv' changed in epoch 2"), e.getMessage());
        IllegalStateException gone = assertThrows(IllegalStateException.class, () -> SparkFineTune.checkFrozen(before, Map.of(), 3));
        assertTrue(gone.getMessage().contains("after epoch 3"), gone.getMessage());
    }

    @Test
    void theFrozenLayersOfAPlanNetworkAreFound() {
        assertEquals(List.of("conv"), List.copyOf(SparkFineTune.frozenParameters(DataParallelFineTuneIT.planNetwork()).keySet()));
        assertTrue(SparkFineTune.frozenParameters(SparkFeaturizerTest.network()).isEmpty(), "nothing is frozen in a fresh network");
    }

    @Test
    void badSettingsNameTheValue() {
        var net = SparkFeaturizerTest.network();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFineTune.fit(null, net, null, 0, 8, 1)).getMessage()
                .contains("epochs must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFineTune.fit(null, net, null, 1, 0, 1)).getMessage()
                .contains("batchPerWorker must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkFineTune.fit(null, net, null, 1, 8, 0)).getMessage()
                .contains("averagingFrequency must be at least 1, got 0"));
        // 1 of each is valid: the call gets past the checks to the (here absent) Spark context.
        assertThrows(NullPointerException.class, () -> SparkFineTune.fit(null, net, null, 1, 1, 1));
    }
}
