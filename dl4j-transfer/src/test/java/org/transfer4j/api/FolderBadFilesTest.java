package org.transfer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.common.CacheRootProperty;
import org.transfer4j.common.ColourFolders;
import org.transfer4j.data.image.BadFilePolicy;
import org.transfer4j.data.image.SkippedFile;
import org.transfer4j.plan.Base;
import org.transfer4j.plan.Strategy;
import org.transfer4j.plan.TaskData;

/**
 * Files in an image folder that are no image are left out of the split and the counts and listed with their reasons in
 * the report (SKIP), or refuse the folder naming them (FAIL); a folder no classifier can learn from is refused, naming
 * it, before the network loads.
 */
class FolderBadFilesTest {
    /** A base path that does not exist: a refusal that comes before loading never reaches it. */
    private static final Base NOT_LOADED = Base.keras(Path.of("does-not-exist.h5"));

    @TempDir
    Path tmp;

    private CacheRootProperty cache;

    @BeforeEach
    void privateCache() {
        cache = CacheRootProperty.set(tmp.resolve("cache"));
    }

    @AfterEach
    void restoreCache() {
        cache.close();
    }

    private Path withBadFiles() throws Exception {
        Path photos = ColourFolders.write(tmp.resolve("photos"), 10, 3);
        Files.write(photos.resolve("red").resolve("bad.png"), new byte[0]);
        Files.writeString(photos.resolve("green").resolve("notes.jpg"), "a text file named .jpg");
        return photos;
    }

    @Test
    void skippedFilesAreListedWithReasonsAndNotCounted() throws Exception {
        Path photos = withBadFiles();
        TransferResult r = Transfer.from(Base.keras(Path.of("..", "zoo-import", "src", "test", "resources", "keras",
                        "cnn_batchnorm.h5"))).strategy(Strategy.featureExtraction())
                .fit(TaskData.folder(photos).split(0.2, 0.2), Fit.epochs(1).batchSize(8).progressBar(false));
        var d = r.report().data();
        assertEquals(30, d.train() + d.validation() + d.test(), "30 images; the 2 bad files are in no split");
        assertEquals(List.of(new SkippedFile("green/notes.jpg", d.skipped().get(0).reason()),
                new SkippedFile("red/bad.png", "empty file (0 bytes)")), d.skipped());
        assertTrue(d.skipped().get(0).reason().startsWith("not an image"), d.skipped().get(0).reason());
        String md = r.report().toMarkdown();
        assertTrue(md.contains("unusable files left out: 2") && md.contains("| `red/bad.png` | empty file (0 bytes) |"), md);
    }

    @Test
    void failRefusesTheFolderNamingTheFilesBeforeLoading() throws Exception {
        Path photos = withBadFiles();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transfer.from(NOT_LOADED)
                .fit(TaskData.folder(photos).badFiles(BadFilePolicy.FAIL), Fit.epochs(1)));
        assertTrue(e.getMessage().contains("2 unusable file(s)") && e.getMessage().contains("red/bad.png (empty file")
                && e.getMessage().contains("green/notes.jpg (not an image"), e.getMessage());
    }

    @Test
    void aFolderOfOneClassOrAnEmptyClassIsRefusedNamingItBeforeLoading() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one").resolve("cats"));
        ColourFolders.write(tmp.resolve("src"), 2, 1);
        Files.copy(tmp.resolve("src").resolve("red").resolve("img0.png"), one.resolve("a.png"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transfer.from(NOT_LOADED).fit(TaskData.folder(one.getParent()), Fit.epochs(1)));
        assertTrue(e.getMessage().contains(one.getParent().toString()) && e.getMessage().contains("1 class sub-folder [cats]")
                && e.getMessage().contains("at least 2"), e.getMessage());
        Path dogs = Files.createDirectories(one.getParent().resolve("dogs"));
        Files.write(dogs.resolve("empty.png"), new byte[0]);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Transfer.from(NOT_LOADED).fit(TaskData.folder(one.getParent()), Fit.epochs(1)));
        assertTrue(empty.getMessage().contains("[dogs] hold no usable image"), empty.getMessage());
    }
}
