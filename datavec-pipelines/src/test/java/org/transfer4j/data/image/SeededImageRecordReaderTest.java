package org.transfer4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.transform.RotateImageTransform;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transfer4j.data.image.transform.Augmentation;
import org.transfer4j.data.image.transform.HorizontalFlip;

/** The DataVec reader: what it lists, how it labels, its seeds, and how it reads bad files. */
class SeededImageRecordReaderTest {
    @TempDir
    static Path tmp;
    static Path root;
    static final ImagePreprocessing PRE = ImagePreprocessing.unitRgb(24);

    @BeforeAll
    static void images() throws IOException {
        root = TestImages.folder(tmp.resolve("imgs"), 3, 5);
    }

    static SeededImageRecordReader reader(SeededImageRecordReader.Builder b, org.datavec.api.split.InputSplit split)
            throws IOException {
        SeededImageRecordReader r = b.build();
        r.initialize(split);
        return r;
    }

    static List<INDArray> drain(SeededImageRecordReader r) {
        List<INDArray> out = new ArrayList<>();
        while (r.hasNext()) {
            List<Writable> rec = r.next();
            out.add(((NDArrayWritable) rec.get(0)).get().dup());
            out.add(org.nd4j.linalg.factory.Nd4j.scalar(((IntWritable) rec.get(1)).get()));
        }
        return out;
    }

    @Test
    void listsEachImageOnceAndIgnoresHiddenAndOtherFiles() throws IOException {
        Path r = tmp.resolve("messy");
        Path a = Files.createDirectories(r.resolve("a"));
        Path b = Files.createDirectories(r.resolve("b"));
        TestImages.solid(a.resolve("1.png"), 20, 20, 1, 2, 3);
        TestImages.solid(a.resolve("2.PNG"), 20, 20, 1, 2, 3);
        TestImages.solid(b.resolve("3.png"), 20, 20, 1, 2, 3);
        TestImages.solid(a.resolve(".hidden.png"), 20, 20, 1, 2, 3);
        TestImages.solid(Files.createDirectories(r.resolve(".thumbs")).resolve("4.png"), 20, 20, 1, 2, 3);
        Files.writeString(a.resolve("notes.txt"), "not an image");
        Files.writeString(b.resolve("README"), "no extension");
        SeededImageRecordReader fs = reader(SeededImageRecordReader.builder(PRE), new FileSplit(r.toFile()));
        assertEquals(3, fs.size());
        assertEquals(List.of("a", "b"), fs.getLabels());
        assertEquals(List.of("1.png", "2.PNG", "3.png"), List.of(name(fs, 0), name(fs, 1), name(fs, 2)), "sorted");
        URI one = a.resolve("1.png").toUri();
        SeededImageRecordReader dup = reader(SeededImageRecordReader.builder(PRE),
                new CollectionInputSplit(List.of(b.resolve("3.png").toUri(), one, one, a.resolve("./1.png").toUri())));
        assertEquals(2, dup.size(), "one file listed three ways is read once");
        assertEquals("3.png", name(dup, 0), "a collection keeps its order");
        assertEquals(2, drain(dup).size() / 2);
        IOException none = assertThrows(IOException.class, () -> reader(SeededImageRecordReader.builder(PRE),
                new CollectionInputSplit(List.of(a.resolve("notes.txt").toUri()))));
        assertTrue(none.getMessage().contains("no image files"), none.getMessage());
    }

    static String name(SeededImageRecordReader r, int i) {
        return Path.of(r.name(i)).getFileName().toString();
    }

