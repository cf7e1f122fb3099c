package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real Fashion-MNIST CNN saved by Keras 3.13 (src/test/resources/keras3/SOURCES.md), imported, on the real
 * Fashion-MNIST test set (Debian's dataset-fashion-mnist, which .ci/run installs), preprocessed as its author did
 * (pixels / 255, shape 28 x 28 x 1): the accuracy is within a point of the 90.97% its author reported.
 */
class FashionMnistKeras3IT {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    static final double REPORTED = 0.9097;

    @Test
    void reachesTheAccuracyItsAuthorReported() throws Exception {
        assertTrue(Files.isDirectory(DATA), DATA + " is missing: apt-get install dataset-fashion-mnist");
        KerasArchiveImport.Imported m = KerasArchiveImport.load(Path.of("src/test/resources/keras3/fashion_mnist_cnn_keras3.keras"),
                KerasOptions.defaults().withTrainableOutput(false));
        assertEquals("3.13.2", m.kerasVersion());
        ComputationGraph g = (ComputationGraph) m.network();
        byte[] pixels = idx(DATA.resolve("t10k-images-idx3-ubyte.gz"), 16);
        byte[] labels = idx(DATA.resolve("t10k-labels-idx1-ubyte.gz"), 8);
        int n = labels.length;
        int correct = 0;
        for (int start = 0; start < n; start += 500) {
            int rows = Math.min(500, n - start);
            float[] x = new float[rows * 784];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[start * 784 + i] & 0xFF) / 255f;
            }
            INDArray out = g.outputSingle(Nd4j.create(x, new long[] {rows, 28, 28, 1}, 'c').castTo(DataType.FLOAT));
            INDArray predicted = out.argMax(1);
            for (int i = 0; i < rows; i++) {
                correct += predicted.getInt(i) == labels[start + i] ? 1 : 0;
            }
        }
        double accuracy = (double) correct / n;
        assertEquals(10000, n);
        assertEquals(REPORTED, accuracy, 0.01, "accuracy on the 10,000 test images");
    }

    /** An IDX file's payload after its header. */
    static byte[] idx(Path gz, int header) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            in.skipNBytes(header);
            return in.readAllBytes();
        }
    }
}
