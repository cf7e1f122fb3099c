package org.transfer4j.zoo.runtime;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

/**
 * A user's main for {@link MallocSettingsEquivalenceIT}: builds the seeded study LeNet through the public
 * API, and saves to {@code args[0]} its output, loss and gradient on a seeded batch followed by the
 * losses of three training steps and the parameters after them, as one flat array.
 */
public final class GradientProbe {
    private GradientProbe() {
    }

    public static void main(String[] args) throws Exception {
        MultiLayerNetwork n = (MultiLayerNetwork) Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 10, 7);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 64, 10);
        for (int i = 0; i < 64; i++) {
            y.putScalar(i, (i * 7) % 10, 1f);
        }
        INDArray output = n.output(x, false).dup();
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        INDArray loss = Nd4j.scalar(DataType.FLOAT, n.score()).reshape(1);
        INDArray gradient = n.gradient().gradient().dup();
        INDArray losses = Nd4j.create(DataType.FLOAT, 3);
        for (int i = 0; i < 3; i++) {
            n.fit(x, y);
            losses.putScalar(i, n.score());
        }
        INDArray all = Nd4j.concat(0, output.reshape(-1), loss, gradient.reshape(-1), losses, n.params().reshape(-1));
        Nd4j.saveBinary(all, Path.of(args[0]).toFile());
        System.out.println("saved " + all.length() + " values; MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX"));
    }
}
