package org.transfer4j.app.pretrained;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.transfer.plan.NewLayer;
import org.transfer4j.app.study.StudyLeNet;
import org.transfer4j.common.Progress;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.train.ArrayData;
import org.transfer4j.train.Epochs;
import org.transfer4j.train.PlanTrainer;
import org.transfer4j.train.TrainingData;
import org.transfer4j.train.TrainerOptions;
import org.transfer4j.train.TrainingTarget;
import org.transfer4j.transfer.GraphCut;
import org.transfer4j.transfer.plan.TrainableBatchNorm;

/**
 * One method trained on one K-shot sample and evaluated on the test images, by the library's training
 * loop. The backbone's frozen part never runs here: every transfer method trains on activations the
 * study featurized once ({@link BackboneFeatures}), which is exact because nothing below the cut trains
 * and the data is not augmented. Runs only read what they share, so they can go side by side.
 *
 * @param train  the training inputs of this method (pixels, pooled features or feature maps at the cut),
 *               one row per image of the K-shot sample; for gradual unfreezing, those of each stage's cut
 * @param test   the same for the test images
 * @param headInputs channels of the last block's output (the new softmax layer's inputs after pooling)
 */
record PretrainedRun(Method method, int k, long seed, ComputationGraph backbone, List<String> stageCuts, String lastBlock,
                     ImagePreprocessing.Layout layout, List<INDArray> train, INDArray trainLabels, List<INDArray> test,
                     INDArray testLabels, int numClasses, long headInputs, PretrainedStudyOptions o) {
    static final int EVALUATION_BATCH = 500;
    static final String HEAD_POOL = NetworkTransfer.HEAD_POOL;
    static final String HEAD_OUTPUT = NetworkTransfer.HEAD_OUTPUT;

    /** What one run measured. */
    record Outcome(Method method, int k, long seed, double accuracy, double seconds, int epochs, int steps) {
    }

    int examples() {
        return (int) trainLabels.size(0);
    }

    int epochs() {
        boolean linear = method.kind() == Method.Kind.PIXELS_LINEAR || method.kind() == Method.Kind.FEATURE_EXTRACTION;
        return Epochs.atLeast(examples(), o.batchSize, o.minEpochs, linear ? Math.max(o.minSteps, o.linearMinSteps) : o.minSteps);
    }

    long steps() {
        int per = Epochs.stepsPerEpoch(examples(), o.batchSize);
        return method.kind() == Method.Kind.GRADUAL_UNFREEZING ? (long) stageEpochs() * stageCuts.size() * per
                : (long) epochs() * per;
    }

    /** Gradual unfreezing: the study's epochs split evenly over the head-only stage and one stage per block. */
    int stageEpochs() {
        return Math.max(1, (epochs() + stageCuts.size() - 1) / stageCuts.size());
    }

    Outcome call(Progress progress) throws IOException {
        long t0 = System.nanoTime();
        int steps = 0;
        double accuracy;
        int epochs;
        if (method.kind() == Method.Kind.GRADUAL_UNFREEZING) {
            // Stage b trains the head and the b blocks above cut b on that cut's activations; the weights
            // trained so far carry over, the optimiser state restarts (as in the library's gradual unfreezing).
            Map<String, INDArray> carried = Map.of();
            accuracy = Double.NaN;
            for (int b = 0; b < stageCuts.size(); b++) {
                ComputationGraph g = topGraph(stageCuts.get(b));
                GraphCut.setParameters(g, carried);
                PlanTrainer.Result r = fit(g, train.get(b), test.get(b), stageEpochs(), progress);
                steps += stepsOf(r);
                carried = GraphCut.parameters(g);
                accuracy = r.test().accuracy();
            }
            epochs = stageEpochs() * stageCuts.size();
        } else {
            Model net = switch (method.kind()) {
                case PIXELS_LINEAR, FEATURE_EXTRACTION -> linear(train.get(0).size(1));
                case SCRATCH -> StudyLeNet.build(numClasses, o.learningRate, o.l2, seed);
                case FINE_TUNING -> topGraph(stageCuts.get(stageCuts.size() - 1));
                default -> throw new IllegalStateException(method.kind().name());
            };
            INDArray x = train.get(0);
            INDArray testX = test.get(0);
            if (method.kind() == Method.Kind.FEATURE_EXTRACTION) {
                INDArray[] z = standardised(x, testX);
                x = z[0];
                testX = z[1];
            }
            PlanTrainer.Result r = fit(net, x, testX, epochs(), progress);
            steps = stepsOf(r);
            accuracy = r.test().accuracy();
            epochs = epochs();
        }
        return new Outcome(method, k, seed, accuracy, (System.nanoTime() - t0) / 1e9, epochs, steps);
    }

    private PlanTrainer.Result fit(Model net, INDArray x, INDArray testX, int epochs, Progress progress) throws IOException {
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, new DataSet(x, trainLabels));
        splits.put(TrainingData.Split.TEST, new DataSet(testX, testLabels));
        ArrayData data = ArrayData.of(java.util.stream.IntStream.range(0, numClasses).mapToObj(String::valueOf).toList(), splits);
        TrainerOptions to = new TrainerOptions(epochs, 1, o.batchSize, seed, null, false, EVALUATION_BATCH);
        return PlanTrainer.train(PlanTrainer.Targets.of(new TrainingTarget.Whole(net)), data, null, to, null,
                new PlanTrainer.Hooks(Progress.stepsOnly(progress), null));
    }

    /**
     * Pooled features standardised with the training sample's per-feature mean and standard deviation (the test
     * features with the same): a softmax layer trained by Adam for a hundred steps on raw activations underfits
     * when their scales differ by orders of magnitude between cuts (mid-network block outputs are not ReLU'd and
     * small), so the head, not the features, decided which cut looked best. Linear probes standardise for this
     * reason (MAE's linear probe puts a BatchNorm without affine before it; the ridge probe here does the same).
     */
    static INDArray[] standardised(INDArray train, INDArray test) {
        INDArray mean = train.mean(0);
        INDArray sd = train.std(false, 0).addi(1e-6);
        return new INDArray[] {train.subRowVector(mean).diviRowVector(sd), test.subRowVector(mean).diviRowVector(sd)};
    }

    private static int stepsOf(PlanTrainer.Result r) {
        return r.state().history().stream().mapToInt(e -> e.steps()).sum();
    }

    /** Softmax regression on a feature vector. */
    private ComputationGraph linear(long nIn) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).graphBuilder()
                .addInputs("features").addLayer(HEAD_OUTPUT, output(nIn), "features").setOutputs(HEAD_OUTPUT).build());
        g.init();
        return g;
    }

    private OutputLayer output(long nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(numClasses)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).updater(new Adam(o.learningRate)).l2(o.l2)
                .build();
    }

    /**
     * The backbone above {@code cut} through its last block, then global average pooling and a new
     * softmax layer (the nsfwjs head pools with a fixed 7 x 7 window, which fits 224 x 224 input only).
     * The backbone's layers train at the backbone rate; their BatchNorms get a decay that lets the running
     * statistics follow the target data ({@link TrainableBatchNorm}).
     */
    ComputationGraph topGraph(String cut) {
        int[] spatial = layout == ImagePreprocessing.Layout.NHWC ? new int[] {1, 2} : new int[] {2, 3};
        List<NewLayer> head = List.of(
                new NewLayer(HEAD_POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(spatial)
                        .build(), null, lastBlock),
                new NewLayer(HEAD_OUTPUT, output(headInputs), null, HEAD_POOL));
        ComputationGraph g = GraphCut.above(backbone, cut, cut.equals(lastBlock) ? null : lastBlock, head, seed);
        for (var e : g.getConfiguration().getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && !e.getKey().startsWith("head_")) {
                org.deeplearning4j.nn.conf.layers.Layer conf = lv.getLayerConf().getLayer();
                org.deeplearning4j.nn.conf.layers.Layer runtime = g.getLayer(e.getKey()).conf().getLayer();
                for (org.deeplearning4j.nn.conf.layers.Layer l : List.of(conf, runtime)) {
                    if (l instanceof BaseLayer bl) {
                        bl.setIUpdater(new Adam(o.backboneLearningRate));
                    }
                    TrainableBatchNorm.adapt(l);
                }
            }
        }
        return g;
    }
}
