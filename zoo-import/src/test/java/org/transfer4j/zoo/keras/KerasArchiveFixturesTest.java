package org.transfer4j.zoo.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;
import org.transfer4j.common.Normalization;

/**
 * Every {@code .keras} fixture (real files saved by Keras 3.13 and tf.keras 2.14, and the files
 * src/test/python/make_keras3_fixtures.py writes for the layer kinds real files do not cover) imported and run on
 * the same input as an independent forward pass: src/test/python/keras3_reference.py, float64 numpy over the file's
 * own config.json and model.weights.h5. Outputs agree within 1e-4; the network holds exactly the parameters the
 * reference read.
 */
public class KerasArchiveFixturesTest {
    static final Path FIXTURES = Paths.get("src/test/resources/keras3");

    @TempDir
    Path tmp;

    static final Path GENERATED = Paths.get("target/keras3-generated");

    /**
     * The real files, then the generated ones (written once per JVM by the deterministic generator), then any in the
     * directory named by {@code -Dtransfer4j.keras3.extra} (files that cannot be committed, e.g. without a licence).
     */
    static Stream<Path> fixtures() throws IOException, InterruptedException {
        generated();
        List<Path> all = new java.util.ArrayList<>();
        List<Path> dirs = new java.util.ArrayList<>(List.of(FIXTURES, GENERATED));
        if (System.getProperty("transfer4j.keras3.extra") != null) {
            dirs.add(Paths.get(System.getProperty("transfer4j.keras3.extra")));
        }
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.toString().endsWith(".keras")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    /** Runs src/test/python/make_keras3_fixtures.py into target/keras3-generated, once. */
    public static synchronized Path generated() throws IOException, InterruptedException {
        if (!Files.isRegularFile(GENERATED.resolve("mobilenetv2_nested.keras"))) {
            Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/make_keras3_fixtures.py", GENERATED.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("make_keras3_fixtures.py failed: " + log);
            }
        }
        return GENERATED;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void outputsEqualTheNumpyForwardPassOverTheFilesOwnConfigAndWeights(Path file) throws Exception {
        String name = file.getFileName().toString();
        KerasArchiveImport.Imported m = KerasArchiveImport.load(file,
                KerasOptions.defaults().withTrainableOutput(false));
        ComputationGraph net = (ComputationGraph) m.network();
        List<Integer> shape = m.inputShape();
        INDArray raw = input(shape, m.preprocessing() != null);
        Path in = tmp.resolve("in.npy");
        Path out = tmp.resolve("out.npy");
        Nd4j.writeAsNumpy(raw.castTo(DataType.DOUBLE), in.toFile());
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/keras3_reference.py",
                file.toString(), in.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        INDArray expected = Nd4j.createFromNpyFile(out.toFile()).castTo(DataType.DOUBLE);
        INDArray actual = net.outputSingle(preprocess(raw, m.preprocessing())).castTo(DataType.DOUBLE);
        assertEquals(List.of(expected.shape()[0], expected.length() / expected.shape()[0]),
                List.of(actual.shape()[0], actual.length() / actual.shape()[0]), name + ": output shape");
        double diff = Transforms.maxAbsDiff(expected.reshape(actual.shape()), actual);
        assertTrue(diff < 1e-4, name + ": largest difference to the numpy forward pass " + diff);
        long parameters = Json.MAPPER.readTree(log.substring(log.lastIndexOf('{'))).path("parameters").asLong();
        assertEquals(parameters, net.numParams() - addedGammas(m), name + ": parameters");
    }

    /**
     * A deterministic input: token ids 0 to 9 for a sequence of ids, pixels in [0, 255] when the file scales its own
     * input, values in [0, 1] otherwise.
     */
    static INDArray input(List<Integer> shape, boolean rawPixels) {
        long[] s = new long[shape.size() + 1];
        s[0] = 2;
        for (int i = 0; i < shape.size(); i++) {
            s[i + 1] = shape.get(i);
        }
        java.util.Random r = new java.util.Random(7);
        INDArray x = Nd4j.create(DataType.FLOAT, s);
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, shape.size() == 1 ? r.nextInt(10) : rawPixels ? r.nextInt(256) : r.nextInt(129) / 128.0);
        }
        return x;
    }

    /** What the removed Rescaling / Normalization layers did, applied to the last (channel) axis. */
    static INDArray preprocess(INDArray raw, Normalization n) {
        if (n == null) {
            return raw.castTo(DataType.FLOAT);
        }
        INDArray x = raw.castTo(DataType.DOUBLE).dup();
        long channels = x.size(x.rank() - 1);
        INDArray flat = x.reshape(-1, channels);
        for (int c = 0; c < channels; c++) {
            double a = n.apply(1, c) - n.apply(0, c);
            double b = n.apply(0, c);
            flat.getColumn(c).muli(a).addi(b);
        }
        return flat.reshape(x.shape()).castTo(DataType.FLOAT);
    }

    /** DL4J stores a gamma of ones in BatchNormalization layers saved with scale=False. */
    static long addedGammas(KerasArchiveImport.Imported m) {
        ComputationGraph g = (ComputationGraph) m.network();
        return m.info().layers().stream().filter(l -> l.className().equals("BatchNormalization") && !l.scale())
                .mapToLong(l -> g.getLayer(l.name()).numParams() / 4).sum();
    }

    /** Largest absolute difference. */
    static final class Transforms {
        static double maxAbsDiff(INDArray a, INDArray b) {
            return a.sub(b).amaxNumber().doubleValue();
        }
    }
}
