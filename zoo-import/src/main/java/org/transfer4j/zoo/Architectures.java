package org.transfer4j.zoo;

import java.lang.reflect.InvocationTargetException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.transfer4j.zoo.runtime.CpuHelpers;
import org.transfer4j.zoo.catalogue.Architecture;

/**
 * Builds a catalogue architecture with random weights ({@code init()}), for training from scratch,
 * for tests, and for inspecting a model without its weights.
 */
public final class Architectures {
    private Architectures() {
    }

    /** The architecture with its catalogue number of classes. */
    public static Model build(Architecture a, long seed) {
        return build(a, a.numClasses(), seed);
    }

    public static Model build(Architecture a, int numClasses, long seed) {
        CpuHelpers.ensureConfigured(); // DL4J picks its layer implementations when the layers are made
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        if (a.zooClass() == null) {
            if (a.configuration() != null) {
                return fromConfiguration(a, numClasses, seed);
            }
            throw new IllegalArgumentException("architecture " + a.name() + " has neither a zoo class nor a configuration");
        }
        try {
            // DL4J's zoo classes expose Lombok builders: builder().numClasses(n).seed(s).inputShape(s).build().init()
            Object builder = Class.forName(a.zooClass()).getMethod("builder").invoke(null);
            builder = builder.getClass().getMethod("numClasses", int.class).invoke(builder, numClasses);
            builder = builder.getClass().getMethod("seed", long.class).invoke(builder, seed);
            int[] shape = a.inputShape().stream().mapToInt(Integer::intValue).toArray();
            builder = builder.getClass().getMethod("inputShape", int[].class).invoke(builder, (Object) shape);
            ZooModel<?> zoo = (ZooModel<?>) builder.getClass().getMethod("build").invoke(builder);
            return zoo.init();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("DL4J could not build " + a.name() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("zoo class " + a.zooClass() + " for " + a.name()
                    + " is missing or has no builder; is deeplearning4j-zoo " + "on the classpath?", e);
        }
    }

    /**
     * An architecture given as data: DL4J's own JSON of a MultiLayerConfiguration, its output layer
     * resized to {@code numClasses}, every layer seeded with {@code seed}, then {@code init()}.
     */
    private static Model fromConfiguration(Architecture a, int numClasses, long seed) {
        String json;
        try (InputStream in = Architectures.class.getClassLoader().getResourceAsStream(a.configuration())) {
            if (in == null) {
                throw new IllegalStateException("architecture " + a.name() + ": configuration resource " + a.configuration()
                        + " is not on the classpath");
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("architecture " + a.name() + ": cannot read " + a.configuration(), e);
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        for (NeuralNetConfiguration c : conf.getConfs()) {
            c.setSeed(seed);
        }
        if (conf.getConf(conf.getConfs().size() - 1).getLayer() instanceof BaseOutputLayer out) {
            out.setNOut(numClasses);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
