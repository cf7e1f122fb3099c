package org.transfer4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Progress;

/** The epoch loop with a scripted validation: when it stops, which weights it keeps, how many steps it takes. */
class TextTrainingTest {
    private static final int ROWS = 10;

    /** Two separable clusters of 4-d points, labels one-hot. */
    private static MultiDataSet batch(List<Integer> rows) {
        INDArray x = Nd4j.create(DataType.FLOAT, rows.size(), 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows.size(), 2);
        for (int i = 0; i < rows.size(); i++) {
            int c = rows.get(i) % 2;
            x.putRow(i, Nd4j.createFromArray(c == 0 ? 1f : -1f, 0.5f, c == 0 ? -0.3f : 0.3f, rows.get(i) * 0.01f));
            y.putScalar(i, c, 1f);
        }
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
    }

    @Test
    void stopsAfterPatienceEpochsWithoutABetterScoreAndKeepsTheBestWeights() {
        SameDiff sd = TextGraphs.headOnly(4, 2, 1);
        double[] script = {0.5, 0.6, 0.55, 0.58, 0.9}; // the start, then epochs 1..4
        List<INDArray> seen = new ArrayList<>();
        AtomicInteger call = new AtomicInteger();
        AtomicInteger steps = new AtomicInteger();
        List<TextTraining.Epoch> h = TextTraining.train(sd, TextGraphs.HEAD, List.of(TextGraphs.POOLED), ROWS,
                TextTrainingTest::batch, () -> {
                    seen.add(sd.getVariable(TextGraphs.HEAD_WEIGHTS).getArr().dup());
                    return new double[] {script[call.get()], 1.0 / (1 + call.getAndIncrement())};
                }, 10, 2, 4, 0.05, 7, counting(steps));
        assertEquals(3, h.size(), "epoch 1 is best; epochs 2 and 3 are not better: patience 2 stops there");
        assertEquals(List.of(0.6, 0.55, 0.58), h.stream().map(TextTraining.Epoch::validationAccuracy).toList());
        assertEquals(0.5, h.get(0).validationLoss(), 1e-12);
        assertEquals(9, steps.get(), "3 epochs of 3 batches (10 rows by 4)");
        assertEquals(seen.get(1), sd.getVariable(TextGraphs.HEAD_WEIGHTS).getArr(), "epoch 1's weights restored");
        assertNotEquals(seen.get(3), seen.get(1), "training went on after epoch 1");
    }

    @Test
    void theStartingWeightsAreKeptWhenNoEpochBeatsThem() {
        SameDiff sd = TextGraphs.headOnly(4, 2, 1);
        INDArray start = sd.getVariable(TextGraphs.HEAD_WEIGHTS).getArr().dup();
        List<TextTraining.Epoch> h = TextTraining.train(sd, TextGraphs.HEAD, List.of(TextGraphs.POOLED), ROWS,
                TextTrainingTest::batch, () -> new double[] {0.7, 0.1}, 5, 1, 4, 0.05, 7, counting(new AtomicInteger()));
        assertEquals(1, h.size(), "equal is not better: patience 1 stops after the first epoch");
        assertEquals(start, sd.getVariable(TextGraphs.HEAD_WEIGHTS).getArr());
    }

    @Test
    void withoutValidationEveryEpochRunsAndTheFinalWeightsStay() {
        SameDiff sd = TextGraphs.headOnly(4, 2, 1);
        AtomicInteger steps = new AtomicInteger();
        List<TextTraining.Epoch> h = TextTraining.train(sd, TextGraphs.HEAD, List.of(TextGraphs.POOLED), ROWS,
                TextTrainingTest::batch, null, 4, 1, 5, 0.05, 7, counting(steps));
        assertEquals(4, h.size());
        assertTrue(h.stream().allMatch(e -> Double.isNaN(e.validationAccuracy())));
        assertEquals(8, steps.get(), "4 epochs of 2 batches");
        INDArray x = batch(List.of(0, 1, 2, 3)).getFeatures(0);
        INDArray p = sd.output(java.util.Map.of(TextGraphs.POOLED, x), TextGraphs.PROBABILITIES).get(TextGraphs.PROBABILITIES);
        assertEquals(List.of(0L, 1L, 0L, 1L), java.util.Arrays.stream(p.argMax(1).toLongVector()).boxed().toList(),
                "the trained head separates the clusters");
    }

    private static Progress counting(AtomicInteger steps) {
        return new Progress() {
            @Override
            public void step() {
                steps.incrementAndGet();
            }

            @Override
            public void phase(String message) {
            }

            @Override
            public void log(String message) {
            }
        };
    }
}
