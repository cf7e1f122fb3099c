package org.transfer4j.transfer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.train.Nets;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * Every strategy under both BatchNorm policies on ResNet50 and VGG16 as the catalogue builds them
 * (random weights; ResNet50's BatchNorm statistics calibrated), on the study's LeNet and on the real
 * pretrained nsfwjs MobileNetV2 and InceptionV3 (channels last, Keras BatchNorm): after a few
 * steps exactly the layers the plan trains have changed and every other parameter, BatchNorm running
 * statistics included, is bit-identical. Gradual unfreezing is checked before and after its first
 * unfreezing step. FROZEN BatchNorm inside trained blocks is refused with the reason.
 */
class TransferMatrixIT {
    /**
     * @param batchNorm a BatchNorm layer in the last block (null: the network has none)
     * @param refused   the first BatchNorm (by name) of the last two blocks: the one a REQUIRE_FROZEN refusal names
     */
    record Base(Model net, VertexNames names, long[] inputShape, String batchNorm, String refused) {
        Base(Model net, VertexNames names, long[] inputShape) {
            this(net, names, inputShape, null, null);
        }
    }

    static final Map<String, Base> BASES = new HashMap<>();

    @BeforeAll
    static void build() {
        CpuHelpers.configure();
        Catalogue c = Catalogue.builtIn();
        Architecture resnet = c.architecture("ResNet50");
        ComputationGraph r = (ComputationGraph) Architectures.build(resnet, 1);
        Nd4j.getRandom().setSeed(3);
        assertEquals(53, BatchNormCalibration.calibrate(r, Nd4j.rand(DataType.FLOAT, 4, 3, 224, 224)));
        assertFalse(r.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224)).isNaN().any(),
                "calibrated ResNet50 is finite in inference mode");
        BASES.put("ResNet50", new Base(r, VertexNames.of(resnet), new long[] {2, 3, 224, 224}, "bn5c_branch2a", "bn5b_branch2a"));
        Architecture vgg = c.architecture("VGG16");
        BASES.put("VGG16", new Base(Architectures.build(vgg, 2), VertexNames.of(vgg), new long[] {2, 3, 224, 224}));
        Architecture lenet = c.architecture("StudyLeNet");
        BASES.put("StudyLeNet", new Base(Architectures.build(lenet, 3), VertexNames.of(lenet), new long[] {8, 784}));
        // The real pretrained networks (ImageNet backbones, channels last, BatchNorm everywhere), fetched with npm.
        for (String id : List.of("nsfwjs.mobilenetv2", "nsfwjs.inceptionv3")) {
            try {
                org.transfer4j.zoo.LoadedModel m = new org.transfer4j.zoo.PretrainedModels(c,
                        new org.transfer4j.zoo.source.LocalFileSource(java.nio.file.Path.of("unused"))).load(id);
                int size = c.model(id).inputShape().get(1);
                BASES.put(id, new Base(m.network(), VertexNames.of(c.model(id)), new long[] {2, size, size, 3},
                        id.contains("mobilenet") ? "Conv_1_bn" : "batch_normalization_94",
                        id.contains("mobilenet") ? "Conv_1_bn" : "batch_normalization_77"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Each case makes copies of a 138 M-parameter network off-heap: release them before the next. */
    @org.junit.jupiter.api.AfterEach
    void release() {
        System.gc();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String model : List.of("StudyLeNet", "ResNet50", "VGG16", "nsfwjs.mobilenetv2", "nsfwjs.inceptionv3")) {
            for (String strategy : List.of("featureExtraction", "fineTuneLastBlocks", "gradualUnfreezing")) {
                for (BatchNormPolicy bn : BatchNormPolicy.values()) {
                    out.add(Arguments.of(model, strategy, bn));
                }
            }
        }
        return out.stream();
    }

    static Strategy strategy(String name) {
        return switch (name) {
            case "featureExtraction" -> new Strategy.FeatureExtraction(null);
            case "fineTuneLastBlocks" -> new Strategy.LastBlocks(2, 0.1, 0.5);
            default -> new Strategy.Gradual(1, 1, 2, 0.1, 0.5);
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void exactlyThePlannedParametersChange(String model, String strategyName, BatchNormPolicy bn) {
        Base base = BASES.get(model);
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), strategy(strategyName), bn,
                new Optimizer(1e-2, 0, 7));
        boolean trainsBatchNorm = base.batchNorm() != null && !strategyName.equals("featureExtraction");
        if (trainsBatchNorm && bn == BatchNormPolicy.REQUIRE_FROZEN) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NetworkTransfer.apply(base.net(), base.names(), plan));
            assertTrue(e.getMessage().contains(base.refused()) && e.getMessage().contains("BatchNormPolicy.AUTO"),
                    e.getMessage());
            return;
        }
        Model net = NetworkTransfer.apply(base.net(), base.names(), plan);
        Map<String, INDArray> before = params(net);
        train(net, base.inputShape(), 1);
        int trainedAfterFirst = assertChanges(net, before, expectedFrozen(base, plannedFreezeVertex(base.names(), plan.strategy(), 0)));
        if (plan.strategy() instanceof Strategy.Gradual g) {
            assertEquals(headLayers(net), trainedAfterFirst, "gradual: the first epoch trains the head only");
            Model next = NetworkTransfer.unfreeze(net, base.names(), plan, g.unfrozenBlocksAt(1));
            assertEquals(Nets.epochCount(net), Nets.epochCount(next));
            assertEquals(net.params(), next.params(), "unfreezing carries every parameter over exactly");
            before = params(next);
            train(next, base.inputShape(), 1);
            int trained = assertChanges(next, before,
                    expectedFrozen(base, plannedFreezeVertex(base.names(), plan.strategy(), g.unfrozenBlocksAt(1))));
            assertTrue(trained > trainedAfterFirst, "one more block trains after unfreezing: " + trained);
            net = next;
        }
        if (trainsBatchNorm) {
            INDArray mean = ((ComputationGraph) net).getLayer(base.batchNorm()).getParam("mean").dup();
            train(net, base.inputShape(), 1);
            // Exactly, not INDArray.equals (tolerance 1e-5): MobileNetV2's Conv_1_bn moves by ~1e-5 per step here.
            double moved = mean.sub(((ComputationGraph) net).getLayer(base.batchNorm()).getParam("mean")).amaxNumber().doubleValue();
            assertTrue(moved > 0, "TRAINABLE: running mean updated in trained blocks");
            assertEquals(TrainableBatchNorm.DECAY, ((org.deeplearning4j.nn.conf.layers.BatchNormalization)
                    ((ComputationGraph) net).getLayer(base.batchNorm()).conf().getLayer()).getDecay(), "decay of a trained BatchNorm");
        }
    }

    /**
     * featureExtraction(vertex) below the feature vertex means one thing on both network kinds: the network ends at
     * the vertex, everything up to it is frozen and bit-identical, and only a new pooled, standardised head trains
     * (no layer between the cut and the old classifier is left to train).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"StudyLeNet", "VGG16", "ResNet50"})
    void featureExtractionAtACutEndsTheNetworkThereOnEitherKind(String model) {
        Base base = BASES.get(model);
        List<String> blocks = base.names().blocks();
        String cut = blocks.get(blocks.size() - 2);
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), Strategy.featureExtraction(cut), BatchNormPolicy.AUTO,
                new Optimizer(1e-2, 0, 7));
        Model net = NetworkTransfer.apply(base.net(), base.names(), plan);
        java.util.Set<String> frozen = expectedFrozen(base, cut);
        java.util.Set<String> withParams = new java.util.TreeSet<>();
        for (Layer l : layers(net)) {
            if (l.numParams() > 0) {
                withParams.add(name(l));
            }
        }
        java.util.Set<String> expected = new java.util.TreeSet<>(frozen);
        expected.retainAll(params(base.net()).keySet());
        expected.addAll(List.of(NetworkTransfer.HEAD_NORM, NetworkTransfer.HEAD_OUTPUT));
        assertEquals(expected, withParams, model + ": the layers up to " + cut + " and the new head, nothing between");
        Map<String, INDArray> before = params(net);
        train(net, base.inputShape(), 2);
        java.util.Set<String> fixed = new java.util.HashSet<>(frozen);
        fixed.add(NetworkTransfer.HEAD_NORM); // frozen: its statistics are the training split's, set before training
        assertEquals(1, assertChanges(net, before, fixed), "the softmax trains; the standardisation stays as fitted");
        INDArray out = Nets.output(net, Nd4j.rand(DataType.FLOAT, base.inputShape()));
        assertEquals(3, out.size(1));
    }

    @org.junit.jupiter.api.Test
    void discriminativeRatesFollowThePlanAndSurviveUnfreezing() {
        Base b = BASES.get("ResNet50");
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), new Strategy.LastBlocks(3, 0.1, 0.5),
                BatchNormPolicy.AUTO, new Optimizer(1e-2, 0, 7));
        Model g = NetworkTransfer.apply(b.net(), b.names(), plan);
        assertEquals(1e-2, NetworkTransfer.learningRate(g, NetworkTransfer.HEAD_OUTPUT), 1e-12);
        assertEquals(1e-3, NetworkTransfer.learningRate(g, "res5c_branch2a"), 1e-12, "top block: rate x factor");
        assertEquals(5e-4, NetworkTransfer.learningRate(g, "res5b_branch2a"), 1e-12, "one block down: x decay");
        assertEquals(2.5e-4, NetworkTransfer.learningRate(g, "bn5a_branch2a"), 1e-12, "two blocks down: x decay^2");
        assertEquals(null, NetworkTransfer.learningRate(g, "res4f_branch2a"), "frozen");

        TransferPlan gradual = new TransferPlan(plan.head(), new Strategy.Gradual(1, 1, 3, 0.1, 0.5),
                BatchNormPolicy.AUTO, plan.optimizer());
        Model u = NetworkTransfer.unfreeze(NetworkTransfer.apply(b.net(), b.names(), gradual), b.names(), gradual, 3);
        for (String layer : List.of(NetworkTransfer.HEAD_OUTPUT, "res5c_branch2a", "res5b_branch2a", "bn5a_branch2a", "res4f_branch2a")) {
            assertEquals(NetworkTransfer.learningRate(g, layer), NetworkTransfer.learningRate(u, layer), layer);
        }
    }

    @org.junit.jupiter.api.Test
    void plansAreValidatedAndSerialisable() throws Exception {
        TransferPlan p = new TransferPlan(org.transfer4j.plan.Base.parse("catalogue:resnet50.imagenet"), new Head(3, 64, 0.5),
                new Strategy.Gradual(2, 1, 3, 0.1, 0.5), BatchNormPolicy.REQUIRE_FROZEN,
                new Optimizer(Optimizer.Updater.NESTEROVS, 1e-2, 0.9, 1e-4, 7));
        assertEquals(p, org.transfer4j.common.Json.MAPPER.readValue(org.transfer4j.common.Json.write(p), TransferPlan.class));
        assertTrue(org.transfer4j.common.Json.write(p).contains("\"type\" : \"gradualUnfreezing\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Head(3, 0, 1.5))
                .getMessage().contains("dropout must be in [0,1), got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BASES.get("ResNet50").names().freezeVertexForLastBlocks(40))
                .getMessage().contains("cannot train the last 40 blocks"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Optimizer(
                Optimizer.Updater.ADAM, 1e-3, 1.5, 0, 1)).getMessage().contains("got 1.5"));
    }

    static Map<String, INDArray> params(Model net) {
        Map<String, INDArray> m = new HashMap<>();
        for (Layer l : layers(net)) {
            if (l.numParams() > 0) {
                m.put(name(l), l.params().dup());
            }
        }
        return m;
    }

    static Layer[] layers(Model net) {
        return net instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) net).getLayers();
    }

    static String name(Layer l) {
        return l instanceof FrozenLayer f ? f.getInsideLayer().conf().getLayer().getLayerName() : l.conf().getLayer().getLayerName();
    }

    static int headLayers(Model net) {
        return (int) Stream.of(layers(net)).filter(l -> name(l).startsWith("head_")).count();
    }

    static void train(Model net, long[] shape, int steps) {
        Nd4j.getRandom().setSeed(11);
        for (int i = 0; i < steps; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            INDArray y = Nd4j.zeros(DataType.FLOAT, shape[0], 3);
            for (int r = 0; r < shape[0]; r++) {
                y.putScalar(r, (i + r) % 3, 1f);
            }
            Nets.fit(net, new DataSet(x, y));
        }
    }

    /**
     * The vertex the plan freezes through, worked out here from the plan and the catalogue's block
     * boundaries alone (not from the library's code): feature extraction cuts at the feature vertex,
     * "the last n blocks" at the boundary before them, gradual unfreezing with k blocks open likewise.
     */
    static String plannedFreezeVertex(VertexNames names, Strategy s, int openBlocks) {
        List<String> blocks = names.blocks();
        if (s instanceof Strategy.FeatureExtraction fe) {
            return fe.vertex() != null ? fe.vertex() : names.feature();
        }
        int n = s instanceof Strategy.LastBlocks ft ? ft.blocks() : openBlocks;
        return n == blocks.size() ? null : blocks.get(blocks.size() - n - 1);
    }

    /** The layers with parameters at or before {@code freezeVertex} in the base network: what must not change. */
    static java.util.Set<String> expectedFrozen(Base base, String freezeVertex) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (freezeVertex == null) {
            return out;
        }
        if (base.net() instanceof ComputationGraph g) {
            java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(freezeVertex));
            while (!todo.isEmpty()) {
                String v = todo.pop();
                if (out.add(v)) {
                    todo.addAll(g.getConfiguration().getVertexInputs().getOrDefault(v, List.of()));
                }
            }
            return out;
        }
        MultiLayerNetwork n = (MultiLayerNetwork) base.net();
        for (int i = 0; i < n.getnLayers(); i++) {
            String name = n.getLayer(i).conf().getLayer().getLayerName();
            out.add(name);
            if (name.equals(freezeVertex)) {
                return out;
            }
        }
        throw new AssertionError("freeze vertex " + freezeVertex + " is not a layer of the base");
    }

    /**
     * Exactly the layers the plan freezes are bit-identical (BatchNorm statistics included) and wrapped as
     * frozen; every other layer changed. Returns how many trained.
     */
    static int assertChanges(Model net, Map<String, INDArray> before, java.util.Set<String> expectedFrozen) {
        Map<String, INDArray> after = params(net);
        int frozen = 0;
        int trained = 0;
        for (Layer l : layers(net)) {
            if (l.numParams() == 0) {
                continue;
            }
            String name = name(l);
            if (expectedFrozen.contains(name)) {
                assertTrue(l instanceof FrozenLayer, name + " is before the planned freeze boundary and must be frozen");
                assertEquals(before.get(name), after.get(name), name + " is frozen and must be bit-identical");
                frozen++;
            } else {
                assertFalse(l instanceof FrozenLayer, name + " is after the planned freeze boundary and must train");
                assertNotEquals(before.get(name), after.get(name), name + " trains and must have changed");
                trained++;
            }
        }
        assertTrue(trained > 0, "something trained");
        assertTrue(frozen > 0, "something stayed frozen");
        return trained;
    }
}
