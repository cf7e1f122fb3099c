package org.transfer4j.app.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The feature-extraction head's inputs: standardised with the training sample's statistics, the test features alike. */
class StandardisedFeaturesTest {
    @Test
    void trainingColumnsGetMeanZeroAndUnitDeviationAndTheTestFeaturesTheSameShiftAndScale() {
        // column 0: 1, 3 (mean 2, population sd 1); column 1: 10, 30 (mean 20, sd 10)
        INDArray train = Nd4j.createFromArray(new double[][] {{1, 10}, {3, 30}});
        INDArray test = Nd4j.createFromArray(new double[][] {{5, 0}});
        INDArray[] z = PretrainedRun.standardised(train, test);
        assertEquals(-1, z[0].getDouble(0, 0), 1e-5);
        assertEquals(1, z[0].getDouble(1, 0), 1e-5);
        assertEquals(-1, z[0].getDouble(0, 1), 1e-5);
        assertEquals(1, z[0].getDouble(1, 1), 1e-5);
        assertEquals(3, z[1].getDouble(0, 0), 1e-5, "(5 - 2) / 1");
        assertEquals(-2, z[1].getDouble(0, 1), 1e-5, "(0 - 20) / 10");
        INDArray constant = Nd4j.createFromArray(new double[][] {{4}, {4}});
        assertEquals(0, PretrainedRun.standardised(constant, constant)[0].getDouble(0, 0), 1e-12, "a constant feature is 0, not NaN");
    }
}
