package org.transfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.image.DatasetSplit;
import org.transfer4j.data.image.ImageFolder;
import org.transfer4j.plan.TaskData;
import org.transfer4j.transfer.BaseModel;

/**
 * The contract of {@link TrainingData}, over every implementation: sizes add up, an epoch's batches are a
 * permutation of the training split and depend only on (epoch, seed), evaluation batches come in stored order and
 * repeat, labels are one-hot over the classes, and the fingerprint identifies the content (equal for equal data,
 * different when one example changes), as the featurize cache and checkpoints key on it.
 */
class TrainingDataContractTest {
    static final int CLASSES = 3;
    static final int BATCH = 5;
    @TempDir
    static Path tmp;

    /** Opens an implementation over the standard content, or over content with one example changed. */
    interface Source {
        TrainingData open(boolean changed) throws Exception;
    }

    static DataSet rows(int n, long seed, boolean changed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, r.nextFloat());
            }
            y.putScalar(i, i % CLASSES, 1f);
        }
        if (changed) {
            x.putScalar(0, 0, 7f);
        }
        return new DataSet(x, y);
    }

    static Map<TrainingData.Split, DataSet> splits(boolean changed) {
        Map<TrainingData.Split, DataSet> m = new EnumMap<>(TrainingData.Split.class);
        m.put(TrainingData.Split.TRAIN, rows(12, 1, changed));
        m.put(TrainingData.Split.VALIDATION, rows(6, 2, false));
        m.put(TrainingData.Split.TEST, rows(6, 3, false));
        return m;
    }

    static Path folder(boolean changed) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(changed ? "changed" : "same"));
        Random r = new Random(5);
        for (int c = 0; c < CLASSES; c++) {
            Path dir = Files.createDirectories(root.resolve("class" + c));
            for (int i = 0; i < 8; i++) {
                Path f = dir.resolve("img" + i + ".png");
                if (Files.exists(f)) {
                    continue; // the same files, so the same sizes and times: the same content
                }
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 64; p++) {
                    img.setRGB(p % 8, p / 8, r.nextInt(0xFFFFFF));
                }
                if (changed && c == 0 && i == 0) {
                    img.setRGB(0, 0, 0xFFFFFF);
                    img.setRGB(1, 0, 0xFFFFFF);
                }
                ImageIO.write(img, "png", f.toFile());
            }
        }
        return root;
    }

    static Stream<Arguments> implementations() {
        Source array = changed -> ArrayData.of(List.of("a", "b", "c"), splits(changed));
        Source opened = changed -> TaskDataOpener.open(TaskData.arrays(splits(changed).get(TrainingData.Split.TRAIN),
                splits(changed).get(TrainingData.Split.VALIDATION), splits(changed).get(TrainingData.Split.TEST), null),
                BaseModel.defaultPreprocessing(List.of(1, 2, 2)), 1);
        Source mapped = changed -> {
            ArrayData a = (ArrayData) array.open(changed);
            return new MappedData(a, x -> x.mul(2), "mapped:" + a.fingerprint());
        };
        Source iterators = changed -> new IteratorData(new ListDataSetIterator<>(splits(changed).get(TrainingData.Split.TRAIN)
                .asList(), BATCH), new ListDataSetIterator<>(splits(changed).get(TrainingData.Split.VALIDATION).asList(), BATCH),
                new ListDataSetIterator<>(splits(changed).get(TrainingData.Split.TEST).asList(), BATCH), List.of("a", "b", "c"));
        Source images = changed -> {
            Path root = folder(changed);
            DatasetSplit s = DatasetSplit.stratified(ImageFolder.scan(root), 0.25, 0.25, 3);
            return new FolderData(root, s, BaseModel.defaultPreprocessing(List.of(3, 8, 8)), null);
        };
        return Stream.of(Arguments.of("ArrayData", array), Arguments.of("TaskData.arrays", opened),
                Arguments.of("MappedData", mapped), Arguments.of("IteratorData", iterators), Arguments.of("FolderData", images));
    }

    static List<DataSet> all(Iterator<DataSet> it) {
        List<DataSet> out = new ArrayList<>();
        it.forEachRemaining(b -> out.add(b.copy()));
        return out;
    }

    static int rowsOf(List<DataSet> batches) {
        return batches.stream().mapToInt(DataSet::numExamples).sum();
    }

    /** The rows' features as strings, sorted: what a permutation keeps. */
    static List<String> contentOf(List<DataSet> batches) {
        List<String> out = new ArrayList<>();
        for (DataSet b : batches) {
            for (int i = 0; i < b.numExamples(); i++) {
                INDArray flat = b.getFeatures().reshape(b.numExamples(), b.getFeatures().length() / b.numExamples());
                out.add(flat.getRow(i).dup().toString() + b.getLabels().getRow(i).argMax().getInt(0));
            }
        }
        out.sort(null);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void holdsTheContract(String name, Source source) throws Exception {
        try (TrainingData d = source.open(false); TrainingData again = source.open(false); TrainingData other = source.open(true)) {
            assertFalse(d.classes().isEmpty(), name + ": classes");
            assertTrue(d.size(TrainingData.Split.TRAIN) > 0, name + ": training examples");
            for (TrainingData.Split s : TrainingData.Split.values()) {
                List<DataSet> first = all(d.batches(s, BATCH));
                assertEquals(d.size(s), rowsOf(first), name + ": " + s + " batches add up to its size");
                assertEquals(first, all(d.batches(s, BATCH)), name + ": " + s + " comes in the same stored order again");
                for (DataSet b : first) {
                    assertTrue(b.numExamples() <= BATCH, name + ": batch size");
                    assertEquals(d.classes().size(), b.getLabels().size(1), name + ": one-hot over the classes");
                    assertEquals(b.numExamples(), b.getLabels().sum(1).sumNumber().intValue(), name + ": one label per row");
                }
            }
            List<DataSet> epoch0 = all(d.trainBatches(0, BATCH, 7));
            assertEquals(d.stepsPerEpoch(BATCH), epoch0.size(), name + ": steps per epoch");
            assertEquals(d.size(TrainingData.Split.TRAIN), rowsOf(epoch0), name + ": an epoch is every training example");
            assertEquals(contentOf(all(d.batches(TrainingData.Split.TRAIN, BATCH))), contentOf(epoch0),
                    name + ": an epoch is a permutation of the training split");
            all(d.trainBatches(1, BATCH, 7));
            assertEquals(epoch0, all(d.trainBatches(0, BATCH, 7)), name + ": an epoch's batches depend on (epoch, seed) only");
            assertEquals(epoch0, all(again.trainBatches(0, BATCH, 7)), name + ": and not on the instance");
            assertNotNull(d.fingerprint(), name);
            assertEquals(d.fingerprint(), again.fingerprint(), name + ": equal content, equal fingerprint");
            assertNotEquals(d.fingerprint(), other.fingerprint(), name + ": one example changed, another fingerprint");
            for (TrainingData.Split s : TrainingData.Split.values()) {
                assertEquals(d.fingerprint(s), again.fingerprint(s), name + ": equal " + s + ", equal split fingerprint");
            }
            assertNotEquals(d.fingerprint(TrainingData.Split.TRAIN), d.fingerprint(TrainingData.Split.TEST), name);
            assertFalse(d.augmented(), name);
        }
    }
}
