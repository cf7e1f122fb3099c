package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transfer4j.data.fashion.FashionMnist;

class ImagePipelineTest {
    @TempDir
    static Path tmp;
    static ImageFolder folder;
    static final ImagePreprocessing PRE = ImagePreprocessing.unitRgb(32);

    @BeforeAll
    static void images() throws IOException {
        folder = ImageFolder.scan(TestImages.folder(tmp.resolve("imgs"), 3, 12));
    }

    static List<INDArray> epoch(ImagePipeline p) {
        List<INDArray> out = new ArrayList<>();
        while (p.hasNext()) {
            DataSet d = p.next();
            out.add(d.getFeatures().dup());
            out.add(d.getLabels().dup());
        }
        return out;
    }

    static ImagePipeline training(long seed, int workers) throws IOException {
        return ImagePipeline.of(folder, PRE, AugmentationSpec.standard().withErasing(0.5),
                ImagePipeline.Options.training(8, seed).withWorkers(workers));
    }

    @Test
    void sameSeedSameBatchesWhateverTheWorkers() throws IOException {
        try (ImagePipeline a = training(3, 1); ImagePipeline b = training(3, 2); ImagePipeline c = training(4, 2)) {
            List<INDArray> ea = epoch(a);
            assertEquals(ea, epoch(b), "same seed, 1 vs 2 workers");
            assertNotEquals(ea, epoch(c), "different seed");
            a.reset();
            assertNotEquals(ea, epoch(a), "next epoch: new shuffle and new augmentation");
        }
    }

    @Test
    void randAugmentIsReproducibleAndChangesImages() throws IOException {
        AugmentationSpec strong = new AugmentationSpec(1, 0, 0, 0, 0, 0, 0, 0, 3, 20);
        ImagePipeline.Options o = ImagePipeline.Options.training(12, 9).withWorkers(2);
        try (ImagePipeline a = ImagePipeline.of(folder, PRE, strong, o);
             ImagePipeline b = ImagePipeline.of(folder, PRE, strong, o);
             ImagePipeline plain = ImagePipeline.of(folder, PRE, AugmentationSpec.none(), o)) {
            List<INDArray> ea = epoch(a);
            assertEquals(ea, epoch(b));
            assertNotEquals(ea, epoch(plain), "RandAugment(3, 20) changes the images");
        }
    }

