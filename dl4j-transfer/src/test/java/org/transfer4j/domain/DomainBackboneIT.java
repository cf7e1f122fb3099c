package org.transfer4j.domain;

import org.transfer4j.plan.DomainMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.plan.BatchNormPolicy;
import org.transfer4j.plan.Head;
import org.transfer4j.plan.Optimizer;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TransferPlan;
import org.transfer4j.plan.VertexNames;
import org.transfer4j.transfer.plan.BatchNormCalibration;
import org.transfer4j.transfer.plan.NetworkTransfer;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.runtime.CpuHelpers;

/**
 * The domain methods on catalogue backbones made by transfer plans (issue 5's plan types): ResNet50
 * fine-tuning its last block under DANN and CORAL, the study's LeNet (a MultiLayerNetwork) under MMD.
 * A few balanced steps train; frozen layers stay bit-identical; the outputs stay finite.
 */
class DomainBackboneIT {
    static DomainOptions options() {
        return new DomainOptions(2, 2, 1e-3, true, 16, 1.0, 1.0, 0.1, 0.0, false, false);
    }

    static DomainTrainer.Data data(long[] shape, int classes) {
        Nd4j.getRandom().setSeed(4);
        INDArray sx = Nd4j.rand(DataType.FLOAT, shape);
        INDArray tx = Nd4j.rand(DataType.FLOAT, shape).muli(0.5).addi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, shape[0], classes);
        for (int i = 0; i < shape[0]; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return new DomainTrainer.Data(sx, y, tx, y);
    }

    @Test
    void resnet50FineTuningItsLastBlockAdaptsWithDannAndCoral() {
        CpuHelpers.configure();
        Architecture a = Catalogue.builtIn().architecture("ResNet50");
        ComputationGraph base = (ComputationGraph) Architectures.build(a, 1);
        Nd4j.getRandom().setSeed(2);
        BatchNormCalibration.calibrate(base, Nd4j.rand(DataType.FLOAT, 4, 3, 224, 224));
        TransferPlan plan = new TransferPlan(new Head(3, 0, 0), new Strategy.LastBlocks(1, 0.1, 1.0),
                BatchNormPolicy.AUTO, new Optimizer(1e-3, 0, 1));
        DomainTrainer.Data d = data(new long[] {4, 3, 224, 224}, 3);
        for (DomainMethod m : List.of(DomainMethod.DANN, DomainMethod.CORAL)) {
            ComputationGraph g = DomainNetworks.attach((ComputationGraph) NetworkTransfer.apply(base, VertexNames.of(a), plan),
                    a.featureVertex(), m, options(), Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224));
            assertEquals(List.of(NetworkTransfer.HEAD_OUTPUT, DomainNetworks.DOMAIN_OUTPUT), g.getConfiguration().getNetworkOutputs());
            INDArray frozen = g.getLayer("res4f_branch2a").params().dup();
            INDArray trained = g.getLayer("res5c_branch2a").params().dup();
            DomainTrainer.train(g, m, d, options(), 1, org.transfer4j.common.Progress.logOnly("domain"));
            assertEquals(frozen, g.getLayer("res4f_branch2a").params(), m + ": frozen backbone bit-identical");
            assertNotEquals(trained, g.getLayer("res5c_branch2a").params(), m + ": the last block trained");
            INDArray out = g.output(false, d.targetX())[0];
            assertFalse(out.isNaN().any(), m + ": finite predictions");
            if (m == DomainMethod.DANN) {
                assertTrue(g.getLayer(DomainNetworks.GRL).conf().getLayer() instanceof GradientReversal);
            }
            System.gc();
        }
    }

    @Test
    void theStudyLeNetAsAGraphAdaptsWithMmd() {
        Architecture a = Catalogue.builtIn().architecture("StudyLeNet");
        Model planned = NetworkTransfer.apply(Architectures.build(a, 1), VertexNames.of(a), new TransferPlan(
                new Head(3, 0, 0), new Strategy.LastBlocks(2, 0.5, 1.0), BatchNormPolicy.AUTO,
                new Optimizer(1e-3, 0, 1)));
        ComputationGraph g = ((MultiLayerNetwork) planned).toComputationGraph();
        String head = g.getConfiguration().getNetworkOutputs().get(0);
        String feature = g.getConfiguration().getVertexInputs().get(head).get(0); // the dense layer, whatever its graph name
        DomainTrainer.Data d = data(new long[] {8, 784}, 3);
        ComputationGraph adapted = DomainNetworks.attach(g, feature, DomainMethod.MMD, options(), d.sourceX().getRow(0, true));
        INDArray before = adapted.params().dup();
        DomainTrainer.train(adapted, DomainMethod.MMD, d, new DomainOptions(3, 4, 1e-3, true, 16, 1.0, 1.0, 1.0, 0.0, false, false), 1, org.transfer4j.common.Progress.logOnly("domain"));
        assertNotEquals(before, adapted.params());
        assertFalse(adapted.output(false, d.targetX())[0].isNaN().any());
    }
}
