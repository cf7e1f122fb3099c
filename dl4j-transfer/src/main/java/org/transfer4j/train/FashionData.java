package org.transfer4j.train;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.common.Sha256;
import org.transfer4j.data.fashion.FashionMnist;
import org.transfer4j.data.fashion.KShotSampler;
import org.transfer4j.data.fashion.LabelledImages;

/**
 * A Fashion-MNIST target task as {@link TrainingData}: {@code k} training and {@code validation}
 * validation images per class drawn from the training file (disjoint, seeded; the training part is the
 * study's K-shot sample for the same seed; no validation split when {@code validation} is 0), and the test file's images of those classes as the test split.
 */
public final class FashionData {
    private FashionData() {
    }

    public static ArrayData target(FashionMnist data, int[] classes, int k, int validation, long seed, int testLimit) {
        if (validation < 0) {
            throw new IllegalArgumentException("validation images per class must be >= 0, got " + validation);
        }
        LabelledImages pool = KShotSampler.sample(data.train().withClasses(classes), k + validation, seed);
        // The sample holds k + validation images per class, class after class; the first k are the K-shot set.
        int per = k + validation;
        int[] train = IntStream.range(0, pool.size()).filter(i -> i % per < k).toArray();
        int[] val = IntStream.range(0, pool.size()).filter(i -> i % per >= k).toArray();
        LabelledImages test = data.test().withClasses(classes);
        test = test.limit(testLimit > 0 ? testLimit : test.size());
        Map<TrainingData.Split, DataSet> splits = new EnumMap<>(TrainingData.Split.class);
        splits.put(TrainingData.Split.TRAIN, pool.select(train).toDataSet());
        if (val.length > 0) {
            splits.put(TrainingData.Split.VALIDATION, pool.select(val).toDataSet());
        }
        splits.put(TrainingData.Split.TEST, test.toDataSet());
        List<String> names = IntStream.of(classes).mapToObj(FashionMnist::className).toList();
        String fp = Sha256.of(("fashion-mnist " + data.fingerprint() + " classes=" + java.util.Arrays.toString(classes) + " k=" + k
                + " validation=" + validation + " seed=" + seed + " test=" + test.size()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ArrayData(names, splits, fp);
    }
}
