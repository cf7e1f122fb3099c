package org.transfer4j.app.pretrained;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.app.study.StudyLeNet;
import org.transfer4j.common.Progress;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.Epochs;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TrainingTarget;

/**
 * One baseline of the study, without the pretrained backbone, trained on one K-shot sample and evaluated on the test
 * images by the library's training loop: the floor (a softmax regression on the 28 x 28 pixels) and the LeNet of the
 * LeNet study trained from scratch. They are study code because no pretrained base is involved; every use of the
 * backbone is a {@link TransferArm}.
 */
record PretrainedRun(Method method, int k, long seed, INDArray train, INDArray trainLabels, INDArray test, INDArray testLabels,
                     int numClasses, PretrainedStudyOptions o) {
    static final int EVALUATION_BATCH = 500;

    /** What one run measured. */
    record Outcome(Method method, int k, long seed, double accuracy, double seconds, int epochs, int steps) {
    }

    PretrainedRun {
        if (method.transfers()) {
            throw new IllegalArgumentException(method.label() + " uses the backbone: it is a TransferArm");
        }
    }

    int epochs() {
        boolean linear = method.kind() == Method.Kind.PIXELS_LINEAR;
        return Epochs.atLeast((int) trainLabels.size(0), o.batchSize, o.minEpochs,
                linear ? Math.max(o.minSteps, o.linearMinSteps) : o.minSteps);
    }

    long steps() {
        return (long) epochs() * Epochs.stepsPerEpoch((int) trainLabels.size(0), o.batchSize);
    }

    Outcome call(Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Model net = method.kind() == Method.Kind.SCRATCH ? StudyLeNet.build(numClasses, o.learningRate, o.l2, seed)
                : linear(train.size(1));
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, new DataSet(train, trainLabels));
        splits.put(TrainingData.Split.TEST, new DataSet(test, testLabels));
        ArrayData data = ArrayData.of(java.util.stream.IntStream.range(0, numClasses).mapToObj(String::valueOf).toList(), splits);
        TrainerOptions to = new TrainerOptions(epochs(), 1, o.batchSize, seed, null, false, EVALUATION_BATCH);
        PlanTrainer.Result r = PlanTrainer.train(PlanTrainer.Targets.of(new TrainingTarget.Whole(net)), data, null, to, null,
                new PlanTrainer.Hooks(Progress.stepsOnly(progress), null));
        int steps = r.state().history().stream().mapToInt(e -> e.steps()).sum();
        return new Outcome(method, k, seed, r.test().accuracy(), (System.nanoTime() - t0) / 1e9, epochs(), steps);
    }

    /** Softmax regression on a feature vector. */
    private ComputationGraph linear(long nIn) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).graphBuilder()
                .addInputs("features").addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn)
                        .nOut(numClasses).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                        .updater(new Adam(o.learningRate)).l2(o.l2).build(), "features")
                .setOutputs("output").build());
        g.init();
        return g;
    }
}
