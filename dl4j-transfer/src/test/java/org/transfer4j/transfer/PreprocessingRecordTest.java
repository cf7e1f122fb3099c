package org.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.image.ImagePreprocessing;
import org.transfer4j.data.image.PreprocessingRecord;
import org.transfer4j.zoo.Architectures;
import org.transfer4j.zoo.catalogue.Catalogue;

class PreprocessingRecordTest {
    @TempDir
    Path tmp;

    @Test
    void travelsInsideTheModelZipAndTheModelStillLoads() throws IOException {
        MultiLayerNetwork net = (MultiLayerNetwork) Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 5, 1);
        Path zip = tmp.resolve("model.zip");
        ModelSerializer.writeModel(net, zip.toFile(), true);
        ImagePreprocessing pre = CataloguePreprocessing.of(Catalogue.builtIn().model("resnet50.imagenet"));
        PreprocessingRecord record = new PreprocessingRecord(pre, List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"));
        record.attachTo(zip);
        assertEquals(record, PreprocessingRecord.readFrom(zip));
        assertEquals(net.params(), ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), true).params());
    }

    @Test
    void aModelWithoutARecordSaysSo() throws IOException {
        Path zip = tmp.resolve("plain.zip");
        ModelSerializer.writeModel((MultiLayerNetwork) Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 5, 1), zip.toFile(), false);
        IOException e = assertThrows(IOException.class, () -> PreprocessingRecord.readFrom(zip));
        assertTrue(e.getMessage().contains("plain.zip") && e.getMessage().contains(PreprocessingRecord.ENTRY), e.getMessage());
    }

    @Test
    void threadsReadTheSameModelAtOnce() throws Exception {
        MultiLayerNetwork net = (MultiLayerNetwork) Architectures.build(Catalogue.builtIn().architecture("StudyLeNet"), 5, 1);
        Path zip = tmp.resolve("shared.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false);
        PreprocessingRecord record = new PreprocessingRecord(CataloguePreprocessing.of(Catalogue.builtIn().model("resnet50.imagenet")),
                List.of("a", "b"));
        record.attachTo(zip);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<PreprocessingRecord>> reads = new java.util.ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 40; i++) {
                reads.add(pool.submit(() -> {
                    start.await();
                    return PreprocessingRecord.readFrom(zip);
                }));
            }
            start.countDown();
            for (var f : reads) {
                assertEquals(record, f.get(), "a zip file system registered by another thread made this fail");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
