package org.transfer4j.data.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KShotSamplerTest {
    @TempDir
    static Path dir;
    static FashionMnist data;

    @BeforeAll
    static void load() throws IOException {
        data = FashionMnist.load(IdxFiles.dataset(dir.resolve("ds"), 2000, 300, true));
    }

    private static Set<Integer> sourceRows(LabelledImages v) {
        return IntStream.range(0, v.size()).map(v::sourceRow).boxed().collect(Collectors.toSet());
    }

    @Test
    void exactlyKPerClassFromTheRequestedClasses() {
        LabelledImages target = data.train().withClasses(5, 6, 7, 8, 9);
        LabelledImages s = KShotSampler.sample(target, 30, 1);
        assertEquals(150, s.size());
        int[] perLabel = new int[5];
        for (int i = 0; i < s.size(); i++) {
            perLabel[s.label(i)]++;
            assertEquals(s.classes()[s.label(i)], s.originalClass(i));
            assertTrue(s.originalClass(i) >= 5);
        }
        assertEquals("[30, 30, 30, 30, 30]", Arrays.toString(perLabel));
    }

    @Test
    void deterministicPerSeedAndDifferentAcrossSeeds() {
        LabelledImages target = data.train().withClasses(5, 6, 7, 8, 9);
        assertEquals(sourceRows(KShotSampler.sample(target, 20, 3)), sourceRows(KShotSampler.sample(target, 20, 3)));
        assertNotEquals(sourceRows(KShotSampler.sample(target, 20, 3)), sourceRows(KShotSampler.sample(target, 20, 4)));
    }

    @Test
    void nestedAcrossK() {
        LabelledImages target = data.train().withClasses(5, 6, 7, 8, 9);
        Set<Integer> k10 = sourceRows(KShotSampler.sample(target, 10, 2));
        Set<Integer> k100 = sourceRows(KShotSampler.sample(target, 100, 2));
        Set<Integer> k200 = sourceRows(KShotSampler.sample(target, 200, 2));
        assertTrue(k100.containsAll(k10));
        assertTrue(k200.containsAll(k100));
        assertEquals(1000, k200.size());
    }

    @Test
    void neverSamplesTestImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KShotSampler.sample(data.test().withClasses(5, 6), 5, 1));
        assertTrue(e.getMessage().contains("TEST"), e.getMessage());
        LabelledImages s = KShotSampler.sample(data.train(), 100, 9);
        assertEquals(SplitKind.TRAIN, s.kind());
        assertTrue(sourceRows(s).stream().allMatch(r -> r < 2000));
    }

    @Test
    void tooFewImagesIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KShotSampler.sample(data.train().withClasses(1, 2), 201, 1));
        assertTrue(e.getMessage().contains("fewer than k=201"), e.getMessage());
    }

    @Test
    void classSubsetRelabelsInTheGivenOrder() {
        LabelledImages v = data.test().withClasses(9, 3);
        assertEquals(60, v.size());
        for (int i = 0; i < v.size(); i++) {
            assertEquals(v.originalClass(i) == 9 ? 0 : 1, v.label(i));
        }
        assertEquals(60, v.oneHotLabels().sumNumber().intValue());
        assertEquals(1.0f, v.oneHotLabels().getFloat(0, v.label(0)));
        float max = v.features().maxNumber().floatValue();
        assertTrue(max <= 1f && max > 0.9f, "scaled to [0,1]: " + max);
    }
}
