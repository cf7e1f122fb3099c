package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitTest {
    @TempDir
    Path tmp;

    @Test
    void stratifiedProportionsWithoutLeakage() throws IOException {
        ImageFolder folder = ImageFolder.scan(TestImages.folder(tmp.resolve("imgs"), 4, 20));
        assertEquals(List.of("class_0", "class_1", "class_2", "class_3"), folder.classes());
        assertEquals(80, folder.samples().size());
        DatasetSplit s = DatasetSplit.stratified(folder, 0.2, 0.25, 5);
        for (int c = 0; c < 4; c++) {
            final int label = c;
            assertEquals(5, s.test().stream().filter(x -> x.label() == label).count(), "test per class");
            assertEquals(4, s.validation().stream().filter(x -> x.label() == label).count(), "validation per class");
            assertEquals(11, s.train().stream().filter(x -> x.label() == label).count(), "train per class");
        }
        Set<String> all = new HashSet<>();
        for (var part : List.of(s.train(), s.validation(), s.test())) {
            for (var sample : part) {
                assertTrue(all.add(sample.path()), "in two parts: " + sample.path());
            }
        }
        assertEquals(80, all.size());
        assertEquals(s, DatasetSplit.stratified(folder, 0.2, 0.25, 5), "same seed, same split");
        assertNotEquals(s.test(), DatasetSplit.stratified(folder, 0.2, 0.25, 6).test(), "other seed, other split");
    }

    @Test
    void savedSplitReloadsAndNoticesMissingFiles() throws IOException {
        Path root = TestImages.folder(tmp.resolve("imgs"), 2, 10);
        DatasetSplit s = DatasetSplit.stratified(ImageFolder.scan(root), 0.1, 0.3, 1);
        Path file = tmp.resolve("split.json");
        s.save(file);
        assertEquals(s, DatasetSplit.load(file, root));
        Files.delete(root.resolve(s.test().get(0).path()));
        IOException e = assertThrows(IOException.class, () -> DatasetSplit.load(file, root));
        assertTrue(e.getMessage().contains(s.test().get(0).path()) && e.getMessage().contains("make a new split"), e.getMessage());
    }

    @Test
    void limitPerClassAndExtensions() throws IOException {
        Path root = TestImages.folder(tmp.resolve("imgs"), 2, 10);
        Files.writeString(root.resolve("class_0").resolve("notes.txt"), "not an image");
        ImageFolder limited = ImageFolder.scan(root, ImageFolder.DEFAULT_EXTENSIONS, 3);
        assertEquals(6, limited.samples().size());
        assertTrue(limited.samples().stream().noneMatch(x -> x.path().endsWith(".txt")));
    }

    @Test
    void badFractionsAreQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DatasetSplit(List.of(), 1, 0.6, 0.5, List.of(), List.of(), List.of()));
        assertTrue(e.getMessage().contains("1.1"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AugmentationSpec(0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0))
                .getMessage().contains("cropScaleMin must be in [0.01,1.0], got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AugmentationSpec.randAugment(2, 31))
                .getMessage().contains("got 31"));
    }
}
