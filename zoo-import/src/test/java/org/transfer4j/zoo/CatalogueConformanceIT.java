package org.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.catalogue.Architecture;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * Every catalogue architecture (so every entry's architecture) builds with init(), has the vertices
 * the catalogue names, has the catalogue's parameter count, and runs a forward pass at its input
 * shape. Slow (VGG16 is 138 M parameters), hence an IT.
 */
class CatalogueConformanceIT {
    static Stream<Architecture> architectures() {
        return Catalogue.builtIn().architectures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void architectureMatchesItsCatalogueFacts(Architecture arch) {
        Model net = Architectures.build(arch, 7);
        assertEquals(arch.parameters().longValue(), net.numParams(), "parameter count of " + arch.name());
        List<Integer> s = arch.inputShape();
        INDArray x;
        INDArray out;
        if (net instanceof ComputationGraph g) {
            assertEquals(List.of(arch.input()), g.getConfiguration().getNetworkInputs());
            for (String v : arch.blocks()) {
                assertNotNull(g.getVertex(v), arch.name() + " block boundary " + v);
            }
            assertNotNull(g.getVertex(arch.featureVertex()), arch.name() + " feature vertex");
            assertEquals(List.of(arch.classifierVertex()), g.getConfiguration().getNetworkOutputs());
            x = Nd4j.rand(DataType.FLOAT, 2, s.get(0), s.get(1), s.get(2));
            // Training mode: init() leaves BatchNorm running statistics at mean 0 / variance 1, which
            // makes inference-mode activations of deep BN nets (ResNet50) overflow to NaN; batch
            // statistics check the wiring and shapes without that artefact.
            out = g.outputSingle(true, x);
        } else {
            MultiLayerNetwork n = (MultiLayerNetwork) net;
            List<String> names = java.util.Arrays.stream(n.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
            for (String v : arch.blocks()) {
                assertEquals(true, names.contains(v), arch.name() + " block " + v + " in " + names);
            }
            assertEquals(arch.classifierVertex(), names.get(names.size() - 1));
            x = Nd4j.rand(DataType.FLOAT, 2, s.get(0) * s.get(1) * s.get(2));
            out = n.output(x);
        }
        assertEquals(2, out.size(0));
        assertEquals(false, out.isNaN().any() || out.isInfinite().any(), arch.name() + " output is finite");
        if (arch.numClasses() > 1 && out.rank() == 2) {
            assertEquals(arch.numClasses(), out.size(1), arch.name() + " output width");
            assertEquals(2.0, out.sumNumber().doubleValue(), 1e-3, arch.name() + " softmax rows sum to 1");
        }
    }
}
