package org.transfer4j.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.common.Json;

class LogMeTest {
    private static JsonNode reference(String name) throws Exception {
        return Json.MAPPER.readTree(Path.of("src/test/resources/advise/logme-reference.json").toFile()).get("cases").get(name);
    }

    private static INDArray features(JsonNode c) {
        JsonNode rows = c.get("features");
        double[][] f = new double[rows.size()][];
        for (int i = 0; i < f.length; i++) {
            f[i] = new double[rows.get(i).size()];
            for (int j = 0; j < f[i].length; j++) {
                f[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(f);
    }

    private static int[] labels(JsonNode c) {
        int[] y = new int[c.get("labels").size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = c.get("labels").get(i).asInt();
        }
        return y;
    }

    /** The numpy reference (src/test/python/logme_reference.py: SVD, the paper's equations) within 1e-6 relative. */
    @ParameterizedTest
    @ValueSource(strings = {"separable n>d", "noise n>d", "separable d>n", "dead features"})
    void equalsTheNumpyReference(String name) throws Exception {
        JsonNode c = reference(name);
        double expected = c.get("logme").asDouble();
        double actual = LogMe.score(features(c), labels(c), c.get("classes").asInt());
        assertEquals(expected, actual, 1e-6 * Math.abs(expected), name);
        // Each class's fixed-point iteration stops after the same number of rounds as the reference's.
        LogMe.Decomposition dec = LogMe.Decomposition.of(features(c));
        int[] y = labels(c);
        for (int k = 0; k < c.get("classes").asInt(); k++) {
            double[] ind = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                ind[i] = y[i] == k ? 1 : 0;
            }
            assertEquals(c.get("rounds").get(k).asInt(), LogMe.evidence(features(c), dec, Nd4j.createFromArray(ind)).rounds(),
                    name + " class " + k);
        }
        // Float features give the same score to float precision (the computation is in double).
        double fromFloat = LogMe.score(features(c).castTo(DataType.FLOAT), labels(c), c.get("classes").asInt());
        assertEquals(expected, fromFloat, 1e-4 * Math.abs(expected), name + " from float features");
    }

    @Test
    void separableFeaturesScoreAboveNoise() throws Exception {
        JsonNode sep = reference("separable n>d");
        JsonNode noise = reference("noise n>d");
        double s = LogMe.score(features(sep), labels(sep), 3);
        double n = LogMe.score(features(noise), labels(noise), 3);
        assertTrue(s > n + 0.5, "separable " + s + " vs noise " + n);
        // The same features with the labels shuffled (seeded) lose their advantage.
        int[] rotated = labels(sep).clone();
        java.util.Random rng = new java.util.Random(7);
        for (int i = rotated.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rotated[i];
            rotated[i] = rotated[j];
            rotated[j] = t;
        }
        assertTrue(LogMe.score(features(sep), rotated, 3) < s - 0.5);
    }

    @Test
    void evidenceConvergesWithinTheRoundsAndItsParametersArePositive() throws Exception {
        JsonNode c = reference("separable n>d");
        INDArray f = features(c);
        LogMe.Decomposition dec = LogMe.Decomposition.of(f);
        assertEquals(6, dec.eigenvalues().length());
        assertTrue(dec.primal());
        // Eigenvectors: F^T F v = s v for the first one.
        INDArray v = dec.vectors().getColumn(0);
        INDArray gram = f.transpose().mmul(f);
        assertTrue(gram.mmul(v.reshape(6, 1)).reshape(6).equalsWithEps(v.mul(dec.eigenvalues().getDouble(0)), 1e-8));
        int[] y = labels(c);
        double[] ind = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            ind[i] = y[i] == 0 ? 1 : 0;
        }
        LogMe.Evidence e = LogMe.evidence(f, dec, Nd4j.createFromArray(ind));
        assertTrue(e.alpha() > 0 && e.beta() > 0, e.toString());
        assertTrue(e.rounds() >= 2 && e.rounds() <= LogMe.MAX_ROUNDS, e.toString());
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() {
        INDArray f = Nd4j.rand(DataType.DOUBLE, 4, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(f, new int[] {0, 1, 0}, 2))
                .getMessage().contains("one entry per feature row (4), got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(f, new int[] {0, 1, 2, 0}, 2))
                .getMessage().contains("label 2 of example 2 is outside [0, 2)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(f, new int[] {0, 0, 0, 0}, 2))
                .getMessage().contains("class 1 has no example"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(f, new int[] {0, 0, 0, 0}, 1))
                .getMessage().contains("numClasses must be >= 2, got 1"));
        assertTrue(Double.isFinite(LogMe.score(Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}}), new int[] {0, 1}, 2)),
                "two examples are enough");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(Nd4j.rand(DataType.DOUBLE, 1, 3),
                new int[] {0}, 2)).getMessage().contains("at least 2 examples, got 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogMe.score(Nd4j.rand(DataType.DOUBLE, 4), new int[4], 2))
                .getMessage().contains("[examples, features] matrix, got [4]"));
    }
}
