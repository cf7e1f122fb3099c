package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.common.Progress;
import org.transfer4j.plan.TrainingListener;

/** The one training loop on a tiny network: epochs, validation, early stopping, best epoch, hooks, resume. */
class PlanTrainerTest {
    @TempDir
    Path tmp;

    static MultiLayerNetwork net(long seed) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        n.init();
        return n;
    }

    /** 2 classes: the sign of the first feature; {@code noisyValidation} flips every validation label (it cannot improve). */
    static ArrayData data(int train, boolean noisyValidation) {
        Nd4j.getRandom().setSeed(3);
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, rows(train, false));
        splits.put(TrainingData.Split.VALIDATION, rows(20, noisyValidation));
        splits.put(TrainingData.Split.TEST, rows(20, false));
        return new ArrayData(List.of("neg", "pos"), splits, "tiny");
    }

    static DataSet rows(int n, boolean flip) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int c = x.getDouble(i, 0) > 0 ? 1 : 0;
            y.putScalar(i, flip ? 1 - c : c, 1);
        }
        return new DataSet(x, y);
    }

    static PlanTrainer.Result run(MultiLayerNetwork net, ArrayData d, int epochs, int patience, Path dir, PlanTrainer.Hooks h)
            throws IOException {
        return PlanTrainer.train(PlanTrainer.Targets.of(new TrainingTarget.Whole(net)), d, null,
                new TrainerOptions(epochs, patience, 8, 7, dir, false), "key", h);
    }

    @Test
    void trainsEveryStepOfEveryEpochAndLearns() throws IOException {
        AtomicInteger steps = new AtomicInteger();
        List<String> phases = new ArrayList<>();
        Progress p = new Progress() {
            public void step() {
                steps.incrementAndGet();
            }

            public void phase(String m) {
                phases.add(m);
            }

            public void log(String m) {
            }
        };
        PlanTrainer.Result r = run(net(1), data(40, false), 6, 6, null, new PlanTrainer.Hooks(p, null));
        assertEquals(6 * 5, steps.get(), "40 rows in batches of 8: 5 steps an epoch, 6 epochs");
        assertEquals(6, r.state().history().size());
        assertEquals(6, phases.size());
        assertTrue(phases.get(0).startsWith("epoch 1/6 loss ") && phases.get(0).contains(" val "), phases.get(0));
        assertEquals("reached maxEpochs 6", r.state().stopReason());
        assertTrue(r.test().accuracy() >= 0.8, "the sign of one feature is learnt: " + r.test().accuracy());
        assertEquals(40, r.state().history().stream().mapToInt(TrainingListener.EpochInfo::steps).sum() / 6 * 8);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestEpoch() throws IOException {
        // Validation labels are the opposite of the rule: its accuracy falls as the network learns.
        MultiLayerNetwork n = net(2);
        List<INDArray> paramsAfter = new ArrayList<>();
        PlanTrainer.Result r = run(n, data(40, true), 20, 2, null, new PlanTrainer.Hooks(Progress.logOnly("t"),
                TrainingListener.onEpochs(e -> paramsAfter.add(n.params().dup()))));
        int best = r.state().bestEpoch();
        int done = r.state().epochsDone();
        assertEquals(best + 2, done, "stops patience (2) epochs after the best");
        assertTrue(r.state().stopReason().startsWith("no better validation accuracy for 2 epochs"), r.state().stopReason());
        assertEquals(paramsAfter.get(best - 1), r.target().trained().params(), "the best epoch's parameters are restored");
        double bestAcc = r.state().history().stream().mapToDouble(TrainingListener.EpochInfo::validationAccuracy).max().orElseThrow();
        assertEquals(bestAcc, r.validation().accuracy(), 1e-12);
    }

    @Test
    void theEpochHookPrunesAndTheStepHookSeesEveryStep() throws IOException {
        List<String> seen = new ArrayList<>();
        PlanTrainer.Result r = run(net(3), data(16, false), 10, 10, null, new PlanTrainer.Hooks(Progress.logOnly("t"),
                new TrainingListener() {
                    @Override
                    public void onStep(StepInfo step) {
                        seen.add(step.epoch() + ":" + step.step());
                    }

                    @Override
                    public boolean onEpoch(EpochInfo epoch) {
                        seen.add("epoch " + epoch.epoch() + " " + epoch.trainedLayers());
                        return epoch.epoch() < 2;
                    }
                }));
        assertEquals(List.of("1:1", "1:2", "epoch 1 [layer0, layer1]", "2:1", "2:2", "epoch 2 [layer0, layer1]"), seen);
        assertTrue(r.state().stopReason().startsWith("pruned after epoch 2"), r.state().stopReason());
    }

    @Test
    void withoutValidationEveryEpochRunsAndTheLastIsKept() throws IOException {
        ArrayData all = data(16, false);
        TrainingData trainOnly = new TrainingData() {
            public List<String> classes() {
                return all.classes();
            }

            public int size(Split split) {
                return split == Split.TRAIN ? all.size(split) : 0;
            }

            public java.util.Iterator<DataSet> trainBatches(int epoch, int batchSize, long seed) {
                return all.trainBatches(epoch, batchSize, seed);
            }

            public java.util.Iterator<DataSet> batches(Split split, int batchSize) {
                return java.util.Collections.emptyIterator();
            }

            public String fingerprint() {
                return "train only";
            }

            public boolean augmented() {
                return false;
            }
        };
        MultiLayerNetwork n = net(4);
        PlanTrainer.Result r = PlanTrainer.train(PlanTrainer.Targets.of(new TrainingTarget.Whole(n)), trainOnly, null,
                new TrainerOptions(3, 1, 8, 7, null, false), null, PlanTrainer.Hooks.none());
        assertEquals(3, r.state().epochsDone(), "patience applies only with validation data");
        assertEquals(3, r.state().bestEpoch());
        assertNull(r.validation());
        assertNull(r.test());
        assertTrue(Double.isNaN(r.state().history().get(0).validationAccuracy()));
    }

    @Test
    void aResumedRunEndsWithTheParametersOfAnUninterruptedOne() throws IOException {
        MultiLayerNetwork whole = net(5);
        run(whole, data(24, false), 4, 4, tmp.resolve("whole"), PlanTrainer.Hooks.none());
        MultiLayerNetwork first = net(5);
        assertThrows(IllegalStateException.class, () -> run(first, data(24, false), 4, 4, tmp.resolve("split"),
                new PlanTrainer.Hooks(Progress.logOnly("t"), TrainingListener.onSteps(step -> {
                    if (step.epoch() == 3 && step.step() == 2) {
                        throw new IllegalStateException("killed");
                    }
                }))));
        MultiLayerNetwork resumed = net(5);
        PlanTrainer.Result r = run(resumed, data(24, false), 4, 4, tmp.resolve("split"), PlanTrainer.Hooks.none());
        assertEquals(2, r.resumedAtEpoch());
        assertEquals(whole.params(), r.target().trained().params());
        assertNotEquals(net(5).params(), whole.params());
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> PlanTrainer.train(
                PlanTrainer.Targets.of(new TrainingTarget.Whole(net(5))), data(24, false), null,
                new TrainerOptions(4, 4, 8, 7, tmp.resolve("split"), false), "another run", PlanTrainer.Hooks.none()));
        assertTrue(other.getMessage().contains("another run") || other.getMessage().contains("holds a checkpoint"), other.getMessage());
    }

    static PlanTrainer.Hooks pauseAt(int epoch) {
        return new PlanTrainer.Hooks(Progress.logOnly("t"), null, epoch);
    }

    @Test
    void aPausedRunGoesOnFromItsCheckpointAndEndsAsAnUninterruptedOne() throws IOException {
        MultiLayerNetwork whole = net(6);
        PlanTrainer.Result w = run(whole, data(24, false), 5, 5, tmp.resolve("whole"), PlanTrainer.Hooks.none());
        Path dir = tmp.resolve("rungs");
        PlanTrainer.Result r1 = run(net(6), data(24, false), 5, 5, dir, pauseAt(1));
        assertEquals(1, r1.state().epochsDone());
        assertNull(r1.state().stopReason(), "paused, not stopped");
        PlanTrainer.Result r3 = run(net(6), data(24, false), 5, 5, dir, pauseAt(3));
        assertEquals(1, r3.resumedAtEpoch());
        assertEquals(3, r3.state().epochsDone());
        assertNull(r3.state().stopReason());
        // Asking for an epoch already behind it trains nothing.
        PlanTrainer.Result again = run(net(6), data(24, false), 5, 5, dir, pauseAt(2));
        assertEquals(3, again.state().epochsDone());
        assertEquals(r3.state().history(), again.state().history());
        PlanTrainer.Result end = run(net(6), data(24, false), 5, 5, dir, PlanTrainer.Hooks.none());
        assertEquals(w.state().stopReason(), end.state().stopReason());
        assertEquals(w.state().history().stream().map(TrainingListener.EpochInfo::validationAccuracy).toList(),
                end.state().history().stream().map(TrainingListener.EpochInfo::validationAccuracy).toList());
        assertEquals(whole.params(), end.target().trained().params());
        assertEquals(5, end.state().epochsDone());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> pauseAt(0)).getMessage().contains("got 0"));
        Progress p = Progress.logOnly("other");
        PlanTrainer.Hooks moved = pauseAt(3).withProgress(p);
        assertEquals(3, moved.pauseAt(), "another progress keeps the pause");
        assertEquals(p, moved.progress());
    }
}