    @Test
    void aFixedClassListKeepsLabelsAndRefusesStrangers() throws IOException {
        var split = new CollectionInputSplit(List.of(root.resolve("class_2").resolve("img_001.png").toUri()));
        SeededImageRecordReader r = reader(SeededImageRecordReader.builder(PRE)
                .optClasses(List.of("class_0", "class_1", "class_2")), split);
        assertEquals(2, ((IntWritable) r.next().get(1)).get(), "class_2 is label 2 although it is the only class here");
        IOException e = assertThrows(IOException.class, () -> reader(SeededImageRecordReader.builder(PRE)
                .optClasses(List.of("class_0", "class_1")), split));
        assertTrue(e.getMessage().contains("img_001.png") && e.getMessage().contains("class_2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeededImageRecordReader.builder(PRE).optClasses(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> SeededImageRecordReader.builder(null));
        assertThrows(IllegalArgumentException.class, () -> SeededImageRecordReader.builder(PRE).optLabels(null));
        assertThrows(IllegalStateException.class, () -> SeededImageRecordReader.builder(PRE).build().next());
    }

    @Test
    void recordsDependOnSeedEpochAndIndexOnly() throws IOException {
        var aug = AugmentationSpec.standard().withErasing(0.5);
        SeededImageRecordReader.Builder b = SeededImageRecordReader.builder(PRE).optTransform(aug.toTransform(PRE))
                .optSeed(5).optShuffle(true);
        SeededImageRecordReader x = reader(b, new FileSplit(root.toFile()));
        SeededImageRecordReader y = reader(b, new FileSplit(root.toFile()));
        List<INDArray> e0 = drain(x);
        assertEquals(30, e0.size());
        assertEquals(e0, drain(y), "same seed, same records");
        x.reset();
        List<INDArray> e1 = drain(x);
        assertNotEquals(e0, e1, "the next epoch draws anew");
        y.seekEpoch(1);
        assertEquals(e1, drain(y), "seeking to epoch 1 gives epoch 1");
        // A record read alone, out of order, equals the one read in sequence.
        int first = x.order(1)[0];
        assertEquals(e1.get(0), x.read(first, 1));
        assertEquals(1, x.epoch());
        SeededImageRecordReader other = reader(SeededImageRecordReader.builder(PRE).optTransform(aug.toTransform(PRE))
                .optSeed(6).optShuffle(true), new FileSplit(root.toFile()));
        assertNotEquals(e0, drain(other), "another seed");
        assertThrows(java.util.NoSuchElementException.class, other::next);
        assertThrows(IllegalArgumentException.class, () -> other.seekEpoch(-1));
        assertTrue(other.resetSupported());
        assertFalse(other.batchesSupported());
    }

    @Test
    void withoutATransformImagesAreResizedAndCentreCropped() throws IOException {
        // Left half red, right half blue, 60 x 30: the shorter side goes to 27, then a centred 24 x 24 crop.
        Path dir = Files.createDirectories(tmp.resolve("halves").resolve("x"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(60, 30, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 30; y++) {
            for (int xx = 0; xx < 60; xx++) {
                img.setRGB(xx, y, xx < 30 ? 0xff0000 : 0x0000ff);
            }
        }
        javax.imageio.ImageIO.write(img, "png", dir.resolve("h.png").toFile());
        SeededImageRecordReader r = reader(SeededImageRecordReader.builder(PRE), new FileSplit(dir.toFile()));
        INDArray f = ((NDArrayWritable) r.next().get(0)).get();
        assertArrayEquals(new long[] {1, 3, 24, 24}, f.shape());
        // RGB order, raw values: red on the left, blue on the right.
        assertEquals(255, f.getDouble(0, 0, 12, 0), 1);
        assertEquals(0, f.getDouble(0, 2, 12, 0), 1);
        assertEquals(255, f.getDouble(0, 2, 12, 23), 1);
        assertEquals(0, f.getDouble(0, 0, 12, 23), 1);
    }

    @Test
    void aUsersIteratorWithProjectAndDataVecTransformsGivesNormalisedBatches() throws IOException {
        // The user's side: DataVec's iterator over the reader, one project transform and one of DataVec's,
        // normalised by the preprocessing's DataNormalization.
        var transform = Augmentation.of(new HorizontalFlip(0.5), new RotateImageTransform(10));
        SeededImageRecordReader r = reader(SeededImageRecordReader.builder(PRE).optTransform(transform).optSeed(3)
                .optLabels(new ParentPathLabelGenerator()), new FileSplit(root.toFile()));
        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(r, 4, 1, 3);
        it.setPreProcessor(ImageNormalizer.of(PRE));
        int n = 0;
        List<INDArray> firstEpoch = new ArrayList<>();
        while (it.hasNext()) {
            DataSet d = it.next();
            assertArrayEquals(new long[] {d.numExamples(), 3, 24, 24}, d.getFeatures().shape());
            assertTrue(d.getFeatures().maxNumber().doubleValue() <= 1 && d.getFeatures().minNumber().doubleValue() >= 0);
            assertEquals(d.numExamples(), d.getLabels().sumNumber().intValue());
            firstEpoch.add(d.getFeatures().dup());
            n += d.numExamples();
        }
        assertEquals(15, n);
        it.reset();
        assertNotEquals(firstEpoch.get(0), it.next().getFeatures(), "reset starts the next epoch's draws");
    }

    @Test
    void theSequentialReaderAndThePipelineGiveTheSameBatches() throws IOException {
        AugmentationSpec aug = AugmentationSpec.randAugment(2, 10);
        ImagePipeline.Options o = ImagePipeline.Options.training(5, 8).withWorkers(2);
        ImageFolder folder = ImageFolder.scan(root);
        SeededImageRecordReader r = o.reader(PRE, aug).optClasses(folder.classes()).build();
        r.initialize(folder.inputSplit(folder.samples()));
        RecordReaderDataSetIterator it = new RecordReaderDataSetIterator(r, 5, 1, 3);
        it.setPreProcessor(ImageNormalizer.of(PRE));
        try (ImagePipeline p = ImagePipeline.of(folder, PRE, aug, o)) {
            // DataVec's iterator reads one record to learn the record's shape, then resets the reader: its
            // first pass is the reader's epoch 1.
            p.reset();
            while (p.hasNext()) {
                DataSet a = p.next();
                DataSet b = it.next();
                assertEquals(a.getLabels(), b.getLabels(), "labels");
                assertEquals(0, a.getFeatures().sub(b.getFeatures()).amaxNumber().doubleValue(), 1e-6,
                        java.util.Arrays.toString(a.getFeatures().shape()) + " vs " + java.util.Arrays.toString(b.getFeatures().shape()));
                assertEquals(a.getLabels(), b.getLabels());
            }
            assertFalse(it.hasNext());
        }
    }

    @Test
    void badFilesAreSkippedWithReasonsOrStopTheReaderNamingThem() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad").resolve("only"));
        TestImages.solid(dir.resolve("good.png"), 40, 40, 10, 20, 30);
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Files.writeString(dir.resolve("text.png"), "this is not an image");
        TestImages.solid(dir.resolve("tiny.png"), 4, 4, 1, 2, 3);
        SeededImageRecordReader skip = reader(SeededImageRecordReader.builder(PRE), new FileSplit(dir.toFile()));
        assertEquals(2, drain(skip).size(), "one good image, one record of two writables");
        List<String> reasons = skip.skipped().stream().map(s -> Path.of(s.file()).getFileName() + ": " + s.reason()).toList();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("empty.jpg: empty file"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("text.png: not an image"), reasons.toString());
        assertTrue(reasons.get(2).startsWith("tiny.png: too small (4x4"), reasons.toString());
        SeededImageRecordReader fail = reader(SeededImageRecordReader.builder(PRE).optPolicy(BadFilePolicy.FAIL),
                new FileSplit(dir.toFile()));
        IllegalStateException e = assertThrows(IllegalStateException.class, fail::next);
        assertTrue(e.getMessage().contains("empty.jpg") && e.getMessage().contains("policy FAIL"), e.getMessage());
        assertEquals(BadFilePolicy.FAIL, fail.policy());
    }

    @Test
    void readsFromTheSeedOfItsOwnGeneratorNotFromTheCaller() throws IOException {
        SeededImageRecordReader r = reader(SeededImageRecordReader.builder(PRE)
                .optTransform(AugmentationSpec.standard().toTransform(PRE)).optSeed(1), new FileSplit(root.toFile()));
        new Random(0).nextInt();
        INDArray a = r.read(3, 2);
        INDArray b = r.read(3, 2);
        assertEquals(a, b);
        assertNotEquals(a, r.read(3, 3));
        assertNotEquals(a, r.read(4, 2));
    }
}
