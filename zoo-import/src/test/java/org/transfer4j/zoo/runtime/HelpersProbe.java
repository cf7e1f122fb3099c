package org.transfer4j.zoo.runtime;

import java.nio.file.Path;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;
import org.transfer4j.zoo.keras.KerasImport;
import org.transfer4j.zoo.keras.KerasOptions;

/**
 * A user's main: loads a network through one public entry point and prints, per convolution layer,
 * whether DL4J attached a oneDNN helper. Run in a fresh JVM by {@link CpuHelpersDefaultIT}, because the
 * choice is made once per JVM, when the first layers are created.
 */
public final class HelpersProbe {
    private HelpersProbe() {
    }

    public static void main(String[] args) throws Exception {
        Object net = switch (args[0]) {
            case "keras" -> KerasImport.load(Path.of(args[1]), KerasOptions.defaults());
            case "zoo" -> Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 5, 1);
            default -> throw new IllegalArgumentException(args[0]);
        };
        Layer[] layers = net instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) net).getLayers();
        StringBuilder out = new StringBuilder();
        for (Layer l : layers) {
            if (l instanceof ConvolutionLayer c) {
                out.append(c.getHelper() == null ? "none" : c.getHelper().getClass().getSimpleName()).append(' ');
            }
        }
        System.out.println("helpers: " + out.toString().trim());
    }
}
