package org.transfer4j.data.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.transfer4j.common.Json;

/**
 * A seeded, stratified train / validation / test split of an image folder: within each class the
 * images are shuffled with the seed and cut by the fractions, so every class keeps its proportions and
 * no image is in two parts. Saved as JSON (relative paths) so the split outlives the run and a model's
 * test set stays its test set.
 */
public record DatasetSplit(List<String> classes, long seed, double validationFraction, double testFraction,
                           List<ImageFolder.Sample> train, List<ImageFolder.Sample> validation,
                           List<ImageFolder.Sample> test) {

    public DatasetSplit {
        check(validationFraction, "validationFraction");
        check(testFraction, "testFraction");
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validationFraction + testFraction must be < 1, got "
                    + (validationFraction + testFraction));
        }
    }

    private static void check(double f, String name) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " must be in [0,1), got " + f);
        }
    }

    public static DatasetSplit stratified(ImageFolder folder, double validationFraction, double testFraction, long seed) {
        check(validationFraction, "validationFraction");
        check(testFraction, "testFraction");
        List<ImageFolder.Sample> train = new ArrayList<>();
        List<ImageFolder.Sample> val = new ArrayList<>();
        List<ImageFolder.Sample> test = new ArrayList<>();
        for (int c = 0; c < folder.classes().size(); c++) {
            final int label = c;
            List<ImageFolder.Sample> ofClass = new ArrayList<>(folder.samples().stream().filter(s -> s.label() == label).toList());
            // One RNG per class: adding a class does not reshuffle the others.
            Collections.shuffle(ofClass, new Random(seed * 31 + folder.classes().get(c).hashCode()));
            int nTest = (int) Math.round(ofClass.size() * testFraction);
            int nVal = (int) Math.round(ofClass.size() * validationFraction);
            test.addAll(ofClass.subList(0, nTest));
            val.addAll(ofClass.subList(nTest, nTest + nVal));
            train.addAll(ofClass.subList(nTest + nVal, ofClass.size()));
        }
        return new DatasetSplit(folder.classes(), seed, validationFraction, testFraction, List.copyOf(train),
                List.copyOf(val), List.copyOf(test));
    }

    public void save(Path file) throws IOException {
        Json.writeFile(file, this);
    }

    /** Reads a saved split and checks that every file still exists under {@code root}. */
    public static DatasetSplit load(Path file, Path root) throws IOException {
        DatasetSplit s = Json.readFile(file, DatasetSplit.class);
        for (List<ImageFolder.Sample> part : List.of(s.train(), s.validation(), s.test())) {
            for (ImageFolder.Sample sample : part) {
                if (!Files.isRegularFile(root.resolve(sample.path()))) {
                    throw new IOException(file + " lists " + sample.path() + ", which is missing under " + root
                            + "; the folder changed since the split was saved: make a new split");
                }
            }
        }
        return s;
    }
}