    /**
     * Each folder's images are one solid colour, so a sample's pixels say which folder it came from: its
     * label must be that folder's index in the sorted class list, through shuffling and several workers.
     */
    @Test
    void labelsFollowFolders() throws IOException {
        Path root = tmp.resolve("coloured");
        int[][] rgb = {{220, 20, 20}, {20, 220, 20}, {20, 20, 220}};
        String[] names = {"red", "green", "blue"}; // sorted: blue, green, red
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 5; i++) {
                TestImages.solid(Files.createDirectories(root.resolve(names[c])).resolve("i" + i + ".png"), 20, 16,
                        rgb[c][0], rgb[c][1], rgb[c][2]);
            }
        }
        ImageFolder f = ImageFolder.scan(root);
        assertEquals(List.of("blue", "green", "red"), f.classes());
        int seen = 0;
        try (ImagePipeline p = ImagePipeline.of(f, PRE, null, ImagePipeline.Options.training(4, 5).withWorkers(2))) {
            while (p.hasNext()) {
                DataSet d = p.next();
                for (int i = 0; i < d.numExamples(); i++) {
                    int label = d.getLabels().getRow(i).argMax().getInt(0);
                    // RGB input in [0,1]: the brightest channel is the folder's colour.
                    int brightest = d.getFeatures().slice(i).mean(1, 2).argMax().getInt(0);
                    int expected = switch (f.classes().get(label)) {
                        case "red" -> 0;
                        case "green" -> 1;
                        default -> 2;
                    };
                    assertEquals(expected, brightest, "sample " + i + " labelled " + f.classes().get(label));
                    seen++;
                }
            }
        }
        assertEquals(15, seen);
    }

    @Test
    void batchesHaveTheRightShapeAndLabels() throws IOException {
        try (ImagePipeline p = ImagePipeline.of(folder, PRE, null, ImagePipeline.Options.evaluation(10))) {
            int n = 0;
            while (p.hasNext()) {
                DataSet d = p.next();
                assertArrayEquals(new long[] {d.numExamples(), 3, 32, 32}, d.getFeatures().shape());
                assertEquals(d.numExamples(), d.getLabels().sumNumber().intValue(), "one-hot");
                double max = d.getFeatures().maxNumber().doubleValue();
                double min = d.getFeatures().minNumber().doubleValue();
                assertTrue(min >= 0 && max <= 1, "scaled to [0,1]: " + min + ".." + max);
                n += d.numExamples();
            }
            assertEquals(36, n);
            assertTrue(p.skipped().isEmpty());
        }
    }

    @Test
    void neverReseedsNd4jsRngOnAnyThread() {
        // ND4J's RNG is per thread and augmentation runs on the workers: watch each worker's seed
        // between samples (DataVec's PipelineImageTransform would change it on every image).
        java.util.Map<Thread, Long> seeds = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
        ImageSource inner = new FileListSource(folder.samples().stream().map(x -> folder.root().resolve(x.path())).toList(),
                folder.samples().stream().mapToInt(ImageFolder.Sample::label).toArray(), folder.classes());
        ImageSource watched = new ImageSource() {
            public int size() { return inner.size(); }
            public int label(int i) { return inner.label(i); }
            public List<String> classes() { return inner.classes(); }
            public String name(int i) { return inner.name(i); }
            public org.bytedeco.opencv.opencv_core.Mat decode(int i) throws BadImageException {
                long seed = Nd4j.getRandom().getSeed();
                Long before = seeds.putIfAbsent(Thread.currentThread(), seed);
                if (before != null && before != seed) {
                    changes.add(Thread.currentThread().getName() + ": " + before + " -> " + seed);
                }
                return inner.decode(i);
            }
        };
        Nd4j.getRandom().setSeed(42);
        double expected = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(42);
        try (ImagePipeline p = ImagePipeline.of(watched, PRE, AugmentationSpec.randAugment(2, 15).withErasing(0.5),
                ImagePipeline.Options.training(4, 1).withWorkers(2))) {
            epoch(p);
            p.reset();
            epoch(p);
        }
        assertTrue(changes.isEmpty(), "ND4J seeds changed on workers: " + changes);
        assertTrue(seeds.size() >= 1);
        assertEquals(expected, Nd4j.getRandom().nextDouble(), "the caller's RNG is untouched");
    }

    @Test
    void everyBadFileKindIsSkippedWithItsReasonOrFailsNamingIt() throws IOException {
        Path root = tmp.resolve("bad");
        Path dir = Files.createDirectories(root.resolve("only"));
        TestImages.solid(dir.resolve("good.png"), 40, 40, 10, 20, 30);
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Files.writeString(dir.resolve("text.png"), "this is not an image");
        byte[] junk = new byte[5000];
        new java.util.Random(3).nextBytes(junk);
        Files.write(dir.resolve("corrupt.jpg"), junk);
        TestImages.solid(dir.resolve("tiny.png"), 4, 4, 1, 2, 3);
        TestImages.hugePngHeader(dir.resolve("huge.png"), 20_000, 20_000);
        TestImages.cmykJpeg(dir.resolve("cmyk.jpg"), 40, 30, 0, 255, 255, 0);
        TestImages.grey16(dir.resolve("deep.png"), 40, 30, 40_000);
        ImageFolder bad = ImageFolder.scan(root);
        try (ImagePipeline p = ImagePipeline.of(bad, PRE, AugmentationSpec.standard(),
                ImagePipeline.Options.training(3, 1))) {
            int n = 0;
            while (p.hasNext()) {
                n += p.next().numExamples();
            }
            Map<String, String> reasons = p.skipped().stream().collect(Collectors.toMap(
                    s -> Paths.get(s.file()).getFileName().toString(), SkippedFile::reason));
            assertEquals(3, n, "good.png, cmyk.jpg and deep.png are usable; skipped: " + reasons);
            assertTrue(reasons.get("empty.jpg").contains("empty file"), reasons.toString());
            assertTrue(reasons.get("text.png").contains("not an image: the content is none of the formats read") && reasons.get("text.png").contains("\"this is \" (text?)"), reasons.toString());
            assertTrue(reasons.get("corrupt.jpg").contains("not an image"), reasons.toString());
            assertTrue(reasons.get("tiny.png").contains("too small (4x4"), reasons.toString());
            assertTrue(reasons.get("huge.png").contains("too large (20000x20000"), reasons.toString());
            assertEquals(5, reasons.size());
        }
        try (ImagePipeline p = ImagePipeline.of(bad, PRE, null,
                ImagePipeline.Options.evaluation(8).withPolicy(BadFilePolicy.FAIL))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, p::next);
            assertTrue(e.getMessage().contains("cmyk.jpg") || e.getMessage().contains(root.toString()), e.getMessage());
            assertTrue(e.getCause() instanceof BadImageException, String.valueOf(e.getCause()));
        }
    }

    @Test
    void cmykJpegAnd16BitPngDecodeToSensibleColours() throws IOException {
        // Stored samples 255,0,0,255: JPEG keeps CMYK inverted (the Adobe convention libjpeg and Pillow read),
        // so that is no cyan, full magenta and yellow, no black: red. Pillow 9.4 decodes this file to RGB (255, 0, 0).
        Path cmyk = TestImages.cmykJpeg(tmp.resolve("c.jpg"), 40, 30, 255, 0, 0, 255);
        Path deep = TestImages.grey16(tmp.resolve("d.png"), 40, 30, 40_000);
        try (var bgr = ImageDecoder.decodeBgr(cmyk); var grey = ImageDecoder.decodeBgr(deep)) {
            assertEquals(3, bgr.channels());
            assertEquals(3, grey.channels());
            var ci = (org.bytedeco.javacpp.indexer.UByteIndexer) bgr.createIndexer();
            // Red in BGR order is (0, 0, 255).
            for (int[] px : new int[][] {{0, 0}, {15, 20}, {29, 39}}) {
                assertEquals(0, ci.get(px[0], px[1], 0), 30, "blue at " + java.util.Arrays.toString(px));
                assertEquals(0, ci.get(px[0], px[1], 1), 30, "green at " + java.util.Arrays.toString(px));
                assertEquals(255, ci.get(px[0], px[1], 2), 30, "red at " + java.util.Arrays.toString(px));
            }
            var gi = (org.bytedeco.javacpp.indexer.UByteIndexer) grey.createIndexer();
            for (int c = 0; c < 3; c++) {
                for (int[] px : new int[][] {{0, 0}, {29, 39}}) {
                    // 40,000 of 65,535 is 155.6 of 255; every channel of a grey image carries it.
                    assertEquals(Math.round(40_000 / 257.0), gi.get(px[0], px[1], c), 1, "16-bit scaled to 8 bits, channel " + c);
                }
            }
        }
    }

    @Test
    void fashionMnistThroughThePipelineAtZooModelSize() throws IOException {
        FashionMnist data = FashionMnist.locateAndLoad(null);
        var source = new FashionMnistSource(data.test().withClasses(5, 6, 7, 8, 9).limit(10));
        ImagePreprocessing vgg = new ImagePreprocessing(224, 224, 224, ImagePreprocessing.ChannelOrder.BGR,
                org.transfer4j.common.Normalization.meanSubtract(List.of(103.939, 116.779, 123.68)));
        try (ImagePipeline p = ImagePipeline.of(source, vgg, null, ImagePipeline.Options.evaluation(10))) {
            DataSet d = p.next();
            assertArrayEquals(new long[] {10, 3, 224, 224}, d.getFeatures().shape());
            // Grey to three equal channels, then each channel's own mean subtracted.
            INDArray f = d.getFeatures();
            assertEquals(f.getDouble(0, 0, 100, 100) + 103.939, f.getDouble(0, 2, 100, 100) + 123.68, 1e-3);
            assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), p.getLabels());
            assertFalse(p.hasNext());
        }
    }

    @Test
    void behavesAsADataSetIterator() throws IOException {
        ImagePipeline.Options o = new ImagePipeline.Options(10, 2, true, null, 1, 1);
        assertEquals(BadFilePolicy.SKIP, o.policy(), "null policy means SKIP");
        try (ImagePipeline p = ImagePipeline.of(folder, PRE, null, o)) {
            assertEquals(3 * 32 * 32, p.inputColumns());
            assertEquals(3, p.totalOutcomes());
            assertEquals(10, p.batch());
            assertTrue(p.resetSupported());
            assertFalse(p.asyncSupported());
            assertEquals(folder.classes(), p.getLabels());
            assertEquals(36, p.reader().size());
            assertThrows(IllegalArgumentException.class, () -> p.next(5));
            int[] calls = {0};
            org.nd4j.linalg.dataset.api.DataSetPreProcessor pp = ds -> calls[0]++;
            p.setPreProcessor(pp);
            assertEquals(pp, p.getPreProcessor());
            List<INDArray> first = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                assertTrue(p.hasNext());
                first.add(p.next(10).getFeatures().dup());
            }
            assertEquals(4, calls[0], "the user's preprocessor runs on every batch");
            assertFalse(p.hasNext(), "36 images in batches of 10: 4 batches");
            assertThrows(java.util.NoSuchElementException.class, p::next);
        }
        try (ImagePipeline p = ImagePipeline.of(folder, PRE, AugmentationSpec.standard(), o)) {
            DataSet e0 = p.next();
            p.next();
            p.seekEpoch(0);
            assertEquals(0, p.epoch());
            assertEquals(e0.getFeatures(), p.next().getFeatures(), "seeking to the same epoch restarts it, mid-epoch too");
            p.seekEpoch(3);
            assertEquals(3, p.epoch());
            DataSet e3 = p.next();
            p.reset();
            assertEquals(4, p.epoch());
            p.seekEpoch(3);
            assertEquals(e3.getFeatures(), p.next().getFeatures());
            assertThrows(IllegalArgumentException.class, () -> p.seekEpoch(-1));
        }
        assertThrows(IllegalArgumentException.class, () -> new ImagePipeline.Options(0, 1, true, null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImagePipeline.Options(1, 1, true, null, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImagePipeline.Options(1, 1, true, null, 1, 0));
        new ImagePipeline.Options(1, 1, true, null, 0, 1);
    }

    @Test
    void aBatchWhoseImagesAreAllBadIsPassedOver() throws IOException {
        Path root = tmp.resolve("mostlybad");
        Path dir = Files.createDirectories(root.resolve("c"));
        for (int i = 0; i < 4; i++) {
            Files.write(dir.resolve("a" + i + ".png"), new byte[0]);
        }
        TestImages.solid(dir.resolve("z.png"), 20, 20, 1, 2, 3);
        try (ImagePipeline p = ImagePipeline.of(ImageFolder.scan(root), PRE, null, ImagePipeline.Options.evaluation(2).withWorkers(1))) {
            DataSet d = p.next();
            assertEquals(1, d.numExamples(), "the two empty batches are skipped; z.png is delivered");
            assertFalse(p.hasNext());
            assertEquals(4, p.skipped().size());
        }
    }
}
